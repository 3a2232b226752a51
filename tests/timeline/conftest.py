"""A client with many records of every kind, written by three partners:
the hub (Carrefour, alice) registered Marie-Ève and writes her visits,
encounters, notes, assessments, plan, referrals, pathway, tenancy and a
hospital stay; the Refuge (bob) runs the shelter where she stays and meets
her in the street; the Maison Marguerite (jennifer) is a third partner.

Marie-Ève shares identity, case plan and housing with the Refuge, and only
identity and case plan with the Marguerite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from parcours.access import client_access_for
from parcours.accounts.models import Organization, User
from parcours.beds import services as bed_services
from parcours.beds.models import (
    ServiceRestriction,
    ShelterHistory,
    Site,
    SiteKind,
    Stay,
    StreetContact,
)
from parcours.casework.models import (
    Assessment,
    AssessmentInstrument,
    CaseNote,
    CasePlan,
    Encounter,
    Goal,
    GoalReview,
)
from parcours.clients.models import Client, PathwayStage, Visit
from parcours.clients.services import lock_box_add
from parcours.coordination.models import (
    DirectoryOrganization,
    InstitutionStay,
    Referral,
    Service,
)
from parcours.housing.models import HousingUnit, Landlord, Tenancy
from tests.conftest import Network, share
from tests.factories import OrganizationFactory, UserFactory

MANY = 6


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class Busy:
    client: Client
    shelter: Site
    marguerite: Organization
    jennifer: User
    locked_encounter: Encounter
    sensitive_note: CaseNote
    tenancy: Tenancy
    stays: list[Stay]


def at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def busy(network: Network, marie: Client) -> Busy:
    alice, bob = network.alice, network.bob
    carrefour, refuge = network.carrefour, network.refuge
    today = timezone.localdate()
    marguerite = OrganizationFactory(name="Maison Marguerite", kind="shelter")
    jennifer = UserFactory(
        email="jennifer@marguerite.example",
        given_name="Jennifer",
        family_name="Roy",
        organization=marguerite,
    )
    share(marie, by=alice, categories=["identity", "case_plan", "housing"], organizations=[refuge])
    share(marie, by=alice, categories=["identity", "case_plan"], organizations=[marguerite])
    shelter = bed_services.site_create(
        acting_user=network.bob_admin,
        program=network.shelter_program,
        name="Refuge – dortoirs",
        kind=SiteKind.EMERGENCY_SHELTER,
        night_by_night=True,
    )
    room = bed_services.room_create(
        acting_user=network.bob_admin, site=shelter, name="Dortoir A", beds=2, gender="men"
    )
    bed = room.beds.order_by("label").first()
    instrument = AssessmentInstrument.objects.first()
    assert instrument is not None
    plan = CasePlan.objects.create(client=marie, organization=carrefour)
    directory = DirectoryOrganization.objects.create(name="Refuge", partner=refuge)
    service = Service.objects.create(
        organization=directory, name="Hébergement", support_type="housing", sub_domain="shelter"
    )
    landlord = Landlord.objects.create(name="Gérard Lalonde", organization=carrefour)
    encounters, stays = [], []
    for n in range(MANY):
        Visit.objects.create(
            client=marie,
            occurred_at=at(n * 10 + 1),
            organization=carrefour,
            site="Accueil",
            recorded_by=alice,
        )
        encounters.append(
            Encounter.objects.create(
                client=marie,
                organization=carrefour,
                recorded_by=alice,
                kind="office",
                occurred_at=at(n * 10 + 2),
                duration_minutes=30,
            )
        )
        CaseNote.objects.create(
            client=marie,
            organization=carrefour,
            kind="general",
            text=f"Note {n}",
            author=alice,
            is_sensitive=n == 0,
        )
        Assessment.objects.create(
            client=marie,
            organization=carrefour,
            instrument=instrument,
            assessed_on=today - dt.timedelta(days=n * 10 + 3),
            assessed_by=alice,
            total_score=10,
            max_score=40,
        )
        goal = Goal.objects.create(
            plan=plan,
            organization=carrefour,
            statement=f"Goal {n}",
            support_type="housing",
            sub_domain="shelter",
            recorded_by=alice,
        )
        GoalReview.objects.create(
            goal=goal,
            organization=carrefour,
            reviewed_on=today - dt.timedelta(days=n * 10 + 4),
            progress="some",
            reviewed_by=alice,
        )
        PathwayStage.objects.create(
            client=marie,
            stage="safety",
            entered_on=today - dt.timedelta(days=n * 10 + 5),
            organization=carrefour,
            recorded_by=alice,
        )
        Referral.objects.create(
            client=marie,
            kind="service",
            service=service,
            organization=carrefour,
            sent_by=alice,
            receiving_organization=refuge,
            status="sent",
            sent_at=at(n * 10 + 6),
            reason="Needs a bed",
        )
        stays.append(
            Stay.objects.create(
                client=marie,
                site=shelter,
                room=room,
                bed=bed,
                started_at=at(n * 10 + 8, 20),
                ended_at=at(n * 10 + 7, 8),
                booked_in_by=bob,
                booked_out_by=bob,
            )
        )
        StreetContact.objects.create(
            client=marie,
            seen_on=today - dt.timedelta(days=n * 10 + 9),
            place="Marché By",
            organization=refuge,
            recorded_by=bob,
        )
        ShelterHistory.objects.create(
            client=marie,
            started_on=today - dt.timedelta(days=n * 10 + 6),
            ended_on=today - dt.timedelta(days=n * 10 + 5),
            destination="street",
            place="Refuge d'un autre système",
            organization=refuge,
            reference=f"test:{n}",
        )
        InstitutionStay.objects.create(
            client=marie,
            kind="hospital",
            institution_name="Hôpital Montfort",
            admitted_on=today - dt.timedelta(days=n * 10 + 9),
            discharged_on=today - dt.timedelta(days=n * 10 + 8),
            destination="shelter",
            organization=carrefour,
            recorded_by=alice,
        )
        unit = HousingUnit.objects.create(
            landlord=landlord,
            address_line=f"{n + 1}, rue Murray",
            city="Ottawa",
            unit_type="apartment",
            monthly_rent=Decimal("900"),
            status="occupied",
            organization=carrefour,
        )
        Tenancy.objects.create(
            client=marie,
            unit=unit,
            organization=carrefour,
            recorded_by=alice,
            start_date=today - dt.timedelta(days=n * 10 + 9),
            end_date=None if n == 0 else today - dt.timedelta(days=n * 10),
            end_reason="" if n == 0 else "other",
        )
    ServiceRestriction.objects.create(
        client=marie,
        site=shelter,
        starts_on=today - dt.timedelta(days=2),
        reason="Violence envers un intervenant",
        recorded_by=bob,
    )
    lock_box_add(
        acting_user=alice,
        client_access=client_access_for(alice, marie),
        organization=refuge,
        target=encounters[0],
    )
    return Busy(
        client=marie,
        shelter=shelter,
        marguerite=marguerite,
        jennifer=jennifer,
        locked_encounter=encounters[0],
        sensitive_note=CaseNote.objects.get(is_sensitive=True),
        tenancy=Tenancy.objects.get(end_date__isnull=True),
        stays=stays,
    )
