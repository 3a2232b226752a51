"""Write an HMIS CSV FY2024 export of what a user's organization holds for a
period: the enrollments in its programs that overlap the period, their
people (those the user may see), their exits (on or before the period's
end), the programs and organizations, and the source rows an earlier import
kept for them (services, living situations, assessments…), their ids turned
into Parcours' own.

Ids are Parcours' (a UUID without dashes: 32 characters, HUD's limit). An
enrollment that came from an HMIS import starts from the row its source
sent (move-in date, living situation, household…), so an import, an export
and an import into an empty database give the same data. Reading the people
is audited (one event naming every person exported)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import Organization, Program, User
from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.interop.hmis import mapping
from parcours.interop.hmis.sample import write_export
from parcours.interop.hmis.spec import CSV_VERSION, FILES, ORDER
from parcours.interop.models import HmisRecord

_RACE = (
    "AmIndAKNative",
    "Asian",
    "BlackAfAmerican",
    "HispanicLatinaeo",
    "MidEastNAfrican",
    "NativeHIPacific",
    "White",
)
_GENDER = (
    "Woman",
    "Man",
    "NonBinary",
    "CulturallySpecific",
    "Transgender",
    "Questioning",
    "DifferentIdentity",
)


def hmis_id(pk: uuid.UUID | str | None) -> str:
    if pk is None:
        return ""
    return uuid.UUID(str(pk)).hex


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]


def _stamp(record: Any, export_id: str, user_id: str = "") -> dict[str, object]:
    return {
        "DateCreated": timezone.localtime(record.created_at).replace(tzinfo=None, microsecond=0),
        "DateUpdated": timezone.localtime(record.updated_at).replace(tzinfo=None, microsecond=0),
        "UserID": user_id,
        "ExportID": export_id,
    }


def _client_row(client: Client, export_id: str) -> dict[str, object]:
    born = client.date_of_birth
    quality = 99
    if born is not None:
        quality = 2 if client.date_of_birth_estimated else 1
    elif client.birth_year:
        born, quality = dt.date(client.birth_year, 1, 1), 2
    gender = mapping.GENDER_FIELDS.get(
        client.gender_identity.code if client.gender_identity else ""
    )
    row: dict[str, object] = {
        "PersonalID": hmis_id(client.pk),
        "FirstName": client.given_name,
        "LastName": client.family_name,
        "NameDataQuality": 99 if client.is_anonymous else 1,
        "SSNDataQuality": 99,
        "DOB": born,
        "DOBDataQuality": quality,
        **dict.fromkeys(_RACE, 0),
        "RaceNone": 99,
        **dict.fromkeys(_GENDER, 0),
        "VeteranStatus": mapping.VETERAN_CODE.get(client.veteran_status, 99),  # type: ignore[call-overload]
        **_stamp(client, export_id, hmis_id(client.registered_by_id)),
    }
    if gender:
        row.update(gender)
    else:
        row["GenderNone"] = 99
    return row


def _source_rows(records: Iterable[HmisRecord]) -> dict[str, dict[str, Any]]:
    return {r.target_id: r.data for r in records}


def hmis_export(
    *,
    target: Path | str,
    acting_user: User,
    start: dt.date,
    end: dt.date,
    organization: Organization | None = None,
    as_zip: bool = False,
) -> ExportResult:
    """Write the export of ``organization`` (the user's own when None) for
    ``start``–``end`` at ``target`` (a folder, or a .zip with ``as_zip``)."""
    access.require_hmis_importer(acting_user)
    if end < start:
        raise ValidationError(_("The end of the period is before its start."))
    org = organization or acting_user.organization
    if org is None:
        raise ValidationError(_("Name the organization to export."))
    if not acting_user.is_superuser and org.pk != acting_user.organization_id:
        raise ValidationError(_("You can only export your own organization's records."))
    export_id = uuid.uuid4().hex
    now = timezone.localtime().replace(tzinfo=None, microsecond=0)
    visible = access.clients_visible_to(acting_user).values("pk")
    enrollments = list(
        Enrollment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start),
            organization=org,
            start_date__lte=end,
            client__in=visible,
        )
        .select_related("client__gender_identity", "program")
        .order_by("start_date", "pk")
    )
    clients = {e.client_id: e.client for e in enrollments}
    programs = {e.program_id: e.program for e in enrollments}
    programs.update({p.pk: p for p in Program.objects.filter(organization=org)})
    kept = HmisRecord.objects.filter(
        target_type="casework.enrollment",
        target_id__in=[str(e.pk) for e in enrollments],
        file="Enrollment",
    )
    source_of = _source_rows(kept)
    tables: dict[str, list[dict[str, object]]] = {name: [] for name in ORDER}
    tables["Export"].append(
        {
            "ExportID": export_id,
            "SourceType": 3,
            "SourceID": str(settings.PARCOURS_SITE_NAME)[:32],
            "SourceName": str(settings.PARCOURS_SITE_NAME),
            "ExportDate": now,
            "ExportStartDate": start,
            "ExportEndDate": end,
            "SoftwareName": "Parcours",
            "SoftwareVersion": "1",
            "CSVVersion": CSV_VERSION,
            "ExportPeriodType": 3,
            "ExportDirective": 2,
            "HashStatus": 1,
        }
    )
    tables["Organization"].append(
        {
            "OrganizationID": hmis_id(org.pk),
            "OrganizationName": org.name,
            "VictimServiceProvider": 0,
            **_stamp(org, export_id),
        }
    )
    today = timezone.localdate()
    for program in sorted(programs.values(), key=lambda p: p.name):
        tables["Project"].append(
            {
                "ProjectID": hmis_id(program.pk),
                "OrganizationID": hmis_id(program.organization_id),
                "ProjectName": program.name,
                "OperatingStartDate": timezone.localdate(program.created_at),
                "OperatingEndDate": None if program.is_active else today - dt.timedelta(days=1),
                "ContinuumProject": 0,
                "ProjectType": mapping.PROJECT_TYPE[program.kind],  # type: ignore[index]
                **_stamp(program, export_id),
            }
        )
    users = {e.opened_by_id for e in enrollments} | {c.registered_by_id for c in clients.values()}
    for user in User.objects.filter(pk__in=[u for u in users if u]).order_by("email"):
        tables["User"].append(
            {
                "UserID": hmis_id(user.pk),
                "UserFirstName": user.given_name,
                "UserLastName": user.family_name,
                "UserEmail": user.email,
                "DateCreated": timezone.localtime(user.date_joined).replace(
                    tzinfo=None, microsecond=0
                ),
                "DateUpdated": now,
                "ExportID": export_id,
            }
        )
    for client in sorted(clients.values(), key=lambda c: (c.family_name, c.given_name, str(c.pk))):
        tables["Client"].append(_client_row(client, export_id))
    enrollment_ids: dict[str, str] = {}
    for enrollment in enrollments:
        source = source_of.get(str(enrollment.pk), {})
        eid = hmis_id(enrollment.pk)
        if source.get("EnrollmentID"):
            enrollment_ids[str(source["EnrollmentID"])] = eid
        row: dict[str, object] = {
            **{k: v for k, v in source.items() if k in FILES["Enrollment"].columns},
            "EnrollmentID": eid,
            "PersonalID": hmis_id(enrollment.client_id),
            "ProjectID": hmis_id(enrollment.program_id),
            "EntryDate": enrollment.start_date,
            "HouseholdID": source.get("HouseholdID") or eid,
            "RelationshipToHoH": source.get("RelationshipToHoH") or 1,
            **_stamp(enrollment, export_id, hmis_id(enrollment.opened_by_id)),
        }
        tables["Enrollment"].append(row)
        if enrollment.end_date is not None and enrollment.end_date <= end:
            tables["Exit"].append(
                {
                    "ExitID": eid,
                    "EnrollmentID": eid,
                    "PersonalID": hmis_id(enrollment.client_id),
                    "ExitDate": enrollment.end_date,
                    "Destination": mapping.destination_code(enrollment.destination),
                    **_stamp(enrollment, export_id, hmis_id(enrollment.closed_by_id)),
                }
            )
    _kept_rows(tables, enrollment_ids, clients, start, end, export_id)
    if clients:
        audit_record(
            action=AuditAction.VIEW,
            actor=acting_user,
            target_type="interop.hmis_export",
            target_id=export_id,
            detail={
                "export": "hmis_csv",
                "organization": str(org.pk),
                "from": start.isoformat(),
                "to": end.isoformat(),
                "clients": sorted(str(pk) for pk in clients),
            },
        )
    path = write_export(Path(target), tables, as_zip=as_zip)
    return ExportResult(path=path, counts={n: len(rows) for n, rows in tables.items()})


# The kept rows' date column, to keep those of the period.
_DATED = {
    "Services": "DateProvided",
    "CurrentLivingSituation": "InformationDate",
    "Assessment": "AssessmentDate",
    "Event": "EventDate",
    "IncomeBenefits": "InformationDate",
    "HealthAndDV": "InformationDate",
    "EmploymentEducation": "InformationDate",
    "Disabilities": "InformationDate",
    "YouthEducationStatus": "InformationDate",
}


def _kept_rows(
    tables: dict[str, list[dict[str, object]]],
    enrollment_ids: dict[str, str],
    clients: dict[uuid.UUID, Client],
    start: dt.date,
    end: dt.date,
    export_id: str,
) -> None:
    """The rows of the files Parcours keeps as they came, for the exported
    enrollments and within the period, with Parcours' ids."""
    if not enrollment_ids:
        return
    rows = HmisRecord.objects.filter(
        file__in=list(_DATED), client_id__in=list(clients), deleted_at_source=False
    ).order_by("file", "source_key")
    for record in rows:
        data = record.data
        enrollment = enrollment_ids.get(str(data.get("EnrollmentID", "")))
        day = str(data.get(_DATED[record.file], ""))[:10]
        if enrollment is None or not day or not start.isoformat() <= day <= end.isoformat():
            continue
        spec = FILES[record.file]
        tables[record.file].append(
            {
                **{k: v for k, v in data.items() if k in spec.columns},
                # The row's own id at Parcours: two sources may use the same.
                str(spec.key): hmis_id(record.pk),
                "EnrollmentID": enrollment,
                "PersonalID": hmis_id(record.client_id),
                "ExportID": export_id,
            }
        )
