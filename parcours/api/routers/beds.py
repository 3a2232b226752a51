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
from parcours.beds import family, selectors, services
from parcours.beds.homelessness import ChronicStatus
from parcours.beds.models import (
    Hold,
    RoomBooking,
    ServiceRestriction,
    Site,
    Stay,
    StreetContact,
    Turnaway,
)
from parcours.beds.selectors import Occupancy, SiteAvailability
from parcours.clients import services as client_services

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


# --- Sites and availability (no client data) ----------------------------------


@router.get(
    "/beds/sites",
    response={200: list[SiteOut], **ERRORS},
    summary="Every site with beds in the network",
)
def site_list(request: HttpRequest) -> list[Site]:
    return list(selectors.sites_visible(_availability_user(request)))


@router.get(
    "/beds/sites/{site_id}",
    response={200: SiteDetail, **ERRORS},
    summary="A site with its rooms, their restrictions and their beds",
)
def site_detail(request: HttpRequest, site_id: uuid.UUID) -> Site:
    return selectors.site_get_with_rooms(_availability_user(request), site_id)


@router.get(
    "/beds/availability",
    response={200: list[SiteAvailabilityOut], **ERRORS},
    summary="Free beds and family rooms now, across every partner",
    description="Counts and bed ids only: never who is in the beds.",
)
def availability(
    request: HttpRequest, filters: Query[AvailabilityFilter]
) -> list[SiteAvailability]:
    user = _availability_user(request)
    return selectors.availability(
        user,
        kind=filters.kind.value if filters.kind else "",
        gender=filters.gender,
        age=filters.age,
        accessible=filters.accessible,
        pets=filters.pets,
        family=filters.family,
    )


@router.get(
    "/beds/sites/{site_id}/occupancy",
    response={200: OccupancyOut, **ERRORS},
    summary="Nightly occupancy, turnaways and length of stay of a site (counts only)",
)
def site_occupancy(
    request: HttpRequest, site_id: uuid.UUID, filters: Query[OccupancyFilter]
) -> Occupancy:
    user = _availability_user(request)
    site = selectors.site_get(user, site_id)
    end = filters.end or timezone.localdate()
    start = filters.start or end - dt.timedelta(days=29)
    if start > end or (end - start).days > 366:
        raise ValidationError({"start": _("The period must run forward and last at most a year.")})
    return selectors.occupancy(user, site=site, start=start, end=end)


# --- Holds --------------------------------------------------------------------


@router.get(
    "/beds/holds",
    response={200: list[HoldOut], **ERRORS},
    summary="Holds in force placed by the caller's organization or at its sites",
)
def hold_list(request: HttpRequest) -> list[Hold]:
    user = deps.partner_staff(request)
    holds = list(selectors.holds_for(user))
    services.bed_records_viewed(
        acting_user=user, section="holds", client_ids=[h.client_id for h in holds], via="api"
    )
    return holds


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
def hold_create(request: HttpRequest, payload: HoldIn) -> Status[Hold]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, payload.client_id)
    bed = selectors.bed_get(user, payload.bed_id) if payload.bed_id else None
    room = selectors.room_get(user, payload.room_id) if payload.room_id else None
    household = (
        selectors.household_visible(user, payload.household_id) if payload.household_id else None
    )
    hold = services.hold_place(
        acting_user=user,
        client_access=client_access,
        bed=bed,
        room=room,
        household=household,
        hours=payload.hours,
        reason=payload.reason,
    )
    return Status(201, selectors.hold_get_for_user(user, hold.pk))


@router.post(
    "/beds/holds/{hold_id}/release",
    response={200: HoldOut, **ERRORS},
    summary="Release a hold: the bed is free again",
)
def hold_release_route(request: HttpRequest, hold_id: uuid.UUID) -> Hold:
    user = deps.partner_staff(request)
    hold = selectors.hold_get_for_user(user, hold_id, access.Action.CHANGE)
    hold = services.hold_release(acting_user=user, hold=hold)
    return selectors.hold_get_for_user(user, hold.pk)


# --- Stays (the site's staff) ----------------------------------------------------


@router.get(
    "/beds/sites/{site_id}/stays",
    response={200: list[StayOut], **ERRORS},
    summary="The site's stays (open ones first by default): for the site's staff",
)
def site_stays(request: HttpRequest, site_id: uuid.UUID, open_only: bool = True) -> list[Stay]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, site_id)
    qs = selectors.stays_for(user, site=site)
    if open_only:
        qs = qs.filter(ended_at__isnull=True)
    stays = list(qs[:500])
    services.bed_records_viewed(
        acting_user=user,
        section="site_stays",
        client_ids=[s.client_id for s in stays],
        site=site,
        via="api",
    )
    return stays


@router.post(
    "/beds/stays",
    response={201: StayOut, **ERRORS},
    summary="Book a client into a bed",
)
def stay_create(request: HttpRequest, payload: StayIn) -> Status[Stay]:
    user = deps.partner_staff(request)
    bed, hold = selectors.bed_get_for_book_in(user, payload.bed_id)
    stay = services.stay_book_in_for(
        acting_user=user,
        bed=bed,
        hold=hold,
        client_id=payload.client_id,
        started_at=_aware(payload.started_at),
        notes=payload.notes,
    )
    return Status(201, selectors.stay_get_for_staff(user, stay.pk))


@router.post(
    "/beds/stays/{stay_id}/book-out",
    response={200: StayOut, **ERRORS},
    summary="Book a client out of their bed, with the reason and destination",
)
def stay_book_out(request: HttpRequest, stay_id: uuid.UUID, payload: BookOutIn) -> Stay:
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
    return selectors.stay_get_for_staff(user, stay_id)


@router.post(
    "/beds/room-bookings",
    response={201: RoomBookingOut, **ERRORS},
    summary="Book a household into a family room (one stay per member)",
)
def room_booking_create(request: HttpRequest, payload: RoomBookingIn) -> Status[RoomBooking]:
    user = deps.partner_staff(request)
    room, hold = selectors.family_room_get_for_book_in(user, payload.room_id)
    household = selectors.household_for_room_book_in(user, hold, household_id=payload.household_id)
    if household is None:
        raise Http404
    booking = family.room_book_in(
        acting_user=user, room=room, household=household, started_at=_aware(payload.started_at)
    )
    return Status(201, booking)


@router.post(
    "/beds/room-bookings/{booking_id}/book-out",
    response={200: RoomBookingOut, **ERRORS},
    summary="Book a household out of its family room",
)
def room_booking_book_out(
    request: HttpRequest, booking_id: uuid.UUID, payload: BookOutIn
) -> RoomBooking:
    user = deps.partner_staff(request)
    booking = selectors.booking_get_for_staff(user, booking_id)
    booking = family.room_book_out(
        acting_user=user,
        booking=booking,
        exit_reason=payload.exit_reason.value,
        destination=payload.destination.value if payload.destination else "",
        ended_at=_aware(payload.ended_at),
    )
    return booking


# --- Turnaways and restrictions (the site's staff) --------------------------------


@router.get(
    "/beds/sites/{site_id}/turnaways",
    response={200: list[TurnawayOut], **ERRORS},
    summary="The site's turnaways: for the site's staff",
)
def turnaway_list(request: HttpRequest, site_id: uuid.UUID) -> list[Turnaway]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, site_id)
    rows = list(selectors.turnaways_for(user, site=site)[:500])
    services.bed_records_viewed(
        acting_user=user,
        section="turnaways",
        client_ids=[t.client_id for t in rows if t.client_id],
        site=site,
        via="api",
    )
    return rows


@router.post(
    "/beds/turnaways",
    response={201: TurnawayOut, **ERRORS},
    summary="Record a turnaway (the person's name is optional)",
)
def turnaway_create(request: HttpRequest, payload: TurnawayIn) -> Status[Turnaway]:
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
    return Status(201, turnaway)


@router.get(
    "/beds/sites/{site_id}/restrictions",
    response={200: list[RestrictionOut], **ERRORS},
    summary="The site's service restrictions: for the site's staff",
)
def restriction_list(request: HttpRequest, site_id: uuid.UUID) -> list[ServiceRestriction]:
    user = deps.partner_staff(request)
    site = selectors.site_get_for_staff(user, site_id)
    rows = list(selectors.restrictions_for(user, site=site)[:500])
    services.bed_records_viewed(
        acting_user=user,
        section="restrictions",
        client_ids=[r.client_id for r in rows],
        site=site,
        via="api",
    )
    return rows


@router.post(
    "/beds/restrictions/{restriction_id}/lift",
    response={200: RestrictionOut, **ERRORS},
    summary="Lift a service restriction",
)
def restriction_lift(request: HttpRequest, restriction_id: uuid.UUID) -> ServiceRestriction:
    user = deps.partner_staff(request)
    restriction = services.restriction_lift(
        acting_user=user, restriction=selectors.restriction_get(user, restriction_id)
    )
    return restriction


@router.post(
    "/beds/restrictions",
    response={201: RestrictionOut, **ERRORS},
    summary="Record a service restriction of a client at a site",
)
def restriction_create(request: HttpRequest, payload: RestrictionIn) -> Status[ServiceRestriction]:
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
    return Status(201, r)


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
def client_stays(request: HttpRequest, client_id: uuid.UUID) -> list[Stay]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    client_services.client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="stays"
    )
    return list(selectors.stays_for(user, client_id=client_access.client.pk)[:500])


@router.get(
    "/clients/{client_id}/chronic-status",
    response={200: ChronicStatusOut, **ERRORS},
    summary="Homeless days and chronic status (Reaching Home definition)",
    description="For partners the client shares the housing category with.",
)
def client_chronic_status(request: HttpRequest, client_id: uuid.UUID) -> ChronicStatus:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    status = selectors.client_chronic_status(client_access)
    if status is None:
        raise Http404
    client_services.client_record_viewed(
        acting_user=user, client_access=client_access, via="api", section="chronic"
    )
    return status


@router.post(
    "/clients/{client_id}/street-contacts",
    response={201: StreetContactOut, **ERRORS},
    summary="Record that outreach saw the client sleeping outside that day",
)
def street_contact_create(
    request: HttpRequest, client_id: uuid.UUID, payload: StreetContactIn
) -> Status[StreetContact]:
    user = deps.partner_staff(request)
    client_access = access.client_get_for_user(user, client_id)
    contact = services.street_contact_record(
        acting_user=user, client_access=client_access, seen_on=payload.seen_on, place=payload.place
    )
    return Status(201, contact)
