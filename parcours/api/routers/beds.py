"""``/beds/...``: sites, rooms and beds, real-time availability, holds, stays,
family-room bookings, turnaways, service restrictions, occupancy; and, per
client, ``/clients/{id}/stays``, ``/clients/{id}/chronic-status`` and
``/clients/{id}/street-contacts``.

Thin routes over ``parcours.beds`` services and selectors. Availability and
occupancy are counts (every partner's staff); routes that name clients are
for the site's own staff (404 for others) and are audited. Bad input is a
422 with the one error shape, and nothing is written."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from parcours import access
from parcours.accounts.models import User
from parcours.api import deps
from parcours.api.beds_schemas import (
    AvailabilityFilter,
    BookOutIn,
    ChronicStatusOut,
    HoldIn,
    HoldOut,
    OccupancyFilter,
    OccupancyOut,
    RestrictionIn,
    RestrictionOut,
    RoomBookingIn,
    RoomBookingOut,
    SiteAvailabilityOut,
    SiteDetail,
    SiteOut,
    StayIn,
    StayOut,
    StreetContactIn,
    StreetContactOut,
    TurnawayIn,
    TurnawayOut,
)
from parcours.api.errors import ErrorOut
from parcours.beds import family, homelessness, selectors, services
from parcours.beds.models import (
    Bed,
    Hold,
    Room,
    RoomBooking,
    ServiceRestriction,
    Site,
    Stay,
    Turnaway,
)
from parcours.beds.selectors import RoomAvailability, SiteAvailability
from parcours.clients import services as client_services
from parcours.clients.models import DataCategory
from parcours.households.models import Household

router = Router(tags=["beds"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _availability_user(request: HttpRequest) -> User:
    user = deps.signed_in(request)
    if not access.can_see_bed_availability(user):
        raise Http404
    return user


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _site(site: Site) -> dict[str, Any]:
    return {
        "id": site.pk,
        "name": site.name,
        "kind": site.kind,
        "organization": site.program.organization,
        "program_id": site.program_id,
        "address": site.address,
        "phone": site.phone,
        "night_by_night": site.night_by_night,
    }


def _room_fields(room: Room) -> dict[str, Any]:
    return {
        "id": room.pk,
        "name": room.name,
        "is_family_room": room.is_family_room,
        "gender": room.gender,
        "min_age": room.min_age,
        "max_age": room.max_age,
        "accessible": room.accessible,
        "pets_allowed": room.pets_allowed,
    }


def _room_availability(r: RoomAvailability) -> dict[str, Any]:
    return {
        **_room_fields(r.room),
        "beds": len(r.beds),
        "free": r.free_count,
        "free_bed_ids": [b.pk for b in r.free_beds],
        "family_room_free": r.family_room_free,
    }


def _site_availability(s: SiteAvailability) -> dict[str, Any]:
    return {
        "site": _site(s.site),
        "capacity": s.capacity,
        "free": s.free,
        "family_rooms": s.family_rooms,
        "free_family_rooms": s.free_family_rooms,
        "rooms": [_room_availability(r) for r in s.rooms],
    }


def _client_ref(client: Any) -> dict[str, Any]:
    return {"id": client.pk, "display_name": client.display_name}


def _hold(hold: Hold) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "client": _client_ref(hold.client),
        "site_id": hold.room.site_id,
        "room_id": hold.room_id,
        "bed_id": hold.bed_id,
        "household_id": hold.household_id,
        "status": hold.status,
        "in_force": hold.is_in_force(),
        "expires_at": hold.expires_at,
        "reason": hold.reason,
        "placed_by_organization": hold.placed_by_organization,
    }


def _stay(stay: Stay) -> dict[str, Any]:
    return {
        "id": stay.pk,
        "client": _client_ref(stay.client),
        "site_id": stay.site_id,
        "site_kind": stay.site.kind,
        "room_id": stay.room_id,
        "bed_id": stay.bed_id,
        "room_booking_id": stay.room_booking_id,
        "started_at": stay.started_at,
        "ended_at": stay.ended_at,
        "exit_reason": stay.exit_reason,
        "destination": stay.destination,
        "nights": stay.nights(),
    }


def _booking(booking: RoomBooking) -> dict[str, Any]:
    stays = booking.stays.select_related("client", "site").order_by("started_at")
    return {
        "id": booking.pk,
        "room_id": booking.room_id,
        "household_id": booking.household_id,
        "started_at": booking.started_at,
        "ended_at": booking.ended_at,
        "stays": [_stay(s) for s in stays],
    }


def _turnaway(t: Turnaway) -> dict[str, Any]:
    return {
        "id": t.pk,
        "site_id": t.site_id,
        "occurred_at": t.occurred_at,
        "reason": t.reason,
        "detail": t.detail,
        "people": t.people,
        "client": _client_ref(t.client) if t.client else None,
    }


# --- Sites and availability (no client data) ----------------------------------


@router.get(
    "/beds/sites",
    response={200: list[SiteOut], **ERRORS},
    summary="Every site with beds in the network",
)
def site_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _availability_user(request)
    sites = (
        access.bed_sites_visible_to(user)
        .filter(is_active=True)
        .select_related("program__organization")
        .order_by("name")
    )
    return [_site(s) for s in sites]


@router.get(
    "/beds/sites/{site_id}",
    response={200: SiteDetail, **ERRORS},
    summary="A site with its rooms, their restrictions and their beds",
)
def site_detail(request: HttpRequest, site_id: uuid.UUID) -> dict[str, Any]:
    user = _availability_user(request)
    site = selectors.site_get(user, site_id)
    rooms = site.rooms.filter(is_active=True).order_by("sort_order", "name")
    beds: dict[uuid.UUID, list[Bed]] = {}
    for bed in Bed.objects.filter(room__in=rooms, is_active=True).order_by("label"):
        beds.setdefault(bed.room_id, []).append(bed)
    return {
        **_site(site),
        "rooms": [{**_room_fields(r), "beds": beds.get(r.pk, [])} for r in rooms],
    }


@router.get(
    "/beds/availability",
    response={200: list[SiteAvailabilityOut], **ERRORS},
    summary="Free beds and family rooms now, across every partner",
    description="Counts and bed ids only: never who is in the beds.",
)
def availability(request: HttpRequest, filters: Query[AvailabilityFilter]) -> list[dict[str, Any]]:
    user = _availability_user(request)
    sites = selectors.availability(
        user,
        kind=filters.kind.value if filters.kind else "",
        gender=filters.gender,
        age=filters.age,
        accessible=filters.accessible,
        pets=filters.pets,
        family=filters.family,
    )
    return [_site_availability(s) for s in sites]


@router.get(
    "/beds/sites/{site_id}/occupancy",
    response={200: OccupancyOut, **ERRORS},
    summary="Nightly occupancy, turnaways and length of stay of a site (counts only)",
)
def site_occupancy(
    request: HttpRequest, site_id: uuid.UUID, filters: Query[OccupancyFilter]
) -> dict[str, Any]:
    user = _availability_user(request)
    site = selectors.site_get(user, site_id)
    end = filters.end or timezone.localdate()
    start = filters.start or end - dt.timedelta(days=29)
    if start > end or (end - start).days > 366:
        raise ValidationError({"start": _("The period must run forward and last at most a year.")})
    report = selectors.occupancy(user, site=site, start=start, end=end)
    return {
        "site_id": site.pk,
        "start": report.start,
        "end": report.end,
        "nights": [{**n.__dict__, "rate": n.rate} for n in report.nights],
        "stays_ended": report.stays_ended,
        "average_length": report.average_length,
        "median_length": report.median_length,
        "turnaways_by_reason": report.turnaways_by_reason,
    }


# --- Holds --------------------------------------------------------------------


@router.get(
    "/beds/holds",
    response={200: list[HoldOut], **ERRORS},
    summary="Holds in force placed by the caller's organization or at its sites",
)
def hold_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    holds = list(selectors.holds_for(user))
    services.bed_records_viewed(
        user=user, section="holds", client_ids=[h.client_id for h in holds], via="api"
    )
    return [_hold(h) for h in holds]


@router.post(
    "/beds/holds",
    response={201: HoldOut, **ERRORS},
    summary="Hold a free bed (or family room) for a referred client",
    description=(
        "One hold per bed: a second hold on a held bed is refused (422). The bed "
        "row is locked while the hold is placed, so two workers asking for the "
        "last bed at once cannot both get it."
    ),
)
def hold_create(request: HttpRequest, payload: HoldIn) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, payload.client_id)
    bed = selectors.bed_get(user, payload.bed_id) if payload.bed_id else None
    room = selectors.room_get(user, payload.room_id) if payload.room_id else None
    household = None
    if payload.household_id:
        household = access.households_visible_to(user).filter(pk=payload.household_id).first()
        if household is None:
            raise Http404
    hold = services.hold_place(
        acting_user=user,
        client_access=client_access,
        bed=bed,
        room=room,
        household=household,
        hours=payload.hours,
        reason=payload.reason,
    )
    return Status(201, _hold(selectors.hold_get(user, hold.pk)))


@router.post(
    "/beds/holds/{hold_id}/release",
    response={200: HoldOut, **ERRORS},
    summary="Release a hold: the bed is free again",
)
def hold_release_route(request: HttpRequest, hold_id: uuid.UUID) -> dict[str, Any]:
    user = deps.partner_staff(request)
    hold = services.hold_release(acting_user=user, hold=selectors.hold_get(user, hold_id))
    return _hold(selectors.hold_get(user, hold.pk))


# --- Stays (the site's staff) ----------------------------------------------------


@router.get(
    "/beds/sites/{site_id}/stays",
    response={200: list[StayOut], **ERRORS},
    summary="The site's stays (open ones first by default): for the site's staff",
)
def site_stays(
    request: HttpRequest, site_id: uuid.UUID, open_only: bool = True
) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, site_id)
    qs = selectors.stays_for(user, site=site)
    if open_only:
        qs = qs.filter(ended_at__isnull=True)
    stays = list(qs[:500])
    services.bed_records_viewed(
        user=user,
        section="site_stays",
        client_ids=[s.client_id for s in stays],
        site=site,
        via="api",
    )
    return [_stay(s) for s in stays]


@router.post(
    "/beds/stays",
    response={201: StayOut, **ERRORS},
    summary="Book a client into a bed",
)
def stay_create(request: HttpRequest, payload: StayIn) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    bed = selectors.bed_get(user, payload.bed_id)
    if not access.can_run_bed_site(user, bed.room.site):
        raise Http404
    hold = (
        Hold.objects.filter(bed=bed, status="active", expires_at__gt=timezone.now())
        .select_related("client")
        .first()
    )
    if hold is not None and hold.client_id == payload.client_id:
        client = hold.client
    else:
        client = access.client_get_for_user(user, payload.client_id).client
    stay = services.stay_book_in(
        acting_user=user,
        bed=bed,
        client=client,
        started_at=_aware(payload.started_at),
        notes=payload.notes,
    )
    return Status(201, _stay(selectors.stay_get_for_staff(user, stay.pk)))


@router.post(
    "/beds/stays/{stay_id}/book-out",
    response={200: StayOut, **ERRORS},
    summary="Book a client out of their bed, with the reason and destination",
)
def stay_book_out(request: HttpRequest, stay_id: uuid.UUID, payload: BookOutIn) -> dict[str, Any]:
    user = deps.partner_staff(request)
    stay = selectors.stay_get_for_staff(user, stay_id)
    services.stay_book_out(
        acting_user=user,
        stay=stay,
        exit_reason=payload.exit_reason.value,
        destination=payload.destination.value if payload.destination else "",
        ended_at=_aware(payload.ended_at),
        notes=payload.notes,
    )
    return _stay(selectors.stay_get_for_staff(user, stay_id))


@router.post(
    "/beds/room-bookings",
    response={201: RoomBookingOut, **ERRORS},
    summary="Book a household into a family room (one stay per member)",
)
def room_booking_create(request: HttpRequest, payload: RoomBookingIn) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    room = selectors.room_get(user, payload.room_id)
    if not access.can_run_bed_site(user, room.site):
        raise Http404
    hold = (
        Hold.objects.filter(
            room=room, bed__isnull=True, status="active", expires_at__gt=timezone.now()
        )
        .select_related("household")
        .first()
    )
    household: Household | None
    if hold is not None and hold.household_id == payload.household_id and hold.household:
        household = hold.household
    else:
        household = access.households_visible_to(user).filter(pk=payload.household_id).first()
    if household is None:
        raise Http404
    booking = family.room_book_in(
        acting_user=user, room=room, household=household, started_at=_aware(payload.started_at)
    )
    return Status(201, _booking(booking))


@router.post(
    "/beds/room-bookings/{booking_id}/book-out",
    response={200: RoomBookingOut, **ERRORS},
    summary="Book a household out of its family room",
)
def room_booking_book_out(
    request: HttpRequest, booking_id: uuid.UUID, payload: BookOutIn
) -> dict[str, Any]:
    user = deps.partner_staff(request)
    booking = selectors.booking_get_for_staff(user, booking_id)
    booking = family.room_book_out(
        acting_user=user,
        booking=booking,
        exit_reason=payload.exit_reason.value,
        destination=payload.destination.value if payload.destination else "",
        ended_at=_aware(payload.ended_at),
    )
    return _booking(booking)


# --- Turnaways and restrictions (the site's staff) --------------------------------


@router.get(
    "/beds/sites/{site_id}/turnaways",
    response={200: list[TurnawayOut], **ERRORS},
    summary="The site's turnaways: for the site's staff",
)
def turnaway_list(request: HttpRequest, site_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, site_id)
    rows = list(selectors.turnaways_for(user, site=site)[:500])
    services.bed_records_viewed(
        user=user,
        section="turnaways",
        client_ids=[t.client_id for t in rows if t.client_id],
        site=site,
        via="api",
    )
    return [_turnaway(t) for t in rows]


@router.post(
    "/beds/turnaways",
    response={201: TurnawayOut, **ERRORS},
    summary="Record a turnaway (the person's name is optional)",
)
def turnaway_create(request: HttpRequest, payload: TurnawayIn) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, payload.site_id)
    client_access = (
        access.client_get_for_user(user, payload.client_id) if payload.client_id else None
    )
    turnaway = services.turnaway_record(
        acting_user=user,
        site=site,
        reason=payload.reason.value,
        detail=payload.detail,
        client_access=client_access,
        people=payload.people,
        occurred_at=_aware(payload.occurred_at),
    )
    return Status(201, _turnaway(turnaway))


def _restriction(r: ServiceRestriction) -> dict[str, Any]:
    return {
        "id": r.pk,
        "site_id": r.site_id,
        "client": _client_ref(r.client),
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "reason": r.reason,
        "lifted_at": r.lifted_at,
    }


@router.get(
    "/beds/sites/{site_id}/restrictions",
    response={200: list[RestrictionOut], **ERRORS},
    summary="The site's service restrictions: for the site's staff",
)
def restriction_list(request: HttpRequest, site_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, site_id)
    rows = list(selectors.restrictions_for(user, site=site)[:500])
    services.bed_records_viewed(
        user=user,
        section="restrictions",
        client_ids=[r.client_id for r in rows],
        site=site,
        via="api",
    )
    return [_restriction(r) for r in rows]


@router.post(
    "/beds/restrictions/{restriction_id}/lift",
    response={200: RestrictionOut, **ERRORS},
    summary="Lift a service restriction",
)
def restriction_lift(request: HttpRequest, restriction_id: uuid.UUID) -> dict[str, Any]:
    user = deps.partner_staff(request)
    restriction = services.restriction_lift(
        acting_user=user, restriction=selectors.restriction_get(user, restriction_id)
    )
    return _restriction(restriction)


@router.post(
    "/beds/restrictions",
    response={201: RestrictionOut, **ERRORS},
    summary="Record a service restriction of a client at a site",
)
def restriction_create(request: HttpRequest, payload: RestrictionIn) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, payload.site_id)
    client_access = access.client_get_for_user(user, payload.client_id)
    r = services.restriction_create(
        acting_user=user,
        site=site,
        client_access=client_access,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        reason=payload.reason,
    )
    return Status(201, _restriction(r))


# --- One client: stays, chronic status, street contacts -------------------------------


@router.get(
    "/clients/{client_id}/stays",
    response={200: list[StayOut], **ERRORS},
    summary="A client's stays the caller may see",
    description=(
        "Stays at the caller's own sites, and every stay when the client shares "
        "the housing category with the caller's organization."
    ),
)
def client_stays(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_services.client_record_viewed(
        user=user, client_access=client_access, via="api", section="stays"
    )
    return [_stay(s) for s in selectors.stays_for(user, client_id=client_access.client.pk)[:500]]


@router.get(
    "/clients/{client_id}/chronic-status",
    response={200: ChronicStatusOut, **ERRORS},
    summary="Homeless days and chronic status (Reaching Home definition)",
    description="For partners the client shares the housing category with.",
)
def client_chronic_status(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    if not client_access.can(DataCategory.HOUSING):
        raise Http404
    client_services.client_record_viewed(
        user=user, client_access=client_access, via="api", section="chronic"
    )
    status = homelessness.chronic_status(client_access.client.pk, on=timezone.localdate())
    return status.__dict__


@router.post(
    "/clients/{client_id}/street-contacts",
    response={201: StreetContactOut, **ERRORS},
    summary="Record that outreach saw the client sleeping outside that day",
)
def street_contact_create(
    request: HttpRequest, client_id: uuid.UUID, payload: StreetContactIn
) -> Status[dict[str, Any]]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    contact = services.street_contact_record(
        acting_user=user, client_access=client_access, seen_on=payload.seen_on, place=payload.place
    )
    return Status(
        201,
        {
            "id": contact.pk,
            "client_id": contact.client_id,
            "seen_on": contact.seen_on,
            "place": contact.place,
        },
    )
