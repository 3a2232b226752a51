"""Write HMIS CSV exports from rows given as dictionaries, in the layout of
the specification (every column of every file, in order) or in the odd
shapes real systems produce (a byte-order mark, CRLF, Windows-1252, header
names in another case, extra columns, a .zip); and build a small realistic
export of a partner's earlier system, for the demo, the tests and the
benchmark. Seeded: the same seed gives the same files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.utils import timezone

from parcours.interop.hmis.spec import CSV_VERSION, FILES, ORDER

Tables = dict[str, list[dict[str, object]]]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_bytes(
    name: str,
    rows: Iterable[dict[str, object]],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    newline: str = "\r\n",
    header_case: str = "",
    extra_columns: tuple[str, ...] = (),
) -> bytes:
    """One file of the export as bytes."""
    spec = FILES[name]
    columns = list(spec.columns) + list(extra_columns)
    header = [
        c.lower() if header_case == "lower" else c.upper() if header_case == "upper" else c
        for c in columns
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(row.get(column)) for column in columns])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_export(
    target: Path,
    tables: Tables,
    *,
    as_zip: bool = False,
    all_files: bool = True,
    **options: object,
) -> Path:
    """Write ``tables`` as an export in the folder ``target`` (created), or as
    ``target`` a .zip; every file of the specification is written (empty
    ones with their header) unless ``all_files`` is False."""
    names = [n for n in ORDER if all_files or n in tables]
    contents = {
        FILES[n].filename: export_bytes(n, tables.get(n, []), **options)  # type: ignore[arg-type]
        for n in names
    }
    if as_zip:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for filename, data in contents.items():
                archive.writestr(filename, data)
        return target
    target.mkdir(parents=True, exist_ok=True)
    for filename, data in contents.items():
        (target / filename).write_bytes(data)
    return target


_GIVEN = [
    "Marie-Ève",
    "Jean-François",
    "Nathalie",
    "Mathieu",
    "Sophie",
    "Olivier",
    "Chantal",
    "Kevin",
    "Amélie",
    "Patrick",
    "Geneviève",
    "Daniel",
    "Isabelle",
    "Éric",
    "Julie",
    "Michael",
    "Sarah",
    "Tyler",
    "Jessica",
    "Ryan",
    "Ashley",
    "Brandon",
    "Émilie",
    "Luc",
]
_FAMILY = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Smith",
    "Brown",
    "Wilson",
    "MacDonald",
    "Campbell",
    "Thompson",
    "Martin",
    "Paquette",
    "Nadeau",
    "Cloutier",
]
_PROJECTS = [
    ("P-ES", "Refuge de nuit Saint-Roch", 0),
    ("P-SO", "Street outreach / Travail de rue", 4),
    ("P-PSH", "Logement d'abord — PSH", 3),
    ("P-RRH", "Rapid Re-Housing / Relogement rapide", 13),
]
_SERVICES = [(144, 3), (144, 5), (152, 1), (141, 1)]  # (record type, type provided)


def sample_tables(
    *, people: int = 24, seed: int = 2024, today: dt.date | None = None, source: str = "ANCIEN-HMIS"
) -> Tables:
    """A small export of an earlier system: one organization, four projects
    (shelter, outreach, supportive housing, rapid re-housing), ``people``
    clients with shelter stays, outreach contacts, services, living
    situations and, for some, a move into housing."""
    rng = random.Random(seed)  # noqa: S311 - sample data, seeded on purpose
    # Coordinated entry's answers from a generator of their own, so that the
    # rest of the sample stays what it was for a seed.
    ce_rng = random.Random(seed + 1)  # noqa: S311 - sample data, seeded on purpose
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=730)
    stamp = dt.datetime.combine(today, dt.time(9, 0))
    trailer = {"DateCreated": stamp, "DateUpdated": stamp, "UserID": "U1", "ExportID": "E1"}
    tables: Tables = {
        "Export": [
            {
                "ExportID": "E1",
                "SourceType": 3,
                "SourceID": source,
                "SourceName": "Système HMIS antérieur / Former HMIS",
                "ExportDate": stamp,
                "ExportStartDate": start,
                "ExportEndDate": today,
                "SoftwareName": "Ancien HMIS",
                "SoftwareVersion": "4.2",
                "CSVVersion": CSV_VERSION,
                "ExportPeriodType": 3,
                "ExportDirective": 2,
                "HashStatus": 1,
            }
        ],
        "Organization": [
            {
                "OrganizationID": "O1",
                "OrganizationName": "Mission Old Brewery (ancien système)",
                "VictimServiceProvider": 0,
                **trailer,
            }
        ],
        "User": [{"UserID": "U1", "UserFirstName": "Import", "UserLastName": "HMIS", **trailer}],
        "Project": [
            {
                "ProjectID": pid,
                "OrganizationID": "O1",
                "ProjectName": name,
                "OperatingStartDate": start - dt.timedelta(days=3650),
                "ContinuumProject": 1,
                "ProjectType": kind,
                **trailer,
            }
            for pid, name, kind in _PROJECTS
        ],
        "Funder": [
            {
                "FunderID": "F1",
                "ProjectID": "P-PSH",
                "Funder": 46,
                "GrantID": "VC-2024",
                "StartDate": start,
                **trailer,
            }
        ],
        "Inventory": [
            {
                "InventoryID": "I1",
                "ProjectID": "P-ES",
                "CoCCode": "QC-500",
                "HouseholdType": 1,
                "Availability": 1,
                "UnitInventory": 40,
                "BedInventory": 40,
                "InventoryStartDate": start,
                **trailer,
            }
        ],
        "HMISParticipation": [
            {
                "HMISParticipationID": f"H{n}",
                "ProjectID": pid,
                "HMISParticipationType": 1,
                "HMISParticipationStatusStartDate": start,
                **trailer,
            }
            for n, (pid, _name, _kind) in enumerate(_PROJECTS, start=1)
        ],
        "Client": [],
        "Enrollment": [],
        "Exit": [],
        "Services": [],
        "CurrentLivingSituation": [],
        "Assessment": [],
        "Event": [],
        "Disabilities": [],
    }
    for n in range(1, people + 1):
        pid = f"C{n:05d}"
        born = dt.date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
        quality = rng.choice([1, 1, 1, 2, 8])
        gender = rng.choice(["Woman", "Man", "Man", "NonBinary"])
        tables["Client"].append(
            {
                "PersonalID": pid,
                "FirstName": rng.choice(_GIVEN),
                "LastName": rng.choice(_FAMILY),
                "NameDataQuality": 1,
                "SSNDataQuality": 99,
                "DOB": born if quality in (1, 2) else None,
                "DOBDataQuality": quality,
                **dict.fromkeys(
                    (
                        "AmIndAKNative",
                        "Asian",
                        "BlackAfAmerican",
                        "HispanicLatinaeo",
                        "MidEastNAfrican",
                        "NativeHIPacific",
                        "White",
                    ),
                    0,
                ),
                rng.choice(["White", "AmIndAKNative", "BlackAfAmerican"]): 1,
                **dict.fromkeys(
                    (
                        "Woman",
                        "Man",
                        "NonBinary",
                        "CulturallySpecific",
                        "Transgender",
                        "Questioning",
                        "DifferentIdentity",
                    ),
                    0,
                ),
                gender: 1,
                "VeteranStatus": rng.choice([0, 0, 0, 1, 99]),
                **trailer,
            }
        )
        entry = start + dt.timedelta(days=rng.randint(0, 500))
        shelter = f"EN{n:05d}S"
        tables["Enrollment"].append(
            {
                "EnrollmentID": shelter,
                "PersonalID": pid,
                "ProjectID": "P-ES",
                "EntryDate": entry,
                "HouseholdID": f"HH{n:05d}",
                "RelationshipToHoH": 1,
                "LivingSituation": rng.choice([116, 101, 313]),
                "DisablingCondition": 0,
                **trailer,
            }
        )
        left = entry + dt.timedelta(days=rng.randint(10, 120))
        housed = rng.random() < 0.4 and left < today
        if left < today:
            tables["Exit"].append(
                {
                    "ExitID": f"X{n:05d}S",
                    "EnrollmentID": shelter,
                    "PersonalID": pid,
                    "ExitDate": left,
                    "Destination": 435 if housed else rng.choice([116, 313, 17]),
                    **trailer,
                }
            )
        for k in range(rng.randint(1, 4)):
            day = entry + dt.timedelta(days=k * 3)
            record_type, type_provided = rng.choice(_SERVICES)
            tables["Services"].append(
                {
                    "ServicesID": f"S{n:05d}{k}",
                    "EnrollmentID": shelter,
                    "PersonalID": pid,
                    "DateProvided": day,
                    "RecordType": record_type,
                    "TypeProvided": type_provided,
                    **trailer,
                }
            )
        tables["CurrentLivingSituation"].append(
            {
                "CurrentLivingSitID": f"L{n:05d}",
                "EnrollmentID": shelter,
                "PersonalID": pid,
                "InformationDate": entry,
                "CurrentLivingSituation": 116,
                "LocationDetails": rng.choice(
                    ["Parc Victoria", "Under the bridge / sous le pont", ""]
                ),
                **trailer,
            }
        )
        if housed:
            housing = f"EN{n:05d}H"
            tables["Enrollment"].append(
                {
                    "EnrollmentID": housing,
                    "PersonalID": pid,
                    "ProjectID": "P-PSH",
                    "EntryDate": left,
                    "HouseholdID": f"HH{n:05d}H",
                    "RelationshipToHoH": 1,
                    "LivingSituation": 101,
                    "MoveInDate": left + dt.timedelta(days=14),
                    **trailer,
                }
            )
            tables["Assessment"].append(
                {
                    "AssessmentID": f"A{n:05d}",
                    "EnrollmentID": housing,
                    "PersonalID": pid,
                    "AssessmentDate": left,
                    "AssessmentLocation": ce_rng.choice(["Hub", "Carrefour Vanier", "Phone line"]),
                    "AssessmentType": ce_rng.choice([3, 3, 1, 2]),
                    "AssessmentLevel": ce_rng.choice([2, 2, 1]),
                    "PrioritizationStatus": ce_rng.choice([1, 1, 2]),
                    **trailer,
                }
            )
            tables["Event"].append(
                {
                    "EventID": f"V{n:05d}",
                    "EnrollmentID": housing,
                    "PersonalID": pid,
                    "EventDate": left,
                    "Event": (event := ce_rng.choice([14, 13, 10, 7, 2])),
                    "ReferralResult": ce_rng.choice([1, 1, 2, 3]) if event >= 10 else None,
                    "ResultDate": min(left + dt.timedelta(days=ce_rng.randint(1, 10)), today)
                    if event >= 10
                    else None,
                    **trailer,
                }
            )
    return tables
