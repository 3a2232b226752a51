"""A client's appointments: planning (validation), outcomes (missed tells the
workers, rescheduled plans the new one), the follow-up of a missed one, who
sees which (clinical vs case-plan, consent, lock-boxes), the worklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from parcours.access import client_access_for
from parcours.casework import worklist as worklist_module
from parcours.casework.worklist import worklist
from parcours.clients.services import lock_box_add
from parcours.coordination.models import Appointment, Notification, VisitAssignment
from parcours.coordination.selectors.appointments import (
    APPOINTMENT_ITEM,
    appointment_worklist_items,
    client_appointments,
)
from parcours.coordination.services.appointments import (
    appointment_create,
    appointment_follow_up,
    appointment_record_outcome,
)
from tests.conftest import client_for, share
from tests.coordination.board.conftest import Act

pytestmark = pytest.mark.django_db


def _in(days: int = 0, hour: int = 10, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _plan(act: Act, client: Any, **extra: Any) -> Appointment:
    fields = {"kind": "court", "starts_at": _in(2), "place": "Palais de justice", **extra}
    return appointment_create(
        acting_user=act.worker, client_access=client_access_for(act.worker, client), **fields
    )


# --- Planning -------------------------------------------------------------------------


def test_planning_an_appointment_is_audited(act: Act) -> None:
    client = act.enroll("Rendez", "Vous")
    appointment = _plan(act, client, accompanied_by=act.nurse, with_whom="Me Tremblay")
    assert appointment.organization == act.network.carrefour
    assert appointment.outcome == "planned"
    assert appointment.category == "case_plan"
    from parcours.core.models import AuditEvent

    event = AuditEvent.objects.filter(target_id=str(appointment.pk)).get()
    assert event.action == "record.create" and event.client_id == client.pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": _in(-1)}, "starts_at"),
        ({"place": "  "}, "place"),
        ({"kind": "spa"}, "kind"),
    ],
)
def test_a_bad_appointment_is_refused_and_nothing_written(
    act: Act, change: dict[str, Any], field: str
) -> None:
    client = act.enroll("Mauvais", "Rendezvous")
    change = {k: (_in(-1) if k == "starts_at" else v) for k, v in change.items()}
    with pytest.raises(ValidationError) as exc:
        _plan(act, client, **change)
    assert field in exc.value.message_dict
    assert not Appointment.objects.exists()


def test_someone_of_another_organization_is_not_the_one_accompanying(act: Act) -> None:
    client = act.enroll("Accompagné", "Ailleurs")
    with pytest.raises(ValidationError) as exc:
        _plan(act, client, accompanied_by=act.network.bob)
    assert "accompanied_by" in exc.value.message_dict


def test_the_screen_plans_an_appointment(act: Act) -> None:
    client = act.enroll("Écran", "Rendezvous")
    url = reverse("coordination:appointment_new", kwargs={"client_id": client.pk})
    web = client_for(act.worker)
    assert web.get(url).status_code == 200
    bad = web.post(url, {"kind": "court", "starts_at": "", "place": ""})
    assert bad.status_code == 422
    ok = web.post(
        url,
        {
            "kind": "court",
            "starts_at": _in(1).strftime("%Y-%m-%dT%H:%M"),
            "place": "Palais de justice",
            "accompanied_by": act.nurse.pk,
        },
    )
    assert ok.status_code == 302
    assert Appointment.objects.get(client=client).accompanied_by == act.nurse
    page = web.get(reverse("coordination:appointments", kwargs={"client_id": client.pk}))
    assert "Palais de justice" in page.content.decode()


# --- Outcomes -------------------------------------------------------------------------


def test_a_missed_appointment_tells_the_clients_workers(act: Act, clock: Any) -> None:
    client = act.enroll("Manqué", "Rendezvous")
    appointment = _plan(act, client, starts_at=_in(0, 9))
    clock.shift(dt.timedelta(hours=3))
    appointment_record_outcome(
        acting_user=act.worker,
        client_access=client_access_for(act.worker, client),
        appointment=appointment,
        outcome="missed",
    )
    notified = set(
        Notification.objects.filter(kind="appointment_missed").values_list("recipient", flat=True)
    )
    assert notified == {act.nurse.pk}  # the team, less the one who recorded it
    detail = Notification.objects.get().detail
    assert "Manqué" not in str(detail)


def test_kept_or_missed_only_once_its_time_has_come(act: Act) -> None:
    client = act.enroll("Futur", "Rendezvous")
    appointment = _plan(act, client)
    with pytest.raises(ValidationError):
        appointment_record_outcome(
            acting_user=act.worker,
            client_access=client_access_for(act.worker, client),
            appointment=appointment,
            outcome="kept",
        )
    appointment.refresh_from_db()
    assert appointment.outcome == "planned"


def test_rescheduling_plans_the_new_appointment(act: Act) -> None:
    client = act.enroll("Reporté", "Rendezvous")
    appointment = _plan(act, client, accompanied_by=act.nurse)
    ca = client_access_for(act.worker, client)
    with pytest.raises(ValidationError):
        appointment_record_outcome(
            acting_user=act.worker,
            client_access=ca,
            appointment=appointment,
            outcome="rescheduled",
            new_starts_at=_in(-2),
        )
    assert Appointment.objects.count() == 1
    done = appointment_record_outcome(
        acting_user=act.worker,
        client_access=ca,
        appointment=appointment,
        outcome="rescheduled",
        new_starts_at=_in(9),
    )
    assert done.outcome == "rescheduled"
    new = done.rescheduled_to
    assert new is not None and new.outcome == "planned" and new.starts_at == _in(9)
    assert new.accompanied_by == act.nurse and new.place == appointment.place
    with pytest.raises(ValidationError):
        appointment_record_outcome(
            acting_user=act.worker, client_access=ca, appointment=done, outcome="cancelled"
        )


def test_the_outcome_screen(act: Act, clock: Any) -> None:
    client = act.enroll("Écran", "Résultat")
    appointment = _plan(act, client, starts_at=_in(0, 9))
    clock.shift(dt.timedelta(hours=2))
    url = reverse("coordination:appointment_outcome", kwargs={"appointment_id": appointment.pk})
    web = client_for(act.worker)
    assert web.post(url, {"outcome": "rescheduled"}).status_code == 422
    assert web.post(url, {"outcome": "kept", "note": "Audience reportée"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.outcome == "kept" and appointment.note == "Audience reportée"
    assert client_for(act.network.bob).get(url).status_code == 404


# --- Follow-up of a missed appointment ------------------------------------------------


def _missed(act: Act, client: Any) -> Appointment:
    return act.appointment(
        client, kind="income", at=_in(-7), outcome="missed", place="Service Canada"
    )


def test_an_act_client_missed_appointment_becomes_a_visit_tomorrow(act: Act) -> None:
    client = act.enroll("Visite", "Demain")
    missed = _missed(act, client)
    url = reverse("coordination:appointment_follow_up", kwargs={"appointment_id": missed.pk})
    response = client_for(act.worker).post(url, {"as": "visit"})
    assert response.status_code == 302
    visit = VisitAssignment.objects.get(client=client)
    assert visit.worker == act.worker
    assert visit.day == timezone.localdate() + dt.timedelta(days=1)
    assert visit.program == act.program


def test_a_missed_appointment_becomes_a_new_appointment_once(act: Act) -> None:
    client = act.enroll("Nouveau", "Rendezvous")
    missed = _missed(act, client)
    ca = client_access_for(act.worker, client)
    new = appointment_follow_up(acting_user=act.worker, client_access=ca, appointment=missed)
    assert new.outcome == "planned" and new.kind == "income"
    assert new.starts_at.date() == timezone.localdate() + dt.timedelta(days=1)
    missed.refresh_from_db()
    assert missed.rescheduled_to == new
    with pytest.raises(ValidationError):
        appointment_follow_up(acting_user=act.worker, client_access=ca, appointment=missed)
    assert Appointment.objects.count() == 2


def test_a_kept_appointment_is_not_followed_up(act: Act) -> None:
    client = act.enroll("Tenu", "Rendezvous")
    kept = act.appointment(client, kind="court", at=_in(-1), outcome="kept")
    with pytest.raises(ValidationError):
        appointment_follow_up(
            acting_user=act.worker,
            client_access=client_access_for(act.worker, client),
            appointment=kept,
        )


# --- Who sees which ---------------------------------------------------------------------


def test_a_non_clinical_worker_does_not_see_a_clinic_appointment(act: Act) -> None:
    client = act.enroll("Clinique", "Cachée")
    clinic = act.appointment(client, kind="clinic", at=_in(1), by=act.nurse, place="CLSC")
    court = act.appointment(client, kind="court", at=_in(1), by=act.nurse)
    assert set(client_appointments(client_access_for(act.nurse, client))) == {clinic, court}
    assert list(client_appointments(client_access_for(act.worker, client))) == [court]
    page = client_for(act.worker).get(
        reverse("coordination:appointments", kwargs={"client_id": client.pk})
    )
    assert "CLSC" not in page.content.decode()


def test_who_records_or_accompanies_a_clinic_appointment_sees_it(act: Act) -> None:
    client = act.enroll("Accompagne", "Clinique")
    clinic = act.appointment(
        client, kind="clinic", at=_in(1), by=act.nurse, accompanied_by=act.worker, place="CLSC"
    )
    assert list(client_appointments(client_access_for(act.worker, client))) == [clinic]


def test_a_partner_with_case_plan_consent_sees_a_court_date_not_a_clinic(act: Act) -> None:
    network = act.network
    client = act.enroll("Partagé", "Partenaire")
    act.appointment(client, kind="clinic", at=_in(1), by=act.nurse, place="CLSC")
    court = act.appointment(client, kind="court", at=_in(1))
    bob_page = reverse("coordination:appointments", kwargs={"client_id": client.pk})
    assert client_for(network.bob).get(bob_page).status_code == 404
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan", "clinical"],
        organizations=[network.refuge],
    )
    # Bob is no clinician: the clinical consent does not open a clinic appointment to him.
    assert list(client_appointments(client_access_for(network.bob, client))) == [court]
    page = client_for(network.bob).get(bob_page).content.decode()
    assert "Palais de justice" in page and "CLSC" not in page


def test_a_lock_box_hides_one_appointment(act: Act) -> None:
    network = act.network
    client = act.enroll("Boîte", "Verrouillée")
    first = act.appointment(client, kind="court", at=_in(1))
    second = act.appointment(client, kind="landlord", at=_in(2), place="Logement")
    share(client, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, client),
        organization=network.refuge,
        target=first,
    )
    assert list(client_appointments(client_access_for(network.bob, client))) == [second]


def test_appointment_screens_refuse_who_may_not_see_the_client(act: Act) -> None:
    client = act.enroll("Refus", "Écran")
    appointment = act.appointment(client, kind="court", at=_in(1))
    urls = [
        reverse("coordination:appointments", kwargs={"client_id": client.pk}),
        reverse("coordination:appointment_new", kwargs={"client_id": client.pk}),
        reverse("coordination:appointment_outcome", kwargs={"appointment_id": appointment.pk}),
    ]
    for url in urls:
        assert client_for(act.network.bob).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302
    follow = reverse(
        "coordination:appointment_follow_up", kwargs={"appointment_id": appointment.pk}
    )
    assert client_for(act.network.bob).post(follow).status_code == 404
    assert Appointment.objects.count() == 1


def test_the_client_file_shows_upcoming_appointments(act: Act) -> None:
    client = act.enroll("Fiche", "Client")
    act.appointment(client, kind="housing_viewing", at=_in(3), place="12 rue Principale")
    page = client_for(act.worker).get(
        reverse("clients:detail", kwargs={"client_id": client.pk}) + "?tab=care"
    )
    body = page.content.decode()
    assert 'id="appointments"' in body and "12 rue Principale" in body


# --- The worklist ---------------------------------------------------------------------


@pytest.fixture
def appointment_source() -> Iterator[None]:
    """The source in the worklist (the app registers it when it starts: added
    here only if it is not, and removed after only if added here)."""
    added = appointment_worklist_items not in worklist_module.EXTRA_SOURCES
    if added:
        worklist_module.EXTRA_SOURCES.append(appointment_worklist_items)
    yield
    if added:
        worklist_module.EXTRA_SOURCES.remove(appointment_worklist_items)


def test_the_worklist_shows_todays_and_tomorrows_appointments(
    act: Act, appointment_source: None
) -> None:
    client = act.enroll("Liste", "Tâches")
    act.appointment(client, kind="court", at=_in(1, 9, 30))
    act.appointment(client, kind="landlord", at=_in(0, 16), place="Propriétaire")
    act.appointment(client, kind="income", at=_in(2, 10), place="Trop loin")
    act.appointment(client, kind="clinic", at=_in(1, 11), by=act.nurse, place="CLSC")
    labels = sorted(w.label for w in worklist(act.worker) if w.kind == APPOINTMENT_ITEM)
    assert labels == [
        "Appointment today: landlord at 16:00.",
        "Appointment tomorrow: court date at 9:30.",
    ]
    nurse_labels = [w.label for w in worklist(act.nurse) if w.kind == APPOINTMENT_ITEM]
    assert "Appointment tomorrow: clinic or medical at 11:00." in nurse_labels


def test_the_worklist_source_reads_in_one_query(
    act: Act, django_assert_max_num_queries: Any
) -> None:
    clients = [act.enroll(f"Client{n}", f"Nom{n}") for n in range(6)]
    for client in clients:
        act.appointment(client, kind="court", at=_in(1, 9))
    from parcours.casework.models import Enrollment

    enrollments = list(Enrollment.objects.select_related("client").filter(program=act.program))
    with django_assert_max_num_queries(4):
        items = appointment_worklist_items(act.worker, enrollments, timezone.localdate())
    assert len(items) == 6
