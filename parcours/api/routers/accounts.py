"""``/me``, ``/organizations`` and ``/programs``: thin routes over the selectors."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from parcours import access
from parcours.accounts.models import (
    Organization,
    OrganizationKind,
    Program,
    ProgramKind,
    Team,
)
from parcours.api import deps
from parcours.api.errors import ErrorOut
from parcours.api.pagination import Pagination
from parcours.api.schemas import MeOut, OrganizationOut, ProgramOut

router = Router(tags=["organizations"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The signed-in staff member")
def me(request: HttpRequest) -> dict[str, Any]:
    user = deps.signed_in(request)
    programs = user.program_memberships.filter(
        program__in=access.programs_visible_to(user)
    ).select_related("program")
    teams = user.team_memberships.filter(team__in=access.teams_visible_to(user)).select_related(
        "team"
    )
    return {
        "id": user.pk,
        "email": user.email,
        "given_name": user.given_name,
        "family_name": user.family_name,
        "preferred_language": user.preferred_language,
        "is_org_admin": user.is_org_admin,
        "is_superuser": user.is_superuser,
        "organization": user.organization,
        "discipline": user.discipline,
        "programs": [
            {"id": m.program_id, "name": m.program.name, "role": m.role} for m in programs
        ],
        "teams": [{"id": m.team_id, "name": m.team.name, "role": m.role} for m in teams],
    }


class OrganizationFilters(Schema):
    q: str | None = None
    kind: OrganizationKind | None = None
    is_partner: bool | None = None


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], 401: ErrorOut, 422: ErrorOut},
    summary="The network's organizations (partners and external institutions)",
)
@paginate(Pagination)
def organizations(
    request: HttpRequest, filters: Query[OrganizationFilters]
) -> QuerySet[Organization]:
    qs = access.organizations_visible_to(deps.signed_in(request)).order_by("name")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.is_partner is not None:
        qs = qs.filter(is_partner=filters.is_partner)
    return qs


class ProgramFilters(Schema):
    kind: ProgramKind | None = None


@router.get(
    "/programs",
    response={200: list[ProgramOut], 401: ErrorOut, 422: ErrorOut},
    summary="Programs of the caller's organization, with their teams",
)
@paginate(Pagination)
def programs(request: HttpRequest, filters: Query[ProgramFilters]) -> QuerySet[Program]:
    qs = (
        access.programs_visible_to(deps.signed_in(request))
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("name")
    )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs
