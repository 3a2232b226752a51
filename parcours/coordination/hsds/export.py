"""Writing the directory as an HSDS 3.0 tabular data package."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parcours.coordination.hsds.package import (
    COLUMNS,
    FOREIGN_KEYS,
    NUMBER_COLUMNS,
    TAXONOMY_ID,
    TERMS,
    child_id,
    term_id,
)
from parcours.coordination.languages import language_name
from parcours.coordination.models import (
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
)

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
