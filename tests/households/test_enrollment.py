"""One action enrolls the family: each member gets their own enrollment,
linked to the household's, in one transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours.casework.models import Enrollment
from parcours.casework.services import enrollment_open
from parcours.core.models import AuditEvent
from parcours.households import services
from parcours.households.models import HouseholdEnrollment, HouseholdEnrollmentMember
from parcours.households.selectors import household_get_for_user
from tests.conftest import share


def counts() -> tuple[int, ...]:
    return (
        Enrollment.objects.count(),
        HouseholdEnrollment.objects.count(),
        HouseholdEnrollmentMember.objects.count(),
        AuditEvent.objects.count(),
    )


def test_household_enrollment_creates_each_members_enrollment(network, family):
    hh = household_get_for_user(network.alice, family.household.pk)
    family_enrollment = services.household_enroll(
        acting_user=network.alice,
        household=hh,
        program=network.icm,
        start_date=timezone.localdate(),
        primary_worker=network.alice,
    )
    enrollments = Enrollment.objects.filter(household_link__household_enrollment=family_enrollment)
    assert {e.client for e in enrollments} == {family.julie, family.marc, family.leo, family.emma}
    assert all(e.primary_worker == network.alice for e in enrollments)
    assert AuditEvent.objects.filter(target_type="households.householdenrollment").count() == 4


def test_one_refused_member_refuses_the_whole_family_and_nothing_is_written(network, family):
    enrollment_open(
        acting_user=network.alice,
        client=family.leo,
        program=network.icm,
        start_date=timezone.localdate(),
        primary_worker=network.alice,
    )
    hh = household_get_for_user(network.alice, family.household.pk)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.household_enroll(
            acting_user=network.alice,
            household=hh,
            program=network.icm,
            start_date=timezone.localdate(),
            primary_worker=network.alice,
        )
    assert "Léo Bouchard" in " ".join(exc.value.messages)
    assert counts() == before


def test_a_family_is_enrolled_once_per_program(network, family):
    hh = household_get_for_user(network.alice, family.household.pk)
    kwargs = {
        "acting_user": network.alice,
        "household": hh,
        "program": network.icm,
        "start_date": timezone.localdate(),
        "primary_worker": network.alice,
    }
    services.household_enroll(**kwargs)
    before = counts()
    with pytest.raises(ValidationError):
        services.household_enroll(**kwargs)
    assert counts() == before


def test_another_partner_cannot_enroll_into_a_program_it_does_not_run(network, family):
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    hh = household_get_for_user(network.bob, family.household.pk)
    before = counts()
    with pytest.raises(ValidationError):
        services.household_enroll(
            acting_user=network.bob,
            household=hh,
            program=network.icm,
            start_date=timezone.localdate(),
        )
    assert counts() == before


def test_a_partner_enrolls_only_the_members_it_may_see(network, family):
    """Julie's consent shares Léo and Emma (under 16) with the shelter; Marc is not shared."""
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    hh = household_get_for_user(network.bob, family.household.pk)
    assert {m.client for m in hh.current} == {family.julie, family.leo, family.emma}
    family_enrollment = services.household_enroll(
        acting_user=network.bob,
        household=hh,
        program=network.shelter_program,
        start_date=timezone.localdate(),
        primary_worker=network.bob,
    )
    assert family_enrollment.members.count() == 3
    assert not Enrollment.objects.filter(client=family.marc).exists()
