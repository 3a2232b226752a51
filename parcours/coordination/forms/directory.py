"""Forms of the service directory: the search, a service with its
locations, an organization's entry. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Organization, Program
from parcours.beds.models import Site
from parcours.casework.models import SubDomain, SupportType
from parcours.coordination.languages import language_choices
from parcours.coordination.models import DirectoryOrganization, Service, ServiceStatus
from parcours.coordination.selectors.directory import Reach, ServiceFilters
from parcours.coordination.services.directory import LocationData, ServiceData
from parcours.core.forms import model_choice_field


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Need"),
        required=False,
        max_length=200,
        help_text=_("Words found in the name, the description or who is eligible."),
    )
    support_type = forms.ChoiceField(
        label=_("Type of support"),
        required=False,
        choices=[("", _("Any type")), *SupportType.choices],
    )
    sub_domain = forms.ChoiceField(
        label=_("Area"), required=False, choices=[("", _("Any area")), *SubDomain.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[])
    area = forms.CharField(
        label=_("Area served"),
        required=False,
        max_length=100,
        help_text=_("A neighbourhood, a city or a region."),
    )
    reach = forms.ChoiceField(
        label=_("Provider"),
        required=False,
        choices=[
            ("", _("Everyone")),
            (Reach.MAINSTREAM, _("Mainstream provincial programs")),
            (Reach.PARTNER, _("Network partners")),
            (Reach.EXTERNAL, _("Outside the network")),
        ],
    )
    age = forms.IntegerField(label=_("Open to age"), required=False, min_value=0, max_value=120)
    inactive = forms.BooleanField(label=_("Show inactive services too"), required=False)
    client = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Any language")), *language_choices()]

    def filters(self) -> ServiceFilters:
        """The search's filters (none when the form is not valid)."""
        if not self.is_valid():
            return ServiceFilters()
        data = self.cleaned_data
        return ServiceFilters(
            need=data.get("q") or "",
            support_type=data.get("support_type") or "",
            sub_domain=data.get("sub_domain") or "",
            language=data.get("language") or "",
            area=data.get("area") or "",
            reach=data.get("reach") or "",
            age=data.get("age"),
            include_inactive=bool(data.get("inactive")),
        )


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    alternate_name = forms.CharField(
        label=_("Other name"),
        max_length=300,
        required=False,
        help_text=_("The name in the other official language, or a short name."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    support_type = forms.ChoiceField(label=_("Type of support"), choices=SupportType.choices)
    sub_domain = forms.ChoiceField(label=_("Area"), choices=SubDomain.choices)
    is_mainstream = forms.BooleanField(
        label=_("Mainstream provincial or territorial program"), required=False
    )
    eligibility_description = forms.CharField(
        label=_("Who is eligible"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minimum_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0)
    maximum_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0)
    application_process = forms.CharField(
        label=_("How to apply"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fees_description = forms.CharField(label=_("Fees"), required=False, max_length=500)
    schedule_description = forms.CharField(label=_("Hours"), required=False, max_length=500)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_("ISO 639-1 codes separated by commas, e.g. fr, en, cr."),
    )
    service_area = forms.CharField(label=_("Area served"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    response_days = forms.IntegerField(
        label=_("Answer expected within (days)"), initial=5, min_value=0
    )
    program = forms.ModelChoiceField(
        label=_("Parcours program receiving referrals"),
        queryset=Program.objects.none(),
        required=False,
    )
    shelter_site = forms.ModelChoiceField(
        label=_("Shelter site"), queryset=Site.objects.none(), required=False
    )

    def __init__(self, *args: Any, organization: DirectoryOrganization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner_id = organization.partner_id
        if partner_id is None:
            del self.fields["program"]
            del self.fields["shelter_site"]
            return
        model_choice_field(self, "program").queryset = Program.objects.filter(
            organization_id=partner_id, is_active=True
        ).order_by("name")
        model_choice_field(self, "shelter_site").queryset = Site.objects.filter(
            program__organization_id=partner_id
        ).order_by("name")

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(service, name)
            for name in (
                "name",
                "alternate_name",
                "status",
                "description",
                "support_type",
                "sub_domain",
                "is_mainstream",
                "eligibility_description",
                "minimum_age",
                "maximum_age",
                "application_process",
                "fees_description",
                "schedule_description",
                "service_area",
                "phone",
                "email",
                "url",
                "response_days",
            )
        }
        initial["languages"] = ", ".join(service.languages)
        initial["program"] = service.program_id
        initial["shelter_site"] = service.shelter_site_id
        return initial

    def service_data(self) -> ServiceData:
        data = self.cleaned_data
        codes = [c.strip().lower() for c in (data.get("languages") or "").split(",")]
        return ServiceData(
            name=data["name"],
            alternate_name=data.get("alternate_name") or "",
            status=data["status"],
            description=data.get("description") or "",
            support_type=data["support_type"],
            sub_domain=data["sub_domain"],
            is_mainstream=bool(data.get("is_mainstream")),
            eligibility_description=data.get("eligibility_description") or "",
            minimum_age=data.get("minimum_age"),
            maximum_age=data.get("maximum_age"),
            application_process=data.get("application_process") or "",
            fees_description=data.get("fees_description") or "",
            schedule_description=data.get("schedule_description") or "",
            languages=[c for c in codes if c],
            service_area=data.get("service_area") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            url=data.get("url") or "",
            response_days=data["response_days"],
            program=data.get("program"),
            shelter_site=data.get("shelter_site"),
        )


class LocationForm(forms.Form):
    location_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Place"), max_length=300, required=False)
    address_1 = forms.CharField(label=_("Address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.CharField(label=_("Province or territory"), max_length=2, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    remove = forms.BooleanField(label=_("No longer offered here"), required=False)

    def location_data(self) -> LocationData | None:
        data = self.cleaned_data
        if not data or not (data.get("name") or data.get("location_id")):
            return None
        return LocationData(
            name=data.get("name") or "",
            address_1=data.get("address_1") or "",
            city=data.get("city") or "",
            region=data.get("region") or "",
            postal_code=data.get("postal_code") or "",
            location_id=data.get("location_id"),
            remove=bool(data.get("remove")),
        )


LocationFormSet = forms.formset_factory(LocationForm, extra=2, max_num=20, validate_max=True)


def location_initial(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "location_id": link.location.pk,
            "name": link.location.name,
            "address_1": link.location.address_1,
            "city": link.location.city,
            "region": link.location.region,
            "postal_code": link.location.postal_code,
        }
        for link in service.at_locations.all()
    ]


class DirectoryOrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    alternate_name = forms.CharField(label=_("Other name"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    partner = forms.ModelChoiceField(
        label=_("Network partner"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Empty for an organization outside the network."),
    )

    def __init__(self, *args: Any, with_partner: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_partner:
            model_choice_field(self, "partner").queryset = Organization.objects.filter(
                is_partner=True, directory_entry__isnull=True
            ).order_by("name")
        else:
            del self.fields["partner"]


__all__ = [
    "DirectoryOrganizationForm",
    "DirectorySearchForm",
    "LocationForm",
    "LocationFormSet",
    "ServiceForm",
    "location_initial",
]
