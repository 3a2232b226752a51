"""Matching: for a vacancy, eligible clients ranked by priority first, then
fit with their preferences, with the reasons; hard exclusions; for a client,
the units that fit; the default priority (chronic status, homeless days) and
its replacement by a setting; no N+1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcours.access import client_access_for
from parcours.beds.models import Stay
from parcours.clients.services import client_register
from parcours.core.models import AuditEvent
from parcours.housing.matching_selectors import (
    client_matches,
    client_standing,
    fit,
    unit_matches,
)
from parcours.housing.models import HousingPreference, TenancyEndReason
from parcours.housing.priority import default_priorities, priorities
from parcours.housing.tenancies import tenancy_end, tenancy_start
from tests.beds.conftest import beds, days_ago  # noqa: F401 (fixtures)
from tests.conftest import share
from tests.housing.conftest import make_unit
from tests.housing.matching_support import answer, offer, people_fixture, prefs, ranked_fixture  # noqa: F401

TODAY = dt.date.today


def _names(rows) -> list[str]:
    return [row.preference.client.given_name for row in rows]


# --- Fit and exclusions -------------------------------------------------------------------


def test_each_hard_exclusion_keeps_the_client_off_the_list(network, housing, people):
    alice = network.alice
    # The family unit: 1900 $, 3 bedrooms, pets allowed, wheelchair accessible, on Beechwood.
    prefs(alice, people.anne, max_rent=Decimal("1000"))  # rent over budget
    prefs(alice, people.bruno, areas_to_avoid=["Beechwood"])  # area avoided
    prefs(alice, people.chloe, min_bedrooms=4)  # too few bedrooms
    assert unit_matches(alice, housing.family) == []
    # The studio: no pets, not accessible.
    prefs(alice, people.anne, has_pets=True)
    prefs(alice, people.bruno, accessibility_needs=["wheelchair"])
    prefs(alice, people.chloe, accessibility_needs=["grab_bars"])
    assert unit_matches(alice, housing.studio) == []


def test_the_reasons_say_what_fits_and_what_does_not(network, housing):
    pref = HousingPreference(
        areas=["Ottawa"],
        max_rent=Decimal("2000"),
        has_pets=True,
        accessibility_needs=["wheelchair", "ground_floor"],
        unit_types=["room"],
        min_bedrooms=2,
    )
    result = fit(pref, housing.family)
    assert result.eligible
    assert "Rent within budget" in result.fits
    assert "Area wanted (Ottawa)" in result.fits
    assert "Accessible" in result.fits
    assert "Pets allowed" in result.fits
    assert result.misfits == ["Not a type wanted (Apartment)"]
    excluded = fit(HousingPreference(max_rent=Decimal("800"), has_pets=True), housing.studio)
    assert excluded.exclusions == ["Rent over budget (850.00 $ > 800.00 $)", "Pets not allowed"]


def test_accessibility_features_in_french_meet_the_need(network, housing):
    unit = make_unit(
        network.bob, housing.lalonde, accessibility_features="Ascenseur, barres d'appui"
    )
    assert fit(HousingPreference(accessibility_needs=["elevator", "grab_bars"]), unit).eligible
    assert not fit(HousingPreference(accessibility_needs=["visual_alarms"]), unit).eligible


# --- Ranking -------------------------------------------------------------------------------


def test_priority_beats_fit(network, housing, people, ranked):
    # Anne fits the studio best (area wanted, rent within budget), Chloé worst
    # (not in her area) — but Chloé comes first by priority.
    ranked[people.chloe.pk] = 1
    ranked[people.anne.pk] = 2
    ranked[people.bruno.pk] = 2
    rows = unit_matches(network.alice, housing.studio)
    assert _names(rows) == ["Chloé", "Anne", "Bruno"]
    assert rows[0].fit.misfits == ["Not in an area wanted"]
    assert rows[0].priority.reasons == ["rank 1"]
    # Same priority: the better fit first.
    assert rows[1].fit.score > rows[2].fit.score


def test_without_priority_the_better_fit_comes_first(network, housing, people, ranked):
    rows = unit_matches(network.alice, housing.studio)
    scores = [row.fit.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert _names(rows)[0] == "Anne"


def test_default_priority_puts_the_chronically_homeless_first_then_homeless_days(
    network,
    housing,
    people,
    beds,  # noqa: F811
):
    def stay(client, start, end, bed):
        Stay.objects.create(
            client=client,
            site=beds.shelter,
            room=bed.room,
            bed=bed,
            started_at=days_ago(start),
            ended_at=days_ago(end, hour=8) if end is not None else None,
            exit_reason="left" if end is not None else "",
            booked_in_by=network.bob,
        )

    stay(people.chloe, 250, None, beds.dorm_bed_1)  # chronic: 250 nights, still there
    stay(people.bruno, 40, 2, beds.dorm_bed_2)  # 38 nights
    stay(people.anne, 10, 2, beds.accessible_bed)  # 8 nights
    ranks = default_priorities([people.anne.pk, people.bruno.pk, people.chloe.pk], TODAY())
    assert ranks[people.chloe.pk].reasons[0] == "Chronically homeless"
    assert "38 homeless days in the past 3 years" in ranks[people.bruno.pk].reasons
    # Matching reads the by-name list's community prioritization, whose
    # default rules give the same order, with the points of each reason.
    rows = unit_matches(network.alice, housing.studio)
    assert _names(rows) == ["Chloé", "Bruno", "Anne"]
    assert rows[0].priority.reasons[0] == "Chronically homeless (+1100)"


def test_the_priority_provider_is_a_setting(settings, people):
    settings.HOUSING_PRIORITY_PROVIDER = "tests.housing.matching_support.fake_priorities"
    result = priorities([people.anne.pk], TODAY())
    assert result[people.anne.pk].reasons == ["rank None"]
    assert priorities([], TODAY()) == {}


# --- Eligibility ---------------------------------------------------------------------------


def test_clients_whose_housing_is_not_shared_are_not_listed(network, housing, people):
    # Bob (Refuge) keeps the studio but sees none of the hub's clients.
    assert unit_matches(network.bob, housing.studio) == []
    share(people.anne, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert unit_matches(network.bob, housing.studio) == []
    share(
        people.anne,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    assert _names(unit_matches(network.bob, housing.studio)) == ["Anne"]


def test_clients_without_preferences_are_not_listed(network, housing, people):
    client_register(acting_user=network.alice, given_name="Denis", family_name="Éthier")
    assert "Denis" not in _names(unit_matches(network.alice, housing.studio))


def test_hospital_staff_may_not_match(network, housing, people):
    with pytest.raises(PermissionDenied):
        unit_matches(housing.hospital_staff, housing.studio)


def test_a_unit_not_available_has_no_match(network, housing, people):
    assert unit_matches(network.alice, housing.occupied) == []


def test_housed_clients_leave_the_list_and_come_back_when_the_tenancy_ends(
    network, housing, people
):
    alice = network.alice
    tenancy = tenancy_start(
        acting_user=alice,
        client_access=client_access_for(alice, people.anne),
        unit=housing.later,
        start_date=TODAY() - dt.timedelta(days=30),
    )
    assert "Anne" not in _names(unit_matches(alice, housing.studio))
    assert client_standing(client_access_for(alice, people.anne)).housed
    tenancy_end(
        acting_user=alice,
        client_access=client_access_for(alice, people.anne),
        tenancy=tenancy,
        end_date=TODAY(),
        end_reason=TenancyEndReason.EVICTION,
    )
    assert "Anne" in _names(unit_matches(alice, housing.studio))


def test_a_client_already_offered_the_unit_is_not_listed_again(network, housing, people):
    offer(network.alice, people.anne, housing.studio)
    # The studio is held now: nobody is listed.
    assert unit_matches(network.alice, housing.studio) == []


def test_a_paused_client_is_not_listed(network, housing, people):
    first = offer(network.alice, people.bruno, housing.family)
    answer(network.alice, first, "decline", decline_side="client", reason="location", pause_days=14)
    assert "Bruno" not in _names(unit_matches(network.alice, housing.studio))
    assert "Bruno" not in _names(unit_matches(network.alice, housing.family))


# --- For a client --------------------------------------------------------------------------


def test_the_units_that_fit_a_client(network, housing, people):
    access = client_access_for(network.alice, people.anne)
    rows = client_matches(access, client_standing(access))
    # Anne: at most 1000 $, in Ottawa: the studio and the Gatineau room (out of her area).
    assert [row.unit for row in rows] == [housing.studio, housing.room]
    assert "Rent within budget" in rows[0].fit.fits
    assert rows[1].fit.misfits == ["Not in an area wanted"]
    access = client_access_for(network.alice, people.chloe)
    units = [row.unit for row in client_matches(access, client_standing(access))]
    assert housing.family not in units  # on Beechwood, which she avoids
    assert units[0] == housing.room  # in Gatineau


def test_a_partner_without_housing_consent_may_not_read_the_matches(network, housing, people):
    share(people.anne, by=network.alice, categories=["identity"], organizations=[network.refuge])
    access = client_access_for(network.bob, people.anne)
    with pytest.raises(PermissionDenied):
        client_standing(access)


# --- Preferences ---------------------------------------------------------------------------


def test_preferences_are_one_row_per_client_changed_in_place_and_audited(network, people):
    pref = prefs(network.alice, people.anne, areas=["Vanier", "vanier", " K1L "], max_rent=None)
    assert pref.areas == ["Vanier", "K1L"]
    assert HousingPreference.objects.filter(client=people.anne).count() == 1
    assert pref.version == 2
    events = AuditEvent.objects.filter(target_id=str(pref.pk)).order_by("id")
    assert [e.action for e in events] == ["record.create", "record.update"]
    assert events.last().before["areas"] == ["Ottawa"]


def test_bad_preferences_are_refused_and_nothing_is_written(network, people):
    before = HousingPreference.objects.get(client=people.anne).version
    with pytest.raises(ValidationError) as exc:
        prefs(
            network.alice,
            people.anne,
            areas=["Vanier"],
            areas_to_avoid=["Vanier"],
            unit_types=["castle"],
            accessibility_needs=["jetpack"],
            max_rent=Decimal("-1"),
        )
    assert set(exc.value.message_dict) == {
        "areas_to_avoid",
        "unit_types",
        "accessibility_needs",
        "max_rent",
    }
    assert HousingPreference.objects.get(client=people.anne).version == before


def test_a_partner_shown_only_the_identity_may_not_record_preferences(network, people):
    share(people.anne, by=network.alice, categories=["identity"], organizations=[network.refuge])
    with pytest.raises(PermissionDenied):
        prefs(network.bob, people.anne, areas=["Vanier"])


# --- Queries -------------------------------------------------------------------------------


def test_unit_matches_cost_the_same_queries_for_3_or_13_clients(network, housing, people):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            unit_matches(network.alice, housing.studio)
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        client = client_register(acting_user=network.alice, given_name=f"C{i}", family_name="Roy")
        prefs(network.alice, client, max_rent=Decimal("900"))
    assert count() == few
    assert len(unit_matches(network.alice, housing.studio)) == 13
