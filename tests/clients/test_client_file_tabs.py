"""The client file's tabs (issue #17): the file opens on its overview, each
other tab shows its sections only, a link to a section opens the right tab,
and a tab refuses whoever the file refuses."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours.core.client_file import TABS, client_file_url, tab_of
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for, share
from tests.factories import UserFactory

# Per tab, a section it shows and one it does not.
SHOWN = {
    "overview": ('id="timeline"', 'id="consents"'),
    "identity": ('id="consents"', 'id="timeline"'),
    "housing": ('id="housing"', 'id="pathway"'),
    "care": ('id="pathway"', 'id="housing"'),
    "visits": ('id="visits"', 'id="casework"'),
}


def file_url(client, tab: str = "") -> str:
    url = reverse("clients:detail", kwargs={"client_id": client.pk})
    return f"{url}?tab={tab}" if tab else url


@pytest.mark.parametrize("tab", list(SHOWN))
def test_each_tab_shows_its_sections_and_marks_itself(network, marie, tab):
    html = client_for(network.alice).get(file_url(marie, tab)).content.decode()
    shown, not_shown = SHOWN[tab]
    assert shown in html
    assert not_shown not in html
    current = re.findall(r'id="tab-(\w+)" aria-current="page"', html)
    assert current == [tab]


def test_an_unknown_tab_opens_the_overview(network, marie):
    html = client_for(network.alice).get(file_url(marie, "nonsense")).content.decode()
    assert 'id="timeline"' in html
    assert 'id="tab-overview" aria-current="page"' in html


@pytest.mark.parametrize("tab", list(SHOWN))
def test_every_tab_refuses_who_may_not_see_the_client(network, marie, tab):
    outsider = UserFactory(organization=network.hospital)
    assert client_for(outsider).get(file_url(marie, tab)).status_code == 404
    assert client_for(network.bob).get(file_url(marie, tab)).status_code == 404
    signed_out = client_for(None).get(file_url(marie, tab))
    assert signed_out.status_code == 302 and "login" in signed_out["Location"]


def test_a_partner_with_identity_only_sees_the_tabs_without_the_other_categories(network, marie):
    share(marie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    bob = client_for(network.bob)
    identity = bob.get(file_url(marie, "identity")).content.decode()
    assert "1234567890AB" in identity
    assert 'id="access-log"' not in identity  # the registering coordinators' only
    visits = bob.get(file_url(marie, "visits")).content.decode()
    assert 'id="visits"' in visits


def test_each_tab_read_is_audited_with_its_sections(network, marie):
    web = client_for(network.alice)
    for tab, sections in (
        ("", ["summary", "flags", "timeline"]),
        ("visits", ["summary", "flags", "visits"]),
        (
            "care",
            [
                "summary",
                "flags",
                "pathway",
                "casework",
                "coordination",
                "group_sessions",
                "stigma_incidents",
            ],
        ),
    ):
        web.get(file_url(marie, tab))
        event = AuditEvent.objects.filter(
            client_id=marie.pk, action=AuditAction.VIEW, detail__section="file"
        ).latest("id")
        assert event.detail["sections"] == sections


def test_a_link_to_a_section_opens_its_tab(marie):
    base = reverse("clients:detail", kwargs={"client_id": marie.pk})
    assert client_file_url(marie.pk) == base
    assert client_file_url(marie.pk, "timeline") == f"{base}#timeline"
    assert client_file_url(marie.pk, "consents") == f"{base}?tab=identity#consents"
    assert client_file_url(marie.pk, "income-documents") == f"{base}?tab=housing#income-documents"
    assert client_file_url(marie.pk, "care-team") == f"{base}?tab=care#care-team"
    assert tab_of("no-such-section") == "overview"
    sections = [s for _name, _label, shown in TABS for s in shown]
    assert len(sections) == len(set(sections)), "a section belongs to one tab"


def test_every_section_a_tab_claims_is_on_that_tab(network, marie):
    """The map of sections to tabs agrees with the pages: a link never lands on
    a tab without its section (checked for the sections this client has)."""
    web = client_for(network.alice)
    pages = {name: web.get(file_url(marie, name)).content.decode() for name, *_ in TABS}
    for name, _label, sections in TABS:
        for section in sections:
            for other, html in pages.items():
                if other != name:
                    assert f'id="{section}"' not in html, (section, other)


def test_writes_from_a_tab_come_back_to_it(network, marie):
    web = client_for(network.alice)
    response = web.post(
        reverse("clients:pathway_move", kwargs={"client_id": marie.pk}),
        {"stage": "safety", "entered_on": timezone.localdate().isoformat(), "reason": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=care#pathway")
    response = web.post(
        reverse("clients:alias_add", kwargs={"client_id": marie.pk}),
        {"kind": "nickname", "given_name": "Mimi", "family_name": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=identity#identity")
