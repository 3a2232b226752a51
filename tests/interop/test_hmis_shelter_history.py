"""People imported from another system arrive with their past: nights in
its shelters count as homeless days, and an open shelter stay means they
are homeless now, so the by-name list and the chronic status are right
from the day of the import."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from parcours.beds.homelessness import chronic_status, homeless_days
from parcours.beds.models import Destination, ShelterHistory
from parcours.clients.models import Client
from parcours.interop.hmis.sample import Tables, write_export
from parcours.interop.models import HmisImport, HmisRecord
from parcours.interop.services import hmis_import
from tests.conftest import Network

pytestmark = pytest.mark.django_db

EPOCH = dt.date(2015, 1, 1)


def _import(path: Path, network: Network) -> HmisImport:
    return hmis_import(path=path, acting_user=network.alice_admin)


def _client(person: str) -> Client:
    client = HmisRecord.objects.get(file="Client", source_key=person).client
    assert client is not None
    return client


def _expected_days(tables: Tables, person: str, today: dt.date) -> set[dt.date]:
    """The homeless days the export says, counted by hand: shelter nights
    (entry to the night before the exit, at least the entry night), street
    nights (116), bed nights (200), shelter situations (101, 118)."""
    shelters = {p["ProjectID"] for p in tables["Project"] if p["ProjectType"] in (0, 8)}
    exits = {x["EnrollmentID"]: x["ExitDate"] for x in tables["Exit"]}
    days: set[dt.date] = set()
    for e in tables["Enrollment"]:
        if e["PersonalID"] != person or e["ProjectID"] not in shelters:
            continue
        first: dt.date = e["EntryDate"]
        left = exits.get(e["EnrollmentID"])
        last = max(left - dt.timedelta(days=1), first) if left else today
        days.update(first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    for c in tables["CurrentLivingSituation"]:
        if c["PersonalID"] == person and c["CurrentLivingSituation"] in (116, 101, 118):
            days.add(c["InformationDate"])
    for s in tables["Services"]:
        if s["PersonalID"] == person and s["RecordType"] == 200:
            days.add(s["DateProvided"])
    return {d for d in days if d <= today}


def _with_night_by_night_shelter(tables: Tables, person: str) -> Tables:
    """A later export: the person also slept in a night-by-night shelter
    (bed nights) and told outreach they were in a safe haven."""
    later = copy.deepcopy(tables)
    later["Project"].append(
        {
            **later["Project"][0],
            "ProjectID": "P-NBN",
            "ProjectName": "Halte de nuit / Night-by-night",
            "ProjectType": 1,
        }
    )
    later["Enrollment"].append(
        {
            **next(e for e in later["Enrollment"] if e["PersonalID"] == person),
            "EnrollmentID": "EN-NBN",
            "ProjectID": "P-NBN",
            "EntryDate": dt.date(2024, 3, 1),
        }
    )
    later["Exit"].append(
        {
            "ExitID": "X-NBN",
            "EnrollmentID": "EN-NBN",
            "PersonalID": person,
            "ExitDate": dt.date(2024, 3, 20),
            "Destination": 116,
        }
    )
    for n, day in enumerate((1, 2, 3, 10, 11)):
        later["Services"].append(
            {
                "ServicesID": f"BN{n}",
                "EnrollmentID": "EN-NBN",
                "PersonalID": person,
                "DateProvided": dt.date(2024, 3, day),
                "RecordType": 200,
                "TypeProvided": 200,
            }
        )
    later["CurrentLivingSituation"].append(
        {
            "CurrentLivingSitID": "L-SH",
            "EnrollmentID": "EN-NBN",
            "PersonalID": person,
            "InformationDate": dt.date(2024, 3, 15),
            "CurrentLivingSituation": 118,
        }
    )
    return later


def test_shelter_stays_street_nights_and_bed_nights_are_homeless_days_from_day_one(
    network: Network, tables: Tables, tmp_path: Path, frozen_today: dt.date
) -> None:
    _import(write_export(tmp_path / "one", tables), network)
    people = [c["PersonalID"] for c in tables["Client"]]
    clients = {person: _client(person) for person in people}
    days = homeless_days([c.pk for c in clients.values()], start=EPOCH, end=frozen_today)
    for person, client in clients.items():
        assert days[client.pk] == len(_expected_days(tables, person, frozen_today)), person
    shelter_stays = [e for e in tables["Enrollment"] if e["ProjectID"] == "P-ES"]
    assert ShelterHistory.objects.count() == len(shelter_stays)

    person = people[1]
    later = _with_night_by_night_shelter(tables, person)
    run = _import(write_export(tmp_path / "two", later), network)

    client = clients[person]
    expected = _expected_days(later, person, frozen_today)
    assert homeless_days([client.pk], start=EPOCH, end=frozen_today)[client.pk] == len(expected)
    # Five bed nights and a night in a safe haven (the enrollment itself is
    # in a night-by-night shelter: its nights are the bed nights).
    assert ShelterHistory.objects.count() == len(shelter_stays) + 6
    assert run.counts["Services"]["created"] == 5

    # The same export again: nothing is added or changed.
    _import(write_export(tmp_path / "three", later), network)
    assert ShelterHistory.objects.count() == len(shelter_stays) + 6
    assert homeless_days([client.pk], start=EPOCH, end=frozen_today)[client.pk] == len(expected)


def _open_shelter_stay(tables: Tables) -> dict[str, Any]:
    housed = {e["PersonalID"] for e in tables["Enrollment"] if e["ProjectID"] != "P-ES"}
    return next(
        e
        for e in tables["Enrollment"]
        if e["ProjectID"] == "P-ES" and e["PersonalID"] not in housed
    )


def _long_stay(tables: Tables, today: dt.date) -> Tables:
    """An export where one person has been in the shelter for 200 nights,
    and still is."""
    tables = copy.deepcopy(tables)
    stay = _open_shelter_stay(tables)
    stay["EntryDate"] = today - dt.timedelta(days=200)
    tables["Exit"] = [x for x in tables["Exit"] if x["EnrollmentID"] != stay["EnrollmentID"]]
    return tables


@pytest.mark.parametrize("enrollment_in_later_export", [True, False])
def test_an_open_shelter_stay_is_homeless_now_until_a_later_export_houses_the_person(
    network: Network,
    tables: Tables,
    tmp_path: Path,
    frozen_today: dt.date,
    enrollment_in_later_export: bool,
) -> None:
    tables = _long_stay(tables, frozen_today)
    stay = _open_shelter_stay(tables)
    _import(write_export(tmp_path / "one", tables), network)
    client = _client(str(stay["PersonalID"]))
    status = chronic_status(client.pk, on=frozen_today)
    assert status.currently_homeless and status.is_chronic
    assert status.criterion == "past_year"

    later = copy.deepcopy(tables)
    if not enrollment_in_later_export:
        # Exports limited to a period may carry the exit without the entry.
        later["Enrollment"] = [
            e for e in later["Enrollment"] if e["EnrollmentID"] != stay["EnrollmentID"]
        ]
    later["Exit"].append(
        {
            "ExitID": "X-HOUSED",
            "EnrollmentID": stay["EnrollmentID"],
            "PersonalID": stay["PersonalID"],
            "ExitDate": frozen_today - dt.timedelta(days=5),
            "Destination": 435,
        }
    )
    _import(write_export(tmp_path / "two", later), network)

    history = ShelterHistory.objects.get(reference__endswith=f":Enrollment:{stay['EnrollmentID']}")
    assert history.ended_on == frozen_today - dt.timedelta(days=5)
    assert history.destination == Destination.PERMANENT_HOUSING
    status = chronic_status(client.pk, on=frozen_today)
    assert not status.currently_homeless and not status.is_chronic
    assert status.days_past_year >= 195


def test_a_dry_run_writes_no_shelter_history(network: Network, export_dir: Path) -> None:
    hmis_import(path=export_dir, acting_user=network.alice_admin, dry_run=True)
    assert not ShelterHistory.objects.exists()


def test_a_record_that_no_longer_says_a_shelter_night_loses_it_in_a_later_export(
    network: Network, tables: Tables, tmp_path: Path, frozen_today: dt.date
) -> None:
    person = tables["Client"][1]["PersonalID"]
    later = _with_night_by_night_shelter(tables, person)
    _import(write_export(tmp_path / "one", later), network)
    client = _client(str(person))
    shelter_stay = next(
        e for e in later["Enrollment"] if e["PersonalID"] == person and e["ProjectID"] == "P-ES"
    )
    before = ShelterHistory.objects.filter(client=client).count()

    corrected = copy.deepcopy(later)
    # The stay was in the outreach project after all, a bed night was a
    # meal, and the safe haven was a friend's couch.
    for e in corrected["Enrollment"]:
        if e["EnrollmentID"] == shelter_stay["EnrollmentID"]:
            e["ProjectID"] = "P-SO"
    next(s for s in corrected["Services"] if s["ServicesID"] == "BN0")["RecordType"] = 144
    next(c for c in corrected["CurrentLivingSituation"] if c["CurrentLivingSitID"] == "L-SH")[
        "CurrentLivingSituation"
    ] = 313
    _import(write_export(tmp_path / "two", corrected), network)

    assert ShelterHistory.objects.filter(client=client).count() == before - 3
    expected = _expected_days(corrected, str(person), frozen_today)
    assert homeless_days([client.pk], start=EPOCH, end=frozen_today)[client.pk] == len(expected)
