"""The care team's rules: who may add, change and end a membership, the
dates and the one-worker-once-per-role rule, the audit rows and who is told."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours.access import client_access_for
from parcours.coordination.models import CareRole, CareTeamMember, Notification, NotificationKind
from parcours.coordination.services.care_team import (
    care_team_member_end,
    care_team_member_update,
)
from parcours.core.models import AuditAction, AuditEvent
from tests.coordination.care_team.conftest import Care, add_member, today
from tests.factories import UserFactory


def _inbox(user, kind=NotificationKind.CARE_TEAM_CHANGE):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_adding_a_worker_is_audited_and_tells_the_rest_of_the_care_team(care: Care):
    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse, contact="poste 204")
    assert member.organization_id == n.carrefour.pk and member.is_current
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(member.pk)).get()
    assert event.client_id == care.marie.pk and event.after["role"] == CareRole.NURSE
    # bob (Refuge, shelter enrollment, case plan shared) and the new member are told ...
    assert len(_inbox(n.bob)) == 1 and len(_inbox(n.nurse)) == 1
    notice = _inbox(n.bob)[0]
    assert notice.client_id == care.marie.pk and notice.detail == {
        "change": "added",
        "role": "nurse",
    }
    assert "Marie" not in str(notice.detail)
    # ... never the actor.
    assert _inbox(n.alice) == []


def test_an_outside_professional_is_added_by_name(care: Care):
    member = add_member(
        care.network.alice,
        care.marie,
        role=CareRole.FAMILY_DOCTOR,
        outside_name="  Dre Anne Lefebvre ",
        contact="613-555-0101",
    )
    assert member.worker is None and member.outside_name == "Dre Anne Lefebvre"


def test_a_partner_whose_case_plan_is_not_shared_is_not_told(care: Care):
    """hugo's organization sees only Marie's identity: enrolled or not, he is not told."""
    from parcours.casework import services as casework

    casework.enrollment_open(
        acting_user=care.hugo,
        client=care.marie,
        program=care.housing_program,
        start_date=today(),
        primary_worker=care.hugo,
    )
    add_member(care.network.alice, care.marie, worker=care.network.nurse)
    assert _inbox(care.hugo) == []
    assert len(_inbox(care.network.bob)) == 1


def test_the_same_worker_is_not_twice_in_the_same_role_while_current(care: Care):
    n = care.network
    add_member(n.alice, care.marie, worker=n.nurse)
    with pytest.raises(ValidationError) as exc:
        add_member(n.alice, care.marie, worker=n.nurse)
    assert "role" in exc.value.message_dict
    assert CareTeamMember.objects.count() == 1
    # Another role is fine; so is the same role once the first membership has ended.
    add_member(n.alice, care.marie, worker=n.nurse, role=CareRole.ADDICTION_WORKER)
    assert CareTeamMember.objects.count() == 2


def test_the_same_role_again_after_the_membership_ended(care: Care):
    n = care.network
    first = add_member(n.alice, care.marie, worker=n.nurse)
    care_team_member_end(
        acting_user=n.alice, client_access=client_access_for(n.alice, care.marie), member=first
    )
    again = add_member(n.alice, care.marie, worker=n.nurse, since=today())
    assert again.is_current


def test_an_outside_professional_is_not_twice_in_the_same_role(care: Care):
    n = care.network
    add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="Dr Smith")
    with pytest.raises(ValidationError):
        add_member(n.alice, care.marie, role=CareRole.FAMILY_DOCTOR, outside_name="dr smith")
    assert CareTeamMember.objects.count() == 1


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({}, "worker"),
        ({"outside_name": "Dr X", "worker": "nurse"}, "outside_name"),
        ({"outside_name": "Dr X", "role": "astronaut"}, "role"),
        ({"outside_name": "Dr X", "contact": "x" * 201}, "contact"),
        ({"outside_name": "Dr X", "since": "tomorrow"}, "since"),
        ({"worker": "bob"}, "worker"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(care: Care, kwargs, field):
    n = care.network
    people = {"nurse": n.nurse, "bob": n.bob}
    if "worker" in kwargs:
        kwargs["worker"] = people[kwargs["worker"]]
    if kwargs.get("since") == "tomorrow":
        kwargs["since"] = today() + dt.timedelta(days=1)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        add_member(n.alice, care.marie, **kwargs)
    assert field in exc.value.message_dict
    assert CareTeamMember.objects.count() == 0
    assert AuditEvent.objects.count() == before
    assert Notification.objects.count() == 0


def test_an_inactive_colleague_cannot_be_added(care: Care):
    gone = UserFactory(organization=care.network.carrefour, is_active=False)
    with pytest.raises(ValidationError):
        add_member(care.network.alice, care.marie, worker=gone)


def test_a_partner_with_identity_only_cannot_change_the_care_team(care: Care):
    with pytest.raises(ValidationError):
        add_member(care.hugo, care.marie, outside_name="Dr X")
    assert CareTeamMember.objects.count() == 0


def test_end_dates_are_in_order_and_not_in_the_future(care: Care):
    n = care.network
    with time_machine.travel(timezone.now(), tick=False):  # no midnight in between
        since = today() - dt.timedelta(days=14)
        member = add_member(n.alice, care.marie, worker=n.nurse, since=since)
        ca = client_access_for(n.alice, care.marie)
        for bad in (since - dt.timedelta(days=1), today() + dt.timedelta(days=1)):
            with pytest.raises(ValidationError) as exc:
                care_team_member_end(
                    acting_user=n.alice, client_access=ca, member=member, until=bad
                )
            assert "until" in exc.value.message_dict
        member.refresh_from_db()
        assert member.until is None
        ended = care_team_member_end(
            acting_user=n.alice, client_access=ca, member=member, until=since
        )
        assert ended.until == since and not ended.is_current
        with pytest.raises(ValidationError):
            care_team_member_end(acting_user=n.alice, client_access=ca, member=ended)
    assert sorted(x.detail["change"] for x in _inbox(n.bob)) == ["added", "ended"]


def test_ending_and_changing_are_audited(care: Care):
    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse)
    ca = client_access_for(n.alice, care.marie)
    care_team_member_update(
        acting_user=n.alice,
        client_access=ca,
        member=member,
        changes={"role": CareRole.ADDICTION_WORKER, "contact": "cell 613-555-0199"},
    )
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(member.pk)).get()
    assert event.before == {"role": "nurse", "contact": ""}
    assert event.after["role"] == "addiction_worker"
    member.refresh_from_db()
    care_team_member_end(acting_user=n.alice, client_access=ca, member=member)
    assert (
        AuditEvent.objects.filter(action=AuditAction.UPDATE, target_id=str(member.pk)).count() == 2
    )


def test_only_the_partner_that_added_a_member_changes_it(care: Care):
    n = care.network
    member = add_member(n.alice, care.marie, worker=n.nurse)
    with pytest.raises(ValidationError):
        care_team_member_update(
            acting_user=n.bob,
            client_access=client_access_for(n.bob, care.marie),
            member=member,
            changes={"contact": "x"},
        )
    with pytest.raises(ValidationError):
        care_team_member_end(
            acting_user=n.bob, client_access=client_access_for(n.bob, care.marie), member=member
        )
    member.refresh_from_db()
    assert member.contact == "" and member.is_current


def test_changing_into_a_role_the_worker_already_holds_is_refused(care: Care):
    n = care.network
    add_member(n.alice, care.marie, worker=n.nurse, role=CareRole.NURSE)
    other = add_member(n.alice, care.marie, worker=n.nurse, role=CareRole.ADDICTION_WORKER)
    with pytest.raises(ValidationError):
        care_team_member_update(
            acting_user=n.alice,
            client_access=client_access_for(n.alice, care.marie),
            member=other,
            changes={"role": CareRole.NURSE},
        )
