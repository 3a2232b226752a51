"""Screens of institution stays: route × persona, forms, the client-file
section, the discharges page and its query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from parcours.access import client_access_for
from parcours.casework.models import Enrollment
from parcours.clients.services import client_register
from parcours.coordination.models import (
    DischargeTask,
    DischargeTaskKind,
    InstitutionStay,
)
from parcours.coordination.services.institutions import institution_stay_discharge
from parcours.core.models import AuditEvent
from tests.conftest import client_for, share
from tests.coordination.institutions.conftest import Inst, admit, today


def _persona(inst: Inst, name: str):
    return {
        "alice": inst.alice,
        "bob": inst.bob,
        "ida": inst.ida,
        "nora": inst.nora,
        "root": inst.network.root,
        "anonymous": None,
    }[name]


# Who may open what: owner org, partner with the case plan, partner with the
# identity only (sees the client, not the stays), partner without consent
# (404), a network superuser without organization (403), signed out (login).
MATRIX = {
    "alice": (200, 200, 200),
    "bob": (200, 200, 200),
    "ida": (403, 403, 403),
    "nora": (404, 404, 404),
    "root": (403, 403, 403),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_route_by_persona(inst, persona):
    stay = admit(inst)
    web = client_for(_persona(inst, persona))
    urls = [
        reverse("coordination:institution_stay_new", kwargs={"client_id": inst.marie.pk}),
        reverse("coordination:institution_stay_edit", kwargs={"stay_id": stay.pk}),
        reverse("coordination:institution_stay_discharge", kwargs={"stay_id": stay.pk}),
    ]
    codes = tuple(web.get(url).status_code for url in urls)
    expected = MATRIX[persona]
    if persona == "ida":
        # The stay is not visible to a partner without the case plan: 404.
        expected = (403, 404, 404)
    if persona == "nora":
        expected = (404, 404, 404)
    assert codes == expected


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("bob", 200), ("ida", 403), ("nora", 404), ("root", 403), ("anonymous", 302)],
)
def test_client_stays_page_by_persona(inst, persona, status):
    admit(inst)
    url = reverse("coordination:institution_stays", kwargs={"client_id": inst.marie.pk})
    assert client_for(_persona(inst, persona)).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("bob", 200), ("ida", 200), ("nora", 200), ("root", 403), ("anonymous", 302)],
)
def test_discharges_page_by_persona(inst, persona, status):
    admit(inst)
    response = client_for(_persona(inst, persona)).get(reverse("coordination:discharges"))
    assert response.status_code == status
    if persona in {"ida", "nora"}:
        assert "Côté" not in response.content.decode()
    if persona in {"alice", "bob"}:
        assert "Côté" in response.content.decode()


@pytest.mark.parametrize("persona", ["ida", "nora", "root", "anonymous"])
def test_refused_writes_write_nothing(inst, persona):
    stay = admit(inst)
    web = client_for(_persona(inst, persona))
    web.post(
        reverse("coordination:institution_stay_discharge", kwargs={"stay_id": stay.pk}),
        {"discharged_on": today().isoformat(), "destination": "own_unit"},
    )
    task = DischargeTask.objects.filter(stay=stay).first()
    assert task is not None
    web.post(reverse("coordination:discharge_task_done", kwargs={"task_id": task.pk}))
    web.post(
        reverse("coordination:institution_stay_new", kwargs={"client_id": inst.marie.pk}),
        {"kind": "jail", "institution_name": "X", "admitted_on": today().isoformat()},
    )
    stay.refresh_from_db()
    assert stay.is_open
    assert not DischargeTask.objects.filter(done_at__isnull=False).exists()
    assert InstitutionStay.objects.count() == 1


# --- The client file -------------------------------------------------------------


def _file(inst: Inst, user) -> str:
    url = reverse("clients:detail", kwargs={"client_id": inst.marie.pk}) + "?tab=care"
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_client_file_shows_the_open_stay_with_its_overdue_badge(inst, clock):
    admit(inst, admitted_days_ago=5, expected_in_days=1)
    clock.shift(dt.timedelta(days=3))
    page = _file(inst, inst.alice)
    assert 'id="institutions"' in page
    assert 'id="institution-overdue"' in page
    assert "Contact the institution" in page
    assert 'id="institution-stay-discharge"' in page


def test_the_client_file_offers_an_admission_when_none_is_open(inst):
    page = _file(inst, inst.bob)
    assert 'id="institution-stay-new"' in page
    assert "Past stays (0)" in page


def test_the_section_is_hidden_without_the_case_plan(inst):
    admit(inst)
    page = _file(inst, inst.ida)
    assert 'id="institutions"' not in page


def test_the_menu_has_discharges(inst):
    page = _file(inst, inst.alice)
    assert reverse("coordination:discharges") in page


# --- Forms -------------------------------------------------------------------------


def test_recording_an_admission_from_the_screen(inst):
    url = reverse("coordination:institution_stay_new", kwargs={"client_id": inst.marie.pk})
    response = client_for(inst.bob).post(
        url,
        {
            "kind": "psychiatric",
            "institution": str(inst.network.hospital.pk),
            "admitted_on": today().isoformat(),
            "expected_discharge_on": (today() + dt.timedelta(days=14)).isoformat(),
            "learned_from": "partner",
            "contact": "Unité 3B",
        },
    )
    assert response.status_code == 302
    stay = InstitutionStay.objects.get()
    assert stay.organization == inst.network.refuge and stay.kind == "psychiatric"


def test_a_second_admission_shows_the_message_and_writes_nothing(inst):
    admit(inst)
    url = reverse("coordination:institution_stay_new", kwargs={"client_id": inst.marie.pk})
    response = client_for(inst.alice).post(
        url,
        {
            "kind": "jail",
            "institution_name": "Centre de détention",
            "admitted_on": today().isoformat(),
            "learned_from": "police_court",
        },
    )
    assert response.status_code == 200
    assert "already has an open institution stay" in response.content.decode()
    assert InstitutionStay.objects.count() == 1


def test_an_admission_without_an_institution_is_refused_on_the_form(inst):
    url = reverse("coordination:institution_stay_new", kwargs={"client_id": inst.marie.pk})
    response = client_for(inst.alice).post(
        url, {"kind": "hospital", "admitted_on": today().isoformat(), "learned_from": "client"}
    )
    assert response.status_code == 200
    assert "Choose the institution or write its name." in response.content.decode()
    assert not InstitutionStay.objects.exists()


def test_changing_the_date_from_the_screen_and_a_stale_form(inst):
    stay = admit(inst, expected_in_days=10)
    url = reverse("coordination:institution_stay_edit", kwargs={"stay_id": stay.pk})
    data = {
        "expected_discharge_on": (today() + dt.timedelta(days=20)).isoformat(),
        "contact": "",
        "note": "",
        "version": "1",
    }
    assert client_for(inst.alice).post(url, data).status_code == 302
    plan = DischargeTask.objects.get(stay=stay, kind=DischargeTaskKind.PLAN_DESTINATION)
    assert plan.due_on == today() + dt.timedelta(days=17)
    stale = client_for(inst.bob).post(url, {**data, "contact": "Autre"})
    assert stale.status_code == 200
    assert "changed by someone else" in stale.content.decode()
    stay.refresh_from_db()
    assert stay.contact == ""


def test_a_discharge_needs_a_destination(inst):
    stay = admit(inst)
    url = reverse("coordination:institution_stay_discharge", kwargs={"stay_id": stay.pk})
    response = client_for(inst.alice).post(url, {"discharged_on": today().isoformat()})
    assert response.status_code == 200
    stay.refresh_from_db()
    assert stay.is_open


def test_a_discharge_with_cti_from_the_screen(inst):
    stay = admit(inst)
    url = reverse("coordination:institution_stay_discharge", kwargs={"stay_id": stay.pk})
    page = client_for(inst.alice).get(url).content.decode()
    assert "data-confirm" in page and 'name="cti_program"' in page
    # CTI at another partner is a referral (the hand-off loop).
    assert f"/clients/{stay.client_id}/referrals/new/?kind=discharge" in page
    response = client_for(inst.alice).post(
        url,
        {
            "discharged_on": today().isoformat(),
            "destination": "transitional",
            "cti_program": str(inst.cti.pk),
            "cti_primary_worker": str(inst.alice.pk),
        },
    )
    assert response.status_code == 302
    assert Enrollment.objects.filter(client=inst.marie, program=inst.cti).exists()


def test_marking_a_task_done(inst):
    stay = admit(inst)
    task = DischargeTask.objects.get(stay=stay, kind=DischargeTaskKind.CONTACT_INSTITUTION)
    url = reverse("coordination:discharge_task_done", kwargs={"task_id": task.pk})
    response = client_for(inst.bob).post(url, {"next": reverse("coordination:discharges")})
    assert response.status_code == 302 and response["Location"] == reverse(
        "coordination:discharges"
    )
    task.refresh_from_db()
    assert task.done_by == inst.bob
    evil = client_for(inst.bob).post(url, {"next": "https://evil.example/"})
    assert evil["Location"].startswith("/")


# --- The discharges page -----------------------------------------------------------


def _register(inst: Inst, n: int):
    client = client_register(
        acting_user=inst.alice,
        given_name=f"Client{n}",
        family_name=f"Famille{n}",
        date_of_birth=dt.date(1975, 1, 1 + n),
        preferred_language="fr",
    )
    share(
        client,
        by=inst.alice,
        categories=["identity", "case_plan"],
        organizations=[inst.network.refuge],
    )
    return client


def test_overdue_discharges_come_first(inst, clock):
    clock.shift(dt.timedelta(days=-10))
    later = admit(inst, client=_register(inst, 1), admitted_days_ago=1, expected_in_days=40)
    overdue = admit(inst, client=_register(inst, 2), admitted_days_ago=1, expected_in_days=5)
    soon = admit(inst, client=_register(inst, 3), admitted_days_ago=1, expected_in_days=13)
    clock.shift(dt.timedelta(days=10))
    page = client_for(inst.bob).get(reverse("coordination:discharges")).content.decode()
    positions = [page.index(f'id="alert-{s.pk}"') for s in (overdue, soon, later)]
    assert positions == sorted(positions)
    assert 'class="urgency-0"' in page
    assert AuditEvent.objects.filter(detail__section="discharges").exists()


def test_discharges_without_destination_and_my_tasks(inst):
    stay = admit(inst)
    institution_stay_discharge(
        acting_user=inst.alice,
        client_access=client_access_for(inst.alice, inst.marie),
        stay=stay,
        discharged_on=today(),
        destination="unknown",
    )
    page = client_for(inst.alice).get(reverse("coordination:discharges")).content.decode()
    assert 'id="no-destination"' in page and "Côté" in page
    assert "Find a destination for a discharged client" in page


def test_the_discharges_page_query_count_does_not_grow(inst, django_assert_max_num_queries):
    web = client_for(inst.bob)
    for n in range(2):
        admit(inst, client=_register(inst, n))
    with django_assert_max_num_queries(40) as small:
        web.get(reverse("coordination:discharges"))
    for n in range(2, 8):
        admit(inst, client=_register(inst, n))
    with django_assert_max_num_queries(len(small.captured_queries)):
        web.get(reverse("coordination:discharges"))


def test_the_pages_render_in_french(inst, clock):
    admit(inst, admitted_days_ago=5, expected_in_days=1)
    clock.shift(dt.timedelta(days=3))
    web = client_for(inst.alice)
    with translation.override("fr"):
        urls = [
            reverse("clients:detail", kwargs={"client_id": inst.marie.pk}) + "?tab=care",
            reverse("coordination:discharges"),
            reverse("coordination:institution_stays", kwargs={"client_id": inst.marie.pk}),
            reverse("coordination:institution_stay_new", kwargs={"client_id": inst.marie.pk}),
        ]
    for url in urls:
        assert url.startswith("/fr/")
        response = web.get(url)
        assert response.status_code == 200, url
        assert 'lang="fr"' in response.content.decode()
