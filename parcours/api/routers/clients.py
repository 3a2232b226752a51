"""``/clients`` and ``/consents``: the shared client registry, its consent
directives, visits, pathway and emergency access.

Thin routes over ``parcours.clients`` services and selectors. The access
policy decides what the caller sees: a client they may not see is a 404
(never a 403), and nothing is read or written for them. Every read of a
client's record and every search is in the audit log, as on the screens."""

import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
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
    IDENTITY_FORM_FIELDS,
    Client,
    ConsentDirective,
    DataCategory,
    PathwayStage,
    ReferenceOption,
    Visit,
)

router = Router(tags=["clients"])

NOT_FOUND = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}

IDENTITY_OUT = ("display_name", *IDENTITY_FORM_FIELDS)

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


def _detail(client_access: ClientAccess) -> dict[str, Any]:
    client = client_access.client
    current_stage = None
    if client_access.sees_pathway:
        current_stage = selectors.pathway_for(client_access).values_list("stage", flat=True).first()
    out: dict[str, Any] = {
        "id": client.pk,
        "version": client.version,
        "is_anonymous": client.is_anonymous,
        "registered_by_organization": client.registered_by_organization,
        "categories": sorted(client_access.categories),
        "current_stage": current_stage,
        "break_glass_expires_at": client_access.break_glass.expires_at
        if client_access.break_glass
        else None,
    }
    if client_access.can(DataCategory.IDENTITY):
        out.update({field: getattr(client, field) for field in IDENTITY_OUT})
        out["aliases"] = list(client.aliases.order_by("created_at"))
    else:
        out.update(dict.fromkeys(IDENTITY_OUT))
        out["aliases"] = None
    return out


def _consent(directive: ConsentDirective) -> dict[str, Any]:
    return {
        "id": directive.pk,
        "all_partners": directive.all_partners,
        "organizations": sorted(directive.organizations.all(), key=lambda o: o.name),
        "categories": directive.categories,
        "start_date": directive.start_date,
        "end_date": directive.end_date,
        "method": directive.method,
        "witnessed_by": directive.witnessed_by,
        "status": directive.status(timezone.localdate()),
        "withdrawn_at": directive.withdrawn_at,
    }


def _visit(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "occurred_at": visit.occurred_at,
        "organization": visit.organization,
        "site": visit.site,
        "needs": visit.needs,
        "needs_other": visit.needs_other,
        "services": list(visit.services.all()),
    }


def _step(step: PathwayStage) -> dict[str, Any]:
    try:
        alert: Any = step.alert
    except ObjectDoesNotExist:
        alert = None
    return {
        "id": step.pk,
        "stage": step.stage,
        "previous_stage": step.previous_stage or None,
        "entered_on": step.entered_on,
        "reason": step.reason,
        "organization": step.organization,
        "alert": (
            {"kind": alert.kind, "acknowledged": alert.acknowledged_at is not None}
            if alert is not None
            else None
        ),
    }


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
        user=user, query=filters.q, client_ids=[c.pk for c in page], via="api"
    )
    return {"items": page, "count": count}


@router.post(
    "/clients",
    response={201: ClientDetail, 401: ErrorOut, 422: ErrorOut},
    summary="Register a client on behalf of the caller's organization",
)
def client_create(request: HttpRequest, payload: ClientIn) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    values = _identity_values(payload.model_dump(exclude={"aliases"}))
    client = services.client_register(
        acting_user=user,
        aliases=[(a.kind.value, a.given_name, a.family_name) for a in payload.aliases],
        **values,
    )
    return Status(201, _detail(access.client_get_for_user(user, client.pk)))


@router.get(
    "/clients/{client_id}",
    response={200: ClientDetail, **NOT_FOUND},
    summary="A client's record, as far as the caller may see it",
)
def client_detail(request: HttpRequest, client_id: uuid.UUID) -> dict[str, Any]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(user=user, client_access=client_access, via="api")
    return _detail(client_access)


@router.patch(
    "/clients/{client_id}",
    response={200: ClientDetail, 409: ErrorOut, **NOT_FOUND},
    summary="Change a client's identity (optimistic concurrency on `version`)",
)
def client_patch(
    request: HttpRequest, client_id: uuid.UUID, payload: ClientPatch
) -> dict[str, Any]:
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
    return _detail(access.client_get_for_user(user, client_id))


# --- Consent directives ------------------------------------------------------


@router.get(
    "/clients/{client_id}/consents",
    response={200: list[ConsentOut], **NOT_FOUND},
    summary="The client's consent directives",
)
def consent_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(user=user, client_access=client_access, via="api")
    return [_consent(d) for d in selectors.consents_for(client_access)]


@router.post(
    "/clients/{client_id}/consents",
    response={201: ConsentOut, **NOT_FOUND},
    summary="Record a consent directive",
)
def consent_create(
    request: HttpRequest, client_id: uuid.UUID, payload: ConsentIn
) -> Status[dict[str, Any]]:
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
    return Status(201, _consent(directive))


@router.post(
    "/consents/{directive_id}/withdraw",
    response={200: ConsentOut, **NOT_FOUND},
    summary="Withdraw a consent directive (sharing stops at the next request)",
)
def consent_withdraw(
    request: HttpRequest,
    directive_id: uuid.UUID,
    payload: Body[ConsentWithdrawIn | None] = None,
) -> dict[str, Any]:
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
    return _consent(directive)


# --- Visits ------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/visits",
    response={200: list[VisitOut], **NOT_FOUND},
    summary="The client's visits the caller may see",
)
def visit_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(user=user, client_access=client_access, via="api")
    return [_visit(v) for v in selectors.visits_for(client_access)]


@router.post(
    "/clients/{client_id}/visits",
    response={201: VisitOut, **NOT_FOUND},
    summary="Record a visit: needs expressed and services given",
)
def visit_create(
    request: HttpRequest, client_id: uuid.UUID, payload: VisitIn
) -> Status[dict[str, Any]]:
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
    return Status(201, _visit(visit))


# --- Pathway -----------------------------------------------------------------


@router.get(
    "/clients/{client_id}/pathway",
    response={200: list[PathwayStepOut], **NOT_FOUND},
    summary="The client's pathway, newest step first",
)
def pathway_list(request: HttpRequest, client_id: uuid.UUID) -> list[dict[str, Any]]:
    user = deps.signed_in(request)
    client_access = access.client_get_for_user(user, client_id)
    services.client_record_viewed(user=user, client_access=client_access, via="api")
    return [_step(s) for s in selectors.pathway_for(client_access)]


@router.post(
    "/clients/{client_id}/pathway",
    response={201: PathwayStepOut, **NOT_FOUND},
    summary="Move the client to a stage of the pathway",
)
def pathway_create(
    request: HttpRequest, client_id: uuid.UUID, payload: PathwayIn
) -> Status[dict[str, Any]]:
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
    return Status(201, _step(step))


# --- Break the glass ---------------------------------------------------------


@router.post(
    "/clients/{client_id}/break-glass",
    response={201: BreakGlassOut, **NOT_FOUND},
    summary="Emergency access to a client outside consent",
    description=(
        "Opens every category of the client's record to the caller for a limited "
        "time. The reason is mandatory, the access is audited and reviewed by a "
        "coordinator."
    ),
)
def break_glass(
    request: HttpRequest, client_id: uuid.UUID, payload: BreakGlassIn
) -> Status[dict[str, Any]]:
    user = deps.signed_in(request)
    # The reason is checked first, so that the answer to a bad request says
    # nothing about whether the client exists.
    services.break_glass_check_reason(user=user, reason=payload.reason)
    # The caller may not see this client yet: that is the point of the route.
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise Http404
    grant = services.break_glass_open(user=user, client=client, reason=payload.reason)
    return Status(201, {"client_id": client.pk, "expires_at": grant.expires_at})
