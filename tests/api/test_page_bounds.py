"""Every list of the API answers pages of at most 200 rows, and an
out-of-range ``limit`` or ``offset`` is a 422, never everything at once nor a 500
(security finding 10)."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_client_for

LISTS = [
    "/api/v1/clients",
    "/api/v1/organizations",
    "/api/v1/programs",
    "/api/v1/households",
    "/api/v1/linkage/review",
]

OUT_OF_RANGE = [
    {"limit": 100000},
    {"limit": 201},
    {"limit": 0},
    {"limit": -1},
    {"limit": "99999999999999999999"},
    {"offset": "99999999999999999999"},
    {"offset": -5},
    {"limit": "beaucoup"},
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "params", OUT_OF_RANGE, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_an_out_of_range_page_is_refused_with_a_clear_error(network, path, params):
    response = api_client_for(network.alice_admin).get(path, **params)
    assert response.status_code == 422, (path, params, response.status_code)
    body = response.json()
    assert body["detail"]
    assert {e["field"] for e in body["errors"]} & {"limit", "offset"}


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_page_is_answered(network, path):
    response = api_client_for(network.alice_admin).get(path, limit=200, offset=0)
    assert response.status_code == 200, path


def test_every_route_that_pages_declares_the_bounds(openapi):
    """Whatever list a new app adds, if it takes a limit it takes the shared one."""
    paged = []
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            params = {p["name"]: p for p in operation.get("parameters", [])}
            if "limit" in params:
                paged.append(path)
                assert params["limit"]["schema"]["maximum"] == 200, (method, path)
                assert params["offset"]["schema"]["maximum"] == 10_000_000, (method, path)
    assert set(LISTS) <= {f"/api/v1{p}" if not p.startswith("/api") else p for p in paged}
