"""A hub worker registers a walk-in, records a visit and moves the pathway."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from parcours.access import client_access_for
from parcours.clients import services
from parcours.clients.models import (
    AlertKind,
    Client,
    PathwayStage,
    RevolvingDoorAlert,
    Visit,
    VisitService,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.conftest import client_for, share


def test_search_finds_visible_clients_ignoring_accents_and_case(network, marie):
    web = client_for(network.alice)
    for query in ("marie-eve cote", "CÔTÉ", "mar cot", "1984-03-09", "1234567890ab"):
        html = web.get("/en/clients/", {"q": query}).content.decode()
        assert "Marie-Ève Côté" in html, query
    html = web.get("/en/clients/", {"q": "Tremblay"}).content.decode()
    assert "No client you may see matches" in html
    event = AuditEvent.objects.filter(action=AuditAction.SEARCH).order_by("-id")[1]
    assert event.detail["clients"] == [str(marie.pk)]


def test_search_does_not_reveal_clients_of_other_partners(network, marie):
    html = client_for(network.bob).get("/en/clients/", {"q": "Côté"}).content.decode()
    assert "Marie" not in html


def test_walk_in_registration_prefills_from_the_search_and_leads_to_the_visit(network):
    web = client_for(network.alice)
    html = web.get("/en/clients/new/", {"q": "Jean Tremblay"}).content.decode()
    assert 'value="Jean"' in html and 'value="Tremblay"' in html
    response = web.post(
        "/en/clients/new/",
        {
            "given_name": "Jean",
            "family_name": "Tremblay",
            "approximate_age": "45",
            "preferred_language": "fr",
        },
    )
    client = Client.objects.get(family_name="Tremblay")
    assert response["Location"] == f"/en/clients/{client.pk}/visits/new/"
    assert client.birth_year == timezone.localdate().year - 45
    assert client.registered_by_organization == network.carrefour
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, client_id=client.pk).exists()


def test_anonymous_walk_in_keeps_only_year_of_birth_and_gender(network):
    client_for(network.alice).post(
        "/en/clients/new/",
        {
            "is_anonymous": "on",
            "given_name": "Ignored",
            "date_of_birth": "1990-06-01",
            "preferred_language": "en",
        },
    )
    client = Client.objects.get()
    assert client.is_anonymous
    assert client.given_name == ""
    assert client.date_of_birth is None and client.birth_year == 1990


def test_walk_in_form_explains_what_is_missing_and_writes_nothing(network):
    web = client_for(network.alice)
    html = web.post(
        "/en/clients/new/", {"given_name": "", "family_name": "", "preferred_language": "fr"}
    ).content.decode()
    assert "Enter the given name, or tick “anonymous”." in html
    html = web.post(
        "/en/clients/new/",
        {
            "given_name": "A",
            "family_name": "B",
            "date_of_birth": "2999-01-01",
            "preferred_language": "fr",
        },
    ).content.decode()
    assert "The date of birth is in the future." in html
    assert not Client.objects.exists()


def test_an_anonymous_record_can_be_linked_to_the_named_record(network, marie):
    anonymous = services.client_register(
        acting_user=network.alice, is_anonymous=True, approximate_age=40
    )
    web = client_for(network.alice)
    assert (
        "Marie-Ève Côté"
        in web.get(f"/en/clients/{anonymous.pk}/link/", {"q": "cote"}).content.decode()
    )
    web.post(f"/en/clients/{anonymous.pk}/link/", {"named_client": str(marie.pk)})
    anonymous.refresh_from_db()
    assert anonymous.linked_to == marie


def test_a_visit_with_a_naloxone_kit_and_training(network, marie):
    web = client_for(network.alice)
    response = web.post(
        f"/en/clients/{marie.pk}/visits/new/",
        {
            "occurred_at": "2026-11-20T21:30",
            "site": "Accueil de jour",
            "needs": ["food", "substance_use"],
            "svc_meal": "on",
            "svc_naloxone_kit": "on",
            "qty_naloxone_kit": "2",
            "naloxone_training": "on",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.needs == ["food", "substance_use"]
    kit = VisitService.objects.get(kind="naloxone_kit")
    assert kit.quantity == 2 and kit.naloxone_training
    html = web.get(f"/en/clients/{marie.pk}/?tab=visits").content.decode()
    assert "Naloxone kit × 2 (training given)" in html


def test_visit_form_refuses_training_without_a_kit_and_writes_nothing(network, marie):
    html = (
        client_for(network.alice)
        .post(
            f"/en/clients/{marie.pk}/visits/new/",
            {"occurred_at": "2026-11-20T21:30", "svc_meal": "on", "naloxone_training": "on"},
        )
        .content.decode()
    )
    assert "Naloxone training goes with a naloxone kit." in html
    assert not Visit.objects.exists()


def test_visit_in_the_future_is_refused(network, marie):
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    html = (
        client_for(network.alice)
        .post(f"/en/clients/{marie.pk}/visits/new/", {"occurred_at": future, "svc_meal": "on"})
        .content.decode()
    )
    assert "The visit cannot be in the future." in html
    assert not Visit.objects.exists()


def test_service_totals_per_day_and_site(network, marie):
    client_access = client_access_for(network.alice, marie)
    for _ in range(3):
        services.visit_record(
            acting_user=network.alice,
            client_access=client_access,
            occurred_at=timezone.now() - dt.timedelta(minutes=5),
            site="Accueil de jour",
            services=[
                services.ServiceGiven(kind="naloxone_kit", quantity=2),
                services.ServiceGiven(kind="meal"),
            ],
        )
    html = client_for(network.alice_admin).get("/en/services/totals/").content.decode()
    assert "Naloxone kit — <strong>6</strong>" in html
    assert "Meal — <strong>3</strong>" in html
    # Another partner's totals are its own.
    assert (
        "No service recorded in this period."
        in client_for(network.bob).get("/en/services/totals/").content.decode()
    )


def test_stage_moves_forward_and_backward_with_a_reason_raising_an_alert(network, marie):
    web = client_for(network.alice)
    today = timezone.localdate()
    web.post(
        f"/en/clients/{marie.pk}/pathway/",
        {"stage": "visit", "entered_on": (today - dt.timedelta(days=90)).isoformat()},
    )
    web.post(
        f"/en/clients/{marie.pk}/pathway/",
        {"stage": "stability", "entered_on": (today - dt.timedelta(days=30)).isoformat()},
    )
    assert PathwayStage.objects.filter(client=marie).count() == 2

    response = web.post(
        f"/en/clients/{marie.pk}/pathway/", {"stage": "safety", "entered_on": today.isoformat()}
    )
    assert response.status_code == 422
    assert "Moving back a stage needs a reason" in response.content.decode()
    assert PathwayStage.objects.filter(client=marie).count() == 2

    web.post(
        f"/en/clients/{marie.pk}/pathway/",
        {"stage": "safety", "entered_on": today.isoformat(), "reason": "Lost her apartment"},
    )
    alert = RevolvingDoorAlert.objects.get()
    assert alert.kind == AlertKind.RETURN_TO_HOMELESSNESS
    html = web.get("/en/alerts/").content.decode()
    assert "Returned to homelessness within 12 months of stability" in html
    web.post(f"/en/alerts/{alert.pk}/acknowledge/", {"note": "Appel au refuge"})
    alert.refresh_from_db()
    assert alert.acknowledged_by == network.alice
    assert "No alert to follow up." in web.get("/en/alerts/").content.decode()


def test_alerts_are_not_shown_to_partners_without_the_case_plan(network, marie):
    client_access = client_access_for(network.alice, marie)
    services.pathway_move(acting_user=network.alice, client_access=client_access, stage="support")
    services.pathway_move(
        acting_user=network.alice, client_access=client_access, stage="safety", reason="Rechute"
    )
    share(marie, by=network.alice, categories=["identity"], all_partners=True)
    assert "Rechute" not in client_for(network.bob).get("/en/alerts/").content.decode()
    share(marie, by=network.alice, categories=["case_plan"], all_partners=True)
    assert "Rechute" in client_for(network.bob).get("/en/alerts/").content.decode()


def test_stage_move_validation(network, marie):
    client_access = client_access_for(network.alice, marie)
    services.pathway_move(acting_user=network.alice, client_access=client_access, stage="visit")
    web = client_for(network.alice)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    html = web.post(
        f"/en/clients/{marie.pk}/pathway/", {"stage": "safety", "entered_on": tomorrow}
    ).content.decode()
    assert "The date cannot be in the future." in html
    html = web.post(
        f"/en/clients/{marie.pk}/pathway/",
        {"stage": "visit", "entered_on": timezone.localdate().isoformat()},
    ).content.decode()
    assert "The client is already at this stage." in html
    assert PathwayStage.objects.count() == 1


def test_stale_identity_edit_is_refused_and_nothing_is_lost(network, marie):
    form = {
        "given_name": "Marie-Ève",
        "family_name": "Côté",
        "preferred_language": "fr",
        "version": marie.version,
        "date_of_birth": "1984-03-09",
        "health_card_province": "ON",
        "health_card_number": "1234567890AB",
    }
    first, second = client_for(network.alice), client_for(network.nurse)
    assert (
        first.post(f"/en/clients/{marie.pk}/edit/", {**form, "phone": "613-555-0101"}).status_code
        == 302
    )
    html = second.post(
        f"/en/clients/{marie.pk}/edit/", {**form, "phone": "819-555-0199"}
    ).content.decode()
    assert "after you opened it" in html
    marie.refresh_from_db()
    assert marie.phone == "613-555-0101"
    assert marie.version == 2
    change = AuditEvent.objects.filter(action=AuditAction.UPDATE, client_id=marie.pk).get()
    assert change.before == {"phone": ""} and change.after == {"phone": "613-555-0101"}


def test_identity_edit_refuses_a_future_birth_date(network, marie):
    form = {
        "given_name": "Marie-Ève",
        "family_name": "Côté",
        "preferred_language": "fr",
        "version": marie.version,
        "date_of_birth": "2999-01-01",
    }
    html = client_for(network.alice).post(f"/en/clients/{marie.pk}/edit/", form).content.decode()
    assert "The date of birth is in the future." in html
    marie.refresh_from_db()
    assert marie.date_of_birth == dt.date(1984, 3, 9) and marie.version == 1


def test_the_preferred_language_defaults_to_the_pages_language(network):
    """A person registered at an English desk most likely speaks English."""
    web = client_for(network.alice)
    english = web.get("/en/clients/new/").content.decode()
    french = web.get("/fr/clients/new/").content.decode()

    assert _checked(english) == "en"
    assert _checked(french) == "fr"


def _checked(page: str) -> str:
    for tag in re.findall(r"<input[^>]*name=\"preferred_language\"[^>]*>", page):
        if " checked" in tag:
            return re.search(r'value="(\w+)"', tag).group(1)
    return ""
