"""A coordinator brings a partner's earlier HMIS into Parcours: everything
lands, nothing is blindly merged, and importing again changes nothing."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from parcours import access
from parcours.accounts.models import Organization, Program
from parcours.casework.models import Enrollment, EnrollmentEndReason
from parcours.clients.models import Client
from parcours.core.models import AuditAction, AuditEvent
from parcours.interop.hmis.sample import Tables, write_export
from parcours.interop.models import HmisImport, HmisRecord, ImportStatus
from parcours.interop.services import hmis_import
from parcours.linkage.models import MatchCandidate
from tests.conftest import Network
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _import(path: Path, network: Network, **options: object) -> HmisImport:
    return hmis_import(path=path, acting_user=network.alice_admin, **options)  # type: ignore[arg-type]


def test_a_complete_export_becomes_organizations_programs_clients_and_enrollments(
    network: Network, tables: Tables, export_dir: Path
) -> None:
    # A network administrator brings a new partner in with its records.
    run = hmis_import(path=export_dir, acting_user=network.root)

    assert run.status == ImportStatus.IMPORTED, run.errors
    assert run.errors == []
    org = Organization.objects.get(name="Mission Old Brewery (ancien système)")
    assert set(Program.objects.filter(organization=org).values_list("kind", flat=True)) == {
        "shelter",
        "hub",
        "housing",
    }
    people = tables["Client"]
    assert Client.objects.filter(registered_by_organization=org).count() == len(people)
    first = people[0]
    client = HmisRecord.objects.get(file="Client", source_key=first["PersonalID"]).client
    assert client is not None
    assert client.given_name == first["FirstName"]
    assert client.family_name == first["LastName"]
    assert Enrollment.objects.filter(organization=org).count() == len(tables["Enrollment"])
    closed = Enrollment.objects.filter(organization=org, end_date__isnull=False)
    assert closed.count() == len(tables["Exit"])
    assert run.counts["Client"] == {"read": len(people), "created": len(people)}
    assert run.counts["Services"]["created"] == len(tables["Services"])
    # Files with no Parcours concept are kept as they came, tied to the person.
    service = HmisRecord.objects.filter(file="Services").first()
    assert service is not None and service.client is not None
    # Each new person is an audited write.
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_type="clients.client"
    ).count() >= len(people)


def test_an_exit_closes_the_enrollment_with_its_destination(
    network: Network, tables: Tables, export_dir: Path
) -> None:
    _import(export_dir, network)
    out = tables["Exit"][0]
    enrollment = Enrollment.objects.get(
        pk=HmisRecord.objects.get(file="Enrollment", source_key=out["EnrollmentID"]).target_id
    )
    assert enrollment.end_date == out["ExitDate"]
    assert enrollment.end_reason == EnrollmentEndReason.OTHER
    assert f"(HMIS {out['Destination']})" in enrollment.destination


def test_importing_the_same_export_twice_changes_nothing(
    network: Network, export_dir: Path
) -> None:
    _import(export_dir, network)
    counts = (Client.objects.count(), Enrollment.objects.count(), HmisRecord.objects.count())
    audit = AuditEvent.objects.count()

    again = _import(export_dir, network)

    assert again.status == ImportStatus.IMPORTED
    assert (Client.objects.count(), Enrollment.objects.count(), HmisRecord.objects.count()) == (
        counts
    )
    assert all(set(c) <= {"read", "unchanged"} for c in again.counts.values()), again.counts
    # Only the import itself is recorded: no client was written.
    assert AuditEvent.objects.count() == audit + 1


def test_a_later_export_updates_what_changed(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    _import(write_export(tmp_path / "one", tables), network)
    later = copy.deepcopy(tables)
    later["Client"][0]["LastName"] = "Nouveau-Nom"
    open_stay = next(
        e
        for e in later["Enrollment"]
        if e["EnrollmentID"] not in {x["EnrollmentID"] for x in later["Exit"]}
    )
    later["Exit"].append(
        {
            "ExitID": "X-LATER",
            "EnrollmentID": open_stay["EnrollmentID"],
            "PersonalID": open_stay["PersonalID"],
            "ExitDate": dt.date(2026, 6, 1),
            "Destination": 24,
        }
    )

    run = _import(write_export(tmp_path / "two", later), network)

    assert run.counts["Client"]["updated"] == 1
    record = HmisRecord.objects.get(file="Client", source_key=later["Client"][0]["PersonalID"])
    assert record.client is not None
    assert Client.objects.get(pk=record.client.pk).family_name == "Nouveau-Nom"
    enrollment = Enrollment.objects.get(
        pk=HmisRecord.objects.get(file="Enrollment", source_key=open_stay["EnrollmentID"]).target_id
    )
    assert enrollment.end_date == dt.date(2026, 6, 1)
    assert enrollment.end_reason == EnrollmentEndReason.DECEASED


def test_real_world_file_shapes_read_the_same(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    """BOM, CRLF, upper-case headers, extra columns, Windows-1252, in a .zip."""
    plain = _import(write_export(tmp_path / "plain", tables), network, source_name="A")
    odd = write_export(
        tmp_path / "odd.zip",
        tables,
        as_zip=True,
        bom=True,
        newline="\r\n",
        header_case="upper",
        extra_columns=("LocalNote",),
    )
    odd_run = _import(odd, network, source_name="B")
    legacy = write_export(tmp_path / "legacy", tables, encoding="cp1252", newline="\n")
    legacy_run = _import(legacy, network, source_name="C")

    for run in (odd_run, legacy_run):
        assert run.status == ImportStatus.IMPORTED, run.errors
        assert {f: c["read"] for f, c in run.counts.items()} == {
            f: c["read"] for f, c in plain.counts.items()
        }
    accented = next(c for c in tables["Client"] if any(ch in str(c["FirstName"]) for ch in "éèÉ"))
    names = set(
        HmisRecord.objects.filter(file="Client", source__name="C").values_list(
            "client__given_name", flat=True
        )
    )
    assert accented["FirstName"] in names
    extra = HmisRecord.objects.filter(source__name="B", file="Client").first()
    assert extra is not None and "LOCALNOTE" in extra.data


def test_a_social_security_number_is_never_kept(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    tables["Client"][0]["SSN"] = "123456789"
    _import(write_export(tmp_path / "ssn", tables), network)
    record = HmisRecord.objects.get(file="Client", source_key=tables["Client"][0]["PersonalID"])
    assert "SSN" not in record.data
    assert "123456789" not in str(HmisRecord.objects.values_list("data", flat=True)[:100])


def test_unnamed_people_and_impossible_birth_dates_are_kept_as_they_are(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    tables["Client"][0].update(FirstName="", LastName="", NameDataQuality=99)
    tables["Client"][1].update(DOB=dt.date(2031, 1, 1), DOBDataQuality=1)
    tables["Client"][2].update(DOB=dt.date(1980, 7, 1), DOBDataQuality=2)
    run = _import(write_export(tmp_path / "dq", tables), network)

    assert run.status == ImportStatus.IMPORTED, run.errors
    records = {
        r.source_key: r for r in HmisRecord.objects.filter(file="Client").select_related("client")
    }
    unnamed = records[str(tables["Client"][0]["PersonalID"])].client
    assert unnamed is not None and unnamed.is_anonymous
    future = records[str(tables["Client"][1]["PersonalID"])]
    assert future.client is not None and future.client.date_of_birth is None
    assert future.data["DOB"] == "2031-01-01"
    approximate = records[str(tables["Client"][2]["PersonalID"])].client
    assert approximate is not None and approximate.date_of_birth_estimated


def test_rows_deleted_at_the_source_are_not_imported(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    _import(write_export(tmp_path / "one", tables), network)
    gone = tables["Services"][0]
    gone["DateDeleted"] = dt.datetime(2026, 6, 10, 8, 0)
    tables["Services"].append(
        {**tables["Services"][1], "ServicesID": "NEVER", "DateDeleted": dt.datetime(2026, 6, 1)}
    )
    run = _import(write_export(tmp_path / "two", tables), network)

    assert run.counts["Services"]["deleted"] == 1
    assert run.counts["Services"]["skipped_deleted"] == 1
    assert HmisRecord.objects.get(file="Services", source_key=gone["ServicesID"]).deleted_at_source
    assert not HmisRecord.objects.filter(source_key="NEVER").exists()


def test_new_people_who_may_already_be_known_go_to_the_review_queue(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    person = tables["Client"][3]
    person.update(DOB=dt.date(1975, 3, 14), DOBDataQuality=1)
    known = ClientFactory(
        given_name=person["FirstName"],
        family_name=person["LastName"],
        date_of_birth=dt.date(1975, 3, 14),
        registered_by_organization=network.carrefour,
    )
    run = _import(write_export(tmp_path / "idr", tables), network)

    assert run.queued_for_review >= 1
    candidate = (
        MatchCandidate.objects.get(client_a__in=[known], status="pending")
        if MatchCandidate.objects.filter(client_a=known).exists()
        else MatchCandidate.objects.get(client_b=known)
    )
    assert candidate.match_probability >= 0.5
    # Never merged blindly: the imported record stands on its own.
    assert (
        Client.objects.filter(
            given_name=person["FirstName"], family_name=person["LastName"]
        ).count()
        >= 2
    )


def test_only_an_administrator_of_a_partner_may_import(network: Network, export_dir: Path) -> None:
    for user in (network.alice, network.bob, network.nurse):
        with pytest.raises(PermissionDenied):
            hmis_import(path=export_dir, acting_user=user)
    assert not HmisImport.objects.exists()
    assert access.can_import_hmis(network.root)
    assert access.can_import_hmis(network.bob_admin)


def test_an_import_and_its_rows_are_read_by_the_importing_organization_only(
    network: Network, export_dir: Path
) -> None:
    _import(export_dir, network)
    rows = HmisRecord.objects.all()
    assert access.restrict(rows, network.alice_admin).count() == rows.count()
    assert access.restrict(rows, network.root).count() == rows.count()
    for outsider in (network.bob_admin, network.alice, network.bob):
        assert not access.restrict(rows, outsider).exists()
        assert not access.restrict(HmisImport.objects.all(), outsider).exists()


def test_an_organizations_administrator_imports_into_it_only(
    network: Network, export_dir: Path
) -> None:
    before = Organization.objects.count()
    with pytest.raises(PermissionDenied):
        _import(export_dir, network, organization=network.refuge)
    run = _import(export_dir, network)
    assert run.organization == network.carrefour
    assert Organization.objects.count() == before
    assert Program.objects.filter(organization=network.carrefour).count() == 1 + 4
    assert not Client.objects.exclude(registered_by_organization=network.carrefour).exists()


def test_a_network_administrator_may_import_into_any_organization(
    network: Network, export_dir: Path
) -> None:
    before = Organization.objects.count()
    hmis_import(path=export_dir, acting_user=network.root, organization=network.refuge)
    assert Organization.objects.count() == before
    assert Program.objects.filter(organization=network.refuge).count() == 1 + 4
    assert not Client.objects.exclude(registered_by_organization=network.refuge).exists()


def test_services_and_street_nights_become_visits_and_street_contacts(
    network: Network, tables: Tables, export_dir: Path, frozen_today: dt.date
) -> None:
    from parcours.beds.homelessness import homeless_days
    from parcours.beds.models import StreetContact
    from parcours.clients.models import Visit

    _import(export_dir, network)
    person = tables["Client"][0]["PersonalID"]
    client = HmisRecord.objects.get(file="Client", source_key=person).client
    assert client is not None
    services = [s for s in tables["Services"] if s["PersonalID"] == person]
    visits = Visit.objects.filter(client=client).prefetch_related("services")
    assert sorted(v.occurred_at.date() for v in visits) == sorted(
        s["DateProvided"]
        for s in services  # type: ignore[misc]
    )
    assert all(v.services.get().detail.startswith("HMIS ") for v in visits)
    nights = {
        c["InformationDate"]
        for c in tables["CurrentLivingSituation"]
        if c["PersonalID"] == person and c["CurrentLivingSituation"] == 116
    }
    assert StreetContact.objects.filter(client=client).count() == len(nights)
    # Street nights are homeless days (with the shelter nights:
    # test_hmis_shelter_history).
    days = homeless_days([client.pk], start=dt.date(2020, 1, 1), end=frozen_today)
    assert days[client.pk] >= len(nights) > 0
    # Imported again: nothing added.
    _import(export_dir, network)
    assert Visit.objects.filter(client=client).count() == len(services)
    assert StreetContact.objects.filter(client=client).count() == len(nights)


def test_a_large_import_leaves_its_new_people_to_batch_linkage(
    network: Network,
    export_dir: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import types

    import parcours.linkage.tasks

    queued: list[str] = []
    monkeypatch.setattr(
        parcours.linkage.tasks,
        "link_registry",
        types.SimpleNamespace(enqueue=lambda: queued.append("batch linkage")),
    )
    settings.HMIS_IMPORT_SCORE_LIMIT = 5
    with django_capture_on_commit_callbacks(execute=True):
        run = _import(export_dir, network)
    assert run.linkage_deferred and run.queued_for_review == 0
    assert queued == ["batch linkage"]
    assert not MatchCandidate.objects.exists()
