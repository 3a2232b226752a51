"""The demo's HMIS import: a shelter's thirty people from its former HMIS,
registered by the shelter with their stays and exits; the next, spoiled
export refused with its report; seeding again adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.demo.clients import seed_clients
from parcours.demo.interop import SOURCE, seed_hmis_import
from parcours.demo.network import seed_network
from parcours.interop.client_list import check_rows
from parcours.interop.models import (
    ClientListImport,
    ClientListStatus,
    HmisImport,
    HmisRecord,
    ImportStatus,
)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[str, str]]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        seed_network(seed=2026)
        seed_clients(seed=2026)
        yield seed_hmis_import(2026), seed_hmis_import(2026)
        transaction.set_rollback(True)


def test_the_demo_import_and_the_refused_export(seeded: tuple[str, str], db: None) -> None:
    first, again = seeded
    imported, refused = HmisImport.objects.order_by("created_at")
    assert imported.status == ImportStatus.IMPORTED and imported.source_name == SOURCE
    assert refused.status == ImportStatus.REJECTED
    assert {e["code"] for e in refused.errors} >= {"not_a_date", "dangling"}
    shelter = imported.organization
    assert shelter is not None
    people = HmisRecord.objects.filter(file="Client").values_list("client", flat=True)
    assert len(people) == 30
    assert Client.objects.filter(pk__in=people, registered_by_organization=shelter).count() == 30
    assert Enrollment.objects.filter(client__in=people, end_date__isnull=False).exists()
    assert Enrollment.objects.filter(client__in=people, program__kind="housing").exists()
    assert HmisRecord.objects.filter(file="Services").count() >= 30
    assert first.startswith("HMIS import: 30 people")
    assert "none added" in again
    # The shelter's spreadsheet waits on its check page, one row wrong.
    listed = ClientListImport.objects.get()
    assert listed.status == ClientListStatus.MAPPED and listed.organization == shelter
    checked = check_rows(listed.rows, listed.mapping, listed.date_format)
    assert [row.line for row in checked if not row.ok] == [5]
    assert "a spreadsheet of 6 clients" in first
