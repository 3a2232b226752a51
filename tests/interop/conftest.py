from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from parcours.interop.hmis.sample import Tables, sample_tables, write_export

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 14, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


@pytest.fixture
def tables(frozen_today: dt.date) -> Tables:
    return sample_tables(people=12, seed=7, today=frozen_today)


@pytest.fixture
def export_dir(tmp_path: Path, tables: Tables) -> Path:
    return write_export(tmp_path / "export", tables)
