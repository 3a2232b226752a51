"""The ACT daily team meeting board: who may open it, the clients ordered by
attention needed (each reason a badge), visit assignments, the one-line
update and crisis flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours.access.board import board_programs_for
from parcours.casework.models import CaseNote, Encounter
from parcours.coordination.models import CrisisFlag, VisitAssignment
from parcours.coordination.selectors.board import ReasonCode, board_for
from parcours.coordination.services.board import crisis_raise, visit_assign
from parcours.core.models import AuditEvent
from tests.conftest import client_for
from tests.coordination.board.conftest import Act
from tests.factories import ProgramFactory, ProgramMembershipFactory

pytestmark = pytest.mark.django_db


def _url(act: Act, **query: str) -> str:
    url = reverse("coordination:board", kwargs={"program_id": act.program.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(hour, minute)))


# --- Who may open a board ---------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker", 200),
        ("nurse", 200),
        ("alice_admin", 200),  # the organization's administrator (a coordinator)
        ("alice", 403),  # staff of the organization, not on the team
        ("bob", 404),  # another partner
        ("root", 403),  # a network superuser works for no partner
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_board(act: Act, persona: str, status: int) -> None:
    users = {"worker": act.worker, "nurse": act.nurse, "anonymous": None}
    user = users[persona] if persona in users else getattr(act.network, persona)
    response = client_for(user).get(_url(act))
    assert response.status_code == status


def test_a_program_coordinator_of_the_organization_opens_every_board(act: Act) -> None:
    network = act.network
    network.alice.program_memberships.filter(program=network.icm).update(role="coordinator")
    assert client_for(network.alice).get(_url(act)).status_code == 200


def test_a_member_of_another_program_gets_403_and_other_organizations_404(act: Act) -> None:
    other_act = ProgramFactory(organization=act.network.refuge, name="SIM Refuge", kind="act")
    ProgramMembershipFactory(user=act.network.bob, program=other_act)
    url = reverse("coordination:board", kwargs={"program_id": act.program.pk})
    assert client_for(act.network.bob).get(url).status_code == 404
    bobs = reverse("coordination:board", kwargs={"program_id": other_act.pk})
    assert client_for(act.network.bob).get(bobs).status_code == 200
    assert client_for(act.worker).get(bobs).status_code == 404


def test_a_program_that_is_not_team_based_has_no_board(act: Act) -> None:
    url = reverse("coordination:board", kwargs={"program_id": act.network.icm.pk})
    assert client_for(act.network.alice_admin).get(url).status_code == 404


def test_the_board_list_and_menu_show_only_the_boards_one_may_open(act: Act) -> None:
    page = client_for(act.worker).get(reverse("coordination:boards"))
    assert act.program.name in page.content.decode()
    assert 'id="menu-board"' in page.content.decode()
    alices = client_for(act.network.alice).get(reverse("coordination:boards"))
    assert act.program.name not in alices.content.decode()
    assert 'id="menu-board"' not in alices.content.decode()
    assert list(board_programs_for(act.network.bob)) == []


# --- Ordering by attention ------------------------------------------------------------


def test_clients_are_ordered_by_attention_needed_each_reason_a_badge(act: Act) -> None:
    calm_recent = act.enroll("Calme", "Récent")
    act.contact(calm_recent, days_ago=1)
    calm_older = act.enroll("Calme", "Ancien")
    act.contact(calm_older, days_ago=2)
    appointment_today = act.enroll("Rendez", "Vous")
    act.contact(appointment_today, days_ago=0)
    act.appointment(appointment_today, kind="income", at=_at(14), place="Service Canada")
    court = act.enroll("Cour", "Aujourdhui")
    act.contact(court, days_ago=0)
    act.appointment(court, kind="court", at=_at(9, 30))
    discharge = act.enroll("Congé", "Prévu")
    act.contact(discharge, days_ago=1)
    act.stay(
        discharge,
        kind="psychiatric",
        expected_discharge_on=timezone.localdate() + dt.timedelta(days=1),
    )
    jail = act.enroll("Détenu", "Prison")
    act.contact(jail, days_ago=1)
    act.stay(jail, kind="jail")
    missed = act.enroll("Sans", "Contact")
    act.contact(missed, days_ago=6)
    crisis = act.enroll("En", "Crise")
    act.contact(crisis, days_ago=0)
    crisis_raise(
        acting_user=act.worker, program=act.program, client=crisis, note="Menace d'expulsion"
    )

    board = board_for(act.worker, act.program)

    assert [row.client for row in board.rows] == [
        crisis,
        missed,
        discharge,  # admitted, and the discharge is due
        jail,  # admitted, no discharge date
        court,
        appointment_today,
        calm_older,
        calm_recent,
    ]
    codes = {row.client.pk: [r.code for r in row.reasons] for row in board.rows}
    assert codes[crisis.pk][0] == ReasonCode.CRISIS
    assert codes[missed.pk] == [ReasonCode.MISSED_CONTACTS]
    assert codes[jail.pk][0] == ReasonCode.ADMITTED
    assert ReasonCode.DISCHARGE_DUE in codes[discharge.pk]
    assert codes[court.pk][0] == ReasonCode.COURT_TODAY
    assert codes[appointment_today.pk][0] == ReasonCode.APPOINTMENT_TODAY
    assert codes[calm_older.pk] == [ReasonCode.LAST_CONTACT]

    page = client_for(act.worker).get(_url(act)).content.decode()
    assert page.index("En Crise") < page.index("Sans Contact") < page.index("Calme Récent")
    for code in (
        "crisis",
        "missed_contacts",
        "admitted",
        "discharge_due",
        "court_today",
        "appointment_today",
    ):
        assert f'data-reason="{code}"' in page
    assert "court date at 9:30" in page


def test_a_client_never_contacted_counts_as_missed_contacts(act: Act) -> None:
    client = act.enroll("Jamais", "Vu")
    row = board_for(act.worker, act.program).rows[0]
    assert row.client == client
    assert [r.code for r in row.reasons] == [ReasonCode.MISSED_CONTACTS]


def test_an_overdue_discharge_is_a_reason(act: Act) -> None:
    client = act.enroll("Congé", "Dépassé")
    act.contact(client, days_ago=0)
    act.stay(
        client,
        admitted_on=timezone.localdate() - dt.timedelta(days=10),
        expected_discharge_on=timezone.localdate() - dt.timedelta(days=2),
    )
    reasons = board_for(act.worker, act.program).rows[0].reasons
    assert any(r.code == ReasonCode.DISCHARGE_DUE and "overdue" in r.label for r in reasons)


def test_a_discharge_three_days_away_is_not_due_yet(act: Act) -> None:
    client = act.enroll("Congé", "Lointain")
    act.contact(client, days_ago=0)
    act.stay(client, expected_discharge_on=timezone.localdate() + dt.timedelta(days=3))
    codes = {r.code for r in board_for(act.worker, act.program).rows[0].reasons}
    assert ReasonCode.ADMITTED in codes and ReasonCode.DISCHARGE_DUE not in codes


def test_a_clinic_appointment_is_a_reason_only_for_those_who_may_see_it(act: Act) -> None:
    client = act.enroll("Clinique", "Matin")
    act.contact(client, days_ago=0)
    act.appointment(client, kind="clinic", at=_at(11), by=act.nurse, place="CLSC")
    nurse_codes = {r.code for r in board_for(act.nurse, act.program).rows[0].reasons}
    worker_codes = {r.code for r in board_for(act.worker, act.program).rows[0].reasons}
    assert ReasonCode.APPOINTMENT_TODAY in nurse_codes
    assert ReasonCode.APPOINTMENT_TODAY not in worker_codes


def test_the_board_query_count_does_not_grow_with_the_clients(
    act: Act, django_assert_max_num_queries: Any, django_assert_num_queries: Any
) -> None:
    def fill(n: int) -> None:
        for i in range(n):
            client = act.enroll(f"Client{len(act.clients)}", f"Nom{len(act.clients)}")
            act.contact(client, days_ago=i % 5)
            act.appointment(client, kind="court", at=_at(15))
            act.stay(client)
            visit_assign(
                acting_user=act.worker,
                program=act.program,
                client=client,
                worker=act.nurse,
                day=timezone.localdate(),
            )
        crisis_raise(
            acting_user=act.worker, program=act.program, client=act.clients[-1], note="Crise"
        )

    web = client_for(act.worker)
    fill(2)
    web.get(_url(act))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert web.get(_url(act)).status_code == 200
    fill(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = web.get(_url(act))
    assert page.content.decode().count('data-reason="crisis"') == 2


def test_the_board_is_audited_with_the_clients_it_names(act: Act) -> None:
    client = act.enroll("Audit", "Vu")
    client_for(act.worker).get(_url(act))
    event = AuditEvent.objects.filter(actor=act.worker, action="record.view").latest("id")
    assert event.detail["section"] == "board"
    assert event.detail["clients"] == [str(client.pk)]


def test_a_client_the_user_may_not_see_is_not_on_the_board(act: Act) -> None:
    """Bob's organization runs its own ACT program: a client registered at the
    hub and never shared stays off Bob's board even if enrolled by mistake."""
    other_act = ProgramFactory(organization=act.network.refuge, name="SIM Refuge", kind="act")
    ProgramMembershipFactory(user=act.network.bob, program=other_act)
    act.enroll("Caché", "Client")
    assert board_for(act.network.bob, other_act).rows == []


# --- Visit assignments ----------------------------------------------------------------


def test_assigning_a_visit_with_htmx_answers_the_board_body(act: Act) -> None:
    client = act.enroll("Visite", "Assignée")
    web = client_for(act.worker)
    response = web.post(
        reverse("coordination:board_assign", kwargs={"program_id": act.program.pk}),
        {"client": client.pk, "worker": act.nurse.pk, "day": timezone.localdate().isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board-body">')
    assignment = VisitAssignment.objects.get(client=client)
    assert assignment.worker == act.nurse and assignment.assigned_by == act.worker
    assert f'id="assignment-{assignment.pk}"' in body


def test_assigning_without_javascript_redirects_to_the_board(act: Act) -> None:
    client = act.enroll("Sans", "Javascript")
    response = client_for(act.worker).post(
        reverse("coordination:board_assign", kwargs={"program_id": act.program.pk}),
        {"client": client.pk, "worker": act.worker.pk, "day": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(act)
    assert VisitAssignment.objects.filter(client=client, worker=act.worker).exists()


def test_a_visit_is_not_assigned_twice_nor_in_the_past(act: Act) -> None:
    client = act.enroll("Deux", "Fois")
    url = reverse("coordination:board_assign", kwargs={"program_id": act.program.pk})
    web = client_for(act.worker)
    data = {"client": client.pk, "worker": act.nurse.pk, "day": timezone.localdate().isoformat()}
    web.post(url, data)
    again = web.post(url, data, HTTP_HX_REQUEST="true")
    assert again.status_code == 422
    assert "already assigned" in again.content.decode()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    past = web.post(url, {**data, "day": yesterday}, HTTP_HX_REQUEST="true")
    assert past.status_code == 422
    assert VisitAssignment.objects.filter(client=client).count() == 1


def test_only_a_team_member_is_assigned(act: Act) -> None:
    client = act.enroll("Pas", "Membre")
    response = client_for(act.worker).post(
        reverse("coordination:board_assign", kwargs={"program_id": act.program.pk}),
        {
            "client": client.pk,
            "worker": act.network.alice.pk,
            "day": timezone.localdate().isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert not VisitAssignment.objects.exists()


def test_removing_a_visit(act: Act) -> None:
    client = act.enroll("Visite", "Retirée")
    assignment = visit_assign(
        acting_user=act.worker,
        program=act.program,
        client=client,
        worker=act.nurse,
        day=timezone.localdate(),
    )
    url = reverse("coordination:board_unassign", kwargs={"assignment_id": assignment.pk})
    # An assignment is found only on the boards one may open.
    assert client_for(act.network.alice).post(url).status_code == 404
    assert client_for(act.network.bob).post(url).status_code == 404
    assert VisitAssignment.objects.filter(pk=assignment.pk).exists()
    response = client_for(act.worker).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not VisitAssignment.objects.filter(pk=assignment.pk).exists()


def test_visits_per_staff_member_for_the_day_shown(act: Act) -> None:
    client = act.enroll("Demain", "Visite")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    visit_assign(
        acting_user=act.worker, program=act.program, client=client, worker=act.nurse, day=tomorrow
    )
    today = board_for(act.worker, act.program)
    assert all(s.assignments == [] for s in today.staff)
    board = board_for(act.worker, act.program, tomorrow)
    nurse_day = next(s for s in board.staff if s.worker == act.nurse)
    assert [a.client for a in nurse_day.assignments] == [client]
    page = client_for(act.worker).get(_url(act, day=tomorrow.isoformat())).content.decode()
    assert 'rel="prev"' in page and f"day={tomorrow + dt.timedelta(days=1)}" in page


def test_someone_without_the_board_cannot_assign(act: Act) -> None:
    client = act.enroll("Refus", "Écriture")
    url = reverse("coordination:board_assign", kwargs={"program_id": act.program.pk})
    data = {"client": client.pk, "worker": act.nurse.pk, "day": timezone.localdate().isoformat()}
    assert client_for(act.network.alice).post(url, data).status_code == 403
    assert client_for(act.network.bob).post(url, data).status_code == 404
    assert client_for(None).post(url, data).status_code == 302
    assert not VisitAssignment.objects.exists()


# --- The one-line update, crisis flags --------------------------------------------------


def test_a_quick_update_becomes_an_encounter_with_a_general_note(act: Act) -> None:
    client = act.enroll("Mise", "Àjour")
    response = client_for(act.worker).post(
        reverse("coordination:board_update", kwargs={"program_id": act.program.pk}),
        {"client": client.pk, "kind": "phone", "text": "A appelé, va bien, RDV demain."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    encounter = Encounter.objects.get(client=client)
    assert encounter.program == act.program and encounter.kind == "phone"
    assert encounter.summary == "A appelé, va bien, RDV demain."
    note = CaseNote.objects.get(client=client)
    assert note.kind == "general" and note.encounter == encounter
    row = next(r for r in board_for(act.worker, act.program).rows if r.client == client)
    assert row.days_since == 0
    assert ReasonCode.MISSED_CONTACTS not in row.codes()


def test_an_empty_update_writes_nothing(act: Act) -> None:
    client = act.enroll("Rien", "Écrit")
    response = client_for(act.worker).post(
        reverse("coordination:board_update", kwargs={"program_id": act.program.pk}),
        {"client": client.pk, "kind": "phone", "text": " "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert not Encounter.objects.filter(client=client).exists()


def test_raising_and_lifting_a_crisis_flag_with_a_note(act: Act) -> None:
    client = act.enroll("Crise", "Levée")
    web = client_for(act.worker)
    raise_url = reverse("coordination:board_crisis_raise", kwargs={"program_id": act.program.pk})
    assert web.post(raise_url, {"client": client.pk, "note": ""}).status_code == 302
    assert not CrisisFlag.objects.exists()
    web.post(raise_url, {"client": client.pk, "note": "Hospitalisation possible"})
    flag = CrisisFlag.objects.get(client=client, lifted_at__isnull=True)
    assert board_for(act.worker, act.program).rows[0].crisis == flag
    lift_url = reverse("coordination:board_crisis_lift", kwargs={"flag_id": flag.pk})
    assert client_for(act.network.alice).post(lift_url, {"note": "x"}).status_code == 404
    response = web.post(lift_url, {"note": "Stabilisé"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.lifted_at is not None and flag.lifted_by == act.worker
    assert CaseNote.objects.get(client=client, kind="general").text == "Crisis lifted: Stabilisé"
