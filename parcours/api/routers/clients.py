"""``/clients`` and ``/consents``: the shared client registry, its consent
directives, visits, pathway and emergency access.

Thin routes over ``parcours.clients`` services and selectors. The access
policy decides what the caller sees: a client they may not see is a 404
(never a 403), and nothing is read or written for them. Every read of a
client's record and every search is in the audit log, as on the screens."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Body, Query, Router, Status
from ninja.errors import HttpError

from parcours import access
from parcours.access import ClientAccess
from parcours.api import deps
from parcours.api.client_schemas import (
    BreakGlassIn,
    BreakGlassOut,
    ClientDetail,
    ClientIn,
    ClientPage,
    ClientPatch,
    ClientSearch,
    ConsentIn,
    ConsentOut,
    ConsentWithdrawIn,
    PathwayIn,
    PathwayStepOut,
    VisitIn,
    VisitOut,
)
from parcours.api.errors import ErrorOut
from parcours.clients import selectors, services
from parcours.clients.models import (
    BreakGlassAccess,
    ConsentDirective,
    PathwayStage,
    ReferenceOption,
    Visit,
)

router = Router(tags=["clients"])

NOT_FOUND = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# Choice fields the API clears with null and the model stores as "".
BLANK_CHOICES = ("veteran_status", "health_card_province")


def _references(values: dict[str, Any]) -> dict[str, ReferenceOption | None]:
    """Reference answers sent as codes, as options; every unknown code is
    reported under the name of the field that carried it."""
    options: dict[str, ReferenceOption | None] = {}
    errors: dict[str, list[str]] = {}
    for field, list_name in services.REFERENCE_FIELDS.items():
        if field not in values:
            continue
        try:
            options[field] = services.reference_option(list_name, values[field])
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    return options


def _identity_values(values: dict[str, Any]) -> dict[str, Any]:
    values = {**values, **_references(values)}
    for field in BLANK_CHOICES:
        if field in values and values[field] is None:
            values[field] = ""
    return values


# --- Registry ----------------------------------------------------------------


@router.get(
    "/clients",
    response={200: ClientPage, 401: ErrorOut, 422: ErrorOut},
    summary="Search the clients the caller may see",
    description=(
        "Every word of `q` must match: a name or alias (partial, accents and case "
        "ignored), a date of birth (YYYY-MM-DD) or a health card number. The search "
        "and the records it showed are in the audit log."
    ),
)
def client_list(request: HttpRequest, filters: Query[ClientSearch]) -> dict[str, Any]:
    user = deps.signed_in(request)
    qs = selectors.client_search(user, filters.q)
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    services.clients_searched(
        acting_user=user, query=filters.q, client_ids=[c.pk for c in page], via="api"
    )
    return {"items": page, "count": count}


@router.post(
    "/clients",
    response={201: ClientDetail, 401: ErrorOut, 422: ErrorOut},
    summary="Register a client on behalf of the caller's organization",
)
def client_create(request: HttpRequest, payload: ClientIn) -> Status[ClientAccess]:
    user = deps.signed_in(request)
    values = _identity_values(payload.model_dump(exclude={"aliases"}))
    client = services.client_register(
        acting_user=user,
        aliases=[(a.kind.value, a.given_name, a.family_name) for a in payload.aliases],
        **values,
    )
    return Status(201, access.client_get_for_user(user, client.pk))


@router.get(
    "/clients/{client_id}",
    response={200: ClientDetail, **NOT_FOUND},
    summary="A client's record, as far as the caller may see it",
)
def client_detail(request: HttpRequest, client_id: uuid.UUID) -> ClientAccess:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(acting_user=user, client_access=client_access, via="api")
    return client_access


@router.patch(
    "/clients/{client_id}",
    response={200: ClientDetail, 409: ErrorOut, **NOT_FOUND},
    summary="Change a client's identity (optimistic concurrency on `version`)",
)
def client_patch(request: HttpRequest, client_id: uuid.UUID, payload: ClientPatch) -> ClientAccess:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"version"})
    try:
        services.client_update(
            acting_user=user,
            client_access=client_access,
            expected_version=payload.version,
            changes=_identity_values(changes),
        )
    except services.StaleEdit as exc:
        raise HttpError(409, str(exc)) from exc
    return access.client_get_for_user(user, client_id)


# --- Consent directives ------------------------------------------------------


@router.get(
    "/clients/{client_id}/consents",
    response={200: list[ConsentOut], **NOT_FOUND},
    summary="The client's consent directives",
)
def consent_list(request: HttpRequest, client_id: uuid.UUID) -> list[ConsentDirective]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(acting_user=user, client_access=client_access, via="api")
    return list(selectors.consents_for(client_access))


@router.post(
    "/clients/{client_id}/consents",
    response={201: ConsentOut, **NOT_FOUND},
    summary="Record a consent directive",
)
def consent_create(
    request: HttpRequest, client_id: uuid.UUID, payload: ConsentIn
) -> Status[ConsentDirective]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    directive = services.consent_directive_create(
        acting_user=user,
        client_access=client_access,
        categories=[c.value for c in payload.categories],
        organization_ids=payload.organizations or [],
        all_partners=payload.all_partners,
        start_date=payload.start_date,
        end_date=payload.end_date,
        method=payload.method.value,
        witnessed_by=payload.witnessed_by,
        notes=payload.notes,
    )
    return Status(201, directive)


@router.post(
    "/consents/{directive_id}/withdraw",
    response={200: ConsentOut, **NOT_FOUND},
    summary="Withdraw a consent directive (sharing stops at the next request)",
)
def consent_withdraw(
    request: HttpRequest,
    directive_id: uuid.UUID,
    payload: Body[ConsentWithdrawIn | None] = None,
) -> ConsentDirective:
    user = deps.signed_in(request)
    directive, client_access = selectors.consent_get_for_user(user, directive_id)
    if not client_access.can_withdraw_consent:
        raise Http404
    directive = services.consent_directive_withdraw(
        acting_user=user,
        client_access=client_access,
        directive=directive,
        reason=payload.reason if payload else "",
    )
    return directive


# --- Visits ------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/visits",
    response={200: list[VisitOut], **NOT_FOUND},
    summary="The client's visits the caller may see",
)
def visit_list(request: HttpRequest, client_id: uuid.UUID) -> list[Visit]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(acting_user=user, client_access=client_access, via="api")
    return list(selectors.visits_for(client_access))


@router.post(
    "/clients/{client_id}/visits",
    response={201: VisitOut, **NOT_FOUND},
    summary="Record a visit: needs expressed and services given",
)
def visit_create(request: HttpRequest, client_id: uuid.UUID, payload: VisitIn) -> Status[Visit]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    occurred_at = payload.occurred_at
    if occurred_at is not None and timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    visit = services.visit_record(
        acting_user=user,
        client_access=client_access,
        occurred_at=occurred_at,
        site=payload.site,
        needs=[n.value for n in payload.needs],
        needs_other=payload.needs_other,
        notes=payload.notes,
        services=[
            services.ServiceGiven(
                kind=s.kind.value,
                quantity=s.quantity,
                naloxone_training=s.naloxone_training,
                detail=s.detail,
            )
            for s in payload.services
        ],
    )
    return Status(201, visit)


# --- Pathway -----------------------------------------------------------------


@router.get(
    "/clients/{client_id}/pathway",
    response={200: list[PathwayStepOut], **NOT_FOUND},
    summary="The client's pathway, newest step first",
)
def pathway_list(request: HttpRequest, client_id: uuid.UUID) -> list[PathwayStage]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(acting_user=user, client_access=client_access, via="api")
    return list(selectors.pathway_for(client_access))


@router.post(
    "/clients/{client_id}/pathway",
    response={201: PathwayStepOut, **NOT_FOUND},
    summary="Move the client to a stage of the pathway",
)
def pathway_create(
    request: HttpRequest, client_id: uuid.UUID, payload: PathwayIn
) -> Status[PathwayStage]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    if not client_access.sees_pathway:
        raise Http404
    step = services.pathway_move(
        acting_user=user,
        client_access=client_access,
        stage=payload.stage.value,
        entered_on=payload.entered_on,
        reason=payload.reason,
    )
    return Status(201, step)


# --- Break the glass ---------------------------------------------------------


@router.post(
    "/clients/{client_id}/break-glass",
    response={201: BreakGlassOut, 403: ErrorOut, **NOT_FOUND},
    summary="Emergency access to a client outside consent",
    description=(
        "Opens every category of the client's record to the caller for a limited "
        "time, as the emergency-access screen does and on the same terms: the caller "
        "works for a partner organization (403 otherwise), gives a `reason` of at least "
        "10 characters, and identifies the person exactly — their `health_card_number`, "
        "or their full `name` with their `date_of_birth`. The identifiers must designate "
        "this one record (every identifier given matches it, and no other record "
        "matches): otherwise the answer is 404 and nothing is opened or written, so a "
        "record id alone opens nothing. The reason is checked before the look-up, so a "
        "refused reason says nothing about who exists. The access is in the audit log "
        "and is reviewed by a privacy reviewer of the caller's organization."
    ),
)
def break_glass(
    request: HttpRequest, client_id: uuid.UUID, payload: BreakGlassIn
) -> Status[BreakGlassAccess]:
    user = deps.signed_in(request)
    # The caller may not see this client yet: that is the point of the route.
    try:
        grant = services.break_glass_open_by_identifiers(
            acting_user=user,
            reason=payload.reason,
            health_card_number=payload.health_card_number,
            name=payload.name,
            date_of_birth=payload.date_of_birth,
            client_id=client_id,
        )
    except services.NoExactMatch as exc:
        raise Http404 from exc
    return Status(201, grant)
