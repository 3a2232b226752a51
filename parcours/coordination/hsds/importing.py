"""Importing an HSDS package: every row checked first, then, when
nothing is wrong, everything written in one transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from parcours.accounts.models import Organization, Program, User
from parcours.beds.models import Site
from parcours.casework.models import SubDomain, SupportType
from parcours.coordination.hsds.package import (
    LOCATION_TYPES,
    TERMS,
    term_id,
)
from parcours.coordination.hsds.reading import (
    ImportResult,
    Row,
    check_parent,
    check_reference,
    existing_ids,
    field_errors,
    read_package,
    row_decimal,
    row_uuid,
    row_whole,
    rows_by_id,
)
from parcours.coordination.models import (
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from parcours.coordination.services.directory import service_rule_errors
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction


@dataclass
class _Plan:
    organizations: dict[str, DirectoryOrganization] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    links: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    existing: set[str] = field(default_factory=set)


def _check_organizations(rows: dict[str, Row], plan: _Plan, result: ImportResult) -> None:
    found = DirectoryOrganization.objects.in_bulk(list(rows))
    for rid, row in rows.items():
        org = found.get(uuid.UUID(rid)) or DirectoryOrganization(id=uuid.UUID(rid))
        if org.pk in found:
            plan.existing.add(rid)
        org.name = row["name"]
        org.alternate_name = row["alternate_name"]
        org.description = row["description"]
        org.email = row["email"]
        org.website = row["website"]
        org.phone = ""
        org.partner = None
        field_errors(row, org, result, exclude=["partner"])
        plan.organizations[rid] = org


def _check_services(
    rows: dict[str, Row], org_rows: dict[str, Row], plan: _Plan, result: ImportResult
) -> None:
    wanted = {row["organization_id"] for row in rows.values()} - set(org_rows)
    in_db = existing_ids(DirectoryOrganization, wanted)
    found = Service.objects.in_bulk(list(rows))
    for rid, row in rows.items():
        service = found.get(uuid.UUID(rid)) or Service(id=uuid.UUID(rid))
        if service.pk in found:
            plan.existing.add(rid)
        org_id = check_reference(
            row, "organization_id", set(org_rows), in_db, "organizations.csv", result
        )
        if org_id is not None:
            service.organization_id = uuid.UUID(org_id)
        if row["status"] not in ServiceStatus.values:
            result.at(
                row,
                _("Status “%(value)s” is not one of: %(choices)s.")
                % {"value": row["status"], "choices": ", ".join(ServiceStatus.values)},
            )
        for column in (
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "fees_description",
            "eligibility_description",
        ):
            setattr(service, column, row[column])
        service.minimum_age = row_whole(row, "minimum_age", result)
        service.maximum_age = row_whole(row, "maximum_age", result)
        # What the other tables say, filled in below (a package describes the whole service).
        service.phone = service.schedule_description = service.service_area = ""
        service.languages = []
        service.is_mainstream = False
        service.support_type = service.sub_domain = ""
        service.program = None
        service.shelter_site = None
        service.response_days = 5
        plan.services[rid] = service


def _check_locations(
    rows: dict[str, Row], org_rows: dict[str, Row], plan: _Plan, result: ImportResult
) -> None:
    wanted = {row["organization_id"] for row in rows.values() if row["organization_id"]}
    in_db = existing_ids(DirectoryOrganization, wanted - set(org_rows))
    found = Location.objects.in_bulk(list(rows))
    for rid, row in rows.items():
        location = found.get(uuid.UUID(rid)) or Location(id=uuid.UUID(rid))
        if location.pk in found:
            plan.existing.add(rid)
        org_id = check_reference(
            row,
            "organization_id",
            set(org_rows),
            in_db,
            "organizations.csv",
            result,
            required=False,
        )
        location.organization_id = uuid.UUID(org_id) if org_id else None
        if row["location_type"] not in LOCATION_TYPES:
            result.at(
                row,
                _("Location type “%(value)s” is not one of: %(choices)s.")
                % {"value": row["location_type"], "choices": ", ".join(LOCATION_TYPES)},
            )
        location.name = row["name"]
        location.description = row["description"]
        location.latitude = row_decimal(row, "latitude", result)
        location.longitude = row_decimal(row, "longitude", result)
        location.address_1 = location.city = location.region = location.postal_code = ""
        location.country = "CA"
        plan.locations[rid] = location


def _check_links(
    rows: dict[str, Row],
    service_rows: dict[str, Row],
    location_rows: dict[str, Row],
    plan: _Plan,
    result: ImportResult,
) -> None:
    services_db = existing_ids(
        Service, {r["service_id"] for r in rows.values()} - set(service_rows)
    )
    locations_db = existing_ids(
        Location, {r["location_id"] for r in rows.values()} - set(location_rows)
    )
    pairs: dict[tuple[str, str], Row] = {}
    for rid, row in rows.items():
        service_id = check_reference(
            row, "service_id", set(service_rows), services_db, "services.csv", result
        )
        location_id = check_reference(
            row, "location_id", set(location_rows), locations_db, "locations.csv", result
        )
        if service_id is None or location_id is None:
            continue
        if (service_id, location_id) in pairs:
            result.at(
                row,
                _("The service is already at this location (line %(line)s).")
                % {"line": pairs[(service_id, location_id)].line},
            )
            continue
        pairs[(service_id, location_id)] = row
        plan.links[rid] = (service_id, location_id, row["description"])


def _check_children(tables: dict[str, dict[str, Row]], plan: _Plan, result: ImportResult) -> None:
    for row in tables["addresses.csv"].values():
        lid = check_parent(row, "location_id", plan.locations, "locations.csv", result)
        address_type = row["address_type"]
        if address_type and address_type not in LOCATION_TYPES:
            result.at(
                row,
                _("Address type “%(value)s” is not one of: %(choices)s.")
                % {"value": address_type, "choices": ", ".join(LOCATION_TYPES)},
            )
        if lid is None or plan.locations[lid].address_1 or plan.locations[lid].city:
            continue  # Parcours keeps one address per location: the first.
        location = plan.locations[lid]
        location.address_1 = row["address_1"]
        location.city = row["city"]
        location.region = row["state_province"]
        location.postal_code = row["postal_code"]
        location.country = row["country"] or "CA"
    for row in tables["phones.csv"].values():
        if row["service_id"]:
            sid = check_parent(row, "service_id", plan.services, "services.csv", result)
            if sid is not None and not plan.services[sid].phone:
                plan.services[sid].phone = row["number"]
        elif row["organization_id"]:
            oid = check_parent(
                row, "organization_id", plan.organizations, "organizations.csv", result
            )
            if oid is not None and not plan.organizations[oid].phone:
                plan.organizations[oid].phone = row["number"]
    for row in tables["languages.csv"].values():
        sid = check_parent(row, "service_id", plan.services, "services.csv", result)
        if sid is not None and row["code"] not in plan.services[sid].languages:
            plan.services[sid].languages.append(row["code"])
    for row in tables["schedules.csv"].values():
        sid = check_parent(row, "service_id", plan.services, "services.csv", result)
        if sid is not None and not plan.services[sid].schedule_description:
            plan.services[sid].schedule_description = row["description"]
    for row in tables["service_areas.csv"].values():
        sid = check_parent(row, "service_id", plan.services, "services.csv", result)
        if sid is not None and not plan.services[sid].service_area:
            plan.services[sid].service_area = row["name"]


def _term_codes(terms: dict[str, Row]) -> dict[str, str]:
    """Term id -> Parcours code (the package's terms table, then the fixed ids)."""
    codes = {term_id(code): code for code in TERMS}
    for rid, row in terms.items():
        if row["code"] in TERMS:
            codes[rid] = row["code"]
    return codes


def _check_attributes(
    rows: dict[str, Row], codes: dict[str, str], plan: _Plan, result: ImportResult
) -> None:
    values: dict[str, list[tuple[Row, str, str]]] = {}
    for row in rows.values():
        term = row_uuid(row, "taxonomy_term_id", result)
        code = codes.get(term or "")
        if code is None:
            continue  # another taxonomy's term: not a Parcours flag
        entity = TERMS[code][2]
        if row["link_entity"] != entity:
            result.at(
                row,
                _("The term %(code)s describes a %(entity)s, not a %(given)s.")
                % {"code": code, "entity": entity, "given": row["link_entity"]},
            )
            continue
        parents: dict[str, Any] = plan.services if entity == "service" else plan.organizations
        file = "services.csv" if entity == "service" else "organizations.csv"
        link = check_parent(row, "link_id", parents, file, result)
        if link is not None:
            values.setdefault(code, []).append((row, link, row["value"]))
    _apply_flags(values, result, plan)


def _apply_flags(
    values: dict[str, list[tuple[Row, str, str]]], result: ImportResult, plan: _Plan
) -> None:
    def ids(code: str) -> set[str]:
        return {v for _row, _link, v in values.get(code, [])}

    programs = Program.objects.in_bulk(existing_ids(Program, ids("parcours:program")))
    sites = Site.objects.select_related("program").in_bulk(
        existing_ids(Site, ids("parcours:shelter_site"))
    )
    partners = Organization.objects.in_bulk(existing_ids(Organization, ids("parcours:partner")))
    for code, entries in values.items():
        for row, link, value in entries:
            problem = _apply_flag(code, value, plan, link, programs, sites, partners)
            if problem:
                result.at(row, problem)


def _apply_flag(
    code: str,
    value: str,
    plan: _Plan,
    link: str,
    programs: dict[Any, Program],
    sites: dict[Any, Site],
    partners: dict[Any, Organization],
) -> str:
    """Set one flag; return what is wrong with it (empty when nothing)."""
    bad = _("“%(value)s” is not a valid value for %(code)s.") % {"value": value, "code": code}
    if code == "parcours:partner":
        partner = partners.get(_as_uuid(value))
        if partner is None:
            return _("Unknown Parcours organization %(id)s.") % {"id": value}
        plan.organizations[link].partner = partner
        return ""
    service = plan.services[link]
    if code == "parcours:mainstream":
        if value.lower() not in {"true", "false"}:
            return bad
        service.is_mainstream = value.lower() == "true"
    elif code == "parcours:support_type":
        if value not in SupportType.values:
            return bad
        service.support_type = value
    elif code == "parcours:sub_domain":
        if value not in SubDomain.values:
            return bad
        service.sub_domain = value
    elif code == "parcours:response_days":
        if not value.isdigit() or int(value) < 1:
            return bad
        service.response_days = int(value)
    elif code == "parcours:program":
        program = programs.get(_as_uuid(value))
        if program is None:
            return _("Unknown Parcours program %(id)s.") % {"id": value}
        service.program = program
    elif code == "parcours:shelter_site":
        site = sites.get(_as_uuid(value))
        if site is None:
            return _("Unknown Parcours shelter site %(id)s.") % {"id": value}
        service.shelter_site = site
    return ""


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _check_services_whole(rows: dict[str, Row], plan: _Plan, result: ImportResult) -> None:
    """Each service once every table has spoken: the directory's rules."""
    partner_of: dict[str, Any] = {oid: org.partner_id for oid, org in plan.organizations.items()}
    outside = {str(s.organization_id) for s in plan.services.values() if s.organization_id}
    outside -= set(partner_of)
    partner_of.update(
        (str(pk), partner)
        for pk, partner in DirectoryOrganization.objects.filter(
            pk__in=[uuid.UUID(o) for o in outside]
        ).values_list("pk", "partner_id")
    )
    for rid, service in plan.services.items():
        row = rows[rid]
        if not service.support_type or not service.sub_domain:
            result.at(
                row,
                _("The service has no Parcours type of support and area (attributes.csv)."),
            )
        errors = service_rule_errors(
            support_type=service.support_type,
            sub_domain=service.sub_domain,
            minimum_age=service.minimum_age,
            maximum_age=service.maximum_age,
            response_days=service.response_days,
            languages=list(service.languages),
        )
        for name, message in errors.items():
            result.at(row, f"{name}: {message}")
        org_partner = partner_of.get(str(service.organization_id))
        if service.program is not None and service.program.organization_id != org_partner:
            result.at(row, _("The program must be one of the organization's own programs."))
        if (
            service.shelter_site is not None
            and service.shelter_site.program.organization_id != org_partner
        ):
            result.at(row, _("The shelter site must be one of the organization's own sites."))
        field_errors(
            row,
            service,
            result,
            exclude=[
                "organization",
                "program",
                "shelter_site",
                "support_type",
                "sub_domain",
                *errors,
            ],
        )


def _check_partners(rows: dict[str, Row], plan: _Plan, result: ImportResult) -> None:
    claimed: dict[Any, str] = {}
    for rid, org in plan.organizations.items():
        if org.partner_id is None:
            continue
        if org.partner_id in claimed:
            result.at(
                rows[rid], _("Two organizations of the package are the same network partner.")
            )
        claimed[org.partner_id] = rid
    taken = DirectoryOrganization.objects.filter(partner_id__in=list(claimed)).exclude(
        pk__in=[uuid.UUID(r) for r in claimed.values()]
    )
    for other in taken:
        rid = claimed[other.partner_id]
        result.at(
            rows[rid],
            _("The directory already has this network partner as %(name)s.") % {"name": other.name},
        )


def _check_locations_whole(rows: dict[str, Row], plan: _Plan, result: ImportResult) -> None:
    for rid, location in plan.locations.items():
        field_errors(rows[rid], location, result, exclude=["organization"])


# --- Import ----------------------------------------------------------------------------------


def hsds_import(
    folder: Path, *, dry_run: bool = False, acting_user: User | None = None
) -> ImportResult:
    """Check the package in ``folder``; if it is clean (and not ``dry_run``),
    write it in one transaction. Nothing is written when there is a problem."""
    result = ImportResult(dry_run=dry_run)
    raw = read_package(folder, result)
    if result.errors:
        # A file that cannot be read would make every reference to it look wrong.
        return result
    tables = {name: rows_by_id(rows, result) for name, rows in raw.items()}
    plan = _Plan()
    _check_organizations(tables["organizations.csv"], plan, result)
    _check_services(tables["services.csv"], tables["organizations.csv"], plan, result)
    _check_locations(tables["locations.csv"], tables["organizations.csv"], plan, result)
    _check_links(
        tables["service_at_location.csv"],
        tables["services.csv"],
        tables["locations.csv"],
        plan,
        result,
    )
    _check_children(tables, plan, result)
    _check_attributes(
        tables["attributes.csv"], _term_codes(tables["taxonomy_terms.csv"]), plan, result
    )
    _check_partners(tables["organizations.csv"], plan, result)
    _check_services_whole(tables["services.csv"], plan, result)
    _check_locations_whole(tables["locations.csv"], plan, result)
    if result.errors:
        return result
    _count(plan, result)
    if not dry_run:
        _write_plan(plan, acting_user, result)
    return result


def _count(plan: _Plan, result: ImportResult) -> None:
    groups: dict[str, Iterable[str]] = {
        "organizations": plan.organizations,
        "services": plan.services,
        "locations": plan.locations,
    }
    for name, ids in groups.items():
        ids = list(ids)
        result.updated[name] = sum(1 for i in ids if i in plan.existing)
        result.created[name] = len(ids) - result.updated[name]


def _save(instance: models.Model, existing: bool) -> None:
    if existing:
        instance.save()
    else:
        instance.save(force_insert=True)


def _write_plan(plan: _Plan, acting_user: User | None, result: ImportResult) -> None:
    links_before = {
        str(pk): link
        for pk, link in ServiceAtLocation.objects.in_bulk(
            [uuid.UUID(i) for i in plan.links]
        ).items()
    }
    with transaction.atomic():
        for rid, org in plan.organizations.items():
            _save(org, rid in plan.existing)
        for rid, location in plan.locations.items():
            _save(location, rid in plan.existing)
        for rid, service in plan.services.items():
            _save(service, rid in plan.existing)
        created = 0
        for rid, (service_id, location_id, description) in plan.links.items():
            link = links_before.get(rid)
            if link is None:
                # The same pair under another id gives way to the package's.
                ServiceAtLocation.objects.filter(
                    service_id=service_id, location_id=location_id
                ).delete()
                link = ServiceAtLocation(id=uuid.UUID(rid))
                created += 1
            link.service_id = uuid.UUID(service_id)
            link.location_id = uuid.UUID(location_id)
            link.description = description
            _save(link, rid in links_before)
        result.created["service_at_location"] = created
        result.updated["service_at_location"] = len(plan.links) - created
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            actor_label="" if acting_user else "import_hsds",
            target_type="coordination.directory",
            detail={"hsds_import": {"created": result.created, "updated": result.updated}},
        )
