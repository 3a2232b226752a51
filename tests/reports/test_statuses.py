"""The by-name list's statuses and counting rules on hand-made histories
(the clock is frozen on 15 June 2025)."""

from __future__ import annotations

import datetime as dt

from parcours.linkage.models import PersonIdentity
from parcours.reports.first_contact import first_contacts
from parcours.reports.people import person_keys
from parcours.reports.status import Network
from tests.reports.conftest import TODAY, day, person, seen, stay, tenancy, visit


def test_first_contact_is_the_earliest_service_not_the_registration(network, kinds):
    gilles = person(network.bob)
    visit(gilles, day(40), network.carrefour, network.alice)
    stay(gilles, kinds["emergency_shelter"], day(200), day(190))
    seen(gilles, day(100), network.carrefour, network.alice)
    assert first_contacts() == {gilles.pk: day(200)}
    assert gilles.created_at.date() == TODAY  # registered today, served 200 days ago


def test_a_person_never_served_has_no_first_contact_and_is_not_listed(network):
    person(network.bob)
    assert first_contacts() == {}
    assert Network().statuses_on(TODAY) == {}


def test_inactive_after_90_days_without_qualifying_activity(network):
    gilles = person(network.bob)
    visit(gilles, day(200), network.carrefour, network.alice)
    visit(gilles, day(90), network.carrefour, network.alice)
    statuses = Network()
    assert statuses.statuses_on(TODAY)[gilles.pk].activity == "active"  # day 90
    assert statuses.statuses_on(TODAY + dt.timedelta(days=1))[gilles.pk].activity == "inactive"


def test_inactivity_threshold_is_a_setting(network, settings):
    settings.BY_NAME_LIST_INACTIVE_DAYS = 60
    gilles = person(network.bob)
    visit(gilles, day(61), network.carrefour, network.alice)
    assert Network().statuses_on(TODAY)[gilles.pk].activity == "inactive"


def test_housing_statuses(network, kinds):
    housed = person(network.bob, "Hélène", "Housed")
    tenancy(housed, network.bob, day(30))
    transitional = person(network.bob, "Théo", "Transitional")
    stay(transitional, kinds["transitional"], day(20), None)
    chronic = person(network.bob, "Claude", "Chronic")
    stay(chronic, kinds["emergency_shelter"], day(200), None)
    homeless = person(network.bob, "Hugo", "Homeless")
    stay(homeless, kinds["emergency_shelter"], day(170), None)
    unknown = person(network.bob, "Ursule", "Unknown")
    visit(unknown, day(10), network.carrefour, network.alice)
    moved = person(network.bob, "Mona", "Moved")
    stay(moved, kinds["emergency_shelter"], day(60), day(50), destination="permanent_housing")
    statuses = Network().statuses_on(TODAY)
    assert {
        c.family_name: statuses[c.pk].housing
        for c in (housed, transitional, chronic, homeless, unknown, moved)
    } == {
        "Housed": "housed",
        "Transitional": "transitional",
        "Chronic": "chronic",
        "Homeless": "homeless",
        "Unknown": "unknown",
        "Moved": "housed",
    }
    assert statuses[chronic.pk].chronic and not statuses[homeless.pk].chronic


def test_a_homeless_day_after_moving_to_housing_ends_the_housed_status(network, kinds):
    mona = person(network.bob)
    stay(mona, kinds["emergency_shelter"], day(60), day(50), destination="permanent_housing")
    seen(mona, day(5), network.carrefour, network.alice)
    assert Network().statuses_on(TODAY)[mona.pk].housing == "homeless"


def test_merged_records_and_linked_anonymous_records_count_once(network, kinds):
    named = person(network.bob, "Gilles", "Roy")
    twin = person(network.alice, "Gilles", "Roi")
    anonymous = person(network.bob, "", "", is_anonymous=True, approximate_age=40)
    anonymous.linked_to = named
    anonymous.save(update_fields=["linked_to"])
    PersonIdentity.objects.create(client=named, person_key=named.pk)
    PersonIdentity.objects.create(client=twin, person_key=named.pk)
    seen(anonymous, day(300), network.carrefour, network.alice)
    visit(twin, day(10), network.carrefour, network.alice)
    stay(named, kinds["emergency_shelter"], day(100), day(90))
    assert set(person_keys().values()) == {named.pk}
    statuses = Network().statuses_on(TODAY)
    assert list(statuses) == [named.pk]
    assert statuses[named.pk].first_contact == day(300)
    assert statuses[named.pk].last_activity == day(10)


def test_sub_populations(network, kinds):
    from parcours.clients.models import ReferenceOption

    young = person(network.bob, "Yan", "Young", date_of_birth=dt.date(2005, 1, 1))
    visit(young, day(1), network.carrefour, network.alice)
    indigenous = person(network.bob, "Ina", "Inuk", date_of_birth=dt.date(1980, 1, 1))
    indigenous.indigenous_identity = ReferenceOption.objects.get(
        list="indigenous_identity", code="inuit"
    )
    indigenous.save(update_fields=["indigenous_identity"])
    visit(indigenous, day(1), network.carrefour, network.alice)
    statuses = Network().statuses_on(TODAY)
    assert statuses[young.pk].youth and not statuses[young.pk].indigenous
    assert statuses[indigenous.pk].indigenous and not statuses[indigenous.pk].youth


def test_a_housing_application_keeps_a_person_active(network):
    from parcours.housing.models import HousingApplication

    gilles = person(network.bob)
    visit(gilles, day(200), network.carrefour, network.alice)
    assert Network().statuses_on(TODAY)[gilles.pk].activity == "inactive"

    HousingApplication.objects.create(
        client=gilles,
        kind="social",
        provider="Registre d'accès centralisé aux logements sociaux d'Ottawa",
        submitted_on=day(20),
        status="submitted",
        organization=network.carrefour,
        recorded_by=network.alice,
    )
    assert Network().statuses_on(TODAY)[gilles.pk].activity == "active"


def test_provider_participation_is_the_last_activity_of_the_past_30_days(network, kinds):
    """The quality panel's participation: an organization reported when one of
    its qualifying activities touches the past 30 days (a stay still open
    counts today; a stay ended before, or a visit 31 days ago, does not)."""
    from parcours.reports.events import organizations_last_active

    refuge = network.shelter_program.organization
    since = day(30)
    old = person(network.bob, "Odile", "Old")
    visit(old, day(31), network.carrefour, network.alice)
    stay(old, kinds["emergency_shelter"], day(60), day(40))
    assert organizations_last_active(Network().steps, since, TODAY) == {}

    sleeper = person(network.bob, "Simone", "Sleeper")
    stay(sleeper, kinds["emergency_shelter"], day(60), None)
    visit(old, day(30), network.carrefour, network.alice)
    housed = person(network.bob, "Hélène", "Housed")
    tenancy(housed, network.alice, day(400), day(2), reason="better_housing")
    assert organizations_last_active(Network().steps, since, TODAY) == {
        refuge.pk: TODAY,
        network.carrefour.pk: day(2),
    }
    # Nothing recorded after the date asked about counts for it.
    assert organizations_last_active(Network().steps, day(100), day(70)) == {}
