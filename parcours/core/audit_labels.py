"""Audit events in words: what a reviewer reads instead of codes.

``clients.revolvingdooralert`` becomes the model's verbose name (looked up in
the app registry, so ``core`` imports no domain app), ``record.view`` its
``AuditAction`` label and a screen's ``section`` code a short phrase — all in
the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.core.models import AuditAction, AuditEvent

# The sections screens write in ``detail["section"]`` (and ``sections``), in words.
SECTION_LABELS: dict[str, Promise] = {
    "file": gettext_lazy("client file"),
    "client_file": gettext_lazy("client file"),
    "timeline": gettext_lazy("timeline"),
    "identity_form": gettext_lazy("identity form"),
    "identities": gettext_lazy("identities"),
    "consent": gettext_lazy("consent"),
    "enrollments": gettext_lazy("enrollments"),
    "plan": gettext_lazy("case plan"),
    "plan_pdf": gettext_lazy("printed case plan"),
    "plan_history": gettext_lazy("case plan history"),
    "goal": gettext_lazy("goal"),
    "goals": gettext_lazy("goals"),
    "assessment": gettext_lazy("assessment"),
    "assessments": gettext_lazy("assessments"),
    "encounters": gettext_lazy("encounters"),
    "note": gettext_lazy("note"),
    "notes": gettext_lazy("notes"),
    "note_history": gettext_lazy("note history"),
    "stays": gettext_lazy("shelter stays"),
    "holds": gettext_lazy("bed holds"),
    "turnaways": gettext_lazy("turnaways"),
    "restrictions": gettext_lazy("service restrictions"),
    "household": gettext_lazy("household"),
    "households": gettext_lazy("households"),
    "members": gettext_lazy("household members"),
    "care_team": gettext_lazy("care team"),
    "care_plan": gettext_lazy("coordinated care plan"),
    "institutions": gettext_lazy("institution stays"),
    "discharges": gettext_lazy("discharge plans"),
    "client_referrals": gettext_lazy("referrals"),
    "housing_preferences": gettext_lazy("housing preferences"),
    "housing_offers": gettext_lazy("housing offers"),
    "housing_matches": gettext_lazy("housing matches"),
    "housing_applications": gettext_lazy("housing applications"),
    "housing_application": gettext_lazy("housing application"),
    "financial_assistance": gettext_lazy("financial assistance"),
    "budgeting": gettext_lazy("budgeting help"),
    "repairs": gettext_lazy("repairs"),
    "damages": gettext_lazy("damages"),
    "appointment": gettext_lazy("appointment"),
    "appointments_past": gettext_lazy("past appointments"),
    "caseload": gettext_lazy("caseload"),
    "worklist": gettext_lazy("worklist"),
    "by_name_list": gettext_lazy("by-name list"),
    "chronic": gettext_lazy("chronic homelessness"),
    "audit_log": gettext_lazy("audit log"),
    "alerts": gettext_lazy("alerts"),
}

_ACTION_LABELS = dict(AuditAction.choices)


def action_label(action: str) -> str:
    """The action's label in the active language (the code if unknown)."""
    label = _ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def target_type_label(target_type: str) -> str:
    """``app_label.modelname`` as the model's verbose name ("" for none)."""
    if not target_type:
        return ""
    app_label, _dot, model_name = target_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return target_type
    return str(model._meta.verbose_name).capitalize()


def section_label(section: str) -> str:
    label = SECTION_LABELS.get(section)
    if label is not None:
        return str(label)
    return section.replace("_", " ")


def sections_of(detail: dict[str, Any] | None) -> list[str]:
    """The parts of a screen an event says were shown, in words, in order."""
    if not isinstance(detail, dict):
        return []
    codes: list[str] = []
    section = detail.get("section")
    if isinstance(section, str) and section:
        codes.append(section)
    more = detail.get("sections")
    if isinstance(more, list):
        codes.extend(c for c in more if isinstance(c, str) and c)
    return [section_label(code) for code in dict.fromkeys(codes)]


def search_terms(event: AuditEvent) -> str:
    """What was typed, for a search event ("" otherwise)."""
    if event.action != AuditAction.SEARCH or not isinstance(event.detail, dict):
        return ""
    query = event.detail.get("query")
    return query if isinstance(query, str) else ""


def what(event: AuditEvent) -> str:
    """The record type and the parts of the screen: "Client: client file, timeline"."""
    record = target_type_label(event.target_type)
    sections = ", ".join(sections_of(event.detail))
    if record and sections:
        return _("%(what)s: %(sections)s") % {"what": record, "sections": sections}
    return record or sections


def describe(event: AuditEvent) -> str:
    """One line: "Viewed — Client: client file, timeline"."""
    what = target_type_label(event.target_type)
    sections = sections_of(event.detail)
    parts = action_label(event.action)
    if what and sections:
        return _("%(action)s — %(what)s: %(sections)s") % {
            "action": parts,
            "what": what,
            "sections": ", ".join(sections),
        }
    if what or sections:
        return _("%(action)s — %(what)s") % {
            "action": parts,
            "what": what or ", ".join(sections),
        }
    return parts
