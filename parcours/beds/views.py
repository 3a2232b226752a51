"""Screens of the beds app. Thin: forms parse, services write, selectors read
through the access policy, and every page that names a client is audited."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.beds import family, selectors, services
from parcours.beds.forms import (
    AvailabilityFilterForm,
    BookInForm,
    BookOutForm,
    ClientPickForm,
    HoldForm,
    OccupancyForm,
    RestrictionForm,
    StreetContactForm,
    TurnawayForm,
)
from parcours.beds.models import Site
from parcours.clients import selectors as client_selectors
from parcours.clients import services as client_services
from parcours.clients.models import Client
from parcours.core.forms import apply_errors
from parcours.core.pagination import paginate
from parcours.core.text import elide


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _availability_user(request: AuthenticatedRequest) -> User:
    if not access.can_see_bed_availability(request.user):
        raise PermissionDenied
    return request.user


def _pick_clients(
    request: AuthenticatedRequest, user: User, section: str
) -> tuple[ClientPickForm, list[Client], str]:
    """The client search of the hold and book-in pages (audited, like any search)."""
    form = ClientPickForm(request.GET)
    query = request.GET.get("q", "").strip()
    found: list[Client] = []
    if query:
        found = list(client_selectors.client_search(user, query)[:20])
        client_services.clients_searched(
            acting_user=user, query=query, client_ids=[c.pk for c in found], via=section
        )
    return form, found, query


def _chosen_client(request: AuthenticatedRequest, user: User) -> Client | None:
    """The client a worker came from (``?client=`` on "Find a bed"): 404 if
    they may not see them."""
    raw = request.GET.get("client", "").strip()
    if not raw:
        return None
    return access.client_get_for_user(user, raw).client


# --- Availability (every partner) ----------------------------------------------


@login_required
def availability(request: AuthenticatedRequest) -> HttpResponse:
    user = _availability_user(request)
    form = AvailabilityFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    sites = selectors.availability(
        user,
        kind=data.get("kind") or "",
        gender=data.get("gender") or "",
        age=data.get("age"),
        accessible=bool(data.get("accessible")),
        pets=bool(data.get("pets")),
        family=bool(data.get("family")),
    )
    chosen = _chosen_client(request, user) if user.organization_id else None
    context = {
        "form": form,
        "chosen": chosen,
        "sites": sites,
        "by_kind": selectors.availability_by_kind(sites),
        "my_site_ids": set(selectors.sites_run_by(user).values_list("pk", flat=True)),
        "can_hold": user.organization_id is not None,
    }
    template = "beds/availability.html#board" if request.htmx else "beds/availability.html"
    return render(request, template, context)


# --- Holds ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hold_new(request: AuthenticatedRequest, kind: str, target_id: uuid.UUID) -> HttpResponse:
    """Hold a bed (``kind`` = bed) or a family room (``room``) for a client the worker may see."""
    user = access.require_partner_staff(request.user)
    bed = selectors.bed_get(user, target_id) if kind == "bed" else None
    room = selectors.room_get(user, target_id) if kind == "room" else bed.room if bed else None
    if room is None or (kind == "room" and not room.is_family_room):
        raise Http404
    pick_form, found, query = _pick_clients(request, user, "beds.hold")
    chosen = _chosen_client(request, user)
    if chosen is not None and not query:
        found, query = [chosen], chosen.display_name
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client_access = access.client_get_for_user(user, form.cleaned_data["client_id"])
        household = selectors.household_of_client(client_access) if bed is None else None
        try:
            hold = services.hold_place(
                acting_user=user,
                client_access=client_access,
                bed=bed,
                room=room if bed is None else None,
                household=household,
                hours=form.cleaned_data["hours"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The bed is held for %(name)s until %(time)s.")
                % {
                    "name": client_access.client.display_name,
                    "time": timezone.localtime(hold.expires_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
            return redirect("beds:holds")
    return render(
        request,
        "beds/hold_form.html",
        {
            "bed": bed,
            "room": room,
            "pick_form": pick_form,
            "found": found,
            "query": query,
            "form": form,
            "default_end": timezone.localtime(services.hold_default_end(room.site, timezone.now())),
        },
    )


@login_required
def holds(request: AuthenticatedRequest) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    page = paginate(request, selectors.holds_for(user), per_page=50)
    services.bed_records_viewed(
        acting_user=user, section="holds", client_ids=[h.client_id for h in page]
    )
    return render(request, "beds/holds.html", {"page_obj": page})


@login_required
@require_POST
def hold_release(request: AuthenticatedRequest, hold_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    hold = selectors.hold_get_for_user(user, hold_id, access.Action.CHANGE)
    try:
        services.hold_release(acting_user=user, hold=hold)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The hold is released: the bed is free again."))
    return redirect(request.POST.get("next") or "beds:holds")


# --- A site's board (its own staff) --------------------------------------------------


@login_required
def site_detail(request: AuthenticatedRequest, site_id: uuid.UUID) -> HttpResponse:
    user = _availability_user(request)
    site = selectors.site_get(user, site_id)
    if not access.can_run_bed_site(user, site):
        # Other partners see the site's availability, not who is in the beds.
        sites = selectors.availability(user, site_id=site.pk)
        return render(request, "beds/site_public.html", {"site": site, "sites": sites})
    board = selectors.site_board(user, site)
    services.bed_records_viewed(
        acting_user=user, section="site_board", client_ids=board.client_ids, site=site
    )
    return render(request, "beds/site_board.html", {"site": site, "board": board})


@login_required
@require_http_methods(["GET", "POST"])
def book_in(request: AuthenticatedRequest, bed_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    bed, hold = selectors.bed_get_for_book_in(user, bed_id)
    site = bed.room.site
    pick_form, found, query = _pick_clients(request, user, "beds.book_in")
    form = BookInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stay = services.stay_book_in_for(
                acting_user=user,
                bed=bed,
                hold=hold,
                client_id=form.cleaned_data["client_id"],
                started_at=_aware(form.cleaned_data["started_at"]),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, elide(_("%(name)s is booked in.") % {"name": stay.client.display_name})
            )
            return redirect("beds:site", site_id=site.pk)
    if hold is not None:
        services.bed_records_viewed(
            acting_user=user, section="book_in", client_ids=[hold.client_id], site=site
        )
    return render(
        request,
        "beds/book_in.html",
        {
            "bed": bed,
            "site": site,
            "hold": hold,
            "pick_form": pick_form,
            "found": found,
            "query": query,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def book_out(request: AuthenticatedRequest, stay_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    stay = selectors.stay_get_for_staff(user, stay_id)
    if stay.room_booking_id:
        return redirect("beds:room_book_out", booking_id=stay.room_booking_id)
    form = BookOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.stay_book_out(
                acting_user=user,
                stay=stay,
                exit_reason=data["exit_reason"],
                destination=data["destination"],
                ended_at=_aware(data["ended_at"]),
                notes=data["notes"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, elide(_("%(name)s is booked out.") % {"name": stay.client.display_name})
            )
            return redirect("beds:site", site_id=stay.site_id)
    else:
        services.bed_records_viewed(
            acting_user=user, section="book_out", client_ids=[stay.client_id], site=stay.site
        )
    return render(request, "beds/book_out.html", {"stay": stay, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def room_book_in(request: AuthenticatedRequest, room_id: uuid.UUID) -> HttpResponse:
    """Book a household into a family room: find one member, the household follows."""
    user = access.require_partner_staff(request.user)
    room, hold = selectors.family_room_get_for_book_in(user, room_id)
    pick_form, found, query = _pick_clients(request, user, "beds.room_book_in")
    form = BookInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = selectors.household_for_room_book_in(
            user, hold, client_id=form.cleaned_data["client_id"]
        )
        if household is None:
            form.add_error(
                None, _("This client is not a member of a household: record the household first.")
            )
        else:
            try:
                booking = family.room_book_in(
                    acting_user=user,
                    room=room,
                    household=household,
                    started_at=_aware(form.cleaned_data["started_at"]),
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                count = booking.stays.count()
                messages.success(
                    request,
                    _("The household is booked into %(room)s (%(count)s people).")
                    % {"room": room.name, "count": count},
                )
                return redirect("beds:site", site_id=room.site_id)
    if hold is not None:
        services.bed_records_viewed(
            acting_user=user, section="room_book_in", client_ids=[hold.client_id], site=room.site
        )
    return render(
        request,
        "beds/room_book_in.html",
        {
            "room": room,
            "site": room.site,
            "hold": hold,
            "pick_form": pick_form,
            "found": found,
            "query": query,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_book_out(request: AuthenticatedRequest, booking_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    booking = selectors.booking_get_for_staff(user, booking_id)
    members = list(booking.stays.select_related("client").order_by("started_at"))
    form = BookOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            family.room_book_out(
                acting_user=user,
                booking=booking,
                exit_reason=data["exit_reason"],
                destination=data["destination"],
                ended_at=_aware(data["ended_at"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household is booked out."))
            return redirect("beds:site", site_id=booking.room.site_id)
    else:
        services.bed_records_viewed(
            acting_user=user,
            section="room_book_out",
            client_ids=[m.client_id for m in members],
            site=booking.room.site,
        )
    return render(
        request, "beds/room_book_out.html", {"booking": booking, "members": members, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request: AuthenticatedRequest, site_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    site = selectors.site_get_for_staff(user, site_id)
    if not site.night_by_night:
        raise Http404
    stays = list(
        selectors.stays_for(user, site=site).filter(ended_at__isnull=True, bed__isnull=False)
    )
    if request.method == "POST":
        try:
            ended = services.roll_call(
                acting_user=user, site=site, present_stay_ids=request.POST.getlist("present")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Roll call saved: %(count)s people who did not come back are booked out.")
                % {"count": len(ended)},
            )
            return redirect("beds:site", site_id=site.pk)
    services.bed_records_viewed(
        acting_user=user, section="roll_call", client_ids=[s.client_id for s in stays], site=site
    )
    return render(request, "beds/roll_call.html", {"site": site, "stays": stays})


# --- Turnaways and restrictions (the site's staff) ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def turnaways(request: AuthenticatedRequest, site_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    site = selectors.site_get_for_staff(user, site_id)
    form = TurnawayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client_access = (
            access.client_get_for_user(user, data["client_id"]) if data["client_id"] else None
        )
        try:
            services.turnaway_record(
                acting_user=user,
                site=site,
                reason=data["reason"],
                detail=data["detail"],
                client_access=client_access,
                people=data["people"],
                occurred_at=_aware(data["occurred_at"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The turnaway is recorded."))
            return redirect("beds:turnaways", site_id=site.pk)
    page = paginate(request, selectors.turnaways_for(user, site=site), per_page=50)
    services.bed_records_viewed(
        acting_user=user,
        section="turnaways",
        client_ids=[t.client_id for t in page if t.client_id],
        site=site,
    )
    return render(request, "beds/turnaways.html", {"site": site, "form": form, "page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def restrictions(request: AuthenticatedRequest, site_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    site = selectors.site_get_for_staff(user, site_id)
    form = RestrictionForm(
        request.POST or None, initial={"client_id": request.GET.get("client", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client_access = access.client_get_for_user(user, data["client_id"])
        try:
            services.restriction_create(
                acting_user=user,
                site=site,
                client_access=client_access,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The service restriction is recorded."))
            return redirect("beds:restrictions", site_id=site.pk)
    page = paginate(request, selectors.restrictions_for(user, site=site), per_page=50)
    services.bed_records_viewed(
        acting_user=user, section="restrictions", client_ids=[r.client_id for r in page], site=site
    )
    return render(
        request,
        "beds/restrictions.html",
        {"site": site, "form": form, "page_obj": page, "today": timezone.localdate()},
    )


@login_required
@require_POST
def restriction_lift(request: AuthenticatedRequest, restriction_id: uuid.UUID) -> HttpResponse:
    user = access.require_partner_staff(request.user)
    restriction = selectors.restriction_get(user, restriction_id)
    try:
        services.restriction_lift(acting_user=user, restriction=restriction)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The restriction is lifted."))
    return redirect("beds:restrictions", site_id=restriction.site_id)


# --- Occupancy (counts for every partner) -----------------------------------------------


@login_required
def occupancy(request: AuthenticatedRequest) -> HttpResponse:
    user = _availability_user(request)
    form = OccupancyForm(request.GET)
    start, end = form.period()
    sites = list(access.bed_sites_visible_to(user).filter(is_active=True).order_by("name"))
    site: Site | None = None
    site_id = form.cleaned_data.get("site") if form.is_valid() else None
    if site_id:
        site = selectors.site_get(user, site_id)
    elif sites:
        own = selectors.sites_run_by(user).first()
        site = own or sites[0]
    report = selectors.occupancy(user, site=site, start=start, end=end) if site else None
    return render(
        request,
        "beds/occupancy.html",
        {
            "form": form,
            "sites": sites,
            "site": site,
            "report": report,
            "start": start,
            "end": end,
            "totals": selectors.turnaway_totals(user, start=start, end=end),
        },
    )


# --- One client's stays (housing category) ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def client_stays(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """A client's stays and homeless days, for partners the client shares
    housing with (and each site's own stays), street contacts, and the
    nights in other systems' shelters an import brought."""
    user = access.require_partner_staff(request.user)
    client_access = access.client_get_for_user(user, client_id)
    form = StreetContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.street_contact_record(
                acting_user=user,
                client_access=client_access,
                seen_on=form.cleaned_data["seen_on"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The street contact is recorded."))
            return redirect("beds:client_stays", client_id=client_access.client.pk)
    stays = list(selectors.stays_for(user, client_id=client_access.client.pk)[:100])
    contacts = list(selectors.street_contacts_for(user, client_id=client_access.client.pk)[:100])
    history = list(selectors.shelter_history_for(client_access)[:100])
    status = selectors.client_chronic_status(client_access)
    client_services.client_record_viewed(
        acting_user=user, client_access=client_access, section="stays"
    )
    return render(
        request,
        "beds/client_stays.html",
        {
            "client": client_access.client,
            "client_access": client_access,
            "stays": stays,
            "contacts": contacts,
            "history": history,
            "status": status,
            "form": form,
        },
    )
