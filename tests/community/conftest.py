"""Community fixtures and helpers on top of the ``network`` personas: trackers
made through the services, a goal of the client's plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import User
from parcours.casework.models import Goal
from parcours.casework.services import goal_add
from parcours.clients.models import Client
from parcours.community.models import BenefitApplication, IdDocumentRequest
from parcours.community.services import (
    BenefitData,
    DocumentData,
    benefit_application_create,
    id_document_create,
)
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
