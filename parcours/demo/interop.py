"""Demo HMIS import: a shelter of the network migrates the thirty people of
its former HMIS (an HMIS CSV FY2024 export, built from the specification
with French and English names and places): shelter stays, outreach, services,
living situations, moves into supportive housing. The people are registered
by the shelter; those who look like someone already in the registry wait in
the coordinators' review queue. A second, spoiled export of the same source
is refused with its report (nothing written), as a coordinator would see it.

Written through the import service (policy, validation, audit); idempotent
(nothing added once an import exists)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from parcours.accounts.models import Organization, OrganizationKind, User
from parcours.clients.models import Client
from parcours.interop.client_list_services import client_list_set_mapping, client_list_upload
from parcours.interop.hmis.sample import sample_tables, write_export
from parcours.interop.models import HmisImport
from parcours.interop.services import hmis_import

SEED_OFFSET = 2024
SOURCE = "ANCIEN-HMIS-REFUGE"


def seed_hmis_import(seed: int) -> str:
    """Seed the demo's HMIS imports (idempotent); a one-line summary."""
    if HmisImport.objects.exists():
        return "HMIS import: already there, none added."
    shelter = (
        Organization.objects.filter(kind=OrganizationKind.SHELTER, is_partner=True)
        .order_by("name")
        .first()
    )
    admin = (
        User.objects.filter(organization=shelter, is_org_admin=True, is_active=True)
        .order_by("email")
        .first()
    )
    if shelter is None or admin is None:
        return "HMIS import: no shelter with an administrator, none added."
    tables = sample_tables(people=30, seed=seed + SEED_OFFSET, source=SOURCE)
    with tempfile.TemporaryDirectory() as folder:
        run = hmis_import(
            path=write_export(Path(folder) / "export-hmis.zip", tables, as_zip=True),
            acting_user=admin,
            organization=shelter,
        )
        # The next month's export, with a typing mistake and a stay of a
        # person the export does not hold: refused, reported, nothing written.
        tables["Client"][4]["DOB"] = "1979-02-30"
        tables["Enrollment"].append(
            {**tables["Enrollment"][0], "EnrollmentID": "EN-ORPHAN", "PersonalID": "C99999"}
        )
        refused = hmis_import(
            path=write_export(Path(folder) / "export-hmis-2.zip", tables, as_zip=True),
            acting_user=admin,
            organization=shelter,
        )
    people = run.counts.get("Client", {}).get("created", 0)
    listed = _client_list(shelter, admin)
    return (
        f"HMIS import: {people} people of {shelter.name}'s former HMIS imported "
        f"({run.queued_for_review} possible duplicates queued); a later export refused "
        f"with {len(refused.errors)} errors reported; a spreadsheet of {listed} clients "
        "waiting to be checked and imported."
    )


def _client_list(shelter: Organization, admin: User) -> int:
    """A spreadsheet the shelter kept (French headers, day/month/year dates),
    its columns matched, waiting on its check page: one row with an
    impossible date, one person the registry may already hold."""
    known = (
        Client.objects.filter(is_anonymous=False, date_of_birth__isnull=False)
        .order_by("family_name", "given_name")
        .first()
    )
    rows = [
        ("Prénom", "Nom", "Date de naissance", "Téléphone", "Genre"),
        ("Josée", "Lapointe", "14/02/1987", "819-555-0142", "Femme"),
        ("Marc-André", "Gauthier", "03/09/1979", "", "Homme"),
        ("Aisha", "Mohamed", "22/11/1995", "613-555-0177", "F"),
        ("Robert", "Charbonneau", "31/02/1968", "", "H"),
        ("Samuel", "Tremblay-Nadeau", "07/07/2001", "", "Non binaire"),
    ]
    if known is not None and known.date_of_birth is not None:
        rows.append(
            (known.given_name, known.family_name, known.date_of_birth.strftime("%d/%m/%Y"), "", "")
        )
    text = "\r\n".join(";".join(row) for row in rows) + "\r\n"
    upload = SimpleUploadedFile("liste-clients-refuge.csv", text.encode("utf-8"))
    listed = client_list_upload(acting_user=admin, upload=upload)
    client_list_set_mapping(
        acting_user=admin, run=listed, mapping=listed.mapping, date_format=listed.date_format
    )
    return listed.row_count
