"""Referral fixtures on top of the ``network`` personas: the Refuge (bob's
organization) runs a housing-support program with a directory service that
receives referrals; an outside (non-partner) mainstream program; and helpers
to share Marie's record with the Refuge."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from parcours import access
from parcours.accounts.models import MembershipRole, Program
from parcours.clients.models import Client
from parcours.coordination.models import DirectoryOrganization, Service
from parcours.coordination.services import referrals as services
from tests.api.conftest import openapi  # noqa: F401 — the OpenAPI document fixture
from tests.conftest import Network, share
from tests.factories import ProgramFactory, ProgramMembershipFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class Directory:
    housing: Program
    housing_service: Service
    refuge_entry: DirectoryOrganization
    ontario_works: Service
    income_program_service: Service


@pytest.fixture
def directory(network: Network) -> Directory:
    housing = ProgramFactory(
        organization=network.refuge, name="Soutien au logement", kind="housing"
    )
    ProgramMembershipFactory(user=network.bob, program=housing, role=MembershipRole.MEMBER)
    refuge_entry = DirectoryOrganization.objects.create(
        name=network.refuge.name, partner=network.refuge
    )
    housing_service = Service.objects.create(
        organization=refuge_entry,
        name="Recherche de logement / Housing search",
        support_type="housing",
        sub_domain="housing_search",
        program=housing,
        response_days=5,
    )
    ministry = DirectoryOrganization.objects.create(name="Ministère des Services sociaux")
    ontario_works = Service.objects.create(
        organization=ministry,
        name="Ontario au travail / Ontario Works",
        support_type="complementary",
        sub_domain="income",
        is_mainstream=True,
    )
    other = DirectoryOrganization.objects.create(name="Centre d'emploi communautaire")
    income_program_service = Service.objects.create(
        organization=other,
        name="Aide aux déclarations de revenus",
        support_type="complementary",
        sub_domain="income",
    )
    return Directory(housing, housing_service, refuge_entry, ontario_works, income_program_service)


def share_with_refuge(network: Network, client: Client) -> None:
    share(
        client,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )


def refer(network: Network, client: Client, service: Service, **kwargs):
    by = kwargs.pop("by", network.alice)
    return services.referral_create(
        acting_user=by,
        client_access=access.client_access_for(by, client),
        service=service,
        reason=kwargs.pop("reason", "Cherche un logement près du métro; vit au refuge."),
        **kwargs,
    )
