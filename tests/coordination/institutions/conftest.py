"""Institution-stay fixtures on top of the ``network`` personas:

* ``marie`` (registered by the hub, Carrefour) is enrolled in the hub's ICM
  program with ``alice`` as her primary worker;
* the shelter (Refuge, ``bob``) shares her identity and case plan;
* a third partner (``ida`` at "Identité seulement") has her identity only;
* a fourth (``nora`` at "Sans consentement") has nothing;
* the hub also runs a CTI program (``cti``) with ``alice`` as a member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import Program, User
from parcours.casework.services import enrollment_open
from parcours.clients.models import Client
from parcours.coordination.models import InstitutionStay
from parcours.coordination.services.institutions import institution_stay_admit
from tests.api.conftest import openapi  # noqa: F401 (the OpenAPI document fixture)
from tests.conftest import Network, share
from tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    ProgramMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Coordinates]:
    """Today at noon in Toronto, the clock stopped: date rules never cross
    midnight during a test, and a test moves days forward with
    ``clock.move_to``. Works on any date (``PARCOURS_TEST_CLOCK`` too)."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=False) as traveller:
        yield traveller


@dataclass
class Inst:
    network: Network
    marie: Client
    cti: Program
    ida: User
    nora: User

    @property
    def alice(self) -> User:
        return self.network.alice

    @property
    def bob(self) -> User:
        return self.network.bob


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def inst(network: Network, marie: Client) -> Inst:
    enrollment_open(
        acting_user=network.alice,
        client=marie,
        program=network.icm,
        start_date=today() - dt.timedelta(days=60),
        primary_worker=network.alice,
    )
    cti = ProgramFactory(
        organization=network.carrefour, name="Intervention en période critique", kind="cti"
    )
    ProgramMembershipFactory(user=network.alice, program=cti)
    identity_org = OrganizationFactory(name="Identité seulement", kind="health")
    no_consent_org = OrganizationFactory(name="Sans consentement", kind="employment")
    ida = UserFactory(email="ida@identite.example", organization=identity_org)
    nora = UserFactory(email="nora@sans.example", organization=no_consent_org)
    share(
        marie,
        by=network.alice,
        categories=["identity", "case_plan"],
        organizations=[network.refuge],
    )
    share(marie, by=network.alice, categories=["identity"], organizations=[identity_org])
    return Inst(network=network, marie=marie, cti=cti, ida=ida, nora=nora)


def admit(
    inst: Inst,
    *,
    by: User | None = None,
    client: Client | None = None,
    admitted_days_ago: int = 2,
    expected_in_days: int | None = 10,
    kind: str = "hospital",
) -> InstitutionStay:
    user = by or inst.network.alice_admin
    client = client or inst.marie
    admitted_on = today() - dt.timedelta(days=admitted_days_ago)
    return institution_stay_admit(
        acting_user=user,
        client_access=client_access_for(user, client),
        kind=kind,
        institution=inst.network.hospital,
        contact="Travailleuse sociale, 4e étage",
        admitted_on=admitted_on,
        expected_discharge_on=(
            today() + dt.timedelta(days=expected_in_days) if expected_in_days is not None else None
        ),
        learned_from="institution",
    )
