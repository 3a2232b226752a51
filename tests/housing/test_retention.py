"""Retention at 6 and 12 months on hand-made fixtures with known answers."""

from __future__ import annotations

import datetime as dt

from parcours.housing.retention import Span, add_months, retention

D = dt.date
TODAY = D(2026, 12, 1)


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 8, 15), 6) == D(2027, 2, 15)
    assert add_months(D(2025, 12, 1), 12) == D(2026, 12, 1)


SPANS = [
    # a: housed 2025-01-01, still housed → retained at 6 and 12.
    Span("a", D(2025, 1, 1), None),
    # b: 2025-01-01 → 2025-05-01 (4 months) → not retained at 6 nor 12.
    Span("b", D(2025, 1, 1), D(2025, 5, 1)),
    # c: a 20-day gap between two tenancies (allowed), housed to 2026-03-01:
    #    retained at 6 and 12.
    Span("c", D(2025, 2, 1), D(2025, 6, 1)),
    Span("c", D(2025, 6, 21), D(2026, 3, 1)),
    # d: a 45-day gap (too long) after 5 months: not retained.
    Span("d", D(2025, 3, 1), D(2025, 8, 1)),
    Span("d", D(2025, 9, 15), None),
    # e: housed 2026-03-01, still housed: counted at 6 (due 2026-09-01), not at 12.
    Span("e", D(2026, 3, 1), None),
    # f: housed 2026-08-01: counted at neither (6 months due 2027-02-01).
    Span("f", D(2026, 8, 1), None),
    # g: housed 2025-06-01 → ended 2025-12-15: retained at 6 (due 2025-12-01), not at 12.
    Span("g", D(2025, 6, 1), D(2025, 12, 15)),
]


def test_retention_at_6_months():
    result = retention(SPANS, 6, TODAY)
    # counted: a b c d e g (f not yet); retained: a c e g
    assert (result.counted, result.retained) == (6, 4)
    assert result.percent == 67


def test_retention_at_12_months():
    result = retention(SPANS, 12, TODAY)
    # counted: a b c d g (e and f not yet); retained: a c
    assert (result.counted, result.retained) == (5, 2)
    assert result.percent == 40


def test_nobody_counted_has_no_rate():
    assert retention([Span("f", D(2026, 8, 1), None)], 6, TODAY).rate is None
