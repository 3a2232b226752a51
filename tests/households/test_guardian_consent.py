"""A child's record is governed by the consent of their guardian(s) recorded
on the household, until the age of consent; then Parcours asks for the
youth's own consent."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from parcours.access import client_access_for, clients_visible_to
from parcours.clients.models import Client
from parcours.clients.services import consent_directive_withdraw, lock_box_add
from parcours.households import services
from parcours.households.models import Guardianship
from parcours.households.selectors import youth_consent_due
from tests.conftest import share
from tests.households.conftest import born


def test_partner_sees_a_child_through_the_consent_of_the_guardian(network, family):
    assert not clients_visible_to(network.bob).filter(pk=family.leo.pk).exists()
    share(
        family.julie,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    assert clients_visible_to(network.bob).filter(pk=family.leo.pk).exists()
    client_access = client_access_for(network.bob, family.leo)
    assert client_access.can("identity") and client_access.can("housing")
    assert not client_access.can("case_plan")
    assert not client_access.registered_here


def test_the_partner_of_the_father_without_guardianship_does_not_see_the_child(network, family):
    share(family.marc, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert not clients_visible_to(network.bob).filter(pk=family.leo.pk).exists()
    with pytest.raises(Http404):
        client_access_for(network.bob, family.leo)


def test_withdrawing_the_guardians_consent_hides_the_child_at_once(network, family):
    directive = share(
        family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge]
    )
    assert clients_visible_to(network.bob).filter(pk=family.leo.pk).exists()
    consent_directive_withdraw(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, family.julie),
        directive=directive,
        reason="La mère retire son consentement.",
    )
    assert not clients_visible_to(network.bob).filter(pk=family.leo.pk).exists()
    with pytest.raises(Http404):
        client_access_for(network.bob, family.leo)


def test_ended_guardianship_no_longer_governs(network, family):
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    guardianship = Guardianship.objects.get(dependent=family.leo)
    services.guardianship_end(
        acting_user=network.alice,
        guardianship=guardianship,
        dependent=client_access_for(network.alice, family.leo),
        end_date=timezone.localdate(),
        reason="Ordonnance du tribunal",
    )
    assert not clients_visible_to(network.bob).filter(pk=family.leo.pk).exists()


def test_a_lock_box_on_the_child_keeps_the_category_whatever_the_guardian_shares(network, family):
    share(
        family.julie,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    lock_box_add(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, family.leo),
        organization=network.refuge,
        category="housing",
    )
    client_access = client_access_for(network.bob, family.leo)
    assert client_access.can("identity")
    assert not client_access.can("housing")


def test_the_childs_own_directive_governs_instead_of_the_guardians(network, family):
    share(
        family.julie,
        by=network.alice,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    share(family.emma, by=network.alice, categories=["identity"], organizations=[network.refuge])
    client_access = client_access_for(network.bob, family.emma)
    assert client_access.can("identity")
    assert not client_access.can("housing")


def test_clinical_category_shared_by_the_guardian_stays_for_clinical_roles(network, family):
    share(
        family.julie,
        by=network.alice,
        categories=["identity", "clinical"],
        organizations=[network.refuge],
    )
    assert not client_access_for(network.bob, family.leo).can("clinical")


def test_at_the_age_of_consent_the_guardians_consent_stops_and_parcours_asks_the_youth(
    network, family
):
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert clients_visible_to(network.bob).filter(pk=family.emma.pk).exists()
    assert not youth_consent_due(family.emma)
    # Her 16th birthday arrives.
    Client.objects.filter(pk=family.emma.pk).update(date_of_birth=born(16))
    family.emma.refresh_from_db()
    assert youth_consent_due(family.emma)
    assert not clients_visible_to(network.bob).filter(pk=family.emma.pk).exists()
    share(family.emma, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert not youth_consent_due(family.emma)
    assert clients_visible_to(network.bob).filter(pk=family.emma.pk).exists()


def test_the_age_of_consent_is_set_by_province(network, family, settings):
    share(family.julie, by=network.alice, categories=["identity"], organizations=[network.refuge])
    assert clients_visible_to(network.bob).filter(pk=family.emma.pk).exists()
    settings.PARCOURS_PROVINCE = "QC"  # 14 in Quebec: Emma (15) decides for herself
    assert not clients_visible_to(network.bob).filter(pk=family.emma.pk).exists()
    assert youth_consent_due(family.emma)
    settings.PARCOURS_AGE_OF_CONSENT_BY_PROVINCE = {"QC": 16}
    assert clients_visible_to(network.bob).filter(pk=family.emma.pk).exists()
    assert not youth_consent_due(family.emma)


def test_a_child_without_a_guardian_is_never_due_a_youth_prompt(network, family):
    assert not youth_consent_due(family.julie)
