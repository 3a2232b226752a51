"""An administrator uploads their former HMIS's export, follows its import
and reads its report, in French or English; nobody else may."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from parcours.clients.models import Client
from parcours.interop.hmis.sample import Tables, write_export
from parcours.interop.models import HmisImport, ImportStatus
from tests.conftest import Network, client_for

pytestmark = pytest.mark.django_db


def _url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _zip(tmp_path: Path, tables: Tables, name: str = "export.zip") -> SimpleUploadedFile:
    path = write_export(tmp_path / name, tables, as_zip=True)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/zip")


@pytest.fixture
def data_dir(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_an_administrator_uploads_an_export_and_reads_its_report(
    network: Network,
    tables: Tables,
    tmp_path: Path,
    data_dir: Path,
    django_capture_on_commit_callbacks,
) -> None:
    web = client_for(network.alice_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            _url("interop:imports"),
            {"file": _zip(tmp_path, tables), "into_own_organization": "on"},
        )
    run = HmisImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("interop:import_detail", import_id=run.pk)
    assert run.status == ImportStatus.IMPORTED
    assert run.organization == network.carrefour
    assert Client.objects.filter(registered_by_organization=network.carrefour).count() == 12
    # The uploaded file does not outlive its import.
    assert not any((data_dir / "imports").iterdir())

    page = web.get(response["Location"]).content.decode()
    assert "Imported" in page and 'id="import-counts"' in page
    assert '<th scope="row">Client.csv</th><td>12</td><td>12</td>' in page
    assert "No row was rejected." in page


def test_a_rejected_export_shows_every_line_in_french(
    network: Network,
    tables: Tables,
    tmp_path: Path,
    data_dir: Path,
    django_capture_on_commit_callbacks,
) -> None:
    tables["Client"][1]["DOB"] = "1985-13-01"
    web = client_for(network.alice_admin)
    with django_capture_on_commit_callbacks(execute=True):
        web.post(_url("interop:imports", "fr"), {"file": _zip(tmp_path, tables)})
    run = HmisImport.objects.get()
    assert run.status == ImportStatus.REJECTED
    page = web.get(_url("interop:import_detail", "fr", import_id=run.pk)).content.decode()
    assert "Rejeté : rien n&#x27;a été importé" in page
    assert "<td>Client.csv</td><td>3</td><td>DOB</td>" in page
    assert "« 1985-13-01 » n&#x27;est pas une date (AAAA-MM-JJ)." in page
    assert not Client.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused_with_a_clear_message(
    network: Network, data_dir: Path
) -> None:
    web = client_for(network.alice_admin)
    response = web.post(
        _url("interop:imports"),
        {"file": SimpleUploadedFile("Client.csv", b"PersonalID\r\nC1\r\n")},
    )
    assert response.status_code == 400
    assert "Upload the export as one .zip archive of its CSV files." in response.content.decode()
    assert not HmisImport.objects.exists()
    empty = web.post(_url("interop:imports"), {})
    assert empty.status_code == 400
    assert not HmisImport.objects.exists()


def test_the_list_follows_a_queued_import(
    network: Network, tables: Tables, tmp_path: Path, data_dir: Path
) -> None:
    web = client_for(network.alice_admin)
    web.post(_url("interop:imports"), {"file": _zip(tmp_path, tables)})  # not run yet
    run = HmisImport.objects.get()
    assert run.status == ImportStatus.QUEUED
    assert (data_dir / run.stored_file).is_file()
    page = web.get(_url("interop:imports")).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Waiting to start" in page
    detail = web.get(_url("interop:import_detail", import_id=run.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in detail


def test_staff_who_may_not_import_are_refused(
    network: Network, tables: Tables, tmp_path: Path, data_dir: Path
) -> None:
    mine = client_for(network.alice_admin)
    mine.post(_url("interop:imports"), {"file": _zip(tmp_path, tables)})
    run = HmisImport.objects.get()
    for user in (network.alice, network.bob, network.nurse):
        web = client_for(user)
        assert web.get(_url("interop:imports")).status_code == 403
        assert (
            web.post(_url("interop:imports"), {"file": _zip(tmp_path, tables, "b.zip")}).status_code
            == 403
        )
        assert web.get(_url("interop:import_detail", import_id=run.pk)).status_code == 403
    # Another partner's administrator does not see this import.
    other = client_for(network.bob_admin)
    assert other.get(_url("interop:import_detail", import_id=run.pk)).status_code == 404
    assert run.file_name not in other.get(_url("interop:imports")).content.decode()
    assert HmisImport.objects.count() == 1
    assert client_for(None).get(_url("interop:imports")).status_code == 302


def test_the_menu_offers_the_import_to_administrators_only(network: Network) -> None:
    link = _url("interop:imports")
    assert link in client_for(network.alice_admin).get("/en/").content.decode()
    assert link not in client_for(network.alice).get("/en/").content.decode()


def test_the_list_costs_the_same_queries_for_many_imports(
    network: Network, tables: Tables, tmp_path: Path, data_dir: Path, django_assert_max_num_queries
) -> None:
    web = client_for(network.alice_admin)
    web.post(_url("interop:imports"), {"file": _zip(tmp_path, tables)})
    with django_assert_max_num_queries(30) as one:
        web.get(_url("interop:imports"))
    first = len(one)
    for n in range(5):
        web.post(_url("interop:imports"), {"file": _zip(tmp_path, tables, f"{n}.zip")})
    with django_assert_max_num_queries(first):
        web.get(_url("interop:imports"))


def test_only_a_network_administrator_chooses_where_the_records_go(network: Network) -> None:
    assert (
        "id_into_own_organization"
        not in client_for(network.alice_admin).get(_url("interop:imports")).content.decode()
    )
    assert (
        "id_into_own_organization"
        in client_for(network.root).get(_url("interop:imports")).content.decode()
    )
