"""Care-team fixtures on top of the ``network`` personas.

Marie (registered by Carrefour, alice's hub) shares her identity and case
plan with Refuge (bob) and with Carrefour itself (so each sees the other's records), only her identity with "Logement Plus" (hugo), and
nothing with "Autre Service" (zoe). She is enrolled in Carrefour's ICM
program (alice, primary worker) and Refuge's shelter program (bob)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import Organization, Program, User
from parcours.casework import services as casework
from parcours.casework.models import Enrollment
from parcours.clients.models import Client
from parcours.coordination.models import (
    CareRole,
    CareTeamMember,
    DirectoryOrganization,
    Referral,
    ReferralStatus,
    Service,
)
from parcours.coordination.services.care_team import care_team_member_add
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.conftest import Network, share
from tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class Care:
    network: Network
    marie: Client
    logement: Organization
    hugo: User
    autre: Organization
    zoe: User
    icm_enrollment: Enrollment
    shelter_enrollment: Enrollment
    housing_program: Program


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def care(network: Network, marie: Client) -> Care:
    logement = OrganizationFactory(name="Logement Plus", kind="housing")
    autre = OrganizationFactory(name="Autre Service", kind="hub")
    hugo = UserFactory(
        email="hugo@logement.example", given_name="Hugo", family_name="Leduc", organization=logement
    )
    zoe = UserFactory(
        email="zoe@autre.example", given_name="Zoé", family_name="Fortin", organization=autre
    )
    housing_program = ProgramFactory(organization=logement, name="Logement", kind="housing")
    ProgramMembershipFactory(user=hugo, program=housing_program)
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge, network.carrefour],
    )
    share(marie, by=network.alice, categories=["identity"], organizations=[logement])
    start = today() - dt.timedelta(days=60)
    icm_enrollment = casework.enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=start,
        primary_worker=network.alice,
    )
    shelter_enrollment = casework.enrollment_open(
        acting_user=network.bob,
        client=marie,
        program=network.shelter_program,
        start_date=start,
        primary_worker=network.bob,
    )
    return Care(
        network=network,
        marie=marie,
        logement=logement,
        hugo=hugo,
        autre=autre,
        zoe=zoe,
        icm_enrollment=icm_enrollment,
        shelter_enrollment=shelter_enrollment,
        housing_program=housing_program,
    )


def add_member(
    by: User,
    client: Client,
    *,
    role: str = CareRole.NURSE,
    worker: User | None = None,
    outside_name: str = "",
    contact: str = "",
    since: dt.date | None = None,
) -> CareTeamMember:
    return care_team_member_add(
        acting_user=by,
        client_access=client_access_for(by, client),
        worker=worker,
        outside_name=outside_name,
        role=role,
        contact=contact,
        since=since or today() - dt.timedelta(days=10),
    )


def open_referral(
    *, client: Client, sender: User, receiver: Organization, name: str = "Clinique de santé"
) -> Referral:
    """An open (sent) referral from ``sender``'s organization to a service of ``receiver``."""
    directory_org, _ = DirectoryOrganization.objects.get_or_create(
        partner=receiver, defaults={"name": receiver.name}
    )
    service = Service.objects.create(
        organization=directory_org, name=name, support_type="clinical", sub_domain="primary_care"
    )
    return Referral.objects.create(
        client=client,
        service=service,
        organization_id=sender.organization_id,
        sent_by=sender,
        receiving_organization=receiver,
        status=ReferralStatus.SENT,
        reason="Suivi médical / medical follow-up",
        sent_at=timezone.now(),
    )
