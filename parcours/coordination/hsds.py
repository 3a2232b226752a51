"""The service directory as an Open Referral **HSDS 3.0 tabular data
package**: a folder of CSV files (HSDS 3.0 table and column names) with its
``datapackage.json``.

* ``hsds_export(folder)`` writes organizations, services, locations,
  service_at_location, addresses, phones, languages, schedules,
  service_areas, and Parcours' own flags as HSDS ``attributes`` of terms of
  a ``Parcours`` taxonomy (taxonomies.csv, taxonomy_terms.csv).
* ``hsds_import(folder)`` reads such a package. It checks every file and
  every row first and reports each problem as ``file:line: message``; if
  there is any, nothing is written. Otherwise it writes everything in one
  transaction, updating the rows whose id is already in the directory (a
  re-import changes nothing).

Child tables (addresses, phones, languages, schedules, service areas,
attributes) describe the organizations, services and locations of the same
package: a row pointing elsewhere is an error. Rows are written sorted by id,
and the ids of child rows are derived from their parent's, so an export of
an import of an export gives the same files."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from parcours.accounts.models import Organization, Program, User
from parcours.beds.models import Site
from parcours.casework.models import SubDomain, SupportType
from parcours.coordination.languages import language_name
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

# Every id Parcours derives (taxonomy, terms, child rows) is a UUID 5 in this namespace.
NAMESPACE = uuid.UUID("e3dd05fd-aaed-458f-bfcb-ad6f56159017")
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:parcours"))

# Parcours' flags, as terms of the "Parcours" taxonomy: code -> (name, description, link_entity).
TERMS: dict[str, tuple[str, str, str]] = {
    "parcours:mainstream": (
        "Mainstream provincial or territorial program",
        "Value true or false: a program open to everyone who qualifies.",
        "service",
    ),
    "parcours:support_type": (
        "Type of support",
        "Value housing, clinical or complementary.",
        "service",
    ),
    "parcours:sub_domain": (
        "Area of support",
        "Value: a Parcours sub-domain code (housing_search, income, addiction…).",
        "service",
    ),
    "parcours:response_days": (
        "Answer expected within (days)",
        "Value: whole days (at least 1) before a referral without an answer is overdue.",
        "service",
    ),
    "parcours:program": (
        "Parcours program receiving referrals",
        "Value: the id of the partner's Parcours program.",
        "service",
    ),
    "parcours:shelter_site": (
        "Parcours shelter site",
        "Value: the id of the Parcours site whose beds a referral may hold.",
        "service",
    ),
    "parcours:partner": (
        "Network partner",
        "Value: the id of the Parcours organization this directory organization is.",
        "organization",
    ),
}


def term_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"term:{code}"))


def child_id(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(p) for p in parts)])))


# The HSDS 3.0 columns of each file, in the specification's order.
COLUMNS: dict[str, list[str]] = {
    "organizations.csv": [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ],
    "services.csv": [
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    "locations.csv": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
    "addresses.csv": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "phones.csv": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    "languages.csv": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "schedules.csv": [
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    "service_areas.csv": [
        "id",
        "service_id",
        "name",
        "description",
        "extent",
        "extent_type",
        "uri",
    ],
    "taxonomies.csv": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms.csv": [
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
}
# The files an import needs, and the columns it needs in each file it reads.
REQUIRED_FILES = (
    "organizations.csv",
    "services.csv",
    "locations.csv",
    "service_at_location.csv",
)
REQUIRED_COLUMNS: dict[str, list[str]] = {
    "organizations.csv": ["id", "name"],
    "services.csv": ["id", "organization_id", "name", "status"],
    "locations.csv": ["id", "location_type", "name"],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "addresses.csv": ["id", "location_id"],
    "phones.csv": ["id", "number"],
    "languages.csv": ["id", "service_id", "code"],
    "schedules.csv": ["id", "service_id"],
    "service_areas.csv": ["id", "service_id", "name"],
    "taxonomies.csv": ["id", "name"],
    "taxonomy_terms.csv": ["id", "code", "name"],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_entity"],
}
LOCATION_TYPES = ("physical", "postal", "virtual")
NUMBER_COLUMNS = {"minimum_age", "maximum_age", "latitude", "longitude"}
FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    "services.csv": [("organization_id", "organization")],
    "locations.csv": [("organization_id", "organization")],
    "service_at_location.csv": [("service_id", "service"), ("location_id", "location")],
    "addresses.csv": [("location_id", "location")],
    "phones.csv": [("service_id", "service"), ("organization_id", "organization")],
    "languages.csv": [("service_id", "service")],
    "schedules.csv": [("service_id", "service")],
    "service_areas.csv": [("service_id", "service")],
    "taxonomy_terms.csv": [("taxonomy_id", "taxonomy")],
    "attributes.csv": [("taxonomy_term_id", "taxonomy_term")],
}
_SIX_PLACES = Decimal("0.000001")


# --- Export -------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _write(folder: Path, name: str, rows: Iterable[dict[str, str]]) -> int:
    ordered = sorted(rows, key=lambda row: row["id"])
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS[name], lineterminator="\n")
        writer.writeheader()
        for row in ordered:
            writer.writerow({column: row.get(column, "") for column in COLUMNS[name]})
    return len(ordered)


def _datapackage(names: list[str]) -> dict[str, Any]:
    resources = []
    for name in names:
        fields = [
            {"name": c, "type": "number" if c in NUMBER_COLUMNS else "string"}
            for c in COLUMNS[name]
        ]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": "id"}
        keys = FOREIGN_KEYS.get(name)
        if keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": resource, "fields": "id"}}
                for column, resource in keys
            ]
        resources.append(
            {
                "name": name.removesuffix(".csv"),
                "path": name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "parcours-service-directory",
        "title": "Parcours service directory",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "description": "Human Services Data Specification (HSDS) 3.0 tabular data package.",
        "resources": resources,
    }


def _attribute(link_id: object, entity: str, code: str, value: object) -> dict[str, str]:
    return {
        "id": child_id("attribute", link_id, code),
        "link_id": str(link_id),
        "taxonomy_term_id": term_id(code),
        "link_entity": entity,
        "value": _text(value),
    }


def hsds_export(folder: Path) -> dict[str, int]:
    """Write the whole directory to ``folder`` (created if missing); return
    the number of rows written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
    for org in DirectoryOrganization.objects.all():
        tables["organizations.csv"].append(
            {
                "id": str(org.pk),
                "name": org.name,
                "alternate_name": org.alternate_name,
                "description": org.description,
                "email": org.email,
                "website": org.website,
            }
        )
        if org.phone:
            tables["phones.csv"].append(
                {
                    "id": child_id("phone", "organization", org.pk),
                    "organization_id": str(org.pk),
                    "number": org.phone,
                    "type": "voice",
                }
            )
        if org.partner_id:
            tables["attributes.csv"].append(
                _attribute(org.pk, "organization", "parcours:partner", org.partner_id)
            )
    for service in Service.objects.all():
        sid = service.pk
        tables["services.csv"].append(
            {
                "id": str(sid),
                "organization_id": str(service.organization_id),
                "name": service.name,
                "alternate_name": service.alternate_name,
                "description": service.description,
                "url": service.url,
                "email": service.email,
                "status": service.status,
                "application_process": service.application_process,
                "fees_description": service.fees_description,
                "eligibility_description": service.eligibility_description,
                "minimum_age": _text(service.minimum_age),
                "maximum_age": _text(service.maximum_age),
            }
        )
        if service.phone:
            tables["phones.csv"].append(
                {
                    "id": child_id("phone", "service", sid),
                    "service_id": str(sid),
                    "number": service.phone,
                    "type": "voice",
                }
            )
        for code in service.languages:
            tables["languages.csv"].append(
                {
                    "id": child_id("language", sid, code),
                    "service_id": str(sid),
                    "name": language_name(code, english=True),
                    "code": code,
                }
            )
        if service.schedule_description:
            tables["schedules.csv"].append(
                {
                    "id": child_id("schedule", sid),
                    "service_id": str(sid),
                    "description": service.schedule_description,
                }
            )
        if service.service_area:
            tables["service_areas.csv"].append(
                {
                    "id": child_id("service_area", sid),
                    "service_id": str(sid),
                    "name": service.service_area,
                }
            )
        flags: list[tuple[str, object]] = [
            ("parcours:mainstream", "true" if service.is_mainstream else "false"),
            ("parcours:support_type", service.support_type),
            ("parcours:sub_domain", service.sub_domain),
            ("parcours:response_days", service.response_days),
            ("parcours:program", service.program_id),
            ("parcours:shelter_site", service.shelter_site_id),
        ]
        for code, value in flags:
            if value is not None:
                tables["attributes.csv"].append(_attribute(sid, "service", code, value))
    for location in Location.objects.all():
        tables["locations.csv"].append(
            {
                "id": str(location.pk),
                "location_type": "physical",
                "organization_id": _text(location.organization_id),
                "name": location.name,
                "description": location.description,
                "latitude": _text(location.latitude),
                "longitude": _text(location.longitude),
            }
        )
        if location.address_1 or location.city or location.postal_code:
            tables["addresses.csv"].append(
                {
                    "id": child_id("address", location.pk),
                    "location_id": str(location.pk),
                    "address_1": location.address_1,
                    "city": location.city,
                    "state_province": location.region,
                    "postal_code": location.postal_code,
                    "country": location.country,
                    "address_type": "physical",
                }
            )
    for link in ServiceAtLocation.objects.all():
        tables["service_at_location.csv"].append(
            {
                "id": str(link.pk),
                "service_id": str(link.service_id),
                "location_id": str(link.location_id),
                "description": link.description,
            }
        )
    tables["taxonomies.csv"].append(
        {
            "id": TAXONOMY_ID,
            "name": "Parcours",
            "description": "Parcours' own flags on the services of a Housing First network.",
            "version": "1",
        }
    )
    for code, (name, description, _entity) in TERMS.items():
        tables["taxonomy_terms.csv"].append(
            {
                "id": term_id(code),
                "code": code,
                "name": name,
                "description": description,
                "taxonomy": "Parcours",
                "language": "en",
                "taxonomy_id": TAXONOMY_ID,
            }
        )
    counts = {name: _write(folder, name, rows) for name, rows in tables.items()}
    package = json.dumps(_datapackage(list(COLUMNS)), indent=2, ensure_ascii=False)
    (folder / "datapackage.json").write_text(package + "\n", encoding="utf-8")
    return counts


# --- Import: reading the files -----------------------------------------------------------


@dataclass
class Row:
    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass
class ImportResult:
    """What an import found: problems (``file:line: message``, nothing written
    when there is one) and, otherwise, how many rows it created and updated."""

    errors: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line is not None else file
        self.errors.append(f"{where}: {message}")

    def at(self, row: Row, message: str) -> None:
        self.add(row.file, row.line, message)


def _read_table(folder: Path, name: str, result: ImportResult) -> list[Row] | None:
    """The rows of one CSV file (None when it is absent or cannot be read;
    the reasons are in ``result``)."""
    path = folder / name
    if not path.is_file():
        if name in REQUIRED_FILES:
            result.add(name, None, _("The file is missing from the package."))
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        result.add(name, line, _("The file is not UTF-8 text."))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            if header is None:
                header = [c.strip() for c in record]
                missing = [c for c in REQUIRED_COLUMNS[name] if c not in header]
                for column in missing:
                    result.add(name, 1, _("Missing column “%(column)s”.") % {"column": column})
                if missing:
                    return None
            elif not any(value.strip() for value in record):
                pass  # a blank line
            elif len(record) != len(header):
                result.add(
                    name,
                    start,
                    _("The row has %(found)s fields, the header %(expected)s.")
                    % {"found": len(record), "expected": len(header)},
                )
            else:
                rows.append(Row(name, start, dict(zip(header, record, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        result.add(name, start, _("Malformed CSV: %(error)s") % {"error": exc})
        return None
    if header is None:
        result.add(name, 1, _("The file is empty: it has no header row."))
        return None
    return rows


def _read_package(folder: Path, result: ImportResult) -> dict[str, list[Row]]:
    package = folder / "datapackage.json"
    if package.is_file():
        try:
            json.loads(package.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            result.add("datapackage.json", 1, _("The file is not UTF-8 text."))
        except json.JSONDecodeError as exc:
            result.add("datapackage.json", exc.lineno, _("The file is not valid JSON."))
    tables: dict[str, list[Row]] = {}
    for name in COLUMNS:
        rows = _read_table(folder, name, result)
        tables[name] = rows or []
    return tables


# --- Import: checking the rows -------------------------------------------------------------


def _uuid(row: Row, column: str, result: ImportResult, *, required: bool = True) -> str | None:
    value = row[column]
    if not value:
        if required:
            result.at(row, _("The column “%(column)s” is empty.") % {"column": column})
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        result.at(
            row,
            _("“%(value)s” in “%(column)s” is not a UUID.") % {"value": value, "column": column},
        )
        return None


def _ids(rows: list[Row], result: ImportResult) -> dict[str, Row]:
    """Each row by its id; a missing, malformed or repeated id is an error."""
    seen: dict[str, Row] = {}
    for row in rows:
        rid = _uuid(row, "id", result)
        if rid is None:
            continue
        if rid in seen:
            result.at(
                row,
                _("Duplicate id %(id)s (first on line %(line)s).")
                % {"id": rid, "line": seen[rid].line},
            )
            continue
        seen[rid] = row
    return seen


def _whole(row: Row, column: str, result: ImportResult) -> int | None:
    value = row[column]
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        result.at(
            row,
            _("“%(value)s” in “%(column)s” is not a whole number.")
            % {"value": value, "column": column},
        )
        return None
    return number


def _decimal(row: Row, column: str, result: ImportResult) -> Decimal | None:
    value = row[column]
    if not value:
        return None
    try:
        return Decimal(value).quantize(_SIX_PLACES)
    except InvalidOperation:
        result.at(
            row,
            _("“%(value)s” in “%(column)s” is not a number.") % {"value": value, "column": column},
        )
        return None


def _field_errors(
    row: Row, instance: models.Model, result: ImportResult, exclude: list[str]
) -> None:
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                result.at(row, f"{name}: {message}")


def _reference(
    row: Row,
    column: str,
    known: set[str],
    in_database: set[str],
    file: str,
    result: ImportResult,
    *,
    required: bool = True,
) -> str | None:
    ref = _uuid(row, column, result, required=required)
    if ref is not None and ref not in known and ref not in in_database:
        result.at(
            row,
            _("Unknown %(column)s %(id)s: not in %(file)s nor in the directory.")
            % {"column": column, "id": ref, "file": file},
        )
        return None
    return ref


def _child_parent(
    row: Row, column: str, known: dict[str, Any], file: str, result: ImportResult
) -> str | None:
    ref = _uuid(row, column, result)
    if ref is not None and ref not in known:
        result.at(
            row,
            _("Unknown %(column)s %(id)s: not in %(file)s.")
            % {"column": column, "id": ref, "file": file},
        )
        return None
    return ref


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
        _field_errors(row, org, result, exclude=["partner"])
        plan.organizations[rid] = org


def _check_services(
    rows: dict[str, Row], org_rows: dict[str, Row], plan: _Plan, result: ImportResult
) -> None:
    wanted = {row["organization_id"] for row in rows.values()} - set(org_rows)
    in_db = _existing_ids(DirectoryOrganization, wanted)
    found = Service.objects.in_bulk(list(rows))
    for rid, row in rows.items():
        service = found.get(uuid.UUID(rid)) or Service(id=uuid.UUID(rid))
        if service.pk in found:
            plan.existing.add(rid)
        org_id = _reference(
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
        service.minimum_age = _whole(row, "minimum_age", result)
        service.maximum_age = _whole(row, "maximum_age", result)
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
    in_db = _existing_ids(DirectoryOrganization, wanted - set(org_rows))
    found = Location.objects.in_bulk(list(rows))
    for rid, row in rows.items():
        location = found.get(uuid.UUID(rid)) or Location(id=uuid.UUID(rid))
        if location.pk in found:
            plan.existing.add(rid)
        org_id = _reference(
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
        location.latitude = _decimal(row, "latitude", result)
        location.longitude = _decimal(row, "longitude", result)
        location.address_1 = location.city = location.region = location.postal_code = ""
        location.country = "CA"
        plan.locations[rid] = location


def _existing_ids(model: type[models.Model], ids: Iterable[str]) -> set[str]:
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    if not valid:
        return set()
    return {
        str(pk) for pk in model._default_manager.filter(pk__in=valid).values_list("pk", flat=True)
    }


def _check_links(
    rows: dict[str, Row],
    service_rows: dict[str, Row],
    location_rows: dict[str, Row],
    plan: _Plan,
    result: ImportResult,
) -> None:
    services_db = _existing_ids(
        Service, {r["service_id"] for r in rows.values()} - set(service_rows)
    )
    locations_db = _existing_ids(
        Location, {r["location_id"] for r in rows.values()} - set(location_rows)
    )
    pairs: dict[tuple[str, str], Row] = {}
    for rid, row in rows.items():
        service_id = _reference(
            row, "service_id", set(service_rows), services_db, "services.csv", result
        )
        location_id = _reference(
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
        lid = _child_parent(row, "location_id", plan.locations, "locations.csv", result)
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
            sid = _child_parent(row, "service_id", plan.services, "services.csv", result)
            if sid is not None and not plan.services[sid].phone:
                plan.services[sid].phone = row["number"]
        elif row["organization_id"]:
            oid = _child_parent(
                row, "organization_id", plan.organizations, "organizations.csv", result
            )
            if oid is not None and not plan.organizations[oid].phone:
                plan.organizations[oid].phone = row["number"]
    for row in tables["languages.csv"].values():
        sid = _child_parent(row, "service_id", plan.services, "services.csv", result)
        if sid is not None and row["code"] not in plan.services[sid].languages:
            plan.services[sid].languages.append(row["code"])
    for row in tables["schedules.csv"].values():
        sid = _child_parent(row, "service_id", plan.services, "services.csv", result)
        if sid is not None and not plan.services[sid].schedule_description:
            plan.services[sid].schedule_description = row["description"]
    for row in tables["service_areas.csv"].values():
        sid = _child_parent(row, "service_id", plan.services, "services.csv", result)
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
        term = _uuid(row, "taxonomy_term_id", result)
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
        link = _child_parent(row, "link_id", parents, file, result)
        if link is not None:
            values.setdefault(code, []).append((row, link, row["value"]))
    _apply_flags(values, result, plan)


def _apply_flags(
    values: dict[str, list[tuple[Row, str, str]]], result: ImportResult, plan: _Plan
) -> None:
    def ids(code: str) -> set[str]:
        return {v for _row, _link, v in values.get(code, [])}

    programs = Program.objects.in_bulk(_existing_ids(Program, ids("parcours:program")))
    sites = Site.objects.select_related("program").in_bulk(
        _existing_ids(Site, ids("parcours:shelter_site"))
    )
    partners = Organization.objects.in_bulk(_existing_ids(Organization, ids("parcours:partner")))
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
        _field_errors(
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
        _field_errors(rows[rid], location, result, exclude=["organization"])


# --- Import ----------------------------------------------------------------------------------


def hsds_import(
    folder: Path, *, dry_run: bool = False, acting_user: User | None = None
) -> ImportResult:
    """Check the package in ``folder``; if it is clean (and not ``dry_run``),
    write it in one transaction. Nothing is written when there is a problem."""
    result = ImportResult(dry_run=dry_run)
    raw = _read_package(folder, result)
    if result.errors:
        # A file that cannot be read would make every reference to it look wrong.
        return result
    tables = {name: _ids(rows, result) for name, rows in raw.items()}
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


__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "REQUIRED_FILES",
    "TERMS",
    "ImportResult",
    "child_id",
    "hsds_export",
    "hsds_import",
    "term_id",
]
