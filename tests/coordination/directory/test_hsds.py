"""The HSDS 3.0 data package: export, import, every kind of bad file
reported with its file and line and nothing imported, the round trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parcours.coordination.hsds import COLUMNS, hsds_export, hsds_import
from parcours.coordination.models import (
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
)
from parcours.core.models import AuditEvent
from tests.conftest import Network
from tests.coordination.directory.conftest import Directory, directory_counts

pytestmark = pytest.mark.django_db


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(
    folder: Path, name: str, rows: list[dict[str, str]], columns: list[str] | None = None
) -> None:
    columns = columns or (list(rows[0]) if rows else COLUMNS[name])
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def wipe_directory() -> None:
    ServiceAtLocation.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    DirectoryOrganization.objects.all().delete()


def package_files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


@pytest.fixture
def exported(directory: Directory, tmp_path: Path) -> Path:
    folder = tmp_path / "package"
    hsds_export(folder)
    return folder


def test_export_writes_hsds_files_with_the_specifications_columns(
    exported: Path, directory: Directory
):
    for name, columns in COLUMNS.items():
        with (exported / name).open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == columns
    assert (exported / "datapackage.json").is_file()
    services = {row["id"]: row for row in read(exported, "services.csv")}
    ow = services[str(directory.ontario_works.pk)]
    assert ow["name"] == "Ontario Works"
    assert ow["alternate_name"] == "Ontario au travail"
    assert ow["minimum_age"] == "18"
    assert ow["status"] == "active"
    languages = {
        (row["service_id"], row["code"], row["name"]) for row in read(exported, "languages.csv")
    }
    assert (str(directory.ontario_works.pk), "fr", "French") in languages
    addresses = read(exported, "addresses.csv")
    assert addresses[0]["city"] == "Ottawa"
    assert addresses[0]["state_province"] == "ON"
    flags = {(row["link_id"], row["value"]) for row in read(exported, "attributes.csv")}
    assert (str(directory.ontario_works.pk), "true") in flags
    assert (str(directory.icm.pk), str(directory.icm.program_id)) in flags
    assert (str(directory.carrefour.pk), str(directory.carrefour.partner_id)) in flags


def test_round_trip_into_an_empty_directory_gives_the_same_files(
    exported: Path, directory: Directory, tmp_path: Path
):
    wipe_directory()
    result = hsds_import(exported)
    assert result.ok, result.errors
    assert result.created["services"] == 4
    again = tmp_path / "again"
    hsds_export(again)
    assert package_files(again) == package_files(exported)
    icm = Service.objects.get(pk=directory.icm.pk)
    assert icm.program_id == directory.icm.program_id
    assert icm.response_days == 3
    assert icm.support_type == "clinical"
    assert sorted(icm.languages) == ["en", "fr"]
    ow = Service.objects.get(pk=directory.ontario_works.pk)
    assert ow.is_mainstream and ow.phone == "613-555-0199"
    assert ow.schedule_description == "Mon–Fri 8:30–16:30"
    assert (
        DirectoryOrganization.objects.get(pk=directory.carrefour.pk).partner_id
        == directory.carrefour.partner_id
    )


def test_re_import_updates_the_same_rows(exported: Path, directory: Directory):
    rows = read(exported, "services.csv")
    for row in rows:
        if row["id"] == str(directory.shelter.pk):
            row["description"] = "Lits d'urgence, chaque nuit."
    write(exported, "services.csv", rows)
    before = directory_counts()
    result = hsds_import(exported)
    assert result.ok, result.errors
    assert result.created["services"] == 0 and result.updated["services"] == 4
    assert directory_counts() == before
    assert (
        Service.objects.get(pk=directory.shelter.pk).description == "Lits d'urgence, chaque nuit."
    )


def test_dry_run_writes_nothing(exported: Path, directory: Directory):
    wipe_directory()
    audit_rows = AuditEvent.objects.count()
    result = hsds_import(exported, dry_run=True)
    assert result.ok and result.created["services"] == 4
    assert directory_counts() == (0, 0, 0)
    assert AuditEvent.objects.count() == audit_rows


def test_the_command_dry_run_writes_nothing(exported: Path, directory: Directory):
    wipe_directory()
    out = io.StringIO()
    call_command("import_hsds", str(exported), "--dry-run", stdout=out)
    assert "would create 4" in out.getvalue()
    assert directory_counts() == (0, 0, 0)


def test_the_commands_export_and_import(directory: Directory, tmp_path: Path):
    out = io.StringIO()
    call_command("export_hsds", str(tmp_path / "p"), stdout=out)
    assert "services.csv: 4 row(s)" in out.getvalue()
    wipe_directory()
    call_command("import_hsds", str(tmp_path / "p"), stdout=out)
    assert directory_counts()[1] == 4


# --- Bad packages: reported with file and line, nothing imported --------------------------


def assert_rejected(folder: Path, *expected: str) -> list[str]:
    wipe_directory()
    result = hsds_import(folder)
    assert not result.ok
    for text in expected:
        assert any(text in line for line in result.errors), (text, result.errors)
    assert directory_counts() == (0, 0, 0)
    return result.errors


def test_missing_file(exported: Path):
    (exported / "services.csv").unlink()
    assert_rejected(exported, "services.csv: The file is missing")


def test_missing_column(exported: Path):
    rows = read(exported, "organizations.csv")
    for row in rows:
        del row["name"]
    write(exported, "organizations.csv", rows)
    assert_rejected(exported, "organizations.csv:1: Missing column “name”")


def test_bad_status_enum(exported: Path, directory: Directory):
    rows = read(exported, "services.csv")
    rows[1]["status"] = "open"
    write(exported, "services.csv", rows)
    assert_rejected(exported, "services.csv:3: Status “open” is not one of")


def test_bad_age_range(exported: Path):
    rows = read(exported, "services.csv")
    rows[0]["minimum_age"], rows[0]["maximum_age"] = "65", "18"
    write(exported, "services.csv", rows)
    assert_rejected(
        exported, "services.csv:2: maximum_age: The maximum age is below the minimum age."
    )


def test_unknown_reference_across_files(exported: Path):
    rows = read(exported, "services.csv")
    rows[2]["organization_id"] = "00000000-0000-4000-8000-000000000001"
    write(exported, "services.csv", rows)
    assert_rejected(
        exported,
        "services.csv:4: Unknown organization_id 00000000-0000-4000-8000-000000000001",
    )


def test_unknown_location_in_service_at_location(exported: Path):
    rows = read(exported, "service_at_location.csv")
    rows[0]["location_id"] = "00000000-0000-4000-8000-000000000002"
    write(exported, "service_at_location.csv", rows)
    assert_rejected(exported, "service_at_location.csv:2: Unknown location_id")


def test_a_reference_to_an_organization_already_in_the_directory_is_fine(
    exported: Path, directory: Directory
):
    """A service's organization may be in the database instead of the package."""
    rows = [r for r in read(exported, "organizations.csv") if r["id"] != str(directory.province.pk)]
    write(exported, "organizations.csv", rows)
    result = hsds_import(exported)
    assert result.ok, result.errors


def test_duplicate_id(exported: Path):
    rows = read(exported, "locations.csv")
    write(exported, "locations.csv", [rows[0], rows[0]])
    assert_rejected(exported, "locations.csv:3: Duplicate id")


def test_malformed_csv(exported: Path):
    text = (exported / "organizations.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[2] = lines[2] + ',"unterminated'
    (exported / "organizations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_rejected(exported, "organizations.csv:3")


def test_row_with_too_many_fields(exported: Path):
    with (exported / "locations.csv").open("a", encoding="utf-8") as handle:
        handle.write("a,b\n")
    assert_rejected(exported, "locations.csv:3: The row has 2 fields")


def test_bad_encoding(exported: Path):
    data = (exported / "services.csv").read_bytes()
    (exported / "services.csv").write_bytes(
        data.replace("Hébergement".encode(), "Hébergement".encode("latin-1"))
    )
    assert_rejected(exported, "services.csv:", "is not UTF-8 text")


def test_bad_language_code_and_sub_domain(exported: Path, directory: Directory):
    rows = read(exported, "languages.csv")
    rows[0]["code"] = "fra"
    write(exported, "languages.csv", rows)
    flags = read(exported, "attributes.csv")
    for row in flags:
        if row["link_id"] == str(directory.icm.pk) and row["value"] == "mental_health":
            row["value"] = "income"
    write(exported, "attributes.csv", flags)
    assert_rejected(
        exported,
        "languages: Not ISO 639-1 language codes: fra",
        "sub_domain: This area does not belong",
    )


def test_bad_flag_value(exported: Path, directory: Directory):
    flags = read(exported, "attributes.csv")
    line = next(
        i
        for i, row in enumerate(flags, start=2)
        if row["link_id"] == str(directory.icm.pk) and row["value"] == "3"
    )
    flags[line - 2]["value"] = "0"
    write(exported, "attributes.csv", flags)
    assert_rejected(
        exported, f"attributes.csv:{line}: “0” is not a valid value for parcours:response_days"
    )


def test_every_problem_is_reported_at_once(exported: Path):
    services = read(exported, "services.csv")
    services[0]["status"] = "?"
    services[1]["minimum_age"] = "old"
    write(exported, "services.csv", services)
    locations = read(exported, "locations.csv")
    locations[0]["location_type"] = "moon"
    write(exported, "locations.csv", locations)
    errors = assert_rejected(exported, "services.csv:2:", "services.csv:3:", "locations.csv:2:")
    assert len(errors) >= 3


def test_the_command_reports_problems_and_exits_with_status_2(exported: Path):
    (exported / "locations.csv").unlink()
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(exported), stderr=err)
    assert caught.value.returncode == 2
    assert "locations.csv: The file is missing" in err.getvalue()
    assert directory_counts() != (0, 0, 0)  # the fixture's directory is left as it was


def test_import_is_in_the_audit_log(exported: Path):
    wipe_directory()
    hsds_import(exported)
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None and event.target_type == "coordination.directory"


def test_unused_network_fixture_is_harmless(network: Network):
    assert network.root.is_superuser
