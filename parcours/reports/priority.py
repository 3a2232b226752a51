"""Prioritization of the by-name list: the community's rules, as data.

Each active ``PriorityRule`` gives a person points for one criterion
(``PriorityCriterion``): chronic homelessness, homeless days in the past 3
years (``weight`` points per ``per_days`` days), the latest acuity assessment
(its recommended level: all the points for ACT, half for ICM; or its total
score as a share of the instrument's highest), Indigenous identity, youth
(16–24), family with children, veteran, days since first contact — at most
``max_points`` when set. The **score** is the sum; the order is the highest
score first, then, between equal scores, the points of the first rule (in
the rules' order) that tells them apart, then the earliest first contact.
Each position comes with its reasons, translated ("Chronically homeless
(+1100)").

One person, one count: the records of a merged or linked person count
together (chronic when one record is; the homeless days of the record with
the most, as on the by-name list; the latest assessment of any record), and
every record asked about gets the person's priority.

``priorities`` is batched (about twenty queries, whatever the number of
clients) and takes no user: it is not access-filtered, callers show it only
where the housing category is shared. It is also a housing matching provider:
``HOUSING_PRIORITY_PROVIDER = "parcours.reports.priority.priorities"`` (the
result has ``sort_key``, with ``key`` as an alias, and ``reasons``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.beds.homelessness import ChronicStatus, chronic_statuses
from parcours.casework.models import Assessment, ServiceLevel
from parcours.clients.models import Client
from parcours.households.ages import age_of_majority, age_on, surely_under
from parcours.households.models import HouseholdMembership
from parcours.reports.first_contact import first_contacts
from parcours.reports.models import PER_DAYS_CRITERIA, PriorityCriterion, PriorityRule
from parcours.reports.people import IN_LIST_LIMIT, narrowed, person_keys
from parcours.reports.status import INDIGENOUS_CODES, YOUTH_AGES

C = PriorityCriterion
ACUITY_SHARE: dict[str, float] = {
    ServiceLevel.ACT: 1.0,
    ServiceLevel.ICM: 0.5,
    ServiceLevel.BRIEF: 0.0,
}
# Sorts after any real first contact (a person never served).
_NEVER = dt.date.max.toordinal()


@dataclass(frozen=True)
class Priority:
    """A person's priority on a date: ``sort_key`` sorts ascending (the
    first is the most urgent); ``reasons`` say why, translated."""

    score: int
    sort_key: tuple[int | str, ...]
    reasons: list[str] = field(default_factory=list)
    person: uuid.UUID | None = None
    first_contact: dt.date | None = None

    @property
    def key(self) -> tuple[int | str, ...]:
        """What housing matching sorts on: the score and each rule's points,
        without the first-contact tie-break, so that between persons of equal
        priority the fit with the unit decides."""
        return self.sort_key[:-2]


@dataclass
class _Birth:
    date_of_birth: dt.date | None
    birth_year: int | None


@dataclass
class _Person:
    records: list[uuid.UUID] = field(default_factory=list)
    births: list[_Birth] = field(default_factory=list)
    indigenous: bool = False
    veteran: bool = False


def active_rules() -> list[PriorityRule]:
    return list(PriorityRule.objects.filter(is_active=True).order_by("position", "criterion"))


def _people(
    client_ids: list[uuid.UUID],
) -> tuple[dict[uuid.UUID, uuid.UUID], dict[uuid.UUID, _Person]]:
    """Client asked about → person key, and every record of those persons
    with what the rules read of it (three queries)."""
    asked = person_keys(client_ids)
    keys = set(asked.values())
    records = Client.objects.all()
    if len(keys) <= IN_LIST_LIMIT:
        records = records.filter(
            Q(pk__in=keys)
            | Q(person_identity__person_key__in=keys)
            | Q(linked_to__in=keys)
            | Q(linked_to__person_identity__person_key__in=keys)
        )
    rows = records.values_list(
        "pk",
        "linked_to_id",
        "person_identity__person_key",
        "linked_to__person_identity__person_key",
        "date_of_birth",
        "birth_year",
        "indigenous_identity__code",
        "veteran_status",
    )
    people: dict[uuid.UUID, _Person] = defaultdict(_Person)
    for pk, linked_to, own_key, linked_key, born, year, code, veteran in rows:
        key = (linked_key or linked_to) if linked_to is not None else (own_key or pk)
        if key not in keys:
            continue
        person = people[key]
        person.records.append(pk)
        person.births.append(_Birth(born, year))
        person.indigenous = person.indigenous or code in INDIGENOUS_CODES
        person.veteran = person.veteran or veteran == "yes"
    return asked, dict(people)


def _families(person_of: dict[uuid.UUID, uuid.UUID], on: dt.date) -> set[uuid.UUID]:
    """Persons who are, on ``on``, members of a household with a member under
    the age of majority (two queries)."""
    current = Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))
    households = {
        household
        for household, cid in narrowed(
            HouseholdMembership.objects.filter(current), "client_id", person_of
        ).values_list("household_id", "client_id")
        if cid in person_of
    }
    if not households:
        return set()
    majority = age_of_majority()
    members: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    with_child: set[uuid.UUID] = set()
    for household, cid, born, year in narrowed(
        HouseholdMembership.objects.filter(current), "household_id", households
    ).values_list("household_id", "client_id", "client__date_of_birth", "client__birth_year"):
        if household not in households:
            continue
        members[household].append(cid)
        if surely_under(_Birth(born, year), majority, on):
            with_child.add(household)
    return {person_of[c] for h in with_child for c in members[h] if c in person_of}


def _latest_assessments(
    person_of: dict[uuid.UUID, uuid.UUID], on: dt.date
) -> dict[uuid.UUID, tuple[str, int, int]]:
    """Person → (recommendation, total score, highest score) of their latest
    assessment on or before ``on`` (one query)."""
    latest: dict[uuid.UUID, tuple[str, int, int]] = {}
    rows = (
        narrowed(Assessment.objects.filter(assessed_on__lte=on), "client_id", person_of)
        .order_by("-assessed_on", "-created_at")
        .values_list("client_id", "recommendation", "total_score", "max_score")
    )
    for cid, recommendation, total, highest in rows:
        if cid in person_of:
            latest.setdefault(person_of[cid], (recommendation, total, highest))
    return latest


def _capped(rule: PriorityRule, points: int) -> int:
    if rule.max_points is not None:
        points = min(points, rule.max_points)
    return max(points, 0)


def _per_days(rule: PriorityRule, days: int) -> int:
    return rule.weight * (days // (rule.per_days or 1))


def _level_label(level: str) -> str:
    return str(ServiceLevel(level).label) if level in ServiceLevel.values else level


def priorities(
    client_ids: Iterable[uuid.UUID],
    on: dt.date,
    *,
    chronic: dict[uuid.UUID, ChronicStatus] | None = None,
    first: dict[uuid.UUID, dt.date] | None = None,
) -> dict[uuid.UUID, Priority]:
    """The priority on ``on`` of each client asked about (every one is in the
    answer; the records of one person get the same priority). About twenty
    queries, whatever the number of clients. A caller that has them already
    (the by-name list) passes the records' chronic statuses on ``on`` and the
    persons' first contacts, read again otherwise."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return {}
    rules = active_rules()
    criteria = {r.criterion for r in rules}
    asked, people = _people(ids)
    person_of = {r: key for key, p in people.items() for r in p.records}
    if chronic is None or not chronic.keys() >= person_of.keys():
        chronic = chronic_statuses(list(person_of), on=on)
    if first is None:
        first = first_contacts(person_of, only=list(person_of))
    families = _families(person_of, on) if C.FAMILY in criteria else set()
    acuity_wanted = C.ACUITY_LEVEL in criteria or C.ACUITY_SCORE in criteria
    assessments = _latest_assessments(person_of, on) if acuity_wanted else {}
    on_ord = on.toordinal()

    result: dict[uuid.UUID, Priority] = {}
    for key, person in people.items():
        statuses = [chronic[r] for r in person.records if r in chronic]
        first_contact = first.get(key)
        if first_contact is not None and first_contact > on:
            first_contact = None
        birth = next((b for b in person.births if b.date_of_birth is not None), None) or next(
            (b for b in person.births if b.birth_year), None
        )
        age = age_on(birth, on) if birth is not None else None
        points: list[int] = []
        reasons: list[str] = []
        for rule in rules:
            earned, reason = _apply(
                rule,
                is_chronic=any(s.is_chronic for s in statuses),
                homeless_days=max((s.days_past_three_years for s in statuses), default=0),
                assessment=assessments.get(key),
                indigenous=person.indigenous,
                age=age,
                family=key in families,
                veteran=person.veteran,
                days_known=on_ord - first_contact.toordinal() if first_contact else 0,
            )
            earned = _capped(rule, earned)
            points.append(earned)
            if earned:
                reasons.append(_("%(reason)s (+%(points)s)") % {"reason": reason, "points": earned})
        score = sum(points)
        if not reasons:
            reasons.append(_("No priority rule applies (score 0)"))
        sort_key: tuple[int | str, ...] = (
            -score,
            *(-p for p in points),
            first_contact.toordinal() if first_contact else _NEVER,
            str(key),
        )
        result[key] = Priority(
            score=score,
            sort_key=sort_key,
            reasons=reasons,
            person=key,
            first_contact=first_contact,
        )
    return {cid: result[asked[cid]] for cid in ids if asked.get(cid) in result}


def _apply(
    rule: PriorityRule,
    *,
    is_chronic: bool,
    homeless_days: int,
    assessment: tuple[str, int, int] | None,
    indigenous: bool,
    age: int | None,
    family: bool,
    veteran: bool,
    days_known: int,
) -> tuple[int, str]:
    """The points one rule gives, and the reason to show with them."""
    criterion = rule.criterion
    if criterion == C.CHRONIC:
        return (rule.weight if is_chronic else 0), _("Chronically homeless")
    if criterion == C.HOMELESS_DAYS:
        text = ngettext(
            "%(days)s homeless day in 3 years",
            "%(days)s homeless days in 3 years",
            homeless_days,
        ) % {"days": homeless_days}
        return _per_days(rule, homeless_days), text
    if criterion == C.ACUITY_LEVEL:
        if assessment is None:
            return 0, ""
        level = assessment[0]
        earned = int(rule.weight * ACUITY_SHARE.get(level, 0.0))
        text = _("Acuity: %(level)s recommended") % {"level": _level_label(level)}
        return earned, text
    if criterion == C.ACUITY_SCORE:
        if assessment is None or assessment[2] <= 0:
            return 0, ""
        _level, total, highest = assessment
        text = _("Acuity score %(score)s of %(highest)s") % {"score": total, "highest": highest}
        return rule.weight * total // highest, text
    if criterion == C.INDIGENOUS:
        return (rule.weight if indigenous else 0), _("Indigenous")
    if criterion == C.YOUTH:
        young = age is not None and YOUTH_AGES[0] <= age <= YOUTH_AGES[1]
        text = _("Youth, %(age)s years old") % {"age": age} if young else ""
        return (rule.weight if young else 0), text
    if criterion == C.FAMILY:
        return (rule.weight if family else 0), _("Family with children")
    if criterion == C.VETERAN:
        return (rule.weight if veteran else 0), _("Veteran")
    if criterion == C.DAYS_SINCE_FIRST_CONTACT:
        text = ngettext(
            "%(days)s day since first contact",
            "%(days)s days since first contact",
            days_known,
        ) % {"days": days_known}
        return _per_days(rule, days_known), text
    return 0, ""


__all__ = ["PER_DAYS_CRITERIA", "Priority", "active_rules", "priorities"]
