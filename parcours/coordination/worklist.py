"""What coordination adds to the casework worklist: discharge tasks due and
appointments tomorrow and today (``casework.worklist.EXTRA_SOURCES``)."""

from __future__ import annotations

from parcours.casework.worklist import EXTRA_SOURCES, WorklistSource
from parcours.coordination.selectors.appointments import appointment_worklist_items
from parcours.coordination.selectors.institutions import discharge_work_items

SOURCES: list[WorklistSource] = [discharge_work_items, appointment_worklist_items]


def register() -> None:
    """Add the sources once (``ready()`` may run more than once in tests)."""
    for source in SOURCES:
        if source not in EXTRA_SOURCES:
            EXTRA_SOURCES.append(source)
