"""An administrator brings their former HMIS into Parcours from the
Administration menu, in French, in Chromium: uploads the .zip, lands on the
import's report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from parcours.clients.models import Client
from parcours.interop.hmis.sample import sample_tables, write_export
from tests.browser.conftest import assert_accessible, enter_totp_code, give_authenticator
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_administrator_uploads_an_export_and_reads_the_report(
    page: Any, live_server: Any, network: Any, tmp_path: Path, settings: Any
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    tables = sample_tables(people=8, seed=11, today=dt.date(2026, 6, 1))
    tables["Client"][2]["DOB"] = "1990-02-31"
    export = write_export(tmp_path / "ancien-hmis.zip", tables, as_zip=True)
    device = give_authenticator(network.alice_admin.email)

    page.goto(f"{live_server.url}/fr/login/")
    page.get_by_label("Adresse courriel").fill(network.alice_admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    if device is not None:
        enter_totp_code(page, device)
    page.wait_for_url(re.compile(r"/fr/$"))
    page.locator("#nav-administration summary").click()
    page.get_by_role("link", name="Importation HMIS").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Importation HMIS"
    assert page.locator(".empty-state").is_visible()
    assert_accessible(page)

    page.get_by_label("Exportation HMIS CSV (.zip)").set_input_files(str(export))
    page.get_by_role("button", name="Importer").click()

    page.wait_for_url(re.compile(r"/fr/data-exchange/hmis/[0-9a-f-]+/$"))
    assert "Rejeté : rien n'a été importé" in page.locator("#import-status-text").inner_text()
    row = page.locator("#import-errors tbody tr").first
    assert row.inner_text().split("\t")[:3] == ["Client.csv", "4", "DOB"]
    assert "n'est pas une date" in row.inner_text()
    assert not Client.objects.exists()
    assert_accessible(page)

    # Again, accepting the valid rows.
    page.get_by_role("link", name="Importation HMIS").first.click()
    page.get_by_label("Exportation HMIS CSV (.zip)").set_input_files(str(export))
    page.get_by_label("Importer les lignes valides même si certaines sont rejetées").check()
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url(re.compile(r"/fr/data-exchange/hmis/[0-9a-f-]+/$"))
    assert "Importé sans les lignes rejetées" in page.locator("#import-status-text").inner_text()
    assert page.locator("#import-counts").is_visible()
    assert Client.objects.count() == 7
