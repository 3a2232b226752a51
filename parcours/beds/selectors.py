"""Reads of the beds app, always through the access policy.

Availability (sites, rooms, free beds, counts) carries no client data and is
for every partner's staff. The site board, stays, holds, turnaways and
restrictions name clients and are for the site's own staff (and, for a
client's stays, partners the client shares housing with)."""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.accounts.models import User
from parcours.beds.homelessness import ChronicStatus, chronic_status
from parcours.beds.models import (
    Bed,
    GenderRestriction,
    Hold,
    HoldStatus,
    Room,
    RoomBooking,
    ServiceRestriction,
    ShelterHistory,
    Site,
    Stay,
    StreetContact,
    Turnaway,
    TurnawayReason,
)
from parcours.clients.models import DataCategory
from parcours.core.text import natural_key
from parcours.households.models import Household
from parcours.households.selectors import client_current_membership

# The person a bed is sought for, and the rooms that take them.
GENDER_FILTERS: dict[str, tuple[str, ...]] = {
    "woman": (
        GenderRestriction.ANY,
        GenderRestriction.WOMEN,
        GenderRestriction.WOMEN_GENDER_DIVERSE,
    ),
    "man": (GenderRestriction.ANY, GenderRestriction.MEN),
    "gender_diverse": (GenderRestriction.ANY, GenderRestriction.WOMEN_GENDER_DIVERSE),
}


@dataclass
class RoomAvailability:
    room: Room
    beds: list[Bed] = field(default_factory=list)
    free_beds: list[Bed] = field(default_factory=list)
    booked: bool = False
    held: bool = False

    @property
    def family_room_free(self) -> bool:
        return self.room.is_family_room and not self.booked and not self.held

    @property
    def free_count(self) -> int:
        if self.room.is_family_room:
            return len(self.beds) if self.family_room_free else 0
        return len(self.free_beds)


@dataclass
class SiteAvailability:
    site: Site
    rooms: list[RoomAvailability] = field(default_factory=list)

    @property
    def capacity(self) -> int:
        return sum(len(r.beds) for r in self.rooms)

    @property
    def free(self) -> int:
        return sum(r.free_count for r in self.rooms)

    @property
    def family_rooms(self) -> int:
        return sum(1 for r in self.rooms if r.room.is_family_room)

    @property
    def free_family_rooms(self) -> int:
        return sum(1 for r in self.rooms if r.family_room_free)


def _in_force_holds(now: dt.datetime) -> QuerySet[Hold]:
    return Hold.objects.filter(status=HoldStatus.ACTIVE, expires_at__gt=now)


def site_get(user: User, site_id: uuid.UUID | str) -> Site:
    try:
        return (
            access.bed_sites_visible_to(user)
            .select_related("program__organization")
            .get(pk=site_id, is_active=True)
        )
    except (Site.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def sites_visible(user: User) -> QuerySet[Site]:
    """Every active site the user may see (availability), by name."""
    return (
        access.bed_sites_visible_to(user)
        .filter(is_active=True)
        .select_related("program__organization")
        .order_by("name")
    )


def site_get_with_rooms(user: User, site_id: uuid.UUID | str) -> Site:
    """A site with its active rooms (``active_rooms``) and their active beds
    (``active_beds``): three queries. 404 when the user may not see it."""
    beds = Bed.objects.filter(is_active=True)
    rooms = (
        Room.objects.filter(is_active=True)
        .order_by("sort_order", "name")
        .prefetch_related(Prefetch("beds", queryset=beds, to_attr="active_beds"))
    )
    try:
        site = (
            sites_visible(user)
            .prefetch_related(Prefetch("rooms", queryset=rooms, to_attr="active_rooms"))
            .get(pk=site_id)
        )
    except (Site.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    for room in site.active_rooms:
        room.active_beds.sort(key=lambda bed: natural_key(bed.label))
    return site


def sites_run_by(user: User) -> QuerySet[Site]:
    return (
        access.bed_sites_run_by(user)
        .filter(is_active=True)
        .select_related("program__organization")
        .order_by("name")
    )


def availability(
    user: User,
    *,
    kind: str = "",
    gender: str = "",
    age: int | None = None,
    accessible: bool = False,
    pets: bool = False,
    family: bool = False,
    site_id: uuid.UUID | None = None,
) -> list[SiteAvailability]:
    """Every active site the user may see with its rooms and free beds now,
    restricted to the rooms that fit the person. Two queries."""
    now = timezone.now()
    rooms = Room.objects.filter(
        is_active=True, site__in=access.bed_sites_visible_to(user).filter(is_active=True)
    )
    if kind:
        rooms = rooms.filter(site__kind=kind)
    if gender in GENDER_FILTERS:
        rooms = rooms.filter(gender__in=GENDER_FILTERS[gender])
    if age is not None:
        rooms = rooms.filter(Q(min_age__isnull=True) | Q(min_age__lte=age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )
    if accessible:
        rooms = rooms.filter(accessible=True)
    if pets:
        rooms = rooms.filter(pets_allowed=True)
    if family:
        rooms = rooms.filter(is_family_room=True)
    if site_id is not None:
        rooms = rooms.filter(site_id=site_id)
    rooms = rooms.annotate(
        booked=Exists(RoomBooking.objects.filter(room=OuterRef("pk"), ended_at__isnull=True)),
        held=Exists(_in_force_holds(now).filter(room=OuterRef("pk"), bed__isnull=True)),
    ).select_related("site__program__organization")
    by_site: dict[uuid.UUID, SiteAvailability] = {}
    by_room: dict[uuid.UUID, RoomAvailability] = {}
    for room in rooms.order_by("site__name", "sort_order", "name"):
        site_av = by_site.setdefault(room.site_id, SiteAvailability(site=room.site))
        room_av = RoomAvailability(room=room, booked=room.booked, held=room.held)
        site_av.rooms.append(room_av)
        by_room[room.pk] = room_av
    beds = Bed.objects.filter(room_id__in=list(by_room), is_active=True).annotate(
        occupied=Exists(Stay.objects.filter(bed=OuterRef("pk"), ended_at__isnull=True)),
        held=Exists(_in_force_holds(now).filter(bed=OuterRef("pk"))),
    )
    for bed in sorted(beds, key=lambda bed: natural_key(bed.label)):
        room_av = by_room[bed.room_id]
        bed.room = room_av.room
        room_av.beds.append(bed)
        if not bed.occupied and not bed.held and not room_av.room.is_family_room:
            room_av.free_beds.append(bed)
    return [s for s in by_site.values() if s.capacity]


def availability_by_kind(sites: list[SiteAvailability]) -> list[dict[str, Any]]:
    """Totals per kind of site: capacity, free beds, free family rooms."""
    totals: dict[str, dict[str, Any]] = {}
    for s in sites:
        row = totals.setdefault(
            s.site.kind,
            {
                "kind": s.site.kind,
                "label": s.site.get_kind_display(),
                "capacity": 0,
                "free": 0,
                "free_family_rooms": 0,
            },
        )
        row["capacity"] += s.capacity
        row["free"] += s.free
        row["free_family_rooms"] += s.free_family_rooms
    return sorted(totals.values(), key=lambda r: str(r["label"]))


# --- The site's own board -----------------------------------------------------


@dataclass
class BedLine:
    bed: Bed
    stay: Stay | None = None
    hold: Hold | None = None


@dataclass
class RoomLine:
    room: Room
    beds: list[BedLine] = field(default_factory=list)
    booking: RoomBooking | None = None
    members: list[Stay] = field(default_factory=list)
    hold: Hold | None = None


@dataclass
class SiteBoard:
    site: Site
    rooms: list[RoomLine]

    @property
    def client_ids(self) -> list[uuid.UUID]:
        ids: list[uuid.UUID] = []
        for room in self.rooms:
            ids += [s.client_id for s in room.members]
            if room.hold:
                ids.append(room.hold.client_id)
            for line in room.beds:
                if line.stay:
                    ids.append(line.stay.client_id)
                if line.hold:
                    ids.append(line.hold.client_id)
        return ids

    @property
    def occupied(self) -> int:
        return sum(
            sum(1 for b in r.beds if b.stay) + (len(r.members) if r.booking else 0)
            for r in self.rooms
        )

    @property
    def capacity(self) -> int:
        return sum(len(r.beds) for r in self.rooms)


def site_get_for_staff(user: User, site_id: uuid.UUID | str) -> Site:
    """A site the user's organization runs, or 404."""
    try:
        return sites_run_by(user).get(pk=site_id)
    except (Site.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def site_board(user: User, site: Site) -> SiteBoard:
    """Rooms, beds, who is in them and who is held: for the site's staff.
    Four queries."""
    if not access.can_run_bed_site(user, site):
        raise Http404
    now = timezone.now()
    rooms = {
        r.pk: RoomLine(room=r)
        for r in site.rooms.filter(is_active=True).order_by("sort_order", "name")
    }
    lines: dict[uuid.UUID, BedLine] = {}
    beds = Bed.objects.filter(room_id__in=list(rooms), is_active=True)
    for bed in sorted(beds, key=lambda bed: natural_key(bed.label)):
        line = BedLine(bed=bed)
        rooms[bed.room_id].beds.append(line)
        lines[bed.pk] = line
    stays = (
        Stay.objects.filter(site=site, ended_at__isnull=True)
        .select_related("client", "room_booking")
        .order_by("started_at")
    )
    for stay in stays:
        if stay.bed_id and stay.bed_id in lines:
            lines[stay.bed_id].stay = stay
        elif stay.room_booking_id and stay.room_id in rooms:
            rooms[stay.room_id].booking = stay.room_booking
            rooms[stay.room_id].members.append(stay)
    holds = (
        _in_force_holds(now)
        .filter(room__site=site)
        .select_related("client", "placed_by", "placed_by_organization")
    )
    for hold in holds:
        if hold.bed_id and hold.bed_id in lines:
            lines[hold.bed_id].hold = hold
        elif hold.bed_id is None and hold.room_id in rooms:
            rooms[hold.room_id].hold = hold
    return SiteBoard(site=site, rooms=list(rooms.values()))


def stay_get_for_staff(user: User, stay_id: uuid.UUID | str) -> Stay:
    """A stay at a site the user's organization runs (to book out), or 404."""
    try:
        return (
            access.stays_visible_to(user, access.Action.CHANGE)
            .select_related("client", "site__program", "room", "bed")
            .get(pk=stay_id)
        )
    except (Stay.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def booking_get_for_staff(user: User, booking_id: uuid.UUID | str) -> RoomBooking:
    try:
        return (
            RoomBooking.objects.filter(room__site__in=access.bed_sites_run_by(user))
            .select_related("room__site__program", "household")
            .get(pk=booking_id)
        )
    except (RoomBooking.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def bed_get(user: User, bed_id: uuid.UUID | str) -> Bed:
    """A bed of a site the user may see (availability), or 404."""
    try:
        return (
            Bed.objects.filter(room__site__in=access.bed_sites_visible_to(user))
            .select_related("room__site__program__organization")
            .get(pk=bed_id)
        )
    except (Bed.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def room_get(user: User, room_id: uuid.UUID | str) -> Room:
    try:
        return (
            Room.objects.filter(site__in=access.bed_sites_visible_to(user))
            .select_related("site__program__organization")
            .get(pk=room_id)
        )
    except (Room.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def holds_for(user: User, *, in_force_only: bool = True) -> QuerySet[Hold]:
    """Holds the user may see: placed by their organization or at its sites."""
    qs = access.holds_visible_to(user).select_related(
        "client", "room__site", "bed", "placed_by", "placed_by_organization"
    )
    if in_force_only:
        qs = qs.filter(status=HoldStatus.ACTIVE, expires_at__gt=timezone.now())
    return qs.order_by("expires_at")


def hold_get_for_user(
    user: User, hold_id: uuid.UUID | str, action: access.Action = access.Action.VIEW
) -> Hold:
    """A hold the user may see (their organization placed it, or it is at one
    of its sites) — in force or not — or 404. Screens and API both use it."""
    try:
        return (
            access.holds_visible_to(user, action)
            .select_related("client", "room__site", "bed", "placed_by", "placed_by_organization")
            .get(pk=hold_id)
        )
    except (Hold.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def _hold_in_force_on(*, bed: Bed | None = None, room: Room | None = None) -> Hold | None:
    holds = _in_force_holds(timezone.now()).select_related("client", "household")
    on = Q(bed=bed) if bed is not None else Q(room=room, bed__isnull=True)
    hold: Hold | None = holds.filter(on).first()
    return hold


def bed_get_for_book_in(user: User, bed_id: uuid.UUID | str) -> tuple[Bed, Hold | None]:
    """A bed of a site the user's organization runs, with the hold in force
    on it (if any), or 404: what a book-in starts from, on a screen or in the API."""
    bed = bed_get(user, bed_id)
    if not access.can_run_bed_site(user, bed.room.site):
        raise Http404
    return bed, _hold_in_force_on(bed=bed)


def family_room_get_for_book_in(user: User, room_id: uuid.UUID | str) -> tuple[Room, Hold | None]:
    """A family room of a site the user's organization runs, with the hold in
    force on the whole room (if any), or 404."""
    room = room_get(user, room_id)
    if not room.is_family_room or not access.can_run_bed_site(user, room.site):
        raise Http404
    return room, _hold_in_force_on(room=room)


def household_of_client(client_access: access.ClientAccess) -> Household | None:
    """The client's current household (a family room is held and booked for it)."""
    membership = client_current_membership(client_access)
    return membership.household if membership else None


def household_visible(user: User, household_id: uuid.UUID | str) -> Household:
    """A household the user may see (through a member they may see), or 404."""
    try:
        household: Household = access.households_visible_to(user).get(pk=household_id)
    except (Household.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    return household


def household_for_room_book_in(
    user: User,
    hold: Hold | None,
    *,
    client_id: uuid.UUID | None = None,
    household_id: uuid.UUID | None = None,
) -> Household | None:
    """The household a family room is booked for: the household the room is
    held for when the worker picks it (or one of its members); otherwise the
    household the user may see (``household_id``), or the current household
    of a client they may see (``client_id``)."""
    if hold is not None and hold.household is not None:
        if household_id is not None and hold.household_id == household_id:
            return hold.household
        if client_id is not None and hold.client_id == client_id:
            return hold.household
    if household_id is not None:
        return household_visible(user, household_id)
    if client_id is None:
        raise Http404
    return household_of_client(access.client_get_for_user(user, client_id))


def stays_for(
    user: User, *, site: Site | None = None, client_id: uuid.UUID | None = None
) -> QuerySet[Stay]:
    qs = access.stays_visible_to(user).select_related("client", "site", "room", "bed")
    if site is not None:
        qs = qs.filter(site=site)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    return qs.order_by("-started_at")


def street_contacts_for(user: User, *, client_id: uuid.UUID) -> QuerySet[StreetContact]:
    """A client's street contacts the user may see (their organization's, or
    all of them when the client shares housing with it), newest first."""
    return access.street_contacts_visible_to(user).filter(client_id=client_id).order_by("-seen_on")


def shelter_history_for(client_access: access.ClientAccess) -> QuerySet[ShelterHistory]:
    """A client's nights in other systems' shelters (imported) the user may
    see, newest first."""
    return (
        access.shelter_history_of(client_access)
        .select_related("organization")
        .order_by("-started_on")
    )


def client_chronic_status(
    client_access: access.ClientAccess, on: dt.date | None = None
) -> ChronicStatus | None:
    """The client's homeless days and chronic status, for a user the client
    shares housing with (a guardian's consent included); None otherwise."""
    if not client_access.can(DataCategory.HOUSING):
        return None
    return chronic_status(client_access.client.pk, on=on or timezone.localdate())


def turnaways_for(user: User, *, site: Site) -> QuerySet[Turnaway]:
    return (
        access.turnaways_visible_to(user)
        .filter(site=site)
        .select_related("client", "recorded_by")
        .order_by("-occurred_at")
    )


def restrictions_for(user: User, *, site: Site) -> QuerySet[ServiceRestriction]:
    return (
        access.service_restrictions_visible_to(user)
        .filter(site=site)
        .select_related("client", "recorded_by")
        .order_by("-starts_on")
    )


def restriction_get(user: User, restriction_id: uuid.UUID | str) -> ServiceRestriction:
    try:
        return (
            access.service_restrictions_visible_to(user)
            .select_related("site__program", "client")
            .get(pk=restriction_id)
        )
    except (ServiceRestriction.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


# --- Occupancy ----------------------------------------------------------------


@dataclass
class NightRow:
    night: dt.date
    people: int
    beds_occupied: int
    family_rooms_occupied: int
    capacity: int
    turned_away: int

    @property
    def rate(self) -> int:
        """Beds used, as a percentage of the beds (a family room's beds count
        as used while a household is in it)."""
        return round(100 * self.beds_occupied / self.capacity) if self.capacity else 0


@dataclass
class Occupancy:
    site: Site
    start: dt.date
    end: dt.date
    nights: list[NightRow]
    stays_ended: int
    average_length: float | None
    median_length: float | None
    turnaways_by_reason: dict[str, int]


def occupancy(user: User, *, site: Site, start: dt.date, end: dt.date) -> Occupancy:
    """Per night from ``start`` to ``end``: people staying, beds and family
    rooms used, the site's beds, and people turned away that day; the length
    of the stays that ended in the period. Counts only, no names: for every
    partner's staff. Five queries."""
    if not access.can_see_bed_availability(user):
        raise Http404
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    beds = list(
        Bed.objects.filter(room__site=site, is_active=True, room__is_active=True).values_list(
            "room_id", "room__is_family_room"
        )
    )
    capacity = len(beds)
    family_room_beds: dict[uuid.UUID, int] = defaultdict(int)
    for room_id, is_family in beds:
        if is_family:
            family_room_beds[room_id] += 1
    stays = list(
        Stay.objects.filter(site=site, started_at__lt=hi)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=lo))
        .values_list("started_at", "ended_at", "bed_id", "room_booking_id", "room_id")
    )
    people: dict[int, int] = defaultdict(int)
    bed_nights: dict[int, int] = defaultdict(int)
    rooms_by_night: dict[int, set[uuid.UUID]] = defaultdict(set)
    today = timezone.localdate()
    for started_at, ended_at, bed_id, booking_id, room_id in stays:
        first = timezone.localdate(started_at)
        # A night is used when the person is still booked in the next morning.
        last = (timezone.localdate(ended_at) - dt.timedelta(days=1)) if ended_at else today
        for ordinal in range(max(first, start).toordinal(), min(last, end).toordinal() + 1):
            people[ordinal] += 1
            if bed_id:
                bed_nights[ordinal] += 1
            elif booking_id:
                rooms_by_night[ordinal].add(room_id)
    turned: dict[dt.date, int] = defaultdict(int)
    by_reason: dict[str, int] = defaultdict(int)
    for occurred_at, reason, count in Turnaway.objects.filter(
        site=site, occurred_at__gte=lo, occurred_at__lt=hi
    ).values_list("occurred_at", "reason", "people"):
        turned[timezone.localdate(occurred_at)] += count
        by_reason[reason] += count
    nights = []
    day = start
    while day <= end:
        o = day.toordinal()
        family_rooms = rooms_by_night.get(o, set())
        nights.append(
            NightRow(
                night=day,
                people=people.get(o, 0),
                beds_occupied=bed_nights.get(o, 0)
                + sum(family_room_beds.get(r, 0) for r in family_rooms),
                family_rooms_occupied=len(family_rooms),
                capacity=capacity,
                turned_away=turned.get(day, 0),
            )
        )
        day += dt.timedelta(days=1)
    lengths = [
        max((timezone.localdate(e) - timezone.localdate(s)).days, 0)
        for s, e in Stay.objects.filter(site=site, ended_at__gte=lo, ended_at__lt=hi).values_list(
            "started_at", "ended_at"
        )
    ]
    return Occupancy(
        site=site,
        start=start,
        end=end,
        nights=nights,
        stays_ended=len(lengths),
        average_length=round(statistics.fmean(lengths), 1) if lengths else None,
        median_length=statistics.median(lengths) if lengths else None,
        turnaways_by_reason=dict(by_reason),
    )


def turnaway_totals(user: User, *, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """People turned away per site and reason over a period: for every partner."""
    if not access.can_see_bed_availability(user):
        return []
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = list(
        Turnaway.objects.filter(occurred_at__gte=lo, occurred_at__lt=hi)
        .values("site__name", "reason")
        .annotate(people=Sum("people"))
        .order_by("site__name", "reason")
    )
    labels = dict(TurnawayReason.choices)
    for row in rows:
        row["reason_label"] = labels.get(row["reason"], row["reason"])
    return rows
