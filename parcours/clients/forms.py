from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parcours.accounts.models import Organization
from parcours.clients.models import (
    IDENTITY_FORM_FIELDS,
    STAGE_ORDER,
    AliasKind,
    Client,
    ConsentMethod,
    DataCategory,
    Need,
    OfficialLanguage,
    ReferenceList,
    ReferenceOption,
    ServiceKind,
    Stage,
)
from parcours.clients.services.visits import SERVICE_QUANTITY_MAX

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _options(list_name: str) -> forms.ModelChoiceField[ReferenceOption]:
    return forms.ModelChoiceField(
        queryset=ReferenceOption.objects.filter(list=list_name, is_active=True).order_by(
            "sort_order"
        ),
        required=False,
        empty_label=_("(not asked)"),
    )


class _PartnerChoice(forms.ModelChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class _PartnersChoice(forms.ModelMultipleChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, date of birth (YYYY-MM-DD) or health card"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "autofocus": True}),
    )


class WalkInForm(forms.Form):
    """The person in front of the worker, in well under a minute."""

    is_anonymous = forms.BooleanField(
        label=_("The person prefers not to give their name (anonymous service)"), required=False
    )
    # The first field of the page: the cursor is in it when the page opens.
    given_name = forms.CharField(
        label=_("Given name(s)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    approximate_age = forms.IntegerField(
        label=_("Or approximate age"), required=False, min_value=0, max_value=120
    )
    gender_identity = _options(ReferenceList.GENDER_IDENTITY)
    preferred_language = forms.ChoiceField(
        label=_("Preferred official language"),
        choices=OfficialLanguage.choices,
        widget=forms.RadioSelect,
        initial=OfficialLanguage.FRENCH,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender_identity"].label = _("Gender identity")
        # The person in front of an English-speaking desk most likely speaks
        # English: the page's language is the likelier answer.
        page_language = (get_language() or "").split("-")[0]
        if page_language in OfficialLanguage.values:
            self.fields["preferred_language"].initial = page_language

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_anonymous"):
            if not (data.get("given_name") or "").strip():
                self.add_error("given_name", _("Enter the given name, or tick “anonymous”."))
            if not (data.get("family_name") or "").strip():
                self.add_error("family_name", _("Enter the family name, or tick “anonymous”."))
        if data.get("date_of_birth") and data.get("approximate_age") is not None:
            self.add_error(
                "approximate_age", _("Give either a date of birth or an approximate age.")
            )
        return data


class ClientIdentityForm(forms.ModelForm[Client]):
    """Every identity and context field; each context question is optional
    and offers "prefers not to answer"."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    gender_identity = _options(ReferenceList.GENDER_IDENTITY)
    sexual_orientation = _options(ReferenceList.SEXUAL_ORIENTATION)
    indigenous_identity = _options(ReferenceList.INDIGENOUS_IDENTITY)
    racialized_identity = _options(ReferenceList.RACIALIZED_IDENTITY)
    citizenship_status = _options(ReferenceList.CITIZENSHIP_STATUS)
    housing_situation_at_intake = _options(ReferenceList.HOUSING_SITUATION)

    class Meta:
        model = Client
        fields = list(IDENTITY_FORM_FIELDS)
        widgets = {"date_of_birth": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "gender_identity",
            "sexual_orientation",
            "indigenous_identity",
            "racialized_identity",
            "citizenship_status",
            "housing_situation_at_intake",
        ):
            model_field = Client._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            self.fields[name].label = str(model_field.verbose_name).capitalize()
        if self.instance and self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.changed_data
        }

    def _post_clean(self) -> None:
        # The service validates and saves; the form only parses the input.
        pass


class AliasForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AliasKind.choices)
    given_name = forms.CharField(label=_("Given name(s)"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not (data.get("given_name") or "").strip()
            and not (data.get("family_name") or "").strip()
        ):
            raise forms.ValidationError(_("Enter a given name or a family name."))
        return data


class VisitForm(forms.Form):
    """A visit at the desk: services are ticked (quantity 1 unless changed),
    the site is picked from the organization's sites, and on a first visit
    the pathway starts at its first stage."""

    occurred_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    site = forms.CharField(label=_("Site"), max_length=150, required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs expressed"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_other = forms.CharField(label=_("Other needs"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    naloxone_training = forms.BooleanField(label=_("Naloxone training given"), required=False)
    other_detail = forms.CharField(
        label=_("Other service (describe)"), max_length=300, required=False
    )

    def __init__(
        self,
        *args: Any,
        sites: Sequence[str] = (),
        usual_site: str = "",
        offer_stage: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.has_sites = bool(sites)
        if sites:
            # The organization's sites: a name picked, never typed, so the
            # service totals count each site under one name.
            self.fields["site"] = forms.ChoiceField(
                label=_("Site"),
                choices=[(name, name) for name in sites],
                initial=usual_site if usual_site in sites else sites[0],
            )
        for kind, label in ServiceKind.choices:
            self.fields[f"svc_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"qty_{kind}"] = forms.IntegerField(
                # Translators: the label of the number given of a service, e.g. "Meal: quantity".
                label=_("%(service)s: quantity") % {"service": label},
                required=False,
                initial=1,
                min_value=1,
                max_value=SERVICE_QUANTITY_MAX,
                widget=forms.NumberInput(attrs={"class": "quantity", "inputmode": "numeric"}),
            )
        if offer_stage:
            self.fields["pathway_stage"] = forms.ChoiceField(
                label=_("Pathway stage (first visit)"),
                choices=[("", _("Not now")), *Stage.choices],
                required=False,
                initial=min(STAGE_ORDER, key=STAGE_ORDER.__getitem__).value,
                help_text=_("Where the person starts on the pathway; you can move it later."),
            )

    def service_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """Each service: its kind, its tick box and its quantity."""
        return [(kind, self[f"svc_{kind}"], self[f"qty_{kind}"]) for kind in ServiceKind.values]

    def services_given(self) -> list[tuple[str, int]]:
        """The ticked services and their quantities (1 when left empty)."""
        data = self.cleaned_data
        return [
            (kind, data.get(f"qty_{kind}") or 1)
            for kind in ServiceKind.values
            if data.get(f"svc_{kind}")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("naloxone_training") and not data.get(f"svc_{ServiceKind.NALOXONE_KIT}"):
            self.add_error("naloxone_training", _("Naloxone training goes with a naloxone kit."))
        if data.get(f"svc_{ServiceKind.OTHER}") and not (data.get("other_detail") or "").strip():
            self.add_error("other_detail", _("Describe the other service."))
        return data


class PathwayMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    entered_on = forms.DateField(label=_("Since"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Required when the client moves back a stage."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entered_on"].initial = timezone.localdate()


class ConsentForm(forms.Form):
    all_partners = forms.BooleanField(label=_("All partners of the network"), required=False)
    organizations = _PartnersChoice(
        label=_("Or these partners"),
        queryset=Organization.objects.filter(is_partner=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("What may be shared"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Until"), widget=DATE_WIDGET, required=False)
    method = forms.ChoiceField(
        label=_("How consent was given"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    witnessed_by = forms.CharField(label=_("Witnessed by"), max_length=150, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start_date"].initial = today
        self.fields["end_date"].initial = today + dt.timedelta(days=settings.CONSENT_DEFAULT_DAYS)


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class LockBoxForm(forms.Form):
    organization = _PartnerChoice(
        label=_("Partner"), queryset=Organization.objects.filter(is_partner=True).order_by("name")
    )
    category = forms.ChoiceField(
        label=_("Category to keep from this partner"), choices=DataCategory.choices
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class BreakGlassForm(forms.Form):
    identifier = forms.CharField(
        label=_("Health card number, or the person's full name"),
        max_length=150,
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (with a name)"), required=False, widget=DATE_WIDGET
    )
    reason = forms.CharField(
        label=_("Reason for emergency access"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Reviewed by a coordinator. Access lasts a few hours."),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class LinkAnonymousForm(forms.Form):
    named_client = forms.UUIDField(label=_("Named record"))


class ServiceTotalsForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE_WIDGET, required=False)
    date_to = forms.DateField(label=_("To"), widget=DATE_WIDGET, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data
