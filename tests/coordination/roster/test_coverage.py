"""The interval arithmetic of coverage gaps (``parcours.coordination.coverage``):
plain cases (night shifts across midnight, overlapping shifts, on call counting
or not, around the clock, the clock changing) and properties checked with
hypothesis."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from parcours.coordination import coverage
from parcours.coordination.coverage import CoverageRule
from parcours.coordination.models import CoverageStandard
from tests.coordination.roster.conftest import at

ICM = CoverageRule.of(CoverageStandard(**coverage.coverage_defaults("icm")))
ACT = CoverageRule.of(CoverageStandard(**coverage.coverage_defaults("act")))
CTI = CoverageRule.of(CoverageStandard(**coverage.coverage_defaults("cti")))
MONDAY = dt.date(2026, 6, 1)  # a Monday, far from a clock change
FALL_BACK = dt.date(2026, 11, 1)  # Toronto: 02:00 EDT becomes 01:00 EST
SPRING_FORWARD = dt.date(2027, 3, 14)  # Toronto: 02:00 EST becomes 03:00 EDT
H = dt.timedelta(hours=1)


def local(gaps):
    return [(g.day, g.starts_at.strftime("%H:%M"), g.ends_at.strftime("%H:%M")) for g in gaps]


def day_gaps(rule, start, days, shifts):
    return local(coverage.by_day(coverage.gaps(rule, start, days, shifts)))


# --- Plain cases --------------------------------------------------------------------


def test_nothing_on_the_roster_leaves_every_required_period_a_gap():
    assert day_gaps(ICM, MONDAY, 2, []) == [
        (MONDAY, "08:00", "20:00"),
        (MONDAY + dt.timedelta(days=1), "08:00", "20:00"),
    ]


def test_a_day_shift_covers_the_icm_day_and_leaves_the_evening_uncovered():
    shifts = [(at(MONDAY, 8), at(MONDAY, 16), False)]
    assert day_gaps(ICM, MONDAY, 1, shifts) == [(MONDAY, "16:00", "20:00")]


def test_overlapping_shifts_cover_their_union():
    shifts = [
        (at(MONDAY, 8), at(MONDAY, 14), False),
        (at(MONDAY, 12), at(MONDAY, 18), False),
        (at(MONDAY, 17), at(MONDAY, 20), False),
    ]
    assert day_gaps(ICM, MONDAY, 1, shifts) == []


def test_touching_shifts_leave_no_gap_between_them():
    shifts = [(at(MONDAY, 8), at(MONDAY, 14), False), (at(MONDAY, 14), at(MONDAY, 20), False)]
    assert day_gaps(ICM, MONDAY, 1, shifts) == []


def test_on_call_does_not_cover_icm_hours():
    shifts = [(at(MONDAY, 8), at(MONDAY, 20), True)]
    assert day_gaps(ICM, MONDAY, 1, shifts) == [(MONDAY, "08:00", "20:00")]


def test_on_call_covers_cti_office_hours_and_weekends_need_nothing():
    friday = MONDAY + dt.timedelta(days=4)
    shifts = [(at(friday, 9), at(friday, 17), True)]
    assert day_gaps(CTI, friday, 3, shifts) == []


def test_act_night_on_call_across_midnight_covers_the_night():
    tuesday = MONDAY + dt.timedelta(days=1)
    shifts = [
        (at(MONDAY, 0), at(MONDAY, 8), True),
        (at(MONDAY, 8), at(MONDAY, 20), False),
        (at(MONDAY, 20), at(tuesday, 8), True),
    ]
    assert day_gaps(ACT, MONDAY, 1, shifts) == []


def test_act_on_call_during_staffed_hours_is_a_gap():
    tuesday = MONDAY + dt.timedelta(days=1)
    shifts = [(at(MONDAY, 0), at(tuesday, 0), True)]
    assert day_gaps(ACT, MONDAY, 1, shifts) == [(MONDAY, "08:00", "20:00")]


def test_around_the_clock_without_on_call_needs_shifts_all_night():
    rule = CoverageRule(around_the_clock=True, on_call_counts=False)
    tuesday = MONDAY + dt.timedelta(days=1)
    shifts = [(at(MONDAY, 8), at(MONDAY, 20), False), (at(MONDAY, 20), at(tuesday, 8), True)]
    assert day_gaps(rule, MONDAY, 1, shifts) == [
        (MONDAY, "00:00", "08:00"),
        (MONDAY, "20:00", "00:00"),
    ]


def test_a_gap_across_midnight_is_cut_into_one_piece_per_day():
    rule = CoverageRule(around_the_clock=True)
    tuesday = MONDAY + dt.timedelta(days=1)
    shifts = [
        (at(MONDAY, 0), at(MONDAY, 20), False),
        (at(tuesday, 6), at(tuesday + dt.timedelta(days=1), 0), False),
    ]
    assert day_gaps(rule, MONDAY, 2, shifts) == [
        (MONDAY, "20:00", "00:00"),
        (tuesday, "00:00", "06:00"),
    ]


def test_shifts_outside_the_window_count_only_for_their_part_inside():
    rule = CoverageRule(around_the_clock=True)
    sunday = MONDAY - dt.timedelta(days=1)
    shifts = [(at(sunday, 20), at(MONDAY, 6), False)]
    assert day_gaps(rule, MONDAY, 1, shifts) == [(MONDAY, "06:00", "00:00")]


def test_an_empty_standard_requires_nothing():
    assert day_gaps(CoverageRule(), MONDAY, 14, []) == []


def test_the_weekdays_of_the_standard_are_the_ones_required():
    rule = CoverageRule(weekdays=frozenset({6}), start=dt.time(10), end=dt.time(12))
    saturday = MONDAY + dt.timedelta(days=5)
    assert day_gaps(rule, MONDAY, 7, []) == [(saturday, "10:00", "12:00")]


# --- The clock changes ----------------------------------------------------------------


def test_the_fall_back_night_lasts_25_hours_around_the_clock():
    rule = CoverageRule(around_the_clock=True)
    gaps = coverage.gaps(rule, FALL_BACK, 1, [])
    assert coverage.total(gaps) == 25 * H


def test_the_spring_forward_night_lasts_23_hours_around_the_clock():
    rule = CoverageRule(around_the_clock=True)
    assert coverage.total(coverage.gaps(rule, SPRING_FORWARD, 1, [])) == 23 * H


def test_act_covered_by_local_day_and_night_shifts_across_both_clock_changes():
    for first in (FALL_BACK - dt.timedelta(days=2), SPRING_FORWARD - dt.timedelta(days=2)):
        shifts = []
        for n in range(-1, 5):
            day = first + dt.timedelta(days=n)
            shifts.append((at(day, 8), at(day, 20), False))
            shifts.append((at(day, 20), at(day + dt.timedelta(days=1), 8), True))
        assert day_gaps(ACT, first, 4, shifts) == [], first


def test_icm_hours_stay_08_to_20_on_the_days_the_clock_changes():
    for day in (FALL_BACK, SPRING_FORWARD):
        gaps = coverage.by_day(coverage.gaps(ICM, day, 1, []))
        assert local(gaps) == [(day, "08:00", "20:00")]
        assert gaps[0].duration == 12 * H


def test_an_hour_the_clock_skips_is_not_a_real_local_time():
    assert not coverage.is_real_local_time(SPRING_FORWARD, dt.time(2, 30))
    assert coverage.is_real_local_time(SPRING_FORWARD, dt.time(3, 30))
    assert coverage.is_real_local_time(FALL_BACK, dt.time(1, 30))


# --- Properties -------------------------------------------------------------------------

BASE = at(MONDAY, 0)
spans = st.lists(
    st.tuples(st.integers(0, 4 * 24 * 4), st.integers(1, 24 * 4), st.booleans()), max_size=12
)
rules = st.sampled_from(
    [
        ICM,
        ACT,
        CTI,
        CoverageRule(around_the_clock=True),
        CoverageRule(around_the_clock=True, on_call_counts=True),
        CoverageRule(
            weekdays=frozenset({1, 3}), start=dt.time(7, 30), end=dt.time(23), on_call_counts=True
        ),
    ]
)


def _shifts(raw):
    quarter = dt.timedelta(minutes=15)
    return [(BASE + a * quarter, BASE + (a + n) * quarter, on_call) for a, n, on_call in raw]


@given(rule=rules, raw=spans)
def test_gaps_are_required_periods_no_shift_covers(rule, raw):
    shifts = _shifts(raw)
    needed = coverage.required(rule, MONDAY, 3)
    gaps = coverage.gaps(rule, MONDAY, 3, shifts)
    on_shift = [(a, b) for a, b, on_call in shifts if not on_call]
    assert coverage.subtract(gaps, needed) == []
    assert coverage.intersect(gaps, on_shift) == []
    if not rule.on_call_counts:
        on_call = [(a, b) for a, b, on_call in shifts if on_call]
        assert coverage.total(gaps) == coverage.total(coverage.subtract(needed, on_shift))
        assert coverage.intersect(gaps, coverage.subtract(on_call, on_shift)) == coverage.intersect(
            needed, coverage.subtract(on_call, on_shift)
        )


@given(rule=rules, raw=spans)
def test_more_shifts_never_make_more_gaps(rule, raw):
    shifts = _shifts(raw)
    fewer = coverage.gaps(rule, MONDAY, 3, shifts[1:])
    more = coverage.gaps(rule, MONDAY, 3, shifts)
    assert coverage.subtract(more, fewer) == []


@given(rule=rules, raw=spans)
def test_a_shift_over_the_whole_window_leaves_no_gap(rule, raw):
    first, last = coverage.window(MONDAY, 3)
    shifts = [*_shifts(raw), (first, last, False)]
    assert coverage.gaps(rule, MONDAY, 3, shifts) == []


@given(a=spans, b=spans)
def test_subtract_and_intersect_split_an_interval_set(a, b):
    left = [(x, y) for x, y, _ in _shifts(a)]
    right = [(x, y) for x, y, _ in _shifts(b)]
    merged = coverage.merge(left)
    assert all(x[1] < y[0] for x, y in itertools.pairwise(merged))
    outside, inside = coverage.subtract(left, right), coverage.intersect(left, right)
    assert coverage.intersect(outside, inside) == []
    assert coverage.total(outside) + coverage.total(inside) == coverage.total(left)
    assert coverage.merge(outside + inside) == merged


@given(rule=rules, raw=spans)
def test_the_pieces_by_day_add_up_to_the_gaps(rule, raw):
    gaps = coverage.gaps(rule, MONDAY, 3, _shifts(raw))
    pieces = coverage.by_day(gaps)
    assert sum((p.duration for p in pieces), dt.timedelta()) == coverage.total(gaps)
    assert all(p.starts_at.date() == p.day for p in pieces)
