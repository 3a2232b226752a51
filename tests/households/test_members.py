"""Forming households over time: who joined and left and when, in which
relationship, and the rules that keep the history true."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.core.models import AuditEvent
from parcours.households import services
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdMembership,
    Relationship,
)
from parcours.households.selectors import (
    household_composition_on,
    household_head_on,
    household_members_on,
    households_and_people_on,
)
from tests.conftest import share
from tests.households.conftest import born, register

TODAY = timezone.localdate


def counts() -> tuple[int, ...]:
    return (
        Household.objects.count(),
        HouseholdMembership.objects.count(),
        Guardianship.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_person_cannot_be_in_two_current_households_and_nothing_is_written(network, family):
    alice = network.alice
    other = services.household_create(
        acting_user=alice,
        client_access=client_access_for(alice, register(alice, "Paul", "Girard", born(40))),
        formed_on=TODAY() - dt.timedelta(days=10),
    )
    before = counts()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.household_member_add(
            acting_user=alice,
            household=other,
            client_access=client_access_for(alice, family.leo),
            relationship="child",
            joined_on=TODAY(),
        )
    assert "another current household" in str(exc.value.message_dict["client"])
    assert counts() == before


def test_a_person_cannot_start_a_second_current_household(network, family):
    before = counts()
    with pytest.raises(ValidationError):
        services.household_create(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, family.marc),
            formed_on=TODAY(),
        )
    assert counts() == before


def test_a_minor_as_head_of_household_needs_a_reason(network):
    alice = network.alice
    teen = register(alice, "Kevin", "Lavoie", born(17))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.household_create(
            acting_user=alice, client_access=client_access_for(alice, teen), formed_on=TODAY()
        )
    assert "head_reason" in exc.value.message_dict
    assert counts() == before
    household = services.household_create(
        acting_user=alice,
        client_access=client_access_for(alice, teen),
        formed_on=TODAY(),
        head_reason="Jeune parent de 17 ans, seul avec son bébé",
    )
    head = household_head_on(household, TODAY())
    assert head is not None and head.client == teen
    assert head.head_reason.startswith("Jeune parent")


def test_the_age_of_majority_is_19_in_british_columbia(network, settings):
    settings.PARCOURS_PROVINCE = "BC"
    alice = network.alice
    young = register(alice, "Maya", "Singh", born(18, days=-10))
    with pytest.raises(ValidationError):
        services.household_create(
            acting_user=alice, client_access=client_access_for(alice, young), formed_on=TODAY()
        )


def test_a_household_has_one_current_head(network, family):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.household_member_relationship_change(
            acting_user=network.alice,
            membership=HouseholdMembership.objects.get(client=family.marc),
            client_access=client_access_for(network.alice, family.marc),
            relationship="head",
            on=TODAY(),
        )
    assert "relationship" in exc.value.message_dict
    assert counts() == before


def test_a_guardian_must_be_a_member_of_the_household_and_nothing_is_written(network, family):
    alice = network.alice
    aunt = register(alice, "Claire", "Tremblay", born(45))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.guardianship_add(
            acting_user=alice,
            household=family.household,
            dependent=client_access_for(alice, family.leo),
            guardian=client_access_for(alice, aunt),
            start_date=TODAY(),
        )
    assert "guardian" in exc.value.message_dict
    assert counts() == before


def test_only_the_organization_that_registered_the_child_records_a_guardian(network, family):
    share(family.leo, by=network.alice, categories=["identity"], organizations=[network.refuge])
    share(family.marc, by=network.alice, categories=["identity"], organizations=[network.refuge])
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    before = counts()
    with pytest.raises(PermissionDenied):
        services.guardianship_add(
            acting_user=network.bob,
            household=family.household,
            dependent=client_access_for(network.bob, family.leo),
            guardian=client_access_for(network.bob, family.marc),
            start_date=TODAY(),
        )
    assert counts() == before


def test_leaving_the_household_ends_the_guardianships_in_it(network, family):
    services.household_member_leave(
        acting_user=network.alice,
        membership=HouseholdMembership.objects.get(client=family.julie),
        client_access=client_access_for(network.alice, family.julie),
        left_on=TODAY(),
        reason="Séparation",
    )
    assert not Guardianship.objects.in_force(TODAY()).filter(guardian=family.julie).exists()
    assert Guardianship.objects.filter(guardian=family.julie, end_reason="Séparation").count() == 2


def test_a_stale_version_is_refused(network, family):
    before = counts()
    with pytest.raises(services.StaleHousehold):
        services.household_member_leave(
            acting_user=network.alice,
            membership=HouseholdMembership.objects.get(client=family.marc),
            client_access=client_access_for(network.alice, family.marc),
            left_on=TODAY(),
            expected_version=family.household.version - 1,
        )
    assert counts() == before


def test_a_family_splits_and_reforms_with_its_history_kept(network, family):
    """Marc leaves with Léo; months later they come back: each date shows who was there."""
    alice = network.alice
    start = TODAY() - dt.timedelta(days=200)
    split = TODAY() - dt.timedelta(days=120)
    back = TODAY() - dt.timedelta(days=30)
    for person in (family.marc, family.leo):
        services.household_member_leave(
            acting_user=alice,
            membership=HouseholdMembership.objects.get(client=person, left_on__isnull=True),
            client_access=client_access_for(alice, person),
            left_on=split,
            reason="Séparation",
        )
    apart = services.household_create(
        acting_user=alice, client_access=client_access_for(alice, family.marc), formed_on=split
    )
    services.household_member_add(
        acting_user=alice,
        household=apart,
        client_access=client_access_for(alice, family.leo),
        relationship="child",
        joined_on=split,
    )
    for person in (family.marc, family.leo):
        services.household_member_leave(
            acting_user=alice,
            membership=HouseholdMembership.objects.get(client=person, left_on__isnull=True),
            client_access=client_access_for(alice, person),
            left_on=back,
        )
    for person, relationship in ((family.marc, "spouse_partner"), (family.leo, "child")):
        services.household_member_add(
            acting_user=alice,
            household=family.household,
            client_access=client_access_for(alice, person),
            relationship=relationship,
            joined_on=back,
        )

    def members(household, day):
        return {m.client for m in household_members_on(household, day)}

    everyone = {family.julie, family.marc, family.leo, family.emma}
    assert members(family.household, start) == everyone
    assert members(family.household, split) == {family.julie, family.emma}
    assert members(apart, split) == {family.marc, family.leo}
    assert members(apart, back) == set()
    assert members(family.household, TODAY()) == everyone
    assert HouseholdMembership.objects.filter(client=family.leo).count() == 3
    # Counting: on the day of the split, two households of two; never a person twice.
    totals = households_and_people_on(split)
    assert (totals.households, totals.people) == (2, 4)
    assert households_and_people_on(start).people == 4
    # Overlapping dates are refused: Léo cannot be back in Marc's household last month.
    with pytest.raises(ValidationError):
        services.household_member_add(
            acting_user=alice,
            household=apart,
            client_access=client_access_for(alice, family.emma),
            relationship="child",
            joined_on=split,
        )


def test_composition_on_a_date_for_matching_units_by_bedrooms(network, family):
    composition = household_composition_on(family.household, TODAY())
    assert composition.size == 4
    assert composition.adults == 2
    assert composition.minors == 2
    assert composition.couples == 1
    assert composition.by_relationship == {
        Relationship.HEAD: 1,
        Relationship.SPOUSE_PARTNER: 1,
        Relationship.CHILD: 2,
    }
    assert composition.head_client_id == family.julie.pk
    before = household_composition_on(family.household, TODAY() - dt.timedelta(days=365))
    assert before.size == 0


def test_relationship_change_keeps_the_history_and_the_head_on_each_date(network, family):
    alice = network.alice
    change = TODAY() - dt.timedelta(days=10)
    services.household_member_leave(
        acting_user=alice,
        membership=HouseholdMembership.objects.get(client=family.julie),
        client_access=client_access_for(alice, family.julie),
        left_on=change,
    )
    services.household_member_relationship_change(
        acting_user=alice,
        membership=HouseholdMembership.objects.get(client=family.marc),
        client_access=client_access_for(alice, family.marc),
        relationship="head",
        on=change,
    )
    assert household_head_on(family.household, change - dt.timedelta(days=1)).client == family.julie
    assert household_head_on(family.household, change).client == family.marc
    assert HouseholdMembership.objects.filter(client=family.marc).count() == 2


def test_every_change_is_audited_with_the_person(network, family):
    assert AuditEvent.objects.filter(
        target_type="households.householdmembership", client_id=family.leo.pk
    ).exists()
    assert AuditEvent.objects.filter(
        target_type="households.guardianship", client_id=family.leo.pk
    ).exists()
