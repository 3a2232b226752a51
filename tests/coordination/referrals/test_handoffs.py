"""Hand-offs that used to dead-end: an ACT → ICM step-down across
organizations is one referral, closed on both sides by one act; a hub →
shelter referral closes its loop when the shelter books the person in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours import access
from parcours.accounts.models import MembershipRole
from parcours.beds import services as bed_services
from parcours.beds.models import SiteKind
from parcours.casework.models import Enrollment, EnrollmentEndReason
from parcours.casework.services import enrollment_open, goal_add
from parcours.clients.services import pathway_move
from parcours.coordination.models import (
    DirectoryOrganization,
    Notification,
    NotificationKind,
    ReferralKind,
    ReferralStatus,
    Service,
)
from parcours.coordination.services import referrals as services
from tests.conftest import client_for
from tests.coordination.referrals.conftest import refer, share_with_refuge
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
)


@pytest.fixture
def act_to_icm(network, marie, directory):
    """Marie in the hub's ACT team; an ICM program at the Refuge (another
    partner), with its directory service."""
    act = ProgramFactory(organization=network.carrefour, name="SIV Centre", kind="act")
    team = TeamFactory(program=act, name="Équipe SIV")
    ProgramMembershipFactory(user=network.alice, program=act, role=MembershipRole.MEMBER)
    TeamMembershipFactory(user=network.alice, team=team)
    act_enrollment = enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=act,
        start_date=timezone.localdate() - dt.timedelta(days=400),
        team=team,
    )
    icm = ProgramFactory(organization=network.refuge, name="SIC Passerelle", kind="icm")
    ProgramMembershipFactory(user=network.bob, program=icm, role=MembershipRole.MEMBER)
    service = Service.objects.create(
        organization=directory.refuge_entry,
        name="Suivi d'intensité variable",
        support_type="clinical",
        sub_domain="mental_health",
        program=icm,
    )
    return act_enrollment, icm, service


def test_a_step_down_across_partners_is_one_referral(network, marie, act_to_icm):
    act_enrollment, _icm, service = act_to_icm
    share_with_refuge(network, marie)
    referral = refer(
        network,
        marie,
        service,
        kind=ReferralKind.STEP_DOWN,
        from_enrollment=act_enrollment,
        reason="Stable depuis 8 mois; prête pour un suivi moins intensif.",
    )
    # It lands in the ICM program's inbox; accepted, in its waitlist order.
    services.referral_transition(
        acting_user=network.bob, referral=referral, to_status=ReferralStatus.ACCEPTED
    )
    act_enrollment.refresh_from_db()
    assert act_enrollment.end_date is None  # still ACT's until ICM opens
    icm_enrollment = services.referral_enroll(
        acting_user=network.bob,
        referral=referral,
        start_date=timezone.localdate(),
        primary_worker=network.bob,
    )
    act_enrollment.refresh_from_db()
    assert act_enrollment.end_date == timezone.localdate()
    assert act_enrollment.end_reason == EnrollmentEndReason.STEPPED_DOWN
    assert icm_enrollment.previous_enrollment == act_enrollment
    assert Enrollment.objects.filter(client=marie, end_date__isnull=True).get() == icm_enrollment


def test_only_the_programs_staff_hand_its_enrollment_on(network, marie, act_to_icm):
    act_enrollment, _icm, service = act_to_icm
    share_with_refuge(network, marie)
    with pytest.raises(ValidationError, match="Only staff of the enrollment's program"):
        refer(
            network,
            marie,
            service,
            by=network.bob,
            kind=ReferralKind.STEP_DOWN,
            from_enrollment=act_enrollment,
        )


def test_the_step_down_form_offers_other_partners_programs(network, marie, act_to_icm):
    act_enrollment = act_to_icm[0]
    page = client_for(network.alice).get(
        f"/en/clients/{marie.pk}/referrals/new/?from_enrollment={act_enrollment.pk}"
    )
    assert page.status_code == 200
    assert "Suivi d&#x27;intensité variable" in page.content.decode()


@pytest.fixture
def shelter(network):
    """The Refuge's site with one dormitory bed, and its directory service."""
    site = bed_services.site_create(
        acting_user=network.bob_admin,
        program=network.shelter_program,
        name="Refuge – dortoirs",
        kind=SiteKind.EMERGENCY_SHELTER,
    )
    room = bed_services.room_create(
        acting_user=network.bob_admin, site=site, name="Dortoir B", beds=1
    )
    entry = DirectoryOrganization.objects.create(name="Refuge", partner=network.refuge)
    service = Service.objects.create(
        organization=entry,
        name="Hébergement d'urgence",
        support_type="housing",
        sub_domain="housing_search",
        shelter_site=site,
    )
    return service, room


def test_a_shelter_book_in_closes_the_hubs_referral(
    network, marie, shelter, django_capture_on_commit_callbacks
):
    shelter, room = shelter
    share_with_refuge(network, marie)
    referral = refer(network, marie, shelter, kind=ReferralKind.SHELTER, reason="Nuit de froid.")
    with django_capture_on_commit_callbacks(execute=True):
        bed_services.stay_book_in(acting_user=network.bob, bed=room.beds.get(), client=marie)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.outcome_note == "Booked in"
    assert Notification.objects.filter(
        recipient=network.alice, kind=NotificationKind.SHELTER_BOOK_IN
    ).exists()


def test_find_a_bed_opens_availability_with_the_client_chosen(network, marie):
    site = bed_services.site_create(
        acting_user=network.bob_admin,
        program=network.shelter_program,
        name="Refuge – dortoirs",
        kind=SiteKind.EMERGENCY_SHELTER,
    )
    room = bed_services.room_create(
        acting_user=network.bob_admin, site=site, name="Dortoir C", beds=1
    )
    bed = room.beds.get()
    alice = client_for(network.alice)
    file = alice.get(f"/en/clients/{marie.pk}/?tab=care").content.decode()
    assert f"/en/beds/?client={marie.pk}" in file
    board = alice.get(f"/en/beds/?client={marie.pk}").content.decode()
    assert "Finding a bed for Marie-Ève" in board
    hold_link = f"/en/beds/beds/{bed.pk}/hold/?client={marie.pk}"
    assert hold_link in board
    hold_page = alice.get(hold_link).content.decode()
    assert f'name="client_id" value="{marie.pk}"' in hold_page
    # Someone who may not see the client gets nothing about them.
    assert client_for(network.bob).get(f"/en/beds/?client={marie.pk}").status_code == 404


def test_the_step_down_page_offers_a_referral_to_another_partner(network, marie, act_to_icm):
    act_enrollment = act_to_icm[0]
    page = client_for(network.alice).get(f"/en/enrollments/{act_enrollment.pk}/transfer/")
    assert page.status_code == 200
    link = f"/en/clients/{marie.pk}/referrals/new/?from_enrollment={act_enrollment.pk}"
    assert link in page.content.decode()


def test_a_visits_shelter_referral_leads_to_the_referral_form(network, marie):
    response = client_for(network.alice).post(
        f"/en/clients/{marie.pk}/visits/new/",
        {
            "occurred_at": "2026-11-20T21:30",
            "site": "Accueil de jour",
            "svc_shelter_referral": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/clients/{marie.pk}/referrals/new/?kind=shelter"
    form = client_for(network.alice).get(response["Location"]).content.decode()
    assert 'value="shelter" selected' in form


def test_a_bed_held_for_a_referred_client_joins_the_referral(
    network, marie, shelter, django_capture_on_commit_callbacks
):
    shelter, room = shelter
    share_with_refuge(network, marie)
    referral = refer(network, marie, shelter, kind=ReferralKind.SHELTER, reason="Froid extrême.")
    with django_capture_on_commit_callbacks(execute=True):
        hold = bed_services.hold_place(
            acting_user=network.alice,
            client_access=access.client_access_for(network.alice, marie),
            bed=room.beds.get(),
            hours=4,
        )
    referral.refresh_from_db()
    assert referral.bed_hold == hold
    page = client_for(network.bob).get(f"/en/referrals/{referral.pk}/").content.decode()
    assert "Bed held" in page and "Dortoir B" in page


def test_a_move_back_on_the_pathway_tells_the_clients_workers(
    network, marie, act_to_icm, django_capture_on_commit_callbacks
):
    client_access = access.client_access_for(network.alice, marie)
    pathway_move(acting_user=network.alice, client_access=client_access, stage="support")
    with django_capture_on_commit_callbacks(execute=True):
        pathway_move(
            acting_user=network.nurse,
            client_access=access.client_access_for(network.nurse, marie),
            stage="safety",
            reason="Perte du logement.",
        )
    assert Notification.objects.filter(
        recipient=network.alice, kind=NotificationKind.REVOLVING_DOOR, client=marie
    ).exists()


def test_a_goal_of_the_plan_refers_to_a_service(network, marie, directory):
    goal = goal_add(
        acting_user=network.alice,
        client_access=access.client_access_for(network.alice, marie),
        statement="Trouver un logement à moi",
        support_type="housing",
        sub_domain="housing_search",
        responsible="client",
    )
    alice = client_for(network.alice)
    plan = alice.get(f"/en/clients/{marie.pk}/plan/").content.decode()
    link = f"/en/clients/{marie.pk}/referrals/new/?goal={goal.pk}"
    assert link in plan
    form = alice.get(link).content.decode()
    assert f'value="{goal.pk}" selected' in form
