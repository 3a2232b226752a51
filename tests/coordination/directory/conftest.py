"""Directory fixtures on top of the ``network`` personas: the partners'
entries (Carrefour, Refuge), a mainstream provincial program (Ontario
Works), a partner service linked to the hub's ICM program, and an outside
community service."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from parcours.coordination.models import DirectoryOrganization, Location, Service
from parcours.coordination.services.directory import (
    LocationData,
    ServiceData,
    directory_organization_create,
    service_create,
)
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.conftest import Network


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class Directory:
    carrefour: DirectoryOrganization
    refuge: DirectoryOrganization
    province: DirectoryOrganization
    community: DirectoryOrganization
    ontario_works: Service
    icm: Service
    shelter: Service
    food_bank: Service


def make_service(network: Network, org: DirectoryOrganization, name: str, **kwargs) -> Service:
    locations = kwargs.pop("locations", None)
    data = ServiceData(
        name=name,
        support_type=kwargs.pop("support_type", "complementary"),
        sub_domain=kwargs.pop("sub_domain", "income"),
        **kwargs,
    )
    return service_create(
        acting_user=network.root, organization=org, data=data, locations=locations
    )


@pytest.fixture
def directory(network: Network) -> Directory:
    root = network.root
    carrefour = directory_organization_create(
        acting_user=root,
        name="Carrefour Centre-Ville",
        partner=network.carrefour,
        phone="613-555-0100",
    )
    refuge = directory_organization_create(
        acting_user=root, name="Refuge Saint-Laurent", partner=network.refuge
    )
    province = directory_organization_create(
        acting_user=root,
        name="Ministry of Children, Community and Social Services",
        alternate_name="Ministère des Services à l'enfance et des Services sociaux et communautaires",
        website="https://ontario.example",
    )
    community = directory_organization_create(
        acting_user=root, name="Banque alimentaire du Quartier"
    )
    ontario_works = make_service(
        network,
        province,
        "Ontario Works",
        alternate_name="Ontario au travail",
        description="Financial help for food and housing costs, and help to find a job.",
        eligibility_description="Ontario residents in financial need, 18 and over.",
        minimum_age=18,
        languages=["en", "fr"],
        is_mainstream=True,
        service_area="Ontario",
        schedule_description="Mon–Fri 8:30–16:30",
        phone="613-555-0199",
        locations=[
            LocationData(
                name="Bureau d'Ontario au travail – Centre",
                address_1="370, rue Catherine",
                city="Ottawa",
                region="ON",
                postal_code="K1R 5T2",
            )
        ],
    )
    icm = make_service(
        network,
        carrefour,
        "Gestion des cas graves",
        alternate_name="Intensive case management",
        description="Intensive case management for adults with serious mental illness.",
        support_type="clinical",
        sub_domain="mental_health",
        languages=["fr", "en"],
        program=network.icm,
        response_days=3,
        service_area="Ottawa",
    )
    shelter = make_service(
        network,
        refuge,
        "Hébergement d'urgence",
        description="Emergency shelter beds, every night.",
        support_type="housing",
        sub_domain="housing_search",
        languages=["fr"],
        minimum_age=18,
        maximum_age=64,
    )
    food_bank = make_service(
        network,
        community,
        "Banque alimentaire",
        description="Food hampers and financial coaching.",
        sub_domain="life_skills",
        languages=["fr", "ar"],
        status="inactive",
    )
    return Directory(
        carrefour=carrefour,
        refuge=refuge,
        province=province,
        community=community,
        ontario_works=ontario_works,
        icm=icm,
        shelter=shelter,
        food_bank=food_bank,
    )


def directory_counts() -> tuple[int, int, int]:
    return (
        DirectoryOrganization.objects.count(),
        Service.objects.count(),
        Location.objects.count(),
    )
