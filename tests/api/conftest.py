"""API helpers: a bearer-token client and validation against the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from django.test import Client

from parcours.accounts.models import User
from parcours.accounts.services import api_token_create


class ApiClient:
    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, data: Any = None):
        """POST ``data`` as a JSON body (no body at all when ``data`` is None)."""
        body = "" if data is None else json.dumps(data)
        return self.client.post(path, body, content_type="application/json", headers=self.headers)

    def patch(self, path: str, data: Any = None):
        body = "" if data is None else json.dumps(data)
        return self.client.patch(path, body, content_type="application/json", headers=self.headers)


def api_client_for(user: User | None) -> ApiClient:
    return ApiClient(api_token_create(user=user).secret if user else None)


@pytest.fixture(scope="session")
def openapi(django_db_setup: None, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def assert_matches_openapi(openapi: dict[str, Any], path: str, method: str, response: Any) -> None:
    """The response body is valid against the schema the OpenAPI document
    declares for this path, method and status code."""
    operation = openapi["paths"][path][method]
    declared = operation["responses"][str(response.status_code)]
    schema = declared["content"]["application/json"]["schema"]
    jsonschema.validate(
        response.json(),
        {**schema, "components": openapi["components"]},
        cls=jsonschema.Draft202012Validator,
    )
