"""Community fixtures and helpers on top of the ``network`` personas: trackers
made through the services, a goal of the client's plan; opportunities,
interests and the directory service that receives referrals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import Organization, User
from parcours.casework.models import Goal
from parcours.casework.services import goal_add
from parcours.clients.models import Client
from parcours.community.models import (
    BenefitApplication,
    IdDocumentRequest,
    Opportunity,
    OpportunityInterest,
)
from parcours.community.services import (
    BenefitData,
    DocumentData,
    benefit_application_create,
    id_document_create,
)
from parcours.community.services.opportunities import (
    InterestData,
    OpportunityData,
    interest_save,
    opportunity_create,
)
from parcours.coordination.models import DirectoryOrganization, Service
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.beds.conftest import paul  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def days_ahead(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def add_goal(user: User, client: Client, statement: str = "Avoir un revenu stable") -> Goal:
    return goal_add(
        acting_user=user,
        client_access=client_access_for(user, client),
        statement=statement,
        support_type="complementary",
        sub_domain="income",
    )


def benefit(user: User, client: Client, **changes) -> BenefitApplication:
    values = {
        "program": "social_assistance",
        "program_name": "Ontario au travail",
        "status": "submitted",
        "started_on": days_ago(20),
        "submitted_on": days_ago(10),
        "next_step": "Rappeler l'agente pour le rendez-vous",
        "next_step_due": days_ahead(3),
    }
    values.update(changes)
    return benefit_application_create(
        acting_user=user, client_access=client_access_for(user, client), data=BenefitData(**values)
    )


def document(user: User, client: Client, **changes) -> IdDocumentRequest:
    values = {
        "document": "health_card",
        "status": "requested",
        "requested_on": days_ago(5),
        "next_step": "Pick up the card at ServiceOntario",
        "next_step_due": days_ahead(5),
    }
    values.update(changes)
    return id_document_create(
        acting_user=user, client_access=client_access_for(user, client), data=DocumentData(**values)
    )


# --- The opportunities board -----------------------------------------------------------


def opportunity(user: User, **changes) -> Opportunity:
    """An opportunity posted by ``user``'s organization, through the service."""
    values = {
        "kind": "job",
        "title_fr": "Commis d'entrepôt",
        "title_en": "Warehouse clerk",
        "host": "Entrepôts Laurentides",
        "schedule": "daytime",
        "language": "fr",
        "places": 3,
        "area": "Centre-Sud",
        "location": "1200, rue Ontario Est",
        "requirements": ["safety_boots"],
        "closes_on": days_ahead(30),
    }
    values.update(changes)
    return opportunity_create(acting_user=user, data=OpportunityData(**values))


def interest(user: User, client: Client, **changes) -> OpportunityInterest:
    """What ``client`` is looking for, recorded by ``user``'s organization."""
    values = {
        "kinds": ["job", "training"],
        "language": "both",
        "area": "",
        "available_daytime": True,
        "available_evenings": False,
        "available_weekends": False,
        "lacks": [],
    }
    values.update(changes)
    return interest_save(
        acting_user=user, client_access=client_access_for(user, client), data=InterestData(**values)
    )


def directory_service(organization: Organization, sub_domain: str = "employment") -> Service:
    """The partner's service in the directory, where referrals to its opportunities land."""
    entry, _created = DirectoryOrganization.objects.get_or_create(
        partner=organization, defaults={"name": organization.name}
    )
    return Service.objects.create(
        organization=entry,
        name="Soutien à l'emploi / Employment support",
        support_type="complementary",
        sub_domain=sub_domain,
    )
