"""First contact, in one place: the date the network first served a person.

The earliest of the person's visits, stays (book-in), street contacts,
encounters, assessments, tenancies, program enrollments and referrals sent
for them, over all their records (merged and linked records are one person).
Never ``Client.created_at``, which is when a row was written (an import or
the demo writes hundreds of rows the same day)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from parcours.reports.events import first_contact_days, housing_steps
from parcours.reports.people import person_keys


def first_contacts(
    person_of: dict[uuid.UUID, uuid.UUID] | None = None,
    only: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, dt.date]:
    """Person key → date of first contact, for every person served at least
    once (persons with no recorded service are absent); from the records
    ``only`` when given (pass every record of the persons wanted). Eleven queries."""
    mapping = person_of if person_of is not None else person_keys()
    steps = housing_steps(mapping, only)
    days = first_contact_days(mapping, steps, only)
    return {person: dt.date.fromordinal(day) for person, day in days.items()}
