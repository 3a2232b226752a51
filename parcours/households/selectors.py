"""Reads of households. Two kinds:

* queries on dates for other apps (beds, housing matching, reports):
  ``household_members_on``, ``household_head_on``, ``household_composition_on``,
  ``households_and_people_on``. They take no user and are not filtered by
  the access policy: callers count with them and never show their rows to a
  user without passing each client through ``parcours.access`` (a
  household's chronic status is the beds app's:
  ``parcours.beds.homelessness.household_chronic_status``);
* permission-filtered reads for screens and the API, which take the user:
  ``household_list_for``, ``household_get_for_user``, ``client_households``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import Program, Team, User
from parcours.clients.models import Client, ConsentDirective
from parcours.core.text import fold
from parcours.households.ages import age_on, is_minor, under_age_of_consent
from parcours.households.models import (
    Guardianship,
    Household,
    HouseholdAssessment,
    HouseholdEnrollment,
    HouseholdEnrollmentMember,
    HouseholdGoal,
    HouseholdMembership,
    Relationship,
)

# --- Queries on dates (not access-filtered) ------------------------------------


def household_members_on(household: Household, on: dt.date) -> QuerySet[HouseholdMembership]:
    """The memberships of ``household`` in force on ``on`` (joined on or
    before, not left on or before), with their clients. Not access-filtered."""
    return (
        HouseholdMembership.objects.on(on)
        .filter(household=household)
        .select_related("client")
        .order_by("joined_on", "created_at")
    )


def household_head_on(household: Household, on: dt.date) -> HouseholdMembership | None:
    """The head of household's membership on ``on``, or None. Not access-filtered."""
    membership: HouseholdMembership | None = (
        household_members_on(household, on).filter(relationship=Relationship.HEAD).first()
    )
    return membership


@dataclass(frozen=True)
class Composition:
    """Who a household is on one date: enough to match a unit by bedrooms and
    to count people and households separately. Not for display to a user."""

    on: dt.date
    size: int
    adults: int
    minors: int
    age_unknown: int
    by_relationship: dict[str, int]
    ages: tuple[int | None, ...]
    head_client_id: uuid.UUID | None

    @property
    def couples(self) -> int:
        """1 when the head lives with a spouse or partner (they may share a bedroom)."""
        has_head = self.head_client_id is not None
        return int(has_head and self.by_relationship.get(Relationship.SPOUSE_PARTNER, 0) > 0)


def household_composition_on(household: Household, on: dt.date) -> Composition:
    members = list(household_members_on(household, on))
    ages = tuple(age_on(m.client, on) for m in members)
    minors = sum(1 for m in members if is_minor(m.client, on))
    unknown = sum(1 for a in ages if a is None)
    head = next((m for m in members if m.relationship == Relationship.HEAD), None)
    return Composition(
        on=on,
        size=len(members),
        adults=len(members) - minors - unknown,
        minors=minors,
        age_unknown=unknown,
        by_relationship=dict(Counter(m.relationship for m in members)),
        ages=ages,
        head_client_id=head.client_id if head else None,
    )


@dataclass(frozen=True)
class Totals:
    households: int
    people: int


def households_and_people_on(
    on: dt.date, households: Iterable[Household] | QuerySet[Household] | None = None
) -> Totals:
    """How many households had at least one member on ``on``, and how many
    people were in them: each person once, each household once."""
    memberships = HouseholdMembership.objects.on(on)
    if households is not None:
        memberships = memberships.filter(household__in=households)
    rows = list(memberships.values_list("household_id", "client_id"))
    return Totals(households=len({h for h, _c in rows}), people=len({c for _h, c in rows}))


def youth_consent_due(client: Client, on: dt.date | None = None) -> bool:
    """The 16-year prompt: the person had a guardian recorded on a household,
    has reached the age of consent, and has no directive of their own in
    force — their guardian's consent no longer governs their record."""
    on = on or timezone.localdate()
    if client.date_of_birth is None and not client.birth_year:
        return False
    if under_age_of_consent(client, on):
        return False
    if not Guardianship.objects.in_force(on).filter(dependent=client).exists():
        return False
    return not ConsentDirective.objects.in_force(on).filter(client=client).exists()


# --- Permission-filtered reads ---------------------------------------------------


def _visible_memberships(user: User) -> QuerySet[HouseholdMembership]:
    return HouseholdMembership.objects.filter(
        client__in=access.clients_visible_to(user)
    ).select_related("client")


def household_list_for(user: User, query: str = "") -> QuerySet[Household]:
    """Households the user may see, newest first, each with the current
    members the user may see in ``visible_current`` (one query for all)."""
    households = access.households_visible_to(user)
    words = fold(query).split()
    if words:
        matching = _visible_memberships(user)
        for word in words:
            matching = matching.filter(client__search_text__contains=word)
        households = households.filter(pk__in=matching.values("household_id"))
    return households.order_by("-formed_on", "-created_at").prefetch_related(
        Prefetch(
            "memberships",
            queryset=_visible_memberships(user)
            .filter(left_on__isnull=True)
            .order_by("joined_on", "created_at"),
            to_attr="visible_current",
        )
    )


@dataclass
class HouseholdAccess:
    """One household as one user may see it, worked out once per request."""

    household: Household
    user: User
    memberships: list[HouseholdMembership]
    accesses: dict[uuid.UUID, ClientAccess]
    sees_plan: bool
    guardianships: list[Guardianship] = field(default_factory=list)

    @property
    def current(self) -> list[HouseholdMembership]:
        return [m for m in self.memberships if m.left_on is None]

    @property
    def past(self) -> list[HouseholdMembership]:
        return sorted(
            (m for m in self.memberships if m.left_on is not None),
            key=lambda m: m.left_on or m.joined_on,
            reverse=True,
        )

    @property
    def client_ids(self) -> list[uuid.UUID]:
        return list(dict.fromkeys(m.client_id for m in self.memberships))

    @property
    def head(self) -> HouseholdMembership | None:
        return next((m for m in self.current if m.relationship == Relationship.HEAD), None)

    def membership(self, membership_id: uuid.UUID | str) -> HouseholdMembership:
        for m in self.memberships:
            if str(m.pk) == str(membership_id):
                return m
        raise Http404

    def guardianship(self, guardianship_id: uuid.UUID | str) -> Guardianship:
        for g in self.guardianships:
            if str(g.pk) == str(guardianship_id):
                return g
        raise Http404

    def access_for(self, client_id: uuid.UUID) -> ClientAccess:
        try:
            return self.accesses[client_id]
        except KeyError as exc:
            raise Http404 from exc

    def guardians_of(self, client_id: uuid.UUID) -> list[Guardianship]:
        return [g for g in self.guardianships if g.dependent_id == client_id and g.end_date is None]

    def title(self) -> str:
        """The household by the name of its head, or of the first member the
        user sees: never the name of someone they may not see."""
        shown = self.head or (self.current[0] if self.current else None)
        if shown is None and self.memberships:
            shown = self.memberships[0]
        return shown.client.display_name if shown else ""

    def records_filter(self) -> Q:
        """Assessments and goals the user may see: their organization's, and
        the others' when the case plan of every current member is shared."""
        if self.sees_plan:
            return Q()
        return Q(organization_id=self.user.organization_id)

    def assessments(self) -> QuerySet[HouseholdAssessment]:
        return (
            self.household.assessments.filter(self.records_filter())
            .select_related("organization", "recorded_by")
            .order_by("-assessed_on", "-created_at")
        )

    def goals(self) -> QuerySet[HouseholdGoal]:
        return (
            self.household.goals.filter(self.records_filter())
            .select_related("organization")
            .order_by("status", "target_date", "created_at")
        )

    def goal(self, goal_id: uuid.UUID | str) -> HouseholdGoal:
        """One of the family's goals the user may see, or 404."""
        try:
            goal: HouseholdGoal = self.goals().get(pk=goal_id)
        except (HouseholdGoal.DoesNotExist, ValueError, ValidationError) as exc:
            raise Http404 from exc
        return goal

    def enrollments(self) -> QuerySet[HouseholdEnrollment]:
        return (
            self.household.enrollments.filter(self.records_filter())
            .select_related("program", "organization")
            .prefetch_related("members__enrollment__client")
            .order_by("-start_date", "-created_at")
        )

    def enrollments_shown(self) -> QuerySet[HouseholdEnrollment]:
        """The family's enrollments, each with the links to the individual
        enrollments of the members the user may see in ``visible_members``
        (two queries, whatever the number of enrollments)."""
        return (
            self.household.enrollments.filter(self.records_filter())
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=HouseholdEnrollmentMember.objects.filter(
                        enrollment__client_id__in=list(self.accesses)
                    ).order_by("created_at"),
                    to_attr="visible_members",
                )
            )
            .order_by("-start_date", "-created_at")
        )

    def youth_consent_due(self) -> list[HouseholdMembership]:
        """Current members who reached the age of consent and should now
        give their own: for the organization that records their consent."""
        return [
            m
            for m in self.current
            if self.accesses[m.client_id].can_record_consent and youth_consent_due(m.client)
        ]


def _access_or_none(user: User, client: Client) -> ClientAccess | None:
    try:
        return access.client_access_for(user, client)
    except Http404:
        return None


def household_get_for_user(user: User, household_id: uuid.UUID | str) -> HouseholdAccess:
    """The household and the members the user may see, or 404."""
    try:
        household = access.households_visible_to(user).get(pk=household_id)
    except (Household.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    visible_ids = set(
        access.clients_visible_to(user)
        .values_list("pk", flat=True)
        .filter(household_memberships__household=household)
    )
    memberships = list(
        household.memberships.select_related("client", "organization").order_by(
            "joined_on", "created_at"
        )
    )
    accesses: dict[uuid.UUID, ClientAccess] = {}
    current_accesses: list[ClientAccess | None] = []
    for m in memberships:
        if m.client_id in visible_ids and m.client_id not in accesses:
            client_access = _access_or_none(user, m.client)
            if client_access is not None:
                accesses[m.client_id] = client_access
        if m.left_on is None:
            current_accesses.append(accesses.get(m.client_id))
    shown = [m for m in memberships if m.client_id in accesses]
    guardianships = [
        g
        for g in household.guardianships.select_related("guardian", "dependent").order_by(
            "start_date"
        )
        if g.guardian_id in accesses and g.dependent_id in accesses
    ]
    return HouseholdAccess(
        household=household,
        user=user,
        memberships=shown,
        accesses=accesses,
        sees_plan=access.can_see_household_plan(current_accesses),
        guardianships=guardianships,
    )


def client_households(client_access: ClientAccess) -> QuerySet[HouseholdMembership]:
    """A client's memberships of households, newest first (the client is one
    the user may see; the other members are read through the household)."""
    return (
        HouseholdMembership.objects.filter(client=client_access.client)
        .select_related("household")
        .order_by("-joined_on", "-created_at")
    )


def household_current_members_visible(
    user: User, household_id: uuid.UUID
) -> list[HouseholdMembership]:
    """The current members of a household the user may see (one query), for
    the panel of a client's file."""
    return list(
        _visible_memberships(user)
        .filter(household_id=household_id, left_on__isnull=True)
        .order_by("joined_on", "created_at")
    )


def client_current_membership(client_access: ClientAccess) -> HouseholdMembership | None:
    membership: HouseholdMembership | None = (
        client_households(client_access).filter(left_on__isnull=True).first()
    )
    return membership


# --- What a family can be enrolled with (screens and API) --------------------------


def enrollment_programs_for(user: User) -> QuerySet[Program]:
    """The programs a user may enroll a family in: their organization's active ones."""
    if user.organization_id is None:
        return Program.objects.none()
    return Program.objects.filter(organization_id=user.organization_id, is_active=True)


def enrollment_workers_for(user: User) -> QuerySet[User]:
    """The primary workers a user may name: their organization's active staff."""
    if user.organization_id is None:
        return User.objects.none()
    return User.objects.filter(organization_id=user.organization_id, is_active=True).order_by(
        "family_name", "given_name"
    )


def enrollment_teams_for(user: User) -> QuerySet[Team]:
    """The teams a user may name: those of their organization's programs."""
    if user.organization_id is None:
        return Team.objects.none()
    return Team.objects.filter(program__organization_id=user.organization_id)
