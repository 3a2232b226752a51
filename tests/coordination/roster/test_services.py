"""Writing the roster: shifts (validation, weekly repeats all or nothing, the
clock changing), their removal, the coverage standard; each write audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours.coordination.models import CoverageStandard, Shift
from parcours.coordination.selectors import roster as selectors
from parcours.coordination.services import roster as services
from parcours.core.models import AuditAction, AuditEvent
from tests.coordination.roster.conftest import add, at, next_weekday
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=3)


def test_a_lead_adds_a_shift_and_it_is_audited(roster, day):
    net = roster.net
    [shift] = add(
        net.icm, net.alice, at(day, 8), at(day, 20), by=roster.lead, phone=" 613-555-0101 "
    )
    assert shift.recorded_by == roster.lead and shift.phone == "613-555-0101"
    event = AuditEvent.objects.filter(target_id=str(shift.pk)).get()
    assert event.action == AuditAction.CREATE


def test_a_member_who_is_not_a_lead_may_not_change_the_roster(roster, day):
    net = roster.net
    with pytest.raises(ValidationError, match="coordinator or a lead"):
        add(net.icm, net.alice, at(day, 8), at(day, 20), by=net.alice)
    assert not Shift.objects.exists()


def test_the_org_admin_and_the_coordinator_may_change_the_roster(roster, day):
    net = roster.net
    add(net.icm, net.alice, at(day, 8), at(day, 12), by=net.alice_admin)
    add(net.icm, net.nurse, at(day, 8), at(day, 12), by=roster.coordinator)
    assert Shift.objects.count() == 2


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ((8, 0), (8, 0), "ends_at", "must end after it starts"),
        ((20, 0), (8, 0), "ends_at", "must end after it starts"),
        ((8, 0), None, "ends_at", "at most 24 hours"),
    ],
)
def test_a_shift_ends_after_it_starts_and_lasts_at_most_24_hours(
    roster, day, start, end, field, message
):
    net = roster.net
    starts_at = at(day, *start)
    ends_at = at(day, *end) if end else starts_at + dt.timedelta(hours=24, minutes=1)
    with pytest.raises(ValidationError) as exc:
        add(net.icm, net.alice, starts_at, ends_at, by=roster.lead)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Shift.objects.exists()


def test_a_24_hour_shift_across_midnight_is_fine(roster, day):
    net = roster.net
    add(net.icm, net.alice, at(day, 20), at(day + dt.timedelta(days=1), 20), by=roster.lead)
    assert Shift.objects.count() == 1


def test_the_worker_must_belong_to_the_program_or_one_of_its_teams(roster, day):
    net = roster.net
    for outsider in (roster.stranger, net.bob, UserFactory(organization=net.carrefour)):
        with pytest.raises(ValidationError) as exc:
            add(net.icm, outsider, at(day, 8), at(day, 12), by=roster.lead)
        assert "member of the program" in exc.value.message_dict["worker"][0]
    # A member of one of the program's teams only (the lead) is fine.
    add(net.icm, roster.lead, at(day, 8), at(day, 12), by=roster.coordinator)
    assert Shift.objects.count() == 1


def test_a_worker_cannot_be_on_the_roster_twice_at_the_same_time(roster, day):
    net = roster.net
    add(net.icm, net.alice, at(day, 8), at(day, 16), by=roster.lead)
    with pytest.raises(ValidationError) as exc:
        add(net.icm, net.alice, at(day, 15), at(day, 20), by=roster.lead, on_call=True)
    assert "Alice Tremblay is already on the roster" in exc.value.message_dict["starts_at"][0]
    # Back to back is fine, and another worker at the same time too.
    add(net.icm, net.alice, at(day, 16), at(day, 20), by=roster.lead)
    add(net.icm, net.nurse, at(day, 8), at(day, 16), by=roster.lead)
    assert Shift.objects.count() == 3


def test_a_weekly_repeat_adds_every_week_or_none(roster, day):
    net = roster.net
    add(
        net.icm,
        net.alice,
        at(day + dt.timedelta(days=21), 10),
        at(day + dt.timedelta(days=21), 11),
        by=roster.lead,
    )
    with pytest.raises(ValidationError, match="already on the roster"):
        add(net.icm, net.alice, at(day, 8), at(day, 20), by=roster.lead, weeks=4)
    assert Shift.objects.count() == 1
    shifts = add(net.icm, net.alice, at(day, 8), at(day, 20), by=roster.lead, weeks=3)
    assert [timezone.localtime(s.starts_at) for s in shifts] == [
        at(day + dt.timedelta(days=7 * n), 8) for n in range(3)
    ]


def test_a_weekly_repeat_keeps_the_hours_across_the_clock_change(roster):
    net = roster.net
    with time_machine.travel(at(dt.date(2026, 10, 20), 12), tick=False):
        saturday = next_weekday(dt.date(2026, 10, 24), 6)
        shifts = add(
            net.icm,
            net.alice,
            at(saturday, 20),
            at(saturday + dt.timedelta(days=1), 8),
            by=roster.lead,
            weeks=2,
        )
    first, second = shifts
    assert (
        timezone.localtime(second.starts_at).hour == 20
        and timezone.localtime(second.ends_at).hour == 8
    )
    # The night of 31 October to 1 November is an hour longer.
    assert second.ends_at - second.starts_at == dt.timedelta(hours=13)
    assert first.ends_at - first.starts_at == dt.timedelta(hours=12)


@pytest.mark.parametrize("weeks", [0, 13])
def test_repeats_are_for_1_to_12_weeks(roster, day, weeks):
    with pytest.raises(ValidationError, match="1 to 12 weeks"):
        add(roster.icm, roster.net.alice, at(day, 8), at(day, 9), by=roster.lead, weeks=weeks)


def test_an_hour_the_clock_skips_is_refused():
    with pytest.raises(ValidationError) as exc:
        services.shift_times(dt.date(2027, 3, 14), dt.time(2, 30), dt.time(8))
    assert "does not exist" in exc.value.message_dict["start_time"][0]


def test_a_night_shift_ends_the_next_day():
    starts, ends = services.shift_times(dt.date(2026, 6, 1), dt.time(20), dt.time(8))
    assert ends - starts == dt.timedelta(hours=12)
    assert timezone.localtime(ends).date() == dt.date(2026, 6, 2)


def test_removing_a_shift_is_audited_and_a_past_shift_stays(roster, day):
    net = roster.net
    [shift] = add(net.icm, net.alice, at(day, 8), at(day, 12), by=roster.lead)
    with pytest.raises(ValidationError, match="coordinator or a lead"):
        services.shift_remove(acting_user=net.alice, shift=shift)
    services.shift_remove(acting_user=roster.lead, shift=Shift.objects.get())
    assert not Shift.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, detail__removed=True).count() == 1
    [old] = add(net.icm, net.alice, at(day, 8), at(day, 12), by=roster.lead)
    with (
        time_machine.travel(at(day, 13), tick=False),
        pytest.raises(ValidationError, match="is over"),
    ):
        services.shift_remove(acting_user=roster.lead, shift=old)
    assert Shift.objects.count() == 1


def test_the_standard_defaults_follow_the_program_model(roster):
    icm = selectors.coverage_standard_for(roster.icm)
    act = selectors.coverage_standard_for(roster.act)
    cti = selectors.coverage_standard_for(roster.cti)
    assert icm.pk is not None and icm._state.adding  # not saved
    assert (icm.weekdays, icm.start_time, icm.end_time, icm.on_call_counts) == (
        [1, 2, 3, 4, 5, 6, 7],
        dt.time(8),
        dt.time(20),
        False,
    )
    assert act.around_the_clock and act.on_call_counts and act.start_time == dt.time(8)
    assert cti.weekdays == [1, 2, 3, 4, 5] and cti.start_time == dt.time(9) and cti.on_call_counts
    assert not CoverageStandard.objects.exists()


def test_the_coordinator_sets_the_standard_and_it_is_audited(roster):
    standard = services.coverage_standard_update(
        acting_user=roster.coordinator,
        program=roster.icm,
        around_the_clock=False,
        weekdays=[6, 7, 6],
        start_time=dt.time(10),
        end_time=dt.time(18),
        on_call_counts=True,
    )
    assert standard.weekdays == [6, 7]
    assert selectors.coverage_standard_for(
        type(roster.icm).objects.get(pk=roster.icm.pk)
    ).start_time == dt.time(10)
    assert AuditEvent.objects.filter(target_id=str(standard.pk), action=AuditAction.UPDATE).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekdays": [0, 8]}, "weekdays"),
        ({"weekdays": []}, "weekdays"),
        ({"start_time": None, "end_time": None}, "start_time"),
        ({"end_time": None}, "end_time"),
        ({"start_time": dt.time(20), "end_time": dt.time(8)}, "end_time"),
    ],
)
def test_a_standard_that_cannot_be_measured_is_refused(roster, changes, field):
    values = {
        "around_the_clock": False,
        "weekdays": [1, 2],
        "start_time": dt.time(8),
        "end_time": dt.time(20),
        "on_call_counts": False,
    } | changes
    with pytest.raises(ValidationError) as exc:
        services.coverage_standard_update(
            acting_user=roster.coordinator, program=roster.icm, **values
        )
    assert field in exc.value.message_dict
    assert not CoverageStandard.objects.exists()


def test_only_coordinators_and_administrators_set_the_standard(roster):
    values = {
        "around_the_clock": True,
        "weekdays": [],
        "start_time": None,
        "end_time": None,
        "on_call_counts": True,
    }
    for user in (roster.lead, roster.net.alice, roster.stranger):
        with pytest.raises(ValidationError, match="Only a coordinator"):
            services.coverage_standard_update(acting_user=user, program=roster.icm, **values)
    services.coverage_standard_update(
        acting_user=roster.net.alice_admin, program=roster.icm, **values
    )
    assert CoverageStandard.objects.get().around_the_clock
