"""factory_boy factories for the domain models. Tests use the personas in
conftest.py, built from these."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from parcours.accounts.models import (
    Discipline,
    MembershipRole,
    Organization,
    OrganizationKind,
    Program,
    ProgramKind,
    ProgramMembership,
    Team,
    TeamMembership,
    User,
)
from parcours.clients.models import Client
from parcours.core.text import fold

PASSWORD = "Correct-horse-battery-9"


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisme partenaire {n}")
    kind = OrganizationKind.HUB
    is_partner = True
    city = "Ottawa"


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    kind = ProgramKind.ICM


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Équipe {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@partner.example")
    given_name = factory.Faker("first_name", locale="fr_CA")
    family_name = factory.Faker("last_name", locale="fr_CA")
    organization = factory.SubFactory(OrganizationFactory)
    discipline = factory.LazyFunction(lambda: Discipline.objects.get(code="case_manager"))
    password = factory.django.Password(PASSWORD)


class ProgramMembershipFactory(DjangoModelFactory[ProgramMembership]):
    class Meta:
        model = ProgramMembership

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = MembershipRole.MEMBER


class TeamMembershipFactory(DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = MembershipRole.MEMBER


class ClientFactory(DjangoModelFactory[Client]):
    """A named client registered by ``registered_by``'s organization.
    Prefer ``parcours.clients.services.client_register`` in tests of behaviour;
    this factory is for building fixtures quickly."""

    class Meta:
        model = Client

    given_name = factory.Faker("first_name", locale="fr_CA")
    family_name = factory.Faker("last_name", locale="fr_CA")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    registered_by = factory.SubFactory(UserFactory)
    registered_by_organization = factory.LazyAttribute(lambda o: o.registered_by.organization)
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.given_name} {o.family_name}"))
