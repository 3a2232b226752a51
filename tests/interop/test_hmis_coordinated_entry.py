"""Another system's coordinated entry arrives with the people: their
assessments (and whether they were put on the priority list) and the
referrals made for them show on their timeline, for whom the client shares
the case plan with, and a later export updates them in place."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation

from parcours import access
from parcours.access import client_access_for
from parcours.coordination.models import (
    CoordinatedEntryRecord,
    EntryRecordKind,
    EntryReferralResult,
)
from parcours.interop.entry_history import (
    ASSESSMENT_LEVELS,
    ASSESSMENT_TYPES,
    EVENTS,
    REFERRAL_RESULTS,
)
from parcours.interop.hmis.sample import Tables, write_export
from parcours.interop.models import HmisImport, HmisRecord
from parcours.interop.services import hmis_import
from parcours.timeline.selectors import client_timeline
from tests.conftest import Network, share

pytestmark = pytest.mark.django_db


def _import(path: Path, network: Network) -> HmisImport:
    return hmis_import(path=path, acting_user=network.alice_admin)


def _entry_items(user, client) -> dict[str, list[tuple[str, str]]]:
    with translation.override("en"):
        page = client_timeline(client_access_for(user, client), page=5)
    found: dict[str, list[tuple[str, str]]] = {}
    for item in page.items:
        if item.kind.startswith("entry_"):
            found.setdefault(item.kind, []).append((item.what, item.text))
    return found


def test_assessments_and_events_become_coordinated_entry_records_on_the_timeline(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    assessment, event = tables["Assessment"][0], tables["Event"][0]
    assert assessment["PersonalID"] == event["PersonalID"]
    _import(write_export(tmp_path / "one", tables), network)

    assert CoordinatedEntryRecord.objects.count() == len(tables["Assessment"]) + len(
        tables["Event"]
    )
    record = HmisRecord.objects.get(file="Assessment", source_key=assessment["AssessmentID"])
    client = record.client
    assert client is not None
    imported = CoordinatedEntryRecord.objects.get(pk=record.target_id)
    assert imported.kind == EntryRecordKind.ASSESSMENT
    assert imported.occurred_on == assessment["AssessmentDate"]
    assert imported.location == assessment["AssessmentLocation"]
    assert imported.assessment_type == ASSESSMENT_TYPES[assessment["AssessmentType"]]
    assert imported.assessment_level == ASSESSMENT_LEVELS[assessment["AssessmentLevel"]]
    assert imported.prioritized is (assessment["PrioritizationStatus"] == 1)
    referral = CoordinatedEntryRecord.objects.get(
        kind=EntryRecordKind.EVENT, client=client, reference__endswith=f":{event['EventID']}"
    )
    assert referral.event == EVENTS[event["Event"]]
    assert referral.referral_result == REFERRAL_RESULTS.get(event["ReferralResult"], "")
    assert referral.result_on == event["ResultDate"]

    # The importing organization's worker reads them on the timeline, in words.
    items = _entry_items(network.alice, client)
    with translation.override("en"):
        level = str(imported.get_assessment_level_display())
        what, result = (
            str(referral.get_event_display()),
            str(referral.get_referral_result_display()),
        )
    listed = (
        "placed on the priority list" if imported.prioritized else "not placed on the priority list"
    )
    assert items["entry_assessment"] == [
        ("Coordinated-entry assessment (another system) — " + level, listed)
    ]
    assert items["entry_event"] == [("Coordinated-entry event (another system) — " + what, result)]

    # A partner sees them once the client shares the case plan with it: on
    # the timeline and through the access layer's rule.
    mine = CoordinatedEntryRecord.objects.filter(client=client)
    assert set(access.restrict(mine, network.alice)) == {imported, referral}
    share(client, by=network.alice, categories=["identity"], all_partners=True)
    assert _entry_items(network.bob, client) == {}
    assert not access.restrict(mine, network.bob).exists()
    share(client, by=network.alice, categories=["identity", "case_plan"], all_partners=True)
    assert set(_entry_items(network.bob, client)) == {"entry_assessment", "entry_event"}
    assert set(access.restrict(mine, network.bob)) == {imported, referral}

    # In French too.
    with translation.override("fr"):
        page = client_timeline(client_access_for(network.alice, client), page=5)
        expected = str(referral.get_event_display())
    what = next(i.what for i in page.items if i.kind == "entry_event")
    assert what == f"Événement de l'accès coordonné (autre système) — {expected}"
    assert expected.startswith(("Aiguillage", "Résolution"))


def test_a_later_export_updates_the_records_in_place(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    _import(write_export(tmp_path / "one", tables), network)
    count = CoordinatedEntryRecord.objects.count()
    again = _import(write_export(tmp_path / "same", tables), network)
    assert CoordinatedEntryRecord.objects.count() == count
    assert again.counts["Event"] == {
        "read": len(tables["Event"]),
        "unchanged": len(tables["Event"]),
    }

    later = copy.deepcopy(tables)
    event = later["Event"][0]
    event["Event"] = 14
    event["ReferralResult"] = 1
    event["ResultDate"] = event["EventDate"] + dt.timedelta(days=3)
    run = _import(write_export(tmp_path / "two", later), network)

    assert run.counts["Event"]["updated"] == 1
    assert CoordinatedEntryRecord.objects.count() == count
    record = CoordinatedEntryRecord.objects.get(reference__endswith=f":Event:{event['EventID']}")
    assert record.referral_result == EntryReferralResult.ACCEPTED
    assert record.result_on == event["ResultDate"]
    items = _entry_items(network.alice, record.client)
    assert items["entry_event"][0][1] == "Successful: the person accepted"


def test_an_unknown_event_code_is_a_reported_error_that_writes_nothing(
    network: Network, tables: Tables, tmp_path: Path
) -> None:
    bad = copy.deepcopy(tables)
    bad["Event"][0]["Event"] = 42
    bad["Assessment"][0]["AssessmentLevel"] = 7
    run = _import(write_export(tmp_path / "bad", bad), network)
    assert run.status == "rejected"
    assert {(e["file"], e["column"], e["code"]) for e in run.errors} == {
        ("Event.csv", "Event", "unknown_code"),
        ("Assessment.csv", "AssessmentLevel", "unknown_code"),
    }
    assert not CoordinatedEntryRecord.objects.exists()
