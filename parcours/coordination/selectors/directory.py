"""Reading the service directory (no client data: every partner's staff
reads it through ``access.coordination.services_visible_to``).

The search puts **mainstream provincial programs first** (the sources ask
workers to use existing programs before creating new ones), then the
network's partners, then other outside services; each group by name."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from parcours.access.coordination import services_visible_to
from parcours.access.directory import require_directory_user
from parcours.accounts.models import User
from parcours.coordination.models import (
    DirectoryOrganization,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)


class Reach:
    """Who runs the service (the search's "partner or external" filter)."""

    MAINSTREAM = "mainstream"
    PARTNER = "partner"
    EXTERNAL = "external"


# The order of the search's groups.
RANK_MAINSTREAM, RANK_PARTNER, RANK_OTHER = 0, 1, 2


@dataclass(frozen=True)
class ServiceFilters:
    need: str = ""
    support_type: str = ""
    sub_domain: str = ""
    language: str = ""
    area: str = ""
    reach: str = ""
    age: int | None = None
    include_inactive: bool = False


def _with_relations(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related(
        "organization",
        "organization__partner",
        "program",
        "program__organization",
        "shelter_site",
    ).prefetch_related(
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by(
                "location__name"
            ),
        )
    )


def service_search(user: User, filters: ServiceFilters) -> QuerySet[Service]:
    """The services that meet the filters, mainstream programs first, then
    partners, then other outside services (PermissionDenied for a user who
    may not read the directory)."""
    require_directory_user(user)
    services = services_visible_to(user)
    if not filters.include_inactive:
        services = services.filter(status=ServiceStatus.ACTIVE)
    for word in filters.need.split():
        services = services.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility_description__icontains=word)
        )
    if filters.support_type:
        services = services.filter(support_type=filters.support_type)
    if filters.sub_domain:
        services = services.filter(sub_domain=filters.sub_domain)
    if filters.language:
        # The JSON list's text holds each code between quotes, on every database.
        services = services.filter(languages__icontains=f'"{filters.language}"')
    if filters.area.strip():
        area = filters.area.strip()
        matching = ServiceAtLocation.objects.filter(location__city__icontains=area).values(
            "service_id"
        )
        services = services.filter(Q(service_area__icontains=area) | Q(pk__in=matching))
    if filters.reach == Reach.MAINSTREAM:
        services = services.filter(is_mainstream=True)
    elif filters.reach == Reach.PARTNER:
        services = services.filter(organization__partner__isnull=False)
    elif filters.reach == Reach.EXTERNAL:
        services = services.filter(organization__partner__isnull=True)
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    ranked = services.annotate(
        rank=Case(
            When(is_mainstream=True, then=Value(RANK_MAINSTREAM)),
            When(organization__partner__isnull=False, then=Value(RANK_PARTNER)),
            default=Value(RANK_OTHER),
            output_field=IntegerField(),
        )
    )
    return _with_relations(ranked).order_by("rank", "name", "id")


def service_get(user: User, service_id: uuid.UUID | str) -> Service:
    """One service with its organization and locations (PermissionDenied for
    a user who may not read the directory, 404 for an unknown id)."""
    require_directory_user(user)
    try:
        return _with_relations(services_visible_to(user)).get(pk=service_id)
    except (Service.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def directory_organizations(user: User) -> QuerySet[DirectoryOrganization]:
    """Every organization of the directory, by name, with its partner."""
    require_directory_user(user)
    return DirectoryOrganization.objects.select_related("partner").order_by("name", "id")


def directory_organization_get(user: User, organization_id: uuid.UUID) -> DirectoryOrganization:
    require_directory_user(user)
    try:
        return DirectoryOrganization.objects.select_related("partner").get(pk=organization_id)
    except DirectoryOrganization.DoesNotExist as exc:
        raise Http404 from exc


def service_rank(service: Service) -> int:
    """The search group of a service (for a service not read by the search)."""
    if service.is_mainstream:
        return RANK_MAINSTREAM
    return RANK_PARTNER if service.organization.partner_id else RANK_OTHER


__all__ = [
    "RANK_MAINSTREAM",
    "RANK_OTHER",
    "RANK_PARTNER",
    "Reach",
    "ServiceFilters",
    "directory_organization_get",
    "directory_organizations",
    "service_get",
    "service_rank",
    "service_search",
]
