"""The client file's tabs and the sections each one shows.

The file opens on its overview (the summary, safety flags and the timeline:
what a worker needs first, for a handful of queries); the rest is read on
its tab. Any part of Parcours links to a section of the file with
``client_file_url(client_id, "housing")``: the URL opens the tab holding that
section and scrolls to it.
"""

from __future__ import annotations

from typing import Final

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OVERVIEW: Final = "overview"

# (tab, label, the HTML ids of the sections it shows), in the order shown.
TABS: Final[tuple[tuple[str, Promise, tuple[str, ...]], ...]] = (
    (OVERVIEW, _("Overview"), ("flags", "timeline")),
    (
        "identity",
        _("Identity and consent"),
        ("identity", "consents", "identities", "access-log"),
    ),
    (
        "housing",
        _("Housing and income"),
        (
            "household",
            "chronic-explained",
            "housing",
            "housing-upkeep",
            "budgeting",
            "housing-applications",
            "housing-finance",
            "housing-matching",
            "income-documents",
        ),
    ),
    (
        "care",
        _("Plan and partners"),
        (
            "pathway",
            "casework",
            "care-team",
            "referrals",
            "institutions",
            "appointments",
            "on-call-now",
            "group-sessions",
            "opportunities",
            "stigma-incidents",
        ),
    ),
    ("visits", _("Visits"), ("visits",)),
)

TAB_NAMES: Final = frozenset(name for name, _label, _sections in TABS)
_TAB_OF_SECTION: Final = {section: name for name, _label, sections in TABS for section in sections}


def tab_of(section: str) -> str:
    """The tab that shows a section (the overview for one it does not know)."""
    return _TAB_OF_SECTION.get(section, OVERVIEW)


def client_file_url(client_id: object, section: str = "") -> str:
    """The client's file, opened on the tab holding ``section`` and scrolled to it."""
    url = reverse("clients:detail", kwargs={"client_id": client_id})
    if not section:
        return url
    tab = tab_of(section)
    query = "" if tab == OVERVIEW else f"?tab={tab}"
    return f"{url}{query}#{section}"
