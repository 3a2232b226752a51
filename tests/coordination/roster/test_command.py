"""``parcours coverage_gaps``: the gaps of every program (or one) for the next days."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.coordination.roster.conftest import add, at

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 6, 1)


def run(*args: str) -> str:
    out = StringIO()
    call_command("coverage_gaps", *args, stdout=out)
    return out.getvalue()


def test_the_gaps_of_every_program_are_printed_by_day(roster):
    net = roster.net
    add(net.icm, net.alice, at(MONDAY, 8), at(MONDAY, 18), by=roster.lead)
    out = run("--start", MONDAY.isoformat(), "--days", "1")
    assert f"{net.icm.name} (Carrefour Centre-Ville) [{net.icm.pk}]: 1 gap(s)" in out
    assert "  2026-06-01 18:00–20:00" in out
    # ACT, around the clock: the whole day; CTI: office hours; the shelter: nothing.
    assert f"{roster.act.name} (Carrefour Centre-Ville) [{roster.act.pk}]: 1 gap(s)" in out
    assert "  2026-06-01 00:00–24:00" in out
    assert "  2026-06-01 09:00–17:00" in out
    assert (
        f"{net.shelter_program.name} (Refuge Saint-Laurent) [{net.shelter_program.pk}]: 0 gap(s)"
        in out
    )
    assert out.endswith("Coverage gaps from 2026-06-01 to 2026-06-01: 3 in 4 program(s).\n")


def test_one_program_for_14_days_by_default(roster):
    out = run("--program", str(roster.icm.pk), "--start", MONDAY.isoformat())
    assert out.count("  2026-06-") == 14 and roster.act.name not in out


@pytest.mark.parametrize(
    "args",
    [
        ("--days", "0"),
        ("--days", "32"),
        ("--start", "June"),
        ("--program", "x"),
        ("--program", "00000000-0000-0000-0000-000000000000"),
    ],
)
def test_bad_options_are_refused(roster, args):
    with pytest.raises(CommandError):
        run(*args)
