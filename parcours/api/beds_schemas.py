"""Schemas of the beds routes (``/beds/...``, ``/clients/{id}/stays``).

The output schemas read the models (and the selectors' dataclasses) as they
are, with ``resolve_*`` for what is one step away: the routes hand them
querysets whose relations are selected or prefetched, so that a list costs
the same number of queries whatever its length."""

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from parcours.api.client_schemas import OrganizationRef, StrictIn
from parcours.beds.models import (
    Destination,
    ExitReason,
    GenderRestriction,
    Hold,
    HoldStatus,
    Room,
    RoomBooking,
    Site,
    SiteKind,
    Stay,
    TurnawayReason,
)
from parcours.beds.selectors import Occupancy, RoomAvailability
from parcours.beds.services import DEFAULT_HOLD_HOURS, MAX_HOLD_HOURS


class BedOut(Schema):
    id: uuid.UUID
    label: str


class RoomOut(Schema):
    id: uuid.UUID
    name: str
    is_family_room: bool
    gender: GenderRestriction
    min_age: int | None
    max_age: int | None
    accessible: bool
    pets_allowed: bool
    beds: list[BedOut]

    @staticmethod
    def resolve_beds(obj: Room) -> Any:
        """The active beds, prefetched in ``active_beds`` by ``site_get_with_rooms``."""
        return obj.active_beds  # type: ignore[attr-defined]


class SiteOut(Schema):
    id: uuid.UUID
    name: str
    kind: SiteKind
    organization: OrganizationRef
    program_id: uuid.UUID
    address: str
    phone: str
    night_by_night: bool
    evening_intake_time: dt.time | None

    @staticmethod
    def resolve_organization(obj: Site) -> Any:
        return obj.program.organization


class SiteDetail(SiteOut):
    rooms: list[RoomOut]

    @staticmethod
    def resolve_rooms(obj: Site) -> Any:
        """The active rooms, prefetched in ``active_rooms`` by ``site_get_with_rooms``."""
        return obj.active_rooms  # type: ignore[attr-defined]


class RoomAvailabilityOut(Schema):
    id: uuid.UUID
    name: str
    is_family_room: bool
    gender: GenderRestriction
    min_age: int | None
    max_age: int | None
    accessible: bool
    pets_allowed: bool
    beds: int
    free: int
    free_bed_ids: list[uuid.UUID]
    family_room_free: bool

    # A ``RoomAvailability``: the room's own fields, and its counts.
    @staticmethod
    def resolve_id(obj: RoomAvailability) -> uuid.UUID:
        return obj.room.pk

    @staticmethod
    def resolve_name(obj: RoomAvailability) -> str:
        return obj.room.name

    @staticmethod
    def resolve_is_family_room(obj: RoomAvailability) -> bool:
        return obj.room.is_family_room

    @staticmethod
    def resolve_gender(obj: RoomAvailability) -> str:
        return obj.room.gender

    @staticmethod
    def resolve_min_age(obj: RoomAvailability) -> int | None:
        return obj.room.min_age

    @staticmethod
    def resolve_max_age(obj: RoomAvailability) -> int | None:
        return obj.room.max_age

    @staticmethod
    def resolve_accessible(obj: RoomAvailability) -> bool:
        return obj.room.accessible

    @staticmethod
    def resolve_pets_allowed(obj: RoomAvailability) -> bool:
        return obj.room.pets_allowed

    @staticmethod
    def resolve_beds(obj: RoomAvailability) -> int:
        return len(obj.beds)

    @staticmethod
    def resolve_free(obj: RoomAvailability) -> int:
        return obj.free_count

    @staticmethod
    def resolve_free_bed_ids(obj: RoomAvailability) -> list[uuid.UUID]:
        return [b.pk for b in obj.free_beds]


class SiteAvailabilityOut(Schema):
    site: SiteOut
    capacity: int
    free: int
    family_rooms: int
    free_family_rooms: int
    rooms: list[RoomAvailabilityOut]


class AvailabilityFilter(Schema):
    kind: SiteKind | None = None
    gender: str = Field("", description="woman, man or gender_diverse: rooms that take them")
    age: int | None = Field(None, ge=0, le=120)
    accessible: bool = False
    pets: bool = False
    family: bool = False


class ClientRef(Schema):
    id: uuid.UUID
    display_name: str


class HoldIn(StrictIn):
    client_id: uuid.UUID
    bed_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = Field(
        None, description="a family room, held as a whole for the client's household"
    )
    household_id: uuid.UUID | None = None
    hours: int | None = Field(
        None,
        ge=1,
        le=MAX_HOLD_HOURS,
        description=(
            "How long to hold; omitted: until the site's evening intake time "
            f"(or {DEFAULT_HOLD_HOURS} hours when the site has none)."
        ),
    )
    reason: str = Field("", max_length=300)


class HoldOut(Schema):
    id: uuid.UUID
    client: ClientRef
    site_id: uuid.UUID
    room_id: uuid.UUID
    bed_id: uuid.UUID | None
    household_id: uuid.UUID | None
    status: HoldStatus
    in_force: bool
    expires_at: dt.datetime
    reason: str
    placed_by_organization: OrganizationRef

    @staticmethod
    def resolve_site_id(obj: Hold) -> uuid.UUID:
        return obj.room.site_id

    @staticmethod
    def resolve_in_force(obj: Hold) -> bool:
        return obj.is_in_force()


class StayIn(StrictIn):
    bed_id: uuid.UUID
    client_id: uuid.UUID
    started_at: dt.datetime | None = None
    notes: str = Field("", max_length=2000)


class BookOutIn(StrictIn):
    exit_reason: ExitReason
    destination: Destination | None = None
    ended_at: dt.datetime | None = None
    notes: str = Field("", max_length=2000)


class StayOut(Schema):
    id: uuid.UUID
    client: ClientRef
    site_id: uuid.UUID
    site_kind: SiteKind
    room_id: uuid.UUID
    bed_id: uuid.UUID | None
    room_booking_id: uuid.UUID | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    exit_reason: str
    destination: str
    nights: int

    @staticmethod
    def resolve_site_kind(obj: Stay) -> str:
        return obj.site.kind

    @staticmethod
    def resolve_nights(obj: Stay) -> int:
        return obj.nights()


class RoomBookingIn(StrictIn):
    room_id: uuid.UUID
    household_id: uuid.UUID
    started_at: dt.datetime | None = None


class RoomBookingOut(Schema):
    id: uuid.UUID
    room_id: uuid.UUID
    household_id: uuid.UUID
    started_at: dt.datetime
    ended_at: dt.datetime | None
    stays: list[StayOut]

    @staticmethod
    def resolve_stays(obj: RoomBooking) -> Any:
        return obj.stays.select_related("client", "site").order_by("started_at")


class TurnawayIn(StrictIn):
    site_id: uuid.UUID
    reason: TurnawayReason
    detail: str = Field("", max_length=300)
    people: int = Field(1, ge=1, le=30)
    client_id: uuid.UUID | None = None
    occurred_at: dt.datetime | None = None


class TurnawayOut(Schema):
    id: uuid.UUID
    site_id: uuid.UUID
    occurred_at: dt.datetime
    reason: TurnawayReason
    detail: str
    people: int
    client: ClientRef | None


class RestrictionIn(StrictIn):
    site_id: uuid.UUID
    client_id: uuid.UUID
    starts_on: dt.date
    ends_on: dt.date | None = None
    reason: str = Field(..., max_length=300)


class RestrictionOut(Schema):
    id: uuid.UUID
    site_id: uuid.UUID
    client: ClientRef
    starts_on: dt.date
    ends_on: dt.date | None
    reason: str
    lifted_at: dt.datetime | None


class NightOut(Schema):
    night: dt.date
    people: int
    beds_occupied: int
    family_rooms_occupied: int
    capacity: int
    rate: int
    turned_away: int


class OccupancyOut(Schema):
    site_id: uuid.UUID
    start: dt.date
    end: dt.date
    nights: list[NightOut]
    stays_ended: int
    average_length: float | None
    median_length: float | None
    turnaways_by_reason: dict[str, int]

    @staticmethod
    def resolve_site_id(obj: Occupancy) -> uuid.UUID:
        return obj.site.pk


class OccupancyFilter(Schema):
    start: dt.date | None = None
    end: dt.date | None = None


class StreetContactIn(StrictIn):
    seen_on: dt.date
    place: str = Field("", max_length=200)


class StreetContactOut(Schema):
    id: uuid.UUID
    client_id: uuid.UUID
    seen_on: dt.date
    place: str


class ChronicStatusOut(Schema):
    client_id: uuid.UUID
    on: dt.date
    is_chronic: bool
    currently_homeless: bool
    days_past_year: int
    days_past_three_years: int
    episodes_past_three_years: int
    last_homeless_day: dt.date | None
    criterion: str
