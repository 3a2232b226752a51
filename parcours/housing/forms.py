"""Forms of housing supports: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Organization
from parcours.housing.models import (
    CHECKLIST_ITEMS,
    ContactKind,
    HousingUnit,
    Landlord,
    LandlordKind,
    MoveInChecklist,
    TenancyEndReason,
    UnitCondition,
    UnitStatus,
    UnitType,
)
from parcours.housing.selectors import STATUS_ALL, LandlordFilters, VacancyFilters
from parcours.housing.services import LandlordData, UnitData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LandlordSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("A name, a contact person, a phone number or an email."),
    )
    inactive = forms.BooleanField(label=_("Show inactive landlords too"), required=False)

    def filters(self) -> LandlordFilters:
        if not self.is_valid():
            return LandlordFilters()
        return LandlordFilters(
            q=self.cleaned_data.get("q") or "",
            include_inactive=bool(self.cleaned_data.get("inactive")),
        )


class LandlordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Person or company"), choices=LandlordKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_("ISO 639-1 codes separated by commas, e.g. fr, en."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    organization = forms.ModelChoiceField(
        label=_("Keeping organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The partner organization that keeps the relationship."),
    )

    def __init__(
        self,
        *args: Any,
        organizations: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organizations.order_by("name")

    @staticmethod
    def initial_for(landlord: Landlord) -> dict[str, Any]:
        return {
            "kind": landlord.kind,
            "name": landlord.name,
            "contact_person": landlord.contact_person,
            "phone": landlord.phone,
            "email": landlord.email,
            "languages": ", ".join(landlord.languages),
            "notes": landlord.notes,
            "active": landlord.active,
        }

    def landlord_data(self) -> LandlordData:
        data = self.cleaned_data
        return LandlordData(
            kind=data["kind"],
            name=data["name"],
            contact_person=data.get("contact_person") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            languages=(data.get("languages") or "").replace(";", ",").split(","),
            notes=data.get("notes") or "",
            active=bool(data.get("active")),
        )


class ContactLogForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate


class UnitForm(forms.Form):
    address_line = forms.CharField(label=_("Address"), max_length=300)
    city = forms.CharField(label=_("City"), max_length=100, initial="Ottawa")
    province = forms.CharField(label=_("Province or territory"), max_length=2, initial="ON")
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    unit_type = forms.ChoiceField(label=_("Type"), choices=UnitType.choices)
    bedrooms = forms.IntegerField(
        label=_("Bedrooms"), initial=1, help_text=_("0 for a studio or a room.")
    )
    monthly_rent = forms.DecimalField(label=_("Monthly rent ($)"), max_digits=8, decimal_places=2)
    utilities_included = forms.BooleanField(label=_("Utilities included"), required=False)
    wheelchair_accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    accessibility_features = forms.CharField(
        label=_("Accessibility features"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pets_allowed = forms.BooleanField(label=_("Pets allowed"), required=False)
    subsidy_attached = forms.CharField(label=_("Subsidy attached"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=UnitStatus.choices)
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @staticmethod
    def initial_for(unit: HousingUnit) -> dict[str, Any]:
        return {name: getattr(unit, name) for name in UnitForm.base_fields}

    def unit_data(self) -> UnitData:
        data = self.cleaned_data
        return UnitData(
            address_line=data["address_line"],
            city=data["city"],
            province=data["province"],
            postal_code=data.get("postal_code") or "",
            unit_type=data["unit_type"],
            bedrooms=data["bedrooms"],
            monthly_rent=data["monthly_rent"],
            utilities_included=bool(data.get("utilities_included")),
            wheelchair_accessible=bool(data.get("wheelchair_accessible")),
            accessibility_features=data.get("accessibility_features") or "",
            pets_allowed=bool(data.get("pets_allowed")),
            subsidy_attached=data.get("subsidy_attached") or "",
            status=data["status"],
            available_from=data.get("available_from"),
            notes=data.get("notes") or "",
        )


class InspectionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    condition = forms.ChoiceField(label=_("Condition"), choices=UnitCondition.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate


class VacancyFilterForm(forms.Form):
    unit_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *UnitType.choices]
    )
    bedrooms = forms.IntegerField(
        label=_("Bedrooms (at least)"), required=False, min_value=0, max_value=20
    )
    max_rent = forms.DecimalField(
        label=_("Maximum rent ($)"), required=False, min_value=0, max_digits=8, decimal_places=2
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Vacant (available)")),
            (UnitStatus.HELD, UnitStatus.HELD.label),
            (UnitStatus.OCCUPIED, UnitStatus.OCCUPIED.label),
            (UnitStatus.OFF_MARKET, UnitStatus.OFF_MARKET.label),
            (STATUS_ALL, _("Every unit")),
        ],
    )
    pets = forms.BooleanField(label=_("Pets allowed"), required=False)
    accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    available_now = forms.BooleanField(label=_("Available now"), required=False)

    def filters(self) -> VacancyFilters:
        """The board's filters (none when the form is not valid)."""
        if not self.is_valid():
            return VacancyFilters()
        data = self.cleaned_data
        return VacancyFilters(
            unit_type=data.get("unit_type") or "",
            min_bedrooms=data.get("bedrooms"),
            max_rent=data.get("max_rent"),
            pets=bool(data.get("pets")),
            accessible=bool(data.get("accessible")),
            city=data.get("city") or "",
            available_now=bool(data.get("available_now")),
            status=data.get("status") or "",
        )


class TenancyStartForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=HousingUnit.objects.none(), empty_label=None
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        field.label_from_instance = lambda unit: (  # type: ignore[method-assign,assignment]
            f"{unit.address_line}, {unit.city} — {unit.landlord.name} "
            f"({unit.get_unit_type_display()}, {unit.monthly_rent} $)"
        )
        self.fields["start_date"].initial = timezone.localdate()


class TenancyEndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    end_reason = forms.ChoiceField(label=_("Why it ended"), choices=TenancyEndReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


class MoveInForm(forms.ModelForm):  # type: ignore[type-arg]
    close = forms.BooleanField(label=_("Close move-in (every item is done)"), required=False)

    class Meta:
        model = MoveInChecklist
        fields = list(CHECKLIST_ITEMS)

    def items(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in CHECKLIST_ITEMS}
