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

from parcours.beds.models import Destination, ShelterHistory

SHELTER_PROJECT_TYPES = frozenset({0, 8})
BED_NIGHT = 200
SHELTER_SITUATIONS = frozenset({101, 118})


def destination(code: int | None) -> str:
    """Where a person went, in the words of the by-name list: a permanent
    destination (4xx) ends homelessness; the others say where they went."""
    if code is None:
        return ""
    if 400 <= code < 500:
        return Destination.PERMANENT_HOUSING
    return {
        101: Destination.OTHER_SHELTER,
        118: Destination.OTHER_SHELTER,
        116: Destination.STREET,
        204: Destination.TREATMENT,
        205: Destination.TREATMENT,
        206: Destination.HOSPITAL,
        207: Destination.CORRECTIONS,
        302: Destination.TRANSITIONAL,
        312: Destination.FAMILY_FRIENDS,
        313: Destination.FAMILY_FRIENDS,
        8: Destination.UNKNOWN,
        9: Destination.UNKNOWN,
        30: Destination.UNKNOWN,
        37: Destination.UNKNOWN,
        99: Destination.UNKNOWN,
    }.get(code, Destination.OTHER)


class ShelterNights:
    """Collects the shelter history of one import, then writes it at once."""

    def __init__(self, source_id: uuid.UUID) -> None:
        self.prefix = f"hmis:{source_id}:"
        self.rows: dict[str, ShelterHistory] = {}
        self.dropped: set[str] = set()

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
        reference = f"{self.prefix}{file}:{key}"
        self.rows[reference] = ShelterHistory(
            client_id=client_id,
            organization_id=organization_id,
            place=place[:200],
            started_on=first,
            ended_on=max(left, first) if left is not None else None,
            destination=destination(destination_code),
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
        for history in ShelterHistory.objects.filter(reference=f"{self.prefix}{file}:{key}"):
            history.ended_on = max(left, history.started_on)
            history.destination = destination(destination_code)
            history.save(update_fields=["ended_on", "destination", "updated_at"])

    def drop(self, file: str, key: str) -> None:
        """A source record that no longer says a night in a shelter."""
        self.dropped.add(f"{self.prefix}{file}:{key}")

    def write(self, batch_size: int) -> None:
        """Replace what earlier imports wrote for the same source records
        (and remove what dropped ones wrote)."""
        references = sorted(self.dropped | set(self.rows))
        for i in range(0, len(references), batch_size):
            ShelterHistory.objects.filter(reference__in=references[i : i + batch_size]).delete()
        ShelterHistory.objects.bulk_create(self.rows.values(), batch_size=batch_size)
        self.rows, self.dropped = {}, set()


def project_type(data: dict[str, Any]) -> int | None:
    """The project type a kept Project row says (None when it says nothing)."""
    value = str(data.get("ProjectType", "")).strip()
    return int(value) if value.isdigit() else None
