"""The scale generator's constants, result and bulk writer (COPY or bulk_create)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from parcours.accounts.models import Organization, Program, User
from parcours.beds.models import (
    Bed,
    Room,
    Site,
    Stay,
    StreetContact,
)
from parcours.casework.models import Encounter
from parcours.clients.models import Client, Visit, VisitService
from parcours.households.models import Household, HouseholdMembership
from parcours.housing.models import HousingUnit, Landlord, Tenancy, TenancyEndReason
from parcours.linkage.models import PersonIdentity

# Every organization of a scale network has a name starting with this.
PREFIX = "Scale · "
CHUNK_ROWS = 200_000
SERVICES_PER_VISIT = 2.5

SHARE_SHELTER = 0.35
SHARE_STREET = 0.20
SHARE_CASEWORK = 0.15
SHARE_HOUSED = 0.12
SHARE_TRANSITIONAL = 0.03
SHARE_MERGED = 0.03
SHARE_LINKED_ANONYMOUS = 0.02
SHARE_FAMILY = 0.03
SHARE_INDIGENOUS = 0.12
SHARE_YOUTH = 0.15

GIVEN = [
    "Éloïse",
    "Marie-Ève",
    "Geneviève",
    "Manon",
    "Chantal",
    "Noémie",
    "Lucie",
    "Sarah",
    "Jessica",
    "Amina",
    "Fatima",
    "Olivia",
    "Jean-Guy",
    "Réjean",
    "Sébastien",
    "François",
    "Gilles",
    "Benoît",
    "Olivier",
    "Maxime",
    "Kevin",
    "Tyler",
    "Omar",
    "Dylan",
]
FAMILY = [
    "Gagné",
    "Bélanger",
    "Lévesque",
    "Ouellette",
    "Tremblay",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Smith",
    "Brown",
    "Wilson",
    "MacDonald",
    "Campbell",
    "Anderson",
    "Diallo",
    "Haddad",
    "Nguyen",
    "Okafor",
    "Whiteduck",
    "Commanda",
    "Tenasco",
    "Kistabish",
    "Papatie",
    "Odjick",
]
SERVICE_KINDS = ("meal", "meal", "shower", "clothing", "harm_reduction", "transport", "other")
NEEDS = (["food"], ["food", "shower"], ["shelter"], ["clothing"], ["housing"])
END_REASONS = (
    TenancyEndReason.EVICTION,
    TenancyEndReason.ABANDONED,
    TenancyEndReason.BETTER_HOUSING,
    TenancyEndReason.BETTER_HOUSING,
    TenancyEndReason.INSTITUTION,
)


class ScaleRefused(Exception):
    """The database holds other data (or a scale network): nothing written."""


@dataclass
class ScaleResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        parts = ", ".join(f"{n:,} {name}" for name, n in self.counts.items())
        return f"Scale network ready in {self.seconds:.1f} s: {parts}."


# --- Writing fast --------------------------------------------------------------------


class _Writer:
    """Buffers rows per model and writes them in chunks: ``COPY`` on
    PostgreSQL, ``bulk_create`` elsewhere. Models are flushed in the order
    they were first registered (parents before children)."""

    def __init__(self, columns: dict[type[models.Model], tuple[str, ...]]) -> None:
        self.columns = columns
        self.rows: dict[type[models.Model], list[tuple[Any, ...]]] = {m: [] for m in columns}
        self.counts: dict[type[models.Model], int] = dict.fromkeys(columns, 0)
        self.pending = 0
        self.postgres = connection.vendor == "postgresql"
        self.superuser = False
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                found = cursor.fetchone()
                self.superuser = bool(found and found[0])
        self.json_columns = {
            m: {
                i
                for i, name in enumerate(cols)
                if isinstance(m._meta.get_field(_field_name(m, name)), models.JSONField)
            }
            for m, cols in columns.items()
        }

    def add(self, model: type[models.Model], row: tuple[Any, ...]) -> None:
        self.rows[model].append(row)
        self.pending += 1
        if self.pending >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        with transaction.atomic():
            for model, rows in self.rows.items():
                if rows:
                    self._write(model, rows)
                    self.counts[model] += len(rows)
                    rows.clear()
        self.pending = 0

    def _write(self, model: type[models.Model], rows: list[tuple[Any, ...]]) -> None:
        cols = self.columns[model]
        if not self.postgres:
            model.objects.bulk_create(  # type: ignore[attr-defined]
                [model(**dict(zip(cols, row, strict=True))) for row in rows], batch_size=2000
            )
            return
        json_at = self.json_columns[model]
        # Django's defaults are not the database's: COPY writes them too.
        extra = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in cols and f.has_default() and not f.primary_key
        ]
        defaults = tuple(
            json.dumps(f.get_default()) if isinstance(f, models.JSONField) else f.get_default()
            for f in extra
        )
        by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
        names = ", ".join([*(by_attname[c] for c in cols), *(f.column for f in extra)])
        tail = "".join("\t" + _text(v) for v in defaults) + "\n"
        with connection.cursor() as cursor:
            if self.superuser:
                # The rows are consistent by construction: skip the per-row
                # foreign-key triggers for this transaction (superusers only).
                cursor.execute("SET LOCAL session_replication_role = replica")
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {model._meta.db_table} ({names}) FROM STDIN") as copy:
                lines = []
                for row in rows:
                    if json_at:
                        row = tuple(json.dumps(v) if i in json_at else v for i, v in enumerate(row))
                    lines.append("\t".join(map(_text, row)) + tail)
                    if len(lines) >= 10_000:
                        copy.write("".join(lines))
                        lines.clear()
                copy.write("".join(lines))


def _text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t")
            value = value.replace("\n", "\\n").replace("\r", "\\r")
        return str(value)
    if isinstance(value, dt.date):  # dates and aware datetimes
        return value.isoformat()
    return str(value)


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    return attname


COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Client: (
        "id",
        "created_at",
        "updated_at",
        "is_anonymous",
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "birth_year",
        "indigenous_identity_id",
        "other_languages",
        "veteran_status",
        "health_card_province",
        "health_card_number",
        "phone",
        "email",
        "emergency_contact_name",
        "emergency_contact_phone",
        "emergency_contact_relationship",
        "registered_by_organization_id",
        "linked_to_id",
        "search_text",
        "name_keys",
    ),
    PersonIdentity: ("client_id", "person_key"),
    Household: ("id", "created_at", "updated_at", "organization_id", "recorded_by_id", "formed_on"),
    HouseholdMembership: (
        "id",
        "created_at",
        "updated_at",
        "household_id",
        "client_id",
        "relationship",
        "joined_on",
        "left_on",
        "leave_reason",
        "head_reason",
        "organization_id",
        "recorded_by_id",
    ),
    HousingUnit: (
        "id",
        "created_at",
        "updated_at",
        "landlord_id",
        "address_line",
        "city",
        "postal_code",
        "unit_type",
        "monthly_rent",
        "accessibility_features",
        "subsidy_attached",
        "status",
        "notes",
        "organization_id",
    ),
    Visit: (
        "id",
        "created_at",
        "updated_at",
        "client_id",
        "occurred_at",
        "organization_id",
        "site",
        "needs",
        "needs_other",
        "notes",
        "recorded_by_id",
    ),
    VisitService: ("id", "created_at", "updated_at", "visit_id", "kind", "quantity", "detail"),
    Stay: (
        "id",
        "created_at",
        "updated_at",
        "client_id",
        "site_id",
        "room_id",
        "bed_id",
        "started_at",
        "ended_at",
        "exit_reason",
        "destination",
        "notes",
        "booked_in_by_id",
        "booked_out_by_id",
    ),
    StreetContact: (
        "id",
        "created_at",
        "updated_at",
        "client_id",
        "seen_on",
        "place",
        "organization_id",
        "recorded_by_id",
    ),
    Encounter: (
        "id",
        "created_at",
        "updated_at",
        "organization_id",
        "recorded_by_id",
        "client_id",
        "program_id",
        "kind",
        "occurred_at",
        "duration_minutes",
        "location",
        "support_type",
        "summary",
    ),
    Tenancy: (
        "id",
        "created_at",
        "updated_at",
        "organization_id",
        "recorded_by_id",
        "client_id",
        "unit_id",
        "start_date",
        "end_date",
        "end_reason",
        "note",
    ),
}
LABELS = {
    Client: "client records",
    PersonIdentity: "merged identities",
    Household: "households",
    HouseholdMembership: "household members",
    HousingUnit: "housing units",
    Visit: "visits",
    VisitService: "services",
    Stay: "stays",
    StreetContact: "street contacts",
    Encounter: "encounters",
    Tenancy: "tenancies",
}


# --- The network ---------------------------------------------------------------------


@dataclass
class _Place:
    org: Organization
    staff: User
    program: Program


@dataclass
class _Network:
    hubs: list[_Place]
    shelter_beds: list[tuple[Site, Room, Bed]]
    transitional_beds: list[tuple[Site, Room, Bed]]
    shelter: _Place
    icm: _Place
    housing: _Place
    landlord: Landlord
    indigenous: list[Any]
