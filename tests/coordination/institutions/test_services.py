"""Institution stays: the rules of admission, tasks, dates, discharge,
CTI from a discharge, reminders, and who sees a stay."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from parcours.access import client_access_for
from parcours.access.institutions import institution_stays_visible_to
from parcours.casework.models import Enrollment
from parcours.casework.services import StaleEdit, enrollment_open
from parcours.clients.services import lock_box_add
from parcours.coordination.models import (
    DischargeTask,
    DischargeTaskKind,
    InstitutionStay,
    Notification,
    NotificationKind,
)
from parcours.coordination.services.institutions import (
    discharge_reminders_send,
    discharge_task_done,
    institution_stay_admit,
    institution_stay_discharge,
    institution_stay_update,
)
from parcours.core.models import AuditEvent
from tests.coordination.institutions.conftest import Inst, admit, today


def _tasks(stay: InstitutionStay) -> dict[str, DischargeTask]:
    return {t.kind: t for t in DischargeTask.objects.filter(stay=stay)}


def _admit_kwargs(inst: Inst, **over: object) -> dict[str, object]:
    user = inst.network.alice_admin
    kwargs: dict[str, object] = {
        "acting_user": user,
        "client_access": client_access_for(user, inst.marie),
        "kind": "hospital",
        "institution": inst.network.hospital,
        "admitted_on": today(),
        "learned_from": "client",
    }
    kwargs.update(over)
    return kwargs


# --- Admission ---------------------------------------------------------------


def test_admission_makes_two_tasks_for_the_primary_worker(inst):
    stay = admit(inst, admitted_days_ago=2, expected_in_days=10)
    tasks = _tasks(stay)
    assert set(tasks) == {DischargeTaskKind.CONTACT_INSTITUTION, DischargeTaskKind.PLAN_DESTINATION}
    assert tasks[DischargeTaskKind.CONTACT_INSTITUTION].due_on == today() + dt.timedelta(days=1)
    assert tasks[DischargeTaskKind.PLAN_DESTINATION].due_on == today() + dt.timedelta(days=7)
    assert {t.assigned_to for t in tasks.values()} == {inst.alice}
    assert AuditEvent.objects.filter(target_id=str(stay.pk), action="record.create").exists()


def test_without_an_expected_date_the_destination_is_planned_a_week_after_admission(inst):
    stay = admit(inst, admitted_days_ago=2, expected_in_days=None)
    plan = _tasks(stay)[DischargeTaskKind.PLAN_DESTINATION]
    assert plan.due_on == stay.admitted_on + dt.timedelta(days=7)


def test_tasks_are_unassigned_when_the_client_has_no_primary_worker(inst):
    Enrollment.objects.filter(client=inst.marie).update(primary_worker=None)
    stay = admit(inst)
    assert all(t.assigned_to is None for t in _tasks(stay).values())


def test_a_second_open_stay_is_refused_and_nothing_is_written(inst):
    admit(inst)
    before = (InstitutionStay.objects.count(), DischargeTask.objects.count())
    with pytest.raises(ValidationError) as exc:
        admit(inst, kind="jail")
    assert "already has an open institution stay" in " ".join(exc.value.messages)
    assert (InstitutionStay.objects.count(), DischargeTask.objects.count()) == before


def test_admission_in_the_future_is_refused(inst):
    with pytest.raises(ValidationError) as exc:
        institution_stay_admit(**_admit_kwargs(inst, admitted_on=today() + dt.timedelta(days=1)))
    assert "admitted_on" in exc.value.message_dict
    assert not InstitutionStay.objects.exists()


def test_expected_discharge_before_admission_is_refused(inst):
    with pytest.raises(ValidationError) as exc:
        institution_stay_admit(
            **_admit_kwargs(inst, expected_discharge_on=today() - dt.timedelta(days=1))
        )
    assert "expected_discharge_on" in exc.value.message_dict


def test_the_institution_is_named(inst):
    with pytest.raises(ValidationError) as exc:
        institution_stay_admit(**_admit_kwargs(inst, institution=None))
    assert "institution_name" in exc.value.message_dict
    stay = institution_stay_admit(
        **_admit_kwargs(inst, institution=None, institution_name="Clinique du Nord")
    )
    assert stay.place == "Clinique du Nord"


def test_a_partner_organization_is_not_an_institution(inst):
    with pytest.raises(ValidationError) as exc:
        institution_stay_admit(**_admit_kwargs(inst, institution=inst.network.refuge))
    assert "institution" in exc.value.message_dict


def test_admission_notifies_the_workers_but_not_the_actor(inst):
    stay = admit(inst, by=inst.network.alice_admin)
    notes = Notification.objects.filter(kind=NotificationKind.INSTITUTION_ADMISSION)
    assert [n.recipient for n in notes] == [inst.alice]
    note = notes.get()
    assert note.subject_id == str(stay.pk)
    assert "Côté" not in str(note.detail) and "Marie" not in str(note.detail)
    discharge = institution_stay_discharge(
        acting_user=inst.alice,
        client_access=client_access_for(inst.alice, inst.marie),
        stay=stay,
        discharged_on=today(),
        destination="own_unit",
    )
    assert discharge.discharged_on == today()
    assert not Notification.objects.filter(kind=NotificationKind.INSTITUTION_DISCHARGE).exists()


def test_a_partner_with_the_case_plan_records_and_the_hub_worker_is_told(inst):
    admit(inst, by=inst.bob)
    assert Notification.objects.filter(
        kind=NotificationKind.INSTITUTION_ADMISSION, recipient=inst.alice
    ).exists()


def test_a_partner_with_identity_only_may_not_record_a_stay(inst):
    with pytest.raises(PermissionDenied):
        admit(inst, by=inst.ida)
    assert not InstitutionStay.objects.exists()


# --- Update ------------------------------------------------------------------


def test_moving_the_expected_date_moves_the_plan_task(inst):
    stay = admit(inst, expected_in_days=10)
    new_date = today() + dt.timedelta(days=20)
    institution_stay_update(
        acting_user=inst.alice,
        client_access=client_access_for(inst.alice, inst.marie),
        stay=stay,
        expected_version=stay.version,
        expected_discharge_on=new_date,
        contact="Poste 4321",
        note="",
    )
    stay.refresh_from_db()
    assert stay.version == 2 and stay.contact == "Poste 4321"
    assert _tasks(stay)[DischargeTaskKind.PLAN_DESTINATION].due_on == new_date - dt.timedelta(
        days=3
    )


def test_a_stale_update_is_refused(inst):
    stay = admit(inst)
    kwargs = {
        "acting_user": inst.alice,
        "client_access": client_access_for(inst.alice, inst.marie),
        "stay": stay,
        "expected_version": stay.version,
        "expected_discharge_on": None,
        "contact": "",
        "note": "",
    }
    institution_stay_update(**kwargs)
    with pytest.raises(StaleEdit):
        institution_stay_update(**{**kwargs, "contact": "Autre"})
    stay.refresh_from_db()
    assert stay.contact == ""


def test_done_tasks_do_not_move(inst):
    stay = admit(inst, expected_in_days=10)
    plan = _tasks(stay)[DischargeTaskKind.PLAN_DESTINATION]
    discharge_task_done(
        acting_user=inst.alice, client_access=client_access_for(inst.alice, inst.marie), task=plan
    )
    institution_stay_update(
        acting_user=inst.alice,
        client_access=client_access_for(inst.alice, inst.marie),
        stay=stay,
        expected_version=stay.version,
        expected_discharge_on=today() + dt.timedelta(days=30),
        contact="",
        note="",
    )
    plan.refresh_from_db()
    assert plan.due_on == today() + dt.timedelta(days=7)
    assert plan.done_by == inst.alice


# --- Discharge ---------------------------------------------------------------


def _discharge(inst: Inst, stay: InstitutionStay, **over: object) -> InstitutionStay:
    user = over.pop("by", inst.network.alice_admin)
    kwargs = {
        "acting_user": user,
        "client_access": client_access_for(user, inst.marie),  # type: ignore[arg-type]
        "stay": stay,
        "discharged_on": today(),
        "destination": "shelter",
        **over,
    }
    return institution_stay_discharge(**kwargs)  # type: ignore[arg-type]


def test_discharge_to_a_shelter_notifies_and_asks_to_find_a_destination(inst):
    stay = admit(inst)
    _discharge(inst, stay, destination="shelter")
    stay.refresh_from_db()
    assert stay.discharged_on == today() and stay.destination == "shelter"
    assert Notification.objects.filter(
        kind=NotificationKind.INSTITUTION_DISCHARGE, recipient=inst.alice
    ).exists()
    find = _tasks(stay)[DischargeTaskKind.FIND_DESTINATION]
    assert find.due_on == today() + dt.timedelta(days=1) and find.assigned_to == inst.alice


def test_discharge_to_own_unit_needs_no_destination_task(inst):
    stay = admit(inst)
    _discharge(inst, stay, destination="own_unit")
    assert DischargeTaskKind.FIND_DESTINATION not in _tasks(stay)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"destination": ""}, "destination"),
        ({"discharged_on": "future"}, "discharged_on"),
        ({"discharged_on": "before"}, "discharged_on"),
    ],
)
def test_bad_discharges_are_refused(inst, over, field):
    stay = admit(inst, admitted_days_ago=2)
    if over.get("discharged_on") == "future":
        over = {"discharged_on": today() + dt.timedelta(days=1)}
    elif over.get("discharged_on") == "before":
        over = {"discharged_on": today() - dt.timedelta(days=5)}
    with pytest.raises(ValidationError) as exc:
        _discharge(inst, stay, **over)
    assert field in exc.value.message_dict
    stay.refresh_from_db()
    assert stay.is_open


def test_a_discharged_stay_cannot_be_discharged_again(inst):
    stay = admit(inst)
    _discharge(inst, stay)
    with pytest.raises(ValidationError):
        _discharge(inst, stay)


def test_a_cti_enrollment_starts_from_the_discharge(inst):
    stay = admit(inst, admitted_days_ago=5)
    _discharge(
        inst,
        stay,
        by=inst.alice,
        discharged_on=today() - dt.timedelta(days=1),
        cti_program=inst.cti,
        cti_primary_worker=inst.alice,
    )
    enrollment = Enrollment.objects.get(client=inst.marie, program=inst.cti)
    assert enrollment.start_date == today() - dt.timedelta(days=1)
    assert enrollment.primary_worker == inst.alice


def test_a_refused_cti_enrollment_leaves_the_stay_open(inst):
    enrollment_open(acting_user=inst.alice, client=inst.marie, program=inst.cti, start_date=today())
    stay = admit(inst)
    with pytest.raises(ValidationError) as exc:
        _discharge(inst, stay, by=inst.alice, cti_program=inst.cti)
    assert "cti_program" in exc.value.message_dict
    stay.refresh_from_db()
    assert stay.is_open
    assert not Notification.objects.filter(kind=NotificationKind.INSTITUTION_DISCHARGE).exists()
    assert DischargeTaskKind.FIND_DESTINATION not in _tasks(stay)


def test_a_cti_program_of_another_organization_is_refused(inst):
    stay = admit(inst)
    other = inst.network.shelter_program
    with pytest.raises(ValidationError) as exc:
        _discharge(inst, stay, by=inst.alice, cti_program=other)
    assert "cti_program" in exc.value.message_dict


# --- Reminders ---------------------------------------------------------------


def test_the_reminder_notifies_once_per_overdue_stay(inst, clock):
    stay = admit(inst, admitted_days_ago=5, expected_in_days=1)
    assert discharge_reminders_send().stays == 0
    clock.shift(dt.timedelta(days=2))
    out = StringIO()
    call_command("discharge_reminders", stdout=out)
    call_command("discharge_reminders", stdout=out)
    overdue = Notification.objects.filter(kind=NotificationKind.DISCHARGE_OVERDUE)
    assert [n.recipient for n in overdue] == [inst.alice]
    assert overdue.get().subject_id == str(stay.pk)
    assert "1 overdue stays" in out.getvalue() and "0 overdue stays" in out.getvalue()
    assert DischargeTaskKind.CONFIRM_DISCHARGE in _tasks(stay)


def test_the_reminder_skips_discharged_stays_and_stays_without_a_date(inst, clock):
    stay = admit(inst, admitted_days_ago=5, expected_in_days=1)
    _discharge(inst, stay, destination="own_unit")
    admit(inst, admitted_days_ago=0, expected_in_days=None)
    clock.shift(dt.timedelta(days=3))
    assert discharge_reminders_send().stays == 0


# --- Who sees a stay -----------------------------------------------------------


def test_visibility_follows_the_case_plan(inst):
    stay = admit(inst)
    assert stay in institution_stays_visible_to(inst.alice)
    assert stay in institution_stays_visible_to(inst.bob)
    assert stay not in institution_stays_visible_to(inst.ida)
    assert stay not in institution_stays_visible_to(inst.nora)


def test_a_lock_box_hides_one_stay_from_a_partner(inst):
    stay = admit(inst)
    lock_box_add(
        acting_user=inst.alice,
        client_access=client_access_for(inst.alice, inst.marie),
        organization=inst.network.refuge,
        target=stay,
        reason="Demande de la cliente",
    )
    assert stay not in institution_stays_visible_to(inst.bob)
    assert stay in institution_stays_visible_to(inst.alice)
