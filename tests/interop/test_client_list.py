"""A small agency's list of clients in Excel or CSV: its columns matched to
client fields, every row checked with its line, the people registered for
the agency through the registry's own checks, possible duplicates queued."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from parcours.clients.models import Client
from parcours.core.models import AuditAction, AuditEvent
from parcours.interop.models import ClientListImport, ClientListStatus
from parcours.linkage.models import MatchCandidate
from tests.conftest import Network, client_for
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

CSV = (
    "Prénom;Nom;Date de naissance;Courriel;Genre\r\n"
    "Émile;Côté;11/04/1978;emile@example.org;H\r\n"
    "Nadia;Bouchard;02/12/1990;;Femme\r\n"
    "Kevin;MacDonald;30/06/1985;;\r\n"
).encode("cp1252")


def _url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _upload(web, data: bytes = CSV, name: str = "clients.csv"):  # type: ignore[no-untyped-def]
    return web.post(_url("interop:client_lists"), {"file": SimpleUploadedFile(name, data)})


def test_a_french_csv_is_matched_checked_and_registered(network: Network) -> None:
    known = ClientFactory(
        given_name="Nadia",
        family_name="Bouchard",
        date_of_birth=dt.date(1990, 12, 2),
        registered_by_organization=network.refuge,
    )
    web = client_for(network.alice_admin)
    response = _upload(web)
    run = ClientListImport.objects.get()
    assert response["Location"] == _url("interop:client_list_map", list_id=run.pk)
    # The columns and the date format were guessed from the file.
    assert run.mapping == {
        "given_name": "0",
        "family_name": "1",
        "date_of_birth": "2",
        "email": "3",
        "gender": "4",
    }
    assert run.date_format == "dmy"
    page = web.get(response["Location"]).content.decode()
    assert "Côté" in page and 'id="client-list-map-form"' in page

    form = {**run.mapping, "date_format": "dmy"}
    check = web.post(_url("interop:client_list_map", list_id=run.pk), form)
    assert check["Location"] == _url("interop:client_list_check", list_id=run.pk)
    page = web.get(check["Location"]).content.decode()
    assert "3 rows can be registered; 0 have a problem." in page
    assert "a record at another partner" in page  # Nadia, registered at the Refuge

    done = web.post(_url("interop:client_list_import", list_id=run.pk))
    assert done.status_code == 302
    run.refresh_from_db()
    assert run.status == ClientListStatus.IMPORTED and run.created_count == 3
    assert run.rows == []  # the people are in the registry; the list is not kept
    emile = Client.objects.get(given_name="Émile", family_name="Côté")
    assert emile.date_of_birth == dt.date(1978, 4, 11)
    assert emile.registered_by_organization == network.carrefour
    assert emile.gender_identity is not None and emile.gender_identity.code == "man"
    assert emile.email == "emile@example.org"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_type="clients.client", client_id=emile.pk
    ).exists()
    nadia = Client.objects.get(given_name="Nadia", registered_by_organization=network.carrefour)
    assert MatchCandidate.objects.filter(client_a__in=[known, nadia], client_b__in=[known, nadia])
    assert run.queued_for_review >= 1


def test_an_excel_list_reads_the_same(network: Network) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["First name", "Last name", "DOB", "Phone"])
    sheet.append(["Tyler", "Smith", dt.datetime(1999, 1, 31), "613-555-0101"])
    sheet.append([None, None, None, None])
    sheet.append(["Ashley", "Wilson", dt.datetime(2001, 5, 2), None])
    data = io.BytesIO()
    book.save(data)
    web = client_for(network.alice_admin)
    _upload(web, data.getvalue(), "liste.xlsx")
    run = ClientListImport.objects.get()
    assert run.row_count == 2
    assert run.mapping == {
        "given_name": "0",
        "family_name": "1",
        "date_of_birth": "2",
        "phone": "3",
    }
    assert run.date_format == "iso"
    web.post(_url("interop:client_list_map", list_id=run.pk), {**run.mapping, "date_format": "iso"})
    web.post(_url("interop:client_list_import", list_id=run.pk))
    assert Client.objects.get(given_name="Tyler").date_of_birth == dt.date(1999, 1, 31)


def test_bad_rows_stop_the_import_unless_the_valid_ones_are_accepted(network: Network) -> None:
    data = (
        "Prénom,Nom,Date de naissance,Courriel\r\n"
        "Ana,Lopez,1980-02-30,\r\n"
        "Ben,,1981-01-01,\r\n"
        "Chloé,Martin,1982-03-03,pas-un-courriel\r\n"
        "Dan,Roy,1983-04-04,\r\n"
    ).encode()
    web = client_for(network.alice_admin)
    _upload(web, data)
    run = ClientListImport.objects.get()
    web.post(_url("interop:client_list_map", list_id=run.pk), {**run.mapping, "date_format": "iso"})
    page = web.get(_url("interop:client_list_check", list_id=run.pk)).content.decode()
    assert "1 rows can be registered; 3 have a problem." in page

    web.post(_url("interop:client_list_import", list_id=run.pk))
    run.refresh_from_db()
    assert run.status == ClientListStatus.REJECTED
    assert [(e["line"], e["field"]) for e in run.errors] == [
        (2, "Date of birth"),
        (3, "Family name"),
        (4, "Email"),
    ]
    assert not Client.objects.exists()

    web.post(_url("interop:client_list_import", list_id=run.pk), {"partial": "on"})
    run.refresh_from_db()
    assert run.status == ClientListStatus.PARTIAL and run.created_count == 1
    assert list(Client.objects.values_list("given_name", flat=True)) == ["Dan"]


def test_the_columns_must_name_the_person_once(network: Network) -> None:
    web = client_for(network.alice_admin)
    _upload(web)
    run = ClientListImport.objects.get()
    url = _url("interop:client_list_map", list_id=run.pk, language="fr")
    response = web.post(url, {"given_name": "0", "family_name": "0", "date_format": "dmy"})
    assert response.status_code == 400
    assert "Cette colonne remplit déjà un autre champ." in response.content.decode()
    response = web.post(url, {"given_name": "", "family_name": "1", "date_format": "dmy"})
    assert response.status_code == 400
    run.refresh_from_db()
    assert run.status == ClientListStatus.UPLOADED


def test_a_file_that_is_not_a_list_is_refused(network: Network) -> None:
    web = client_for(network.alice_admin)
    response = _upload(web, b"%PDF-1.4", "clients.pdf")
    assert response.status_code == 400
    assert "Upload the list as a .csv or .xlsx file" in response.content.decode()
    response = _upload(web, b"Prenom,Nom\r\n", "vide.csv")
    assert "The file has no rows under its header." in response.content.decode()
    assert not ClientListImport.objects.exists()


def test_only_a_partners_administrator_imports_and_sees_the_list(network: Network) -> None:
    _upload(client_for(network.alice_admin))
    run = ClientListImport.objects.get()
    for user in (network.alice, network.bob, network.root):
        web = client_for(user)
        assert web.get(_url("interop:client_lists")).status_code == 403
        assert _upload(web).status_code == 403
        assert web.post(_url("interop:client_list_import", list_id=run.pk)).status_code == 403
    other = client_for(network.bob_admin)
    assert other.get(_url("interop:client_list_check", list_id=run.pk)).status_code == 404
    assert other.post(_url("interop:client_list_import", list_id=run.pk)).status_code == 404
    assert ClientListImport.objects.count() == 1
    assert not Client.objects.exists()


def test_a_long_list_leaves_its_duplicates_to_batch_linkage(
    network: Network, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    import types

    import parcours.interop.client_list_services
    import parcours.linkage.tasks

    queued: list[str] = []
    monkeypatch.setattr(
        parcours.linkage.tasks,
        "link_registry",
        types.SimpleNamespace(enqueue=lambda: queued.append("batch linkage")),
    )
    monkeypatch.setattr(parcours.interop.client_list_services, "SCORE_LIMIT", 2)
    web = client_for(network.alice_admin)
    _upload(web)
    run = ClientListImport.objects.get()
    web.post(_url("interop:client_list_map", list_id=run.pk), {**run.mapping, "date_format": "dmy"})
    with django_capture_on_commit_callbacks(execute=True):
        web.post(_url("interop:client_list_import", list_id=run.pk))
    run.refresh_from_db()
    assert run.created_count == 3 and run.queued_for_review == 0
    assert queued == ["batch linkage"]
