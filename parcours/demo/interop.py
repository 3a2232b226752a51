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

from parcours.accounts.models import Organization, OrganizationKind, User
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
    return (
        f"HMIS import: {people} people of {shelter.name}'s former HMIS imported "
        f"({run.queued_for_review} possible duplicates queued); a later export refused "
        f"with {len(refused.errors)} errors reported."
    )
