"""The households demo: twenty families, children with their guardians, a
16-year-old due for her own consent, a teen mother head of household, family
goals, families enrolled together, and one family split and re-formed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from parcours.clients.models import Client, PathwayStage, Stage
from parcours.core.audit import audit_verify_chain
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdEnrollment,
    HouseholdGoal,
    HouseholdMembership,
    Relationship,
)
from parcours.households.selectors import household_members_on, youth_consent_due


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _ours() -> Any:
    return Household.objects.filter(
        organization__name__in=[
            "Maison Marguerite – Family Shelter",
            "Carrefour Centre-Ville – aide aux sans-abri et lutte contre les dépendances",
        ]
    )


def test_twenty_families_with_children_and_their_guardians(seeded, db):
    assert "Households demo: 20 households" in seeded
    households = _ours()
    assert households.count() == 20
    children = HouseholdMembership.objects.filter(
        household__in=households, relationship=Relationship.CHILD
    )
    assert children.values("client").distinct().count() >= 20
    assert Guardianship.objects.filter(household__in=households).count() >= 30
    with_children = children.values("household").distinct().count()
    assert 10 <= with_children < 20  # some couples have no children


def test_a_family_split_and_reformed_over_time(seeded, db):
    moved = [
        client_id
        for client_id, n in Counter(
            HouseholdMembership.objects.values_list("client_id", flat=True)
        ).items()
        if n == 3
    ]
    assert len(moved) == 2  # the father and the son
    history = list(HouseholdMembership.objects.filter(client_id=moved[0]).order_by("joined_on"))
    family, apart, back = history
    assert family.household == back.household != apart.household
    assert family.left_on == apart.joined_on and apart.left_on == back.joined_on
    during = apart.joined_on + dt.timedelta(days=1)
    assert {m.client_id for m in household_members_on(apart.household, during)} == set(moved)
    assert not household_members_on(apart.household, timezone.localdate()).exists()


def test_a_sixteen_year_old_is_due_her_own_consent_and_a_teen_mother_heads_her_household(
    seeded,
    db,
):
    dependents = Client.objects.filter(guardianships_as_dependent__isnull=False).distinct()
    assert any(youth_consent_due(c) for c in dependents)
    teen_head = HouseholdMembership.objects.get(relationship=Relationship.HEAD, head_reason__gt="")
    assert teen_head.client.given_name == "Kayla"


def test_family_goals_and_enrollments(seeded, db):
    households = _ours()
    assert HouseholdGoal.objects.filter(household__in=households).count() >= 16
    domains = set(HouseholdGoal.objects.values_list("domain", flat=True))
    assert {"daycare", "school_registration", "housing"} <= domains
    enrolled = HouseholdEnrollment.objects.filter(household__in=households)
    assert enrolled.count() == 4
    for family in enrolled:
        members = {m.client_id for m in household_members_on(family.household, family.start_date)}
        linked = {link.enrollment.client_id for link in family.members.all()}
        assert linked == members


def test_seeding_again_adds_nothing_and_the_audit_chain_holds(seeded, db):
    before = (Household.objects.count(), HouseholdMembership.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Households demo already loaded" in out.getvalue()
    assert (Household.objects.count(), HouseholdMembership.objects.count()) == before
    assert audit_verify_chain().ok


def test_every_member_starts_the_pathway_at_the_visit_like_everyone(seeded, db):
    members = Client.objects.filter(household_memberships__household__in=_ours()).distinct()
    started = PathwayStage.objects.filter(stage=Stage.VISIT, previous_stage="").values("client_id")
    assert members.count() >= 50
    assert not members.exclude(pk__in=started).exists()
    at_shelter = members.filter(
        household_memberships__household__organization__name__startswith="Maison Marguerite"
    )
    assert at_shelter.filter(pathway__stage=Stage.SAFETY).exists()
