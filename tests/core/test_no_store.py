"""No browser or proxy keeps a copy of client data: every page and API
answer says ``Cache-Control: no-store``."""

from __future__ import annotations

import pytest

from parcours import access
from parcours.casework.services import plan_ensure
from tests.api.conftest import api_client_for
from tests.conftest import client_for


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and "private" in response.get(
        "Cache-Control", ""
    )


@pytest.mark.parametrize(
    "path",
    [
        "/fr/clients/{id}/",
        "/fr/clients/{id}/notes/",
        "/en/clients/{id}/plan/",
        "/en/clients/{id}/plan/print/",
        "/fr/clients/",
        "/fr/",
    ],
)
def test_client_pages_and_printouts_are_never_stored(network, marie, path):
    plan_ensure(
        acting_user=network.alice, client_access=access.client_access_for(network.alice, marie)
    )
    response = client_for(network.alice).get(path.format(id=marie.pk))
    assert response.status_code == 200, path
    assert _no_store(response)


def test_refusals_and_the_sign_in_page_are_not_stored_either(network, marie):
    assert _no_store(client_for(network.bob).get(f"/fr/clients/{marie.pk}/"))
    assert _no_store(client_for(None).get("/fr/login/"))


def test_api_answers_are_never_stored(network, marie):
    api = api_client_for(network.alice)
    for path in (f"/api/v1/clients/{marie.pk}", "/api/v1/clients", "/api/v1/me"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert _no_store(response)
