"""API routes of coordination: directory.

``/services`` searches the directory as the screen does (mainstream
provincial programs first, then network partners, then outside services),
``/services/{id}`` gives one with its locations, and
``/directory-organizations`` lists the organizations. The directory holds
no client data: every partner's staff may read it (403 for others)."""

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from parcours.api import deps
from parcours.api.coordination_directory_schemas import (
    DirectoryOrganizationOut,
    DirectoryServiceDetailOut,
    DirectoryServiceFilter,
    DirectoryServiceOut,
)
from parcours.api.errors import ErrorOut
from parcours.api.pagination import Pagination
from parcours.coordination.models import DirectoryOrganization, Service
from parcours.coordination.selectors import directory as selectors

router = Router(tags=["directory"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/services",
    response={200: list[DirectoryServiceOut], **ERRORS},
    summary="Search the service directory (mainstream programs first; paginated)",
)
@paginate(Pagination)
def service_list(request: HttpRequest, filters: Query[DirectoryServiceFilter]) -> QuerySet[Service]:
    user = deps.signed_in(request)
    return selectors.service_search(
        user,
        selectors.ServiceFilters(
            need=filters.q,
            support_type=filters.support_type.value if filters.support_type else "",
            sub_domain=filters.sub_domain.value if filters.sub_domain else "",
            language=filters.language or "",
            area=filters.area,
            reach=filters.reach or "",
            age=filters.age,
            include_inactive=filters.include_inactive,
        ),
    )


@router.get(
    "/services/{service_id}",
    response={200: DirectoryServiceDetailOut, **ERRORS},
    summary="One service of the directory, with its locations",
)
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> Service:
    return selectors.service_get(deps.signed_in(request), service_id)


@router.get(
    "/directory-organizations",
    response={200: list[DirectoryOrganizationOut], **ERRORS},
    summary="The organizations of the service directory (partners and outside providers)",
)
@paginate(Pagination)
def organization_list(request: HttpRequest) -> QuerySet[DirectoryOrganization]:
    return selectors.directory_organizations(deps.signed_in(request))
