"""Keeping the service directory: organizations, services and where they are
delivered. A partner's administrators keep their own organization's entry
and services; network administrators keep everything (and add the
organizations outside the network).

The directory holds no client data; each write is still in the audit log
(who changed the network's shared directory, and what)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parcours.access.base import is_network_admin
from parcours.access.coordination import can_edit_directory_entry
from parcours.accounts.models import Organization, Program, User
from parcours.beds.models import Site
from parcours.casework.models import SUBDOMAIN_SUPPORT
from parcours.coordination.languages import is_language_code
from parcours.coordination.models import (
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction

ORGANIZATION_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "phone",
    "partner_id",
]
SERVICE_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "phone",
    "status",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "application_process",
    "fees_description",
    "schedule_description",
    "languages",
    "service_area",
    "is_mainstream",
    "support_type",
    "sub_domain",
    "program_id",
    "shelter_site_id",
    "response_days",
]
LOCATION_FIELDS = [
    "name",
    "description",
    "address_1",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
]


@dataclass
class ServiceData:
    """What a service is, as the form and the API give it."""

    name: str
    support_type: str
    sub_domain: str
    alternate_name: str = ""
    description: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    status: str = ServiceStatus.ACTIVE
    eligibility_description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    application_process: str = ""
    fees_description: str = ""
    schedule_description: str = ""
    languages: list[str] = field(default_factory=list)
    service_area: str = ""
    is_mainstream: bool = False
    program: Program | None = None
    shelter_site: Site | None = None
    response_days: int = 5


@dataclass
class LocationData:
    """A place where the service is delivered: an existing location of the
    organization (``location_id``) or a new one; ``remove`` unlinks it."""

    name: str
    address_1: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    location_id: uuid.UUID | None = None
    remove: bool = False


def service_rule_errors(
    *,
    support_type: str,
    sub_domain: str,
    minimum_age: int | None,
    maximum_age: int | None,
    response_days: int | None,
    languages: list[str],
) -> dict[str, str]:
    """The directory's rules on a service, field by field (empty when it
    keeps them): shared by the screens, the API and the HSDS import."""
    errors: dict[str, str] = {}
    if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
        errors["maximum_age"] = _("The maximum age is below the minimum age.")
    if response_days is not None and response_days < 1:
        errors["response_days"] = _("The answer is expected within at least one day.")
    bad = [code for code in languages if not is_language_code(code)]
    if bad:
        errors["languages"] = _("Not ISO 639-1 language codes: %(codes)s.") % {
            "codes": ", ".join(bad)
        }
    expected = SUBDOMAIN_SUPPORT.get(sub_domain)
    if sub_domain and expected is not None and support_type and expected != support_type:
        errors["sub_domain"] = _("This area does not belong to the type of support chosen.")
    return errors


def _link_errors(organization: DirectoryOrganization, data: ServiceData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.program is not None and data.program.organization_id != organization.partner_id:
        errors["program"] = _("The program must be one of the organization's own programs.")
    if (
        data.shelter_site is not None
        and data.shelter_site.program.organization_id != organization.partner_id
    ):
        errors["shelter_site"] = _("The shelter site must be one of the organization's own sites.")
    return errors


def _require_editor(user: User, organization: DirectoryOrganization) -> None:
    if not can_edit_directory_entry(user, organization):
        raise PermissionDenied(
            _("Only the organization's administrators or the network's can change its entry.")
        )


def _apply_service(service: Service, data: ServiceData) -> None:
    for name in SERVICE_FIELDS:
        if name in {"program_id", "shelter_site_id"}:
            continue
        value = getattr(data, name)
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    service.languages = list(dict.fromkeys(c.strip().lower() for c in data.languages if c))
    service.program = data.program
    service.shelter_site = data.shelter_site


def _validate_service(service: Service) -> None:
    errors: dict[str, Any] = dict(
        service_rule_errors(
            support_type=service.support_type,
            sub_domain=service.sub_domain,
            minimum_age=service.minimum_age,
            maximum_age=service.maximum_age,
            response_days=service.response_days,
            languages=list(service.languages),
        )
    )
    try:
        service.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _locations_prepared(
    organization: DirectoryOrganization, locations: list[LocationData]
) -> tuple[list[Location], list[uuid.UUID]]:
    """The locations to save (validated, not yet saved) and the ids to unlink."""
    keep: list[Location] = []
    unlink: list[uuid.UUID] = []
    wanted = [loc.location_id for loc in locations if loc.location_id]
    existing = {
        loc.pk: loc for loc in Location.objects.filter(pk__in=wanted, organization=organization)
    }
    for index, item in enumerate(locations):
        if item.location_id and item.location_id not in existing:
            raise ValidationError(
                {
                    "locations": _("Location %(n)s is not one of the organization's.")
                    % {"n": index + 1}
                }
            )
        if item.remove:
            if item.location_id:
                unlink.append(item.location_id)
            continue
        if not item.name.strip():
            continue
        location = (
            existing[item.location_id] if item.location_id else Location(organization=organization)
        )
        location.name = item.name.strip()
        location.address_1 = item.address_1.strip()
        location.city = item.city.strip()
        location.region = item.region.strip().upper()
        location.postal_code = item.postal_code.strip().upper()
        try:
            location.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                {
                    "locations": _("Location %(n)s: %(errors)s")
                    % {"n": index + 1, "errors": " ".join(exc.messages)}
                }
            ) from exc
        keep.append(location)
    return keep, unlink


def _save_locations(service: Service, keep: list[Location], unlink: list[uuid.UUID]) -> None:
    for location in keep:
        location.save()
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
    if unlink:
        ServiceAtLocation.objects.filter(service=service, location_id__in=unlink).delete()


def service_create(
    *,
    acting_user: User,
    organization: DirectoryOrganization,
    data: ServiceData,
    locations: list[LocationData] | None = None,
) -> Service:
    _require_editor(acting_user, organization)
    service = Service(organization=organization)
    _apply_service(service, data)
    link_errors = _link_errors(organization, data)
    if link_errors:
        raise ValidationError(link_errors)
    _validate_service(service)
    keep, unlink = _locations_prepared(organization, locations or [])
    with transaction.atomic():
        service.save(force_insert=True)
        _save_locations(service, keep, unlink)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=service,
            after={
                **audit_snapshot(service, SERVICE_FIELDS),
                "locations": [str(loc.pk) for loc in keep],
            },
        )
    return service


def service_update(
    *,
    acting_user: User,
    service: Service,
    data: ServiceData,
    locations: list[LocationData] | None = None,
) -> Service:
    organization = service.organization
    _require_editor(acting_user, organization)
    before = audit_snapshot(service, SERVICE_FIELDS)
    _apply_service(service, data)
    link_errors = _link_errors(organization, data)
    if link_errors:
        raise ValidationError(link_errors)
    _validate_service(service)
    keep, unlink = _locations_prepared(organization, locations or [])
    with transaction.atomic():
        service.save()
        _save_locations(service, keep, unlink)
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=service,
            before=before,
            after={
                **audit_snapshot(service, SERVICE_FIELDS),
                "locations": [str(loc.pk) for loc in keep],
                "unlinked": [str(pk) for pk in unlink],
            },
        )
    return service


def directory_organization_create(
    *,
    acting_user: User,
    name: str,
    alternate_name: str = "",
    description: str = "",
    email: str = "",
    website: str = "",
    phone: str = "",
    partner: Organization | None = None,
) -> DirectoryOrganization:
    """A new directory organization (network administrators only)."""
    if not is_network_admin(acting_user):
        raise PermissionDenied(_("Only a network administrator can add an organization."))
    organization = DirectoryOrganization(
        name=name.strip(),
        alternate_name=alternate_name.strip(),
        description=description.strip(),
        email=email.strip(),
        website=website.strip(),
        phone=phone.strip(),
        partner=partner,
    )
    organization.full_clean()
    with transaction.atomic():
        organization.save(force_insert=True)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=organization,
            after=audit_snapshot(organization, ORGANIZATION_FIELDS),
        )
    return organization


def directory_organization_update(
    *,
    acting_user: User,
    organization: DirectoryOrganization,
    name: str,
    alternate_name: str = "",
    description: str = "",
    email: str = "",
    website: str = "",
    phone: str = "",
) -> DirectoryOrganization:
    """Change an organization's entry (its partner link stays: the network
    administrators set it in the admin site)."""
    _require_editor(acting_user, organization)
    before = audit_snapshot(organization, ORGANIZATION_FIELDS)
    organization.name = name.strip()
    organization.alternate_name = alternate_name.strip()
    organization.description = description.strip()
    organization.email = email.strip()
    organization.website = website.strip()
    organization.phone = phone.strip()
    organization.full_clean()
    with transaction.atomic():
        organization.save()
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=organization,
            before=before,
            after=audit_snapshot(organization, ORGANIZATION_FIELDS),
        )
    return organization


__all__ = [
    "LOCATION_FIELDS",
    "ORGANIZATION_FIELDS",
    "SERVICE_FIELDS",
    "LocationData",
    "ServiceData",
    "directory_organization_create",
    "directory_organization_update",
    "service_create",
    "service_rule_errors",
    "service_update",
]
