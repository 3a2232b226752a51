"""The household screens, route × persona: a household is seen through the
members the user may see, and a member they may not see is never shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours.access import client_access_for
from parcours.casework.models import Enrollment
from parcours.core.models import AuditAction, AuditEvent
from parcours.households import services
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdAssessment,
    HouseholdEnrollment,
    HouseholdGoal,
    HouseholdMembership,
)
from tests.conftest import client_for, share
from tests.households.conftest import born, register

TABLES = (
    Household,
    HouseholdMembership,
    Guardianship,
    HouseholdAssessment,
    HouseholdGoal,
    HouseholdEnrollment,
    Enrollment,
    AuditEvent,
)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in TABLES)


def _routes(family):
    hh = family.household.pk
    marc = HouseholdMembership.objects.get(client=family.marc).pk
    guardianship = Guardianship.objects.filter(dependent=family.leo).first().pk
    goal = services.household_goal_add(
        acting_user=family.alice,
        household=family.household,
        domain="daycare",
        description="Trouver une garderie pour Léo",
    ).pk
    today = timezone.localdate().isoformat()
    return [
        ("get", f"/fr/households/{hh}/", {}),
        ("get", f"/fr/households/{hh}/members/add/?q=Bouchard", {}),
        (
            "post",
            f"/fr/households/{hh}/members/add/",
            {
                "client": str(family.julie.pk),
                "version": 1,
                "relationship": "child",
                "joined_on": today,
            },
        ),
        ("get", f"/fr/households/{hh}/members/{marc}/leave/", {}),
        (
            "post",
            f"/fr/households/{hh}/members/{marc}/leave/",
            {
                "version": family.household.version,
                "left_on": today,
            },
        ),
        (
            "post",
            f"/fr/households/{hh}/members/{marc}/relationship/",
            {
                "version": family.household.version,
                "relationship": "other",
                "on": today,
            },
        ),
        ("get", f"/fr/households/{hh}/guardians/new/", {}),
        (
            "post",
            f"/fr/households/{hh}/guardians/new/",
            {
                "dependent": str(family.leo.pk),
                "guardian": str(family.marc.pk),
                "start_date": today,
            },
        ),
        (
            "post",
            f"/fr/households/{hh}/guardians/{guardianship}/end/",
            {
                "end_date": today,
                "reason": "x",
            },
        ),
        (
            "post",
            f"/fr/households/{hh}/assessments/new/",
            {
                "assessed_on": today,
                "summary": "Besoin d'un logement de 3 chambres",
            },
        ),
        (
            "post",
            f"/fr/households/{hh}/goals/new/",
            {
                "domain": "daycare",
                "description": "Garderie",
            },
        ),
        ("post", f"/fr/households/{hh}/goals/{goal}/status/", {"status": "met", "version": 1}),
        (
            "post",
            f"/fr/households/{hh}/enroll/",
            {
                "program": str(family.icm.pk),
                "start_date": today,
            },
        ),
        ("get", f"/fr/clients/{family.leo.pk}/household/new/", {}),
        (
            "post",
            f"/fr/clients/{family.leo.pk}/household/new/",
            {
                "relationship": "head",
                "formed_on": today,
            },
        ),
    ]


@pytest.fixture
def fam(network, family):
    family.alice = network.alice
    family.icm = network.icm
    return family


def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_written(fam):
    web = client_for(None)
    for method, url, data in _routes(fam):
        before = counts()
        response = getattr(web, method)(url, data)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]
        assert counts() == before, url


def test_other_partner_without_consent_gets_404_and_nothing_is_written(network, fam):
    web = client_for(network.bob)
    for method, url, data in _routes(fam):
        before = counts()
        response = getattr(web, method)(url, data)
        assert response.status_code == 404, url
        assert counts() == before, url


def test_superuser_without_organization_sees_no_household(network, fam):
    web = client_for(network.root)
    for method, url, data in _routes(fam):
        before = counts()
        response = getattr(web, method)(url, data)
        assert response.status_code == 403, url
        assert counts() == before, url


def test_a_partner_sharing_one_member_sees_only_that_member(network, fam):
    share(fam.marc, by=network.alice, categories=["identity"], organizations=[network.refuge])
    response = client_for(network.bob).get(f"/fr/households/{fam.household.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Marc Bouchard" in page
    for hidden in ("Julie", "Léo", "Emma", "Tremblay"):
        assert hidden not in page
    # Only Marc's file records the read.
    viewed = AuditEvent.objects.filter(
        actor=network.bob, action=AuditAction.VIEW, target_type="households.household"
    )
    assert set(viewed.values_list("client_id", flat=True)) == {fam.marc.pk}


def test_the_partner_cannot_add_guardians_nor_see_the_family_goals_of_others(network, fam):
    share(
        fam.marc,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    services.household_goal_add(
        acting_user=network.alice,
        household=fam.household,
        domain="school_registration",
        description="Inscrire Emma à l'école secondaire",
    )
    web = client_for(network.bob)
    page = web.get(f"/fr/households/{fam.household.pk}/").content.decode()
    assert "Inscrire Emma" not in page
    before = counts()
    assert web.get(f"/fr/households/{fam.household.pk}/guardians/new/").status_code == 404
    assert counts() == before


def test_the_registering_organization_sees_the_whole_family_and_the_read_is_audited(network, fam):
    response = client_for(network.alice).get(f"/fr/households/{fam.household.pk}/")
    page = response.content.decode()
    for name in ("Julie Tremblay", "Marc Bouchard", "Léo Bouchard", "Emma Tremblay"):
        assert name in page
    viewed = AuditEvent.objects.filter(
        actor=network.alice, action=AuditAction.VIEW, target_type="households.household"
    )
    assert viewed.count() == 4


def test_household_list_shows_only_visible_members_in_few_queries(
    network, fam, django_assert_max_num_queries
):
    alice = network.alice
    for n in range(6):
        head = register(alice, f"Parent{n}", "Famille", born(30 + n))
        household = services.household_create(
            acting_user=alice,
            client_access=client_access_for(alice, head),
            formed_on=timezone.localdate() - dt.timedelta(days=5),
        )
        kid = register(alice, f"Enfant{n}", "Famille", born(5))
        services.household_member_add(
            acting_user=alice,
            household=household,
            client_access=client_access_for(alice, kid),
            relationship="child",
            joined_on=timezone.localdate(),
        )
    web = client_for(alice)
    # the coordination menu adds its unread count, board and roster queries
    with django_assert_max_num_queries(17):
        response = web.get("/fr/households/")
    page = response.content.decode()
    assert "Parent5 Famille" in page and "Julie Tremblay" in page
    share(fam.marc, by=alice, categories=["identity"], organizations=[network.refuge])
    bob_page = client_for(network.bob).get("/fr/households/").content.decode()
    assert "Marc Bouchard" in bob_page
    assert "Julie" not in bob_page and "Parent" not in bob_page
    assert (
        client_for(alice).get("/fr/households/?q=parent3").content.decode().count("Parent3 Famille")
        == 1
    )


def test_adding_a_member_from_the_search(network, fam):
    alice = network.alice
    baby = register(alice, "Zoé", "Bouchard", born(0, days=-60))
    web = client_for(alice)
    page = web.get(f"/fr/households/{fam.household.pk}/members/add/?q=Zoé").content.decode()
    assert "Zoé Bouchard" in page
    response = web.post(
        f"/fr/households/{fam.household.pk}/members/add/",
        {
            "client": str(baby.pk),
            "version": fam.household.version,
            "relationship": "child",
            "joined_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert HouseholdMembership.objects.filter(household=fam.household, client=baby).exists()


def test_adding_a_member_of_another_current_household_shows_the_error_and_writes_nothing(
    network, fam
):
    alice = network.alice
    other = register(alice, "Paul", "Girard", born(40))
    household = services.household_create(
        acting_user=alice,
        client_access=client_access_for(alice, other),
        formed_on=timezone.localdate(),
    )
    web = client_for(alice)
    before = counts()
    response = web.post(
        f"/fr/households/{household.pk}/members/add/",
        {
            "client": str(fam.leo.pk),
            "version": household.version,
            "relationship": "child",
            "joined_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert counts() == before


def test_leaving_through_the_screen_keeps_the_history(network, fam):
    marc = HouseholdMembership.objects.get(client=fam.marc)
    web = client_for(network.alice)
    response = web.post(
        f"/fr/households/{fam.household.pk}/members/{marc.pk}/leave/",
        {
            "version": fam.household.version,
            "left_on": timezone.localdate().isoformat(),
            "reason": "Séparation",
        },
    )
    assert response.status_code == 302
    marc.refresh_from_db()
    assert marc.left_on == timezone.localdate()
    page = web.get(f"/fr/households/{fam.household.pk}/").content.decode()
    assert "Séparation" in page


def test_stale_form_is_refused_and_nothing_is_written(network, fam):
    marc = HouseholdMembership.objects.get(client=fam.marc)
    web = client_for(network.alice)
    before = counts()
    response = web.post(
        f"/fr/households/{fam.household.pk}/members/{marc.pk}/leave/",
        {"version": 1, "left_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert counts() == before


def test_client_file_shows_the_household_and_the_youth_prompt(network, fam):
    from parcours.clients.models import Client

    Client.objects.filter(pk=fam.emma.pk).update(date_of_birth=born(16))
    page = client_for(network.alice).get(f"/fr/clients/{fam.emma.pk}/?tab=housing").content.decode()
    assert 'id="household"' in page
    assert "Julie Tremblay" in page
    assert 'id="youth-consent-prompt"' in page
    share(fam.emma, by=network.alice, categories=["identity"], organizations=[network.refuge])
    page = client_for(network.alice).get(f"/fr/clients/{fam.emma.pk}/?tab=housing").content.decode()
    assert 'id="youth-consent-prompt"' not in page


def test_client_file_of_a_partner_names_no_hidden_member(network, fam):
    share(fam.marc, by=network.alice, categories=["identity"], organizations=[network.refuge])
    page = client_for(network.bob).get(f"/fr/clients/{fam.marc.pk}/?tab=housing").content.decode()
    assert 'id="household"' in page
    for hidden in ("Julie", "Léo", "Emma"):
        assert hidden not in page
    assert 'id="youth-consent-prompt"' not in page


def test_the_family_is_enrolled_in_one_action(network, fam):
    response = client_for(network.alice).post(
        f"/fr/households/{fam.household.pk}/enroll/",
        {
            "program": str(network.icm.pk),
            "start_date": timezone.localdate().isoformat(),
            "primary_worker": str(network.alice.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    family_enrollment = HouseholdEnrollment.objects.get(household=fam.household)
    assert family_enrollment.members.count() == 4


def test_every_page_renders_for_the_registering_organization(network, fam):
    hh = fam.household.pk
    marc = HouseholdMembership.objects.get(client=fam.marc).pk
    guardianship = Guardianship.objects.filter(dependent=fam.leo).first().pk
    web = client_for(network.alice)
    for url in (
        "/fr/households/",
        "/en/households/?q=Tremblay",
        f"/fr/households/{hh}/",
        f"/en/households/{hh}/members/add/?q=Zoé",
        f"/fr/households/{hh}/members/{marc}/leave/",
        f"/fr/households/{hh}/members/{marc}/relationship/",
        f"/fr/households/{hh}/guardians/new/",
        f"/fr/households/{hh}/guardians/{guardianship}/end/",
        f"/fr/households/{hh}/assessments/new/",
        f"/fr/households/{hh}/goals/new/",
        f"/fr/households/{hh}/enroll/",
    ):
        response = web.get(url)
        assert response.status_code == 200, url
        assert b'id="main"' in response.content or b"<main" in response.content, url


def test_household_file_reads_without_one_query_per_goal_or_enrollment(network, fam):
    """The file costs a fixed number of queries per member (their access is
    worked out once), none per goal, assessment or enrollment."""
    web = client_for(network.alice)
    url = f"/fr/households/{fam.household.pk}/"
    web.get(url)  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert web.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add_goal(text: str) -> None:
        services.household_goal_add(
            acting_user=network.alice, household=fam.household, domain="daycare", description=text
        )

    add_goal("Garderie pour Léo")
    one = queries()
    for n in range(5):
        add_goal(f"Objectif {n}")
    services.household_assessment_record(
        acting_user=network.alice,
        household=fam.household,
        assessed_on=timezone.localdate(),
        needs=["housing"],
        summary="Besoin d'un logement",
    )
    assert queries() <= one + 1  # the assessments list appears once it has rows
    assert one <= 60


def test_bad_input_on_the_screen_shows_the_message_and_writes_nothing(network, fam):
    """A minor as head of household without a reason: the form says why."""
    teen = register(network.alice, "Kevin", "Lavoie", born(15))
    web = client_for(network.alice)
    before = counts()
    response = web.post(
        f"/fr/clients/{teen.pk}/household/new/",
        {
            "relationship": "head",
            "formed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert counts() == before
