"""Nights in another system's shelters, from its HMIS export.

An emergency-shelter (entry/exit, HUD project type 0) or safe-haven (8)
enrollment is a stay from its entry date to its exit date; a bed night
(a service of record type 200, in a night-by-night shelter) and a current
living situation "emergency shelter" (101) or "safe haven" (118) are one
night each. They become ``beds.ShelterHistory`` rows, which the by-name
list, the chronic status and the priority list count as homeless days from
the day of the import. Each row names the source record it came from, so a
later export of the same source replaces it rather than adding a second."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from parcours.beds.models import ShelterHistory
from parcours.core.bulk import bulk_insert
from parcours.interop.hmis.mapping import stay_destination

SHELTER_PROJECT_TYPES = frozenset({0, 8})
BED_NIGHT = 200
SHELTER_SITUATIONS = frozenset({101, 118})


class ShelterNights:
    """Collects the shelter history of one import, then writes it at once."""

    def __init__(self, source_id: uuid.UUID) -> None:
        self.prefix = f"hmis:{source_id}:"
        self.rows: dict[str, ShelterHistory] = {}
        self.dropped: set[str] = set()

    def reference(self, file: str, key: str) -> str:
        """The source record a row came from: ``hmis:<source>:<file>:<id>``."""
        return f"{self.prefix}{file}:{key}"

    def add(
        self,
        file: str,
        key: str,
        *,
        client_id: uuid.UUID,
        organization_id: uuid.UUID,
        place: str,
        first: dt.date,
        left: dt.date | None,
        destination_code: int | None = None,
    ) -> None:
        reference = self.reference(file, key)
        self.rows[reference] = ShelterHistory(
            client_id=client_id,
            organization_id=organization_id,
            place=place[:200],
            started_on=first,
            ended_on=max(left, first) if left is not None else None,
            destination=stay_destination(destination_code),
            reference=reference,
        )

    def night(
        self,
        file: str,
        key: str,
        *,
        client_id: uuid.UUID,
        organization_id: uuid.UUID,
        place: str,
        on: dt.date,
    ) -> None:
        self.add(
            file,
            key,
            client_id=client_id,
            organization_id=organization_id,
            place=place,
            first=on,
            left=on + dt.timedelta(days=1),
        )

    def close(self, file: str, key: str, *, left: dt.date, destination_code: int) -> None:
        """A stay imported before ends (its exit came in a later export)."""
        for history in ShelterHistory.objects.filter(reference=self.reference(file, key)):
            history.ended_on = max(left, history.started_on)
            history.destination = stay_destination(destination_code)
            history.save(update_fields=["ended_on", "destination", "updated_at"])

    def drop(self, file: str, key: str) -> None:
        """A source record that no longer says a night in a shelter."""
        self.dropped.add(self.reference(file, key))

    def write(self, batch_size: int) -> None:
        """Replace what earlier imports wrote for the same source records
        (and remove what dropped ones wrote)."""
        references = sorted(self.dropped | set(self.rows))
        for i in range(0, len(references), batch_size):
            ShelterHistory.objects.filter(reference__in=references[i : i + batch_size]).delete()
        bulk_insert(list(self.rows.values()), batch_size=batch_size)
        self.rows, self.dropped = {}, set()


def project_type(data: dict[str, Any]) -> int | None:
    """The project type a kept Project row says (None when it says nothing)."""
    value = str(data.get("ProjectType", "")).strip()
    return int(value) if value.isdigit() else None
