"""An organization writes its records as an HMIS CSV export for a period;
the export reads back into Parcours as the same data (the round trip)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from parcours.accounts.models import Organization
from parcours.casework.models import Enrollment
from parcours.core.models import AuditAction, AuditEvent
from parcours.interop.hmis.reader import read_export
from parcours.interop.hmis.sample import Tables, write_export
from parcours.interop.hmis.spec import FILES
from parcours.interop.hmis.validate import check_export
from parcours.interop.hmis_export import hmis_export
from parcours.interop.models import HmisRecord, ImportStatus
from parcours.interop.services import hmis_import
from tests.conftest import Network
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

WHOLE = {"start": dt.date(2020, 1, 1), "end": dt.date(2026, 12, 31)}


def _people(org: Organization) -> list[tuple[Any, ...]]:
    return sorted(
        Enrollment.objects.filter(organization=org).values_list(
            "client__given_name",
            "client__family_name",
            "client__date_of_birth",
            "client__date_of_birth_estimated",
            "client__is_anonymous",
            "client__birth_year",
            "client__gender_identity__code",
            "client__veteran_status",
            "program__name",
            "program__kind",
            "start_date",
            "end_date",
            "end_reason",
            "destination",
        )
    )


def _kept(org: Organization, file: str, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    rows = HmisRecord.objects.filter(file=file, client__registered_by_organization=org)
    return sorted(tuple(str(r.data.get(c, "")) for c in columns) for r in rows)


def test_import_export_import_gives_the_same_data(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    tables["Client"][0].update(FirstName="", LastName="", NameDataQuality=99)
    first = hmis_import(
        path=write_export(tmp_path / "source", tables),
        acting_user=network.alice_admin,
        organization=network.carrefour,
    )
    assert first.status == ImportStatus.IMPORTED, first.errors

    result = hmis_export(target=tmp_path / "out", acting_user=network.alice_admin, **WHOLE)

    # The export is valid: it reads and checks without an error.
    checked = check_export(read_export(result.path))
    assert checked.errors == []
    assert result.counts["Client"] == len(tables["Client"])
    assert result.counts["Services"] == len(tables["Services"])
    again = hmis_import(
        path=result.path, acting_user=network.bob_admin, organization=network.refuge
    )
    assert again.status == ImportStatus.IMPORTED, again.errors
    assert _people(network.refuge) == _people(network.carrefour)
    services = ("DateProvided", "RecordType", "TypeProvided")
    assert _kept(network.refuge, "Services", services) == _kept(
        network.carrefour, "Services", services
    )
    moves = ("EntryDate", "MoveInDate", "LivingSituation")
    assert _kept(network.refuge, "Enrollment", moves) == _kept(
        network.carrefour, "Enrollment", moves
    )


def test_the_export_holds_the_period_only(network: Network, tables: Tables, tmp_path: Path) -> None:
    hmis_import(
        path=write_export(tmp_path / "source", tables),
        acting_user=network.alice_admin,
        organization=network.carrefour,
    )
    start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    result = hmis_export(
        target=tmp_path / "q1.zip",
        acting_user=network.alice_admin,
        start=start,
        end=end,
        as_zip=True,
    )
    export = read_export(result.path)
    for row in export.rows("Enrollment"):
        assert row.values["EntryDate"] <= end.isoformat()
    for row in export.rows("Exit"):
        assert start.isoformat() <= row.values["ExitDate"] <= end.isoformat()
    for row in export.rows("Services"):
        assert start.isoformat() <= row.values["DateProvided"] <= end.isoformat()
    expected = {
        e["EnrollmentID"]
        for e in tables["Enrollment"]
        if e["EntryDate"] <= end  # type: ignore[operator]
        and not any(
            x["EnrollmentID"] == e["EnrollmentID"] and x["ExitDate"] < start  # type: ignore[operator]
            for x in tables["Exit"]
        )
    }
    assert len(export.rows("Enrollment")) == len(expected)
    assert list(export.files["Client"].rows[0].values) == list(FILES["Client"].columns)


def test_only_the_people_the_user_may_see_are_written_and_the_reading_is_audited(
    network: Network, tmp_path: Path
) -> None:
    seen = ClientFactory(registered_by_organization=network.carrefour)
    hidden = ClientFactory(registered_by_organization=network.refuge)
    for client in (seen, hidden):
        Enrollment.objects.create(
            client=client,
            program=network.icm,
            organization=network.carrefour,
            start_date=dt.date(2026, 1, 5),
            opened_by=network.alice,
        )
    result = hmis_export(target=tmp_path / "out", acting_user=network.alice_admin, **WHOLE)

    people = {r.values["PersonalID"] for r in read_export(result.path).rows("Client")}
    assert people == {seen.pk.hex}
    event = AuditEvent.objects.get(action=AuditAction.VIEW, target_type="interop.hmis_export")
    assert event.detail["clients"] == [str(seen.pk)]


def test_only_an_administrator_exports_and_only_their_organization(
    network: Network, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        hmis_export(target=tmp_path / "a", acting_user=network.alice, **WHOLE)
    with pytest.raises(ValidationError):
        hmis_export(
            target=tmp_path / "b",
            acting_user=network.alice_admin,
            organization=network.refuge,
            **WHOLE,
        )
    with pytest.raises(ValidationError):
        hmis_export(
            target=tmp_path / "c",
            acting_user=network.alice_admin,
            start=dt.date(2026, 2, 1),
            end=dt.date(2026, 1, 1),
        )
    outsider = UserFactory(organization=network.hospital, is_org_admin=True)
    with pytest.raises(PermissionDenied):
        hmis_export(target=tmp_path / "d", acting_user=outsider, **WHOLE)


def test_the_export_command(network: Network, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    out = io.StringIO()
    call_command(
        "export_hmis_csv",
        str(tmp_path / "x.zip"),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--user",
        network.alice_admin.email,
        stdout=out,
    )
    assert "Organization.csv: 1" in out.getvalue()
    assert (tmp_path / "x.zip").is_file()
