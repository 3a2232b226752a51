"""Life-skills groups (issue #19): a partner offers a group session
(budgeting, cooking…), registers clients from their file, then marks who
came; attending counts as an encounter of the client, toward the plan goal
it serves. Every partner sees the sessions; a roster shows a partner only
the clients who share their case plan with it, the others counted."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.access import Action, client_access_for, restrict
from parcours.casework.models import Encounter
from parcours.casework.services import note_write
from parcours.community.models import GroupAttendance, GroupSession
from parcours.community.services.groups import (
    GROUP_ENCOUNTER_KIND,
    SessionData,
    group_attendance_mark,
    group_attendance_register,
    group_session_cancel,
    group_session_create,
    group_session_update,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.community.conftest import add_goal
from tests.conftest import client_for, share
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_hours(hours: float) -> dt.datetime:
    return (timezone.now() + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)


def session(by, *, title="Atelier budget", starts_at=None, capacity=8, **changes) -> GroupSession:
    data = SessionData(
        title=title,
        topic=changes.pop("topic", "budgeting"),
        starts_at=starts_at or in_hours(48),
        duration_minutes=changes.pop("duration_minutes", 90),
        facilitator=changes.pop("facilitator", "Josée Lavoie (bénévole)"),
        capacity=capacity,
        place=changes.pop("place", "Salle communautaire, 2e étage"),
        **changes,
    )
    return group_session_create(acting_user=by, data=data)


def register(by, client, group, goal=None) -> GroupAttendance:
    return group_attendance_register(
        acting_user=by, client_access=client_access_for(by, client), session=group, goal=goal
    )


def mark(by, attendance, status) -> GroupAttendance:
    return group_attendance_mark(
        acting_user=by,
        client_access=client_access_for(by, attendance.client),
        attendance=attendance,
        status=status,
    )


def clients_of(network, count):
    return [ClientFactory(registered_by=network.alice) for _ in range(count)]


def post_data(**changes) -> dict:
    values = {
        "title": "Cooking on a budget",
        "topic": "cooking",
        "starts_at": in_hours(72).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "120",
        "place": "Cuisine collective",
        "facilitator": "Marc Dubé",
        "capacity": "10",
        "description": "Bring a container.",
    }
    values.update(changes)
    return values


# --- Offering a session and registering clients ------------------------------------------


def test_a_worker_offers_a_session_and_registers_a_client_from_the_file(network, marie):
    web = client_for(network.alice)
    listing = web.get(reverse("community:group_list"))
    assert listing.status_code == 200 and 'id="groups-empty"' in listing.content.decode()
    response = web.post(reverse("community:group_new"), post_data())
    assert response.status_code == 302
    created = GroupSession.objects.get()
    assert created.organization == network.carrefour and created.capacity == 10
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(created.pk)).exists()
    goal = add_goal(network.alice, marie, "Cuisiner mes repas")
    register_url = reverse("community:group_register", kwargs={"client_id": marie.pk})
    form = web.get(register_url).content.decode()
    assert "Cooking on a budget" in form and "10 places left" in form
    response = web.post(register_url, {"session": created.pk, "goal": goal.pk})
    assert response.status_code == 302 and response["Location"].endswith("#group-sessions")
    attendance = GroupAttendance.objects.get()
    assert attendance.client == marie and attendance.goal == goal
    assert attendance.status == "registered" and attendance.organization == network.carrefour
    listing = web.get(reverse("community:group_list")).content.decode()
    assert "Cooking on a budget" in listing and "1 of 10" in listing


def test_the_client_file_panel_lists_the_clients_sessions(network, marie):
    group = session(network.alice)
    register(network.alice, marie, group)
    panel = render_to_string(
        "community/_client_file_groups.html",
        {"client_access": client_access_for(network.alice, marie)},
    )
    assert 'id="group-sessions"' in panel and "Atelier budget" in panel
    assert 'id="group-register"' in panel
    # Refuge is not shown Marie's case plan: no row, only the way to register.
    other = render_to_string(
        "community/_client_file_groups.html",
        {"client_access": client_access_for(network.bob, ClientFactory(registered_by=network.bob))},
    )
    assert "Atelier budget" not in other and 'id="group-sessions-empty"' in other


def test_a_full_session_refuses_the_next_client(network, marie):
    group = session(network.alice, capacity=1)
    register(network.alice, marie, group)
    paul = ClientFactory(registered_by=network.alice)
    with pytest.raises(ValidationError) as refused:
        register(network.alice, paul, group)
    assert refused.value.message_dict == {"session": ["This session is full."]}
    # The register page no longer offers it.
    web = client_for(network.alice)
    url = reverse("community:group_register", kwargs={"client_id": paul.pk})
    assert 'id="register-empty"' in web.get(url).content.decode()
    assert web.post(url, {"session": group.pk}).status_code == 422
    assert GroupAttendance.objects.count() == 1


def test_a_cancelled_session_or_a_second_registration_is_refused(network, marie):
    group = session(network.alice)
    register(network.alice, marie, group)
    with pytest.raises(ValidationError, match="already registered"):
        register(network.alice, marie, group)
    group_session_cancel(acting_user=network.alice, session=group)
    with pytest.raises(ValidationError, match="cancelled"):
        register(network.alice, ClientFactory(registered_by=network.alice), group)
    assert GroupAttendance.objects.count() == 1


def test_places_cannot_drop_below_the_roster(network, marie):
    group = session(network.alice, capacity=2)
    register(network.alice, marie, group)
    register(network.alice, ClientFactory(registered_by=network.alice), group)
    data = SessionData("Atelier budget", "budgeting", in_hours(48), 90, "Josée", capacity=1)
    with pytest.raises(ValidationError, match="2 people are already on the roster"):
        group_session_update(acting_user=network.alice, session=group, data=data)
    group.refresh_from_db()
    assert group.capacity == 2


# --- Attendance ----------------------------------------------------------------------------


def test_attending_records_an_encounter_toward_the_goal_and_absent_removes_it(network, marie):
    goal = add_goal(network.alice, marie, "Gérer mon budget")
    group = session(network.alice, starts_at=in_hours(2), duration_minutes=90)
    attendance = register(network.alice, marie, group, goal=goal)
    with pytest.raises(ValidationError, match="once the session has begun"):
        mark(network.alice, attendance, "attended")
    with time_machine.travel(in_hours(3), tick=False):
        web = client_for(network.alice)
        url = reverse("community:group_detail", kwargs={"session_id": group.pk})
        response = web.post(url, {f"status-{attendance.pk}": "attended"})
        assert response.status_code == 302
        attendance.refresh_from_db()
        encounter = Encounter.objects.get(client=marie)
        assert attendance.status == "attended" and attendance.encounter == encounter
        assert encounter.kind == GROUP_ENCOUNTER_KIND and encounter.duration_minutes == 90
        assert encounter.summary == "Atelier budget" and encounter.occurred_at == group.starts_at
        assert list(encounter.goals.all()) == [goal]
        assert encounter.organization == network.carrefour
        mark(network.alice, attendance, "absent")
    attendance.refresh_from_db()
    assert attendance.status == "absent" and attendance.encounter is None
    assert not Encounter.objects.exists()
    assert AuditEvent.objects.filter(
        target_id=str(encounter.pk), detail__removed=True, client_id=marie.pk
    ).exists()


def test_a_bad_attendance_row_saves_nothing(network, marie):
    group = session(network.alice, starts_at=in_hours(2))
    first = register(network.alice, marie, group)
    second = register(network.alice, ClientFactory(registered_by=network.alice), group)
    with time_machine.travel(in_hours(3), tick=False):
        response = client_for(network.alice).post(
            reverse("community:group_detail", kwargs={"session_id": group.pk}),
            {f"status-{first.pk}": "attended", f"status-{second.pk}": "came late"},
        )
    assert response.status_code == 422
    assert "Choose attended or absent." in response.content.decode()
    assert not Encounter.objects.exists()
    assert set(GroupAttendance.objects.values_list("status", flat=True)) == {"registered"}


def test_a_client_who_came_without_registering_is_added_afterwards(network, marie):
    group = session(network.alice, starts_at=in_hours(2))
    with time_machine.travel(in_hours(4), tick=False):
        walk_in = register(network.alice, marie, group)
        assert mark(network.alice, walk_in, "attended").encounter is not None


def test_an_encounter_with_a_note_is_kept_and_so_is_the_attendance(network, marie):
    group = session(network.alice, starts_at=in_hours(2))
    attendance = register(network.alice, marie, group)
    with time_machine.travel(in_hours(4), tick=False):
        attended = mark(network.alice, attendance, "attended")
        note_write(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, marie),
            kind="general",
            text="Marie a aimé l'atelier; elle veut revenir.",
            encounter=attended.encounter,
        )
        with pytest.raises(ValidationError, match="A note was written"):
            mark(network.alice, attended, "absent")
    attendance.refresh_from_db()
    assert attendance.status == "attended" and Encounter.objects.count() == 1


def test_the_access_rules_give_the_roster_to_the_running_organization(network, marie):
    group = session(network.alice)
    attendance = register(network.alice, marie, group)
    assert list(restrict(GroupSession.objects.all(), network.bob)) == [group]
    assert not restrict(GroupSession.objects.all(), network.bob, Action.CHANGE).exists()
    assert not restrict(GroupAttendance.objects.all(), network.bob).exists()
    assert list(restrict(GroupAttendance.objects.all(), network.alice, Action.CHANGE)) == [
        attendance
    ]


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "This field is required."),
        ({"duration_minutes": "5"}, "between 15 and 480 minutes"),
        ({"duration_minutes": "600"}, "between 15 and 480 minutes"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"starts_at": "2062-01-01T10:00"}, "less than a year from today"),
        ({"starts_at": "not a date"}, "Enter a valid date/time."),
        ({"topic": "karaoke"}, "Select a valid choice."),
        ({"facilitator": ""}, "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(network, changes, message):
    response = client_for(network.alice).post(reverse("community:group_new"), post_data(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not GroupSession.objects.exists()


# --- Who sees and does what ----------------------------------------------------------------


def test_another_partner_sees_the_session_but_cannot_change_it_or_its_roster(network, marie):
    group = session(network.alice)
    bob = client_for(network.bob)
    assert "Atelier budget" in bob.get(reverse("community:group_list")).content.decode()
    detail = reverse("community:group_detail", kwargs={"session_id": group.pk})
    page = bob.get(detail).content.decode()
    assert "Atelier budget" in page and 'id="group-edit"' not in page
    edit = reverse("community:group_edit", kwargs={"session_id": group.pk})
    assert bob.get(edit).status_code == 403
    assert bob.post(edit, post_data()).status_code == 403
    cancel = reverse("community:group_cancel", kwargs={"session_id": group.pk})
    assert bob.post(cancel).status_code == 403
    assert bob.post(detail, {}).status_code == 403
    paul = ClientFactory(registered_by=network.bob)
    with pytest.raises(PermissionDenied):
        register(network.bob, paul, group)
    group.refresh_from_db()
    assert group.cancelled_at is None and not GroupAttendance.objects.exists()


def test_a_partner_not_shown_the_case_plan_sees_a_count_not_the_name(network, marie):
    group = session(network.alice)
    register(network.alice, marie, group)
    for person in clients_of(network, 2):
        register(network.alice, person, group)
    url = reverse("community:group_detail", kwargs={"session_id": group.pk})
    page = client_for(network.bob).get(url).content.decode()
    assert marie.family_name not in page
    assert "and 3 other participants" in page
    # Her case plan without her identity: still a count.
    plan_only = share(marie, by=network.alice, categories=["case_plan"], all_partners=True)
    assert plan_only.share_identity is False
    page = client_for(network.bob).get(url).content.decode()
    assert marie.family_name not in page and "and 3 other participants" in page
    share(marie, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    page = client_for(network.bob).get(url).content.decode()
    assert marie.family_name in page and "and 2 other participants" in page
    # The running organization sees its whole roster and reads are logged, one per client.
    client_for(network.alice).get(url)
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, actor=network.alice, detail__section="group_roster"
        ).count()
        == 3
    )


def test_staff_outside_the_network_and_signed_out_visitors_are_refused(network, marie):
    group = session(network.alice)
    nurse = UserFactory(organization=network.hospital)
    urls = [
        reverse("community:group_list"),
        reverse("community:group_new"),
        reverse("community:group_detail", kwargs={"session_id": group.pk}),
        reverse("community:group_edit", kwargs={"session_id": group.pk}),
    ]
    hospital = client_for(nurse)
    signed_out = client_for(None)
    for url in urls:
        assert hospital.get(url).status_code == 403, url
        response = signed_out.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    with pytest.raises(PermissionDenied):
        group_session_create(
            acting_user=nurse,
            data=SessionData("Atelier", "budgeting", in_hours(5), 60, "X", capacity=3),
        )


# --- Cost ----------------------------------------------------------------------------------


def _queries(web, url) -> int:
    """Queries of a page, less the read events it writes (one per client shown,
    with the audit chain's advisory lock on PostgreSQL)."""
    with CaptureQueriesContext(connection) as queries:
        assert web.get(url).status_code == 200
    audit = ("core_auditevent", "pg_advisory_xact_lock")
    return sum(1 for q in queries.captured_queries if not any(a in q["sql"] for a in audit))


def test_the_list_and_roster_pages_cost_a_fixed_number_of_queries(
    network, marie, django_assert_max_num_queries
):
    web = client_for(network.alice)
    group = session(network.alice, capacity=40)
    register(network.alice, marie, group, goal=add_goal(network.alice, marie))
    list_url = reverse("community:group_list")
    roster_url = reverse("community:group_detail", kwargs={"session_id": group.pk})
    web.get(list_url)
    web.get(roster_url)
    few = {url: _queries(web, url) for url in (list_url, roster_url)}
    for index in range(6):
        session(network.alice, title=f"Atelier {index}", topic="wellness")
    for person in clients_of(network, 8):
        register(network.alice, person, group)
    with django_assert_max_num_queries(few[list_url]):
        web.get(list_url)
    assert _queries(web, roster_url) == few[roster_url]


# --- API -----------------------------------------------------------------------------------


def test_the_api_offers_a_session_registers_and_marks_attendance(network, marie, openapi):
    api = api_client_for(network.alice)
    body = {
        "title": "« Mes droits de locataire »",
        "topic": "tenancy",
        "starts_at": in_hours(2).isoformat(),
        "duration_minutes": 60,
        "facilitator": "Clinique juridique du quartier",
        "capacity": 2,
    }
    created = api.post("/api/v1/group-sessions", body)
    assert created.status_code == 201, created.json()
    assert_matches_openapi(openapi, "/api/v1/group-sessions", "post", created)
    session_id = created.json()["id"]
    assert created.json()["places_left"] == 2
    goal = add_goal(network.alice, marie, "Garder mon logement")
    roster_url = f"/api/v1/group-sessions/{session_id}/attendance"
    registered = api.post(roster_url, {"client_id": str(marie.pk), "goal_id": str(goal.pk)})
    assert registered.status_code == 201 and registered.json()["status"] == "registered"
    attendance_id = registered.json()["id"]
    listing = api.get("/api/v1/group-sessions", topic="tenancy")
    assert listing.status_code == 200
    assert [s["places_left"] for s in listing.json()["items"]] == [1]
    assert api.get(roster_url).json()[0]["client_id"] == str(marie.pk)
    early = api.patch(f"/api/v1/group-attendance/{attendance_id}", {"status": "attended"})
    assert early.status_code == 422
    with time_machine.travel(in_hours(3), tick=False):
        marked = api_client_for(network.alice).patch(
            f"/api/v1/group-attendance/{attendance_id}", {"status": "attended"}
        )
    assert marked.status_code == 200 and marked.json()["encounter_id"]
    assert Encounter.objects.get(client=marie).goals.get() == goal
    changed = api.patch(f"/api/v1/group-sessions/{session_id}", {"place": "Local 204"})
    assert changed.status_code == 200 and changed.json()["place"] == "Local 204"


def test_the_api_refuses_what_is_not_the_callers(network, marie):
    group = session(network.alice)
    attendance = register(network.alice, marie, group)
    bob = api_client_for(network.bob)
    assert bob.get(f"/api/v1/group-sessions/{group.pk}").status_code == 200
    assert bob.patch(f"/api/v1/group-sessions/{group.pk}", {"place": "X"}).status_code == 403
    assert bob.get(f"/api/v1/group-sessions/{group.pk}/attendance").json() == []
    patch = f"/api/v1/group-attendance/{attendance.pk}"
    assert bob.patch(patch, {"status": "absent"}).status_code == 404
    share(marie, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    assert bob.patch(patch, {"status": "absent"}).status_code == 403
    paul = ClientFactory(registered_by=network.bob)
    roster = f"/api/v1/group-sessions/{group.pk}/attendance"
    assert bob.post(roster, {"client_id": str(paul.pk)}).status_code == 403
    alice = api_client_for(network.alice)
    assert alice.post(roster, {"client_id": str(paul.pk)}).status_code == 404
    assert alice.get(f"/api/v1/group-sessions/{uuid.uuid4()}").status_code == 404
    bad = alice.post("/api/v1/group-sessions", {"title": "X", "topic": "budgeting"})
    assert bad.status_code == 422
    bad = alice.post(
        "/api/v1/group-sessions",
        {
            "title": "Atelier",
            "topic": "budgeting",
            "starts_at": in_hours(5).isoformat(),
            "duration_minutes": 5,
            "facilitator": "X",
            "capacity": 0,
        },
    )
    assert bad.status_code == 422
    assert GroupSession.objects.count() == 1
    hospital = api_client_for(UserFactory(organization=network.hospital))
    assert hospital.get("/api/v1/group-sessions").status_code == 403
    assert api_client_for(None).get("/api/v1/group-sessions").status_code == 401
