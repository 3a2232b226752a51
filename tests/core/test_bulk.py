"""``core.bulk.bulk_insert`` writes exactly what ``bulk_create`` writes — on
PostgreSQL through ``COPY`` (the CI runs this file on both databases): JSON
with quotes, tabs, new lines and backslashes, accents, NULLs, booleans,
foreign keys, ``auto_now`` timestamps — and fails whole on a bad row."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import IntegrityError, transaction

from parcours.clients.models import Client
from parcours.core.bulk import bulk_insert
from parcours.interop.models import HmisImport, HmisRecord, HmisSource
from tests.factories import ClientFactory, UserFactory

AWKWARD = 'tab\there, new\nline, back\\slash, "quoted", \\N, Élodie — ☃'
FIELDS = [
    "source_id",
    "file",
    "digest",
    "data",
    "target_type",
    "target_id",
    "client_id",
    "deleted_at_source",
    "last_import_id",
    "created_at",
    "updated_at",
]


@pytest.fixture
def run(db: None) -> HmisImport:
    return HmisImport.objects.create(
        file_name="export.zip", imported_by=UserFactory(), status="imported"
    )


def _records(run: HmisImport, client: Client | None, prefix: str) -> list[HmisRecord]:
    source = HmisSource.objects.get_or_create(name="Ville-Marie HMIS")[0]
    return [
        HmisRecord(
            source=source,
            file="Services",
            source_key=f"{prefix}{n}",
            digest=AWKWARD,
            data={"ServicesID": f"S{n}", "Notes": AWKWARD, "FAAmount": None, "n": n, "ok": True},
            target_type="clients.visit" if n % 2 else "",
            target_id=str(uuid.UUID(int=n)) if n % 2 else "",
            client=client if n % 2 else None,
            deleted_at_source=bool(n % 3 == 0),
            last_import=run,
        )
        for n in range(5)
    ]


def _row(record: HmisRecord) -> dict[str, object]:
    return {f: getattr(record, f) for f in FIELDS}


@time_machine.travel(dt.datetime(2026, 3, 1, 14, 30, tzinfo=dt.UTC), tick=False)
def test_it_writes_what_bulk_create_writes(run: HmisImport) -> None:
    client = ClientFactory()
    copied = _records(run, client, "copy-")
    created = _records(run, client, "create-")
    assert bulk_insert(copied) == 5
    HmisRecord.objects.bulk_create(created)
    assert all(not r._state.adding for r in copied)
    by_key = {r.source_key: _row(r) for r in HmisRecord.objects.all()}
    for n in range(5):
        assert by_key[f"copy-{n}"] == by_key[f"create-{n}"]
    assert by_key["copy-1"]["data"]["Notes"] == AWKWARD
    assert by_key["copy-1"]["digest"] == AWKWARD
    assert by_key["copy-0"]["client_id"] is None
    assert by_key["copy-0"]["created_at"] == dt.datetime(2026, 3, 1, 14, 30, tzinfo=dt.UTC)


def test_a_bad_row_writes_nothing(run: HmisImport) -> None:
    records = _records(run, None, "k-")
    records[3].source_key = records[1].source_key  # the (source, file, key) is unique
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(records)
    assert not HmisRecord.objects.exists()


def test_an_unsaved_related_object_is_refused(run: HmisImport) -> None:
    records = _records(run, None, "k-")
    records[1].client = Client(given_name="Jamais", family_name="Enregistré")
    records[1].client.pk = None
    with pytest.raises(ValueError), transaction.atomic():
        bulk_insert(records)
    assert not HmisRecord.objects.exists()


def test_one_model_at_a_time(run: HmisImport) -> None:
    with pytest.raises(TypeError):
        bulk_insert([*_records(run, None, "k-")[:1], HmisSource(name="Autre")])
    assert bulk_insert([]) == 0
