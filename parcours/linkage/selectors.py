"""Likely existing records for a person about to be registered."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from parcours import access
from parcours.accounts.models import User
from parcours.clients.models import Client, ClientAlias
from parcours.linkage.engine import MatchResult, PersonRecord, health_card_base, score
from parcours.linkage.models import (
    ClientMerge,
    LinkageRequest,
    MatchCandidate,
    MatchStatus,
    PersonIdentity,
)
from parcours.linkage.names import name_tokens, nickname_group, phonetic_key
from parcours.linkage.weights import current_weights

# Below this probability a record is not shown as a candidate.
CANDIDATE_THRESHOLD = 0.2
MAX_CANDIDATES = 8
# Records read per blocking rule (see _blocks).
PER_BLOCK = 40


@dataclass(frozen=True)
class Candidate:
    client: Client
    match: MatchResult
    visible: bool


def _keys(name: str) -> list[str]:
    """Phonetic keys of a name's tokens, long enough to narrow a search (an
    initial's key matches too many people to block on alone)."""
    return sorted({k for t in name_tokens(name) if len(k := phonetic_key(t)) >= 2})


def _given_keys(name: str) -> list[str]:
    """The keys of a given name and of every full name its tokens may stand
    for (``Alex`` → alexandre, alexander, alexis…), so a nickname typed at the
    desk finds the registered name."""
    keys = set(_keys(name))
    for token in name_tokens(name):
        for full in nickname_group(token):
            keys.update(_keys(full))
    return sorted(keys)


def _any_key(keys: list[str]) -> Q:
    q = Q()
    for key in keys:
        q |= Q(name_keys__contains=f" {key} ")
    return q


def _blocks(record: PersonRecord) -> list[Q]:
    """Selective ways a likely existing record agrees with what was typed,
    each served by an index (health card and date of birth btrees, the
    trigram index on the phonetic keys on PostgreSQL) and read on its own with
    its own limit, so that a common name never crowds out the likely record:
    same health card (without the Ontario version code); same date of birth,
    or day and month swapped; a family-name key and a birth year within one;
    a given-name key and a birth year within one (a changed family name); a
    given-name key and a family-name key (a wrong or missing date)."""
    blocks: list[Q] = []
    card = health_card_base(record.health_card)
    if len(card) >= 6:
        blocks.append(Q(health_card_number__startswith=card))
    given, family = _given_keys(record.given_name), _keys(record.family_name)
    d = record.date_of_birth
    if d is None and record.birth_year:
        # A name and a year typed at the desk.
        y = record.birth_year
        years = Q(date_of_birth__range=(dt.date(y - 1, 1, 1), dt.date(y + 1, 12, 31)))
        years |= Q(date_of_birth__isnull=True, birth_year__range=(y - 1, y + 1))
        if family:
            blocks.append(years & _any_key(family))
        if given:
            blocks.append(years & _any_key(given))
    if d:
        dates = [d]
        if d.day <= 12 and d.day != d.month:
            with contextlib.suppress(ValueError):
                dates.append(d.replace(month=d.day, day=d.month))
        blocks.append(Q(date_of_birth__in=dates))
        years = Q(date_of_birth__range=(dt.date(d.year - 1, 1, 1), dt.date(d.year + 1, 12, 31)))
        years |= Q(date_of_birth__isnull=True, birth_year__range=(d.year - 1, d.year + 1))
        if family:
            blocks.append(years & _any_key(family))
        if given:
            blocks.append(years & _any_key(given))
    if given and family:
        blocks.append(_any_key(given) & _any_key(family))
    return blocks


def _pool_ids(record: PersonRecord) -> list[Any]:
    ids: dict[Any, None] = {}
    for block in _blocks(record):
        found = (
            Client.objects.filter(block, is_anonymous=False)
            .order_by()
            .values_list("pk", flat=True)[:PER_BLOCK]
        )
        ids.update(dict.fromkeys(found))
    return list(ids)


def _record_of(client: Client, aliases: list[ClientAlias]) -> PersonRecord:
    return PersonRecord(
        given_name=client.given_name,
        family_name=client.family_name,
        date_of_birth=client.date_of_birth,
        birth_year=client.birth_year,
        health_card=client.health_card_number,
        phone=client.phone,
        aliases=[(a.given_name, a.family_name) for a in aliases]
        + ([(client.preferred_name, client.family_name)] if client.preferred_name else []),
    )


def registry_matches(
    client: Client, *, threshold: float, weights: Any = None
) -> list[tuple[Client, MatchResult]]:
    """Other records of the whole registry that may be the same person as
    ``client``, at or above ``threshold``, best first. For the coordinators'
    review queue (an import's new records), never shown to a user as such."""
    record = _record_of(client, list(client.aliases.all()))
    ids = [pk for pk in _pool_ids(record) if pk != client.pk]
    if not ids:
        return []
    weights = weights or current_weights()
    found = []
    for other in Client.objects.filter(pk__in=ids).prefetch_related("aliases"):
        result = score(record, _record_of(other, list(other.aliases.all())), weights)
        if result.probability >= threshold:
            found.append((other, result))
    found.sort(key=lambda pair: (-pair[1].probability, str(pair[0].pk)))
    return found


def candidates_for(user: User, record: PersonRecord) -> list[Candidate]:
    """Records across the whole registry that may be this person, best first.
    ``visible`` says whether the user may see the record; the caller must not
    show anything of an invisible one."""
    ids = _pool_ids(record)
    if not ids:
        return []
    pool = list(
        Client.objects.filter(pk__in=ids)
        .select_related("registered_by_organization")
        .prefetch_related("aliases")
    )
    visible_ids = set(
        access.clients_visible_to(user)
        .filter(pk__in=[c.pk for c in pool])
        .values_list("pk", flat=True)
    )
    # A record the user may not see is only hinted at when they typed a full
    # name and a date of birth: a health card or a name alone must not let
    # anyone probe what other partners hold.
    may_hint = bool(record.given_name and record.family_name and record.date_of_birth)
    weights = current_weights()
    scored = []
    for client in pool:
        visible = client.pk in visible_ids
        if not visible and not may_hint:
            continue
        result = score(record, _record_of(client, list(client.aliases.all())), weights)
        if result.probability >= CANDIDATE_THRESHOLD:
            scored.append(Candidate(client=client, match=result, visible=visible))
    scored.sort(key=lambda c: (-c.match.probability, str(c.client.pk)))
    return _one_per_person(scored)[:MAX_CANDIDATES]


def candidates_for_search(user: User, record: PersonRecord) -> list[Candidate]:
    """``candidates_for`` what was typed in the search box, and for the same
    words with the family name first (« Brisson Alexandre »): the best of
    both for each record."""
    found = candidates_for(user, record)
    if record.given_name:
        words = f"{record.given_name} {record.family_name}".split()
        swapped = replace(record, given_name=" ".join(words[1:]), family_name=words[0])
        best = {c.client.pk: c for c in found}
        for candidate in candidates_for(user, swapped):
            known = best.get(candidate.client.pk)
            if known is None or candidate.match.probability > known.match.probability:
                best[candidate.client.pk] = candidate
        found = sorted(best.values(), key=lambda c: (-c.match.probability, str(c.client.pk)))
    return found[:MAX_CANDIDATES]


def _one_per_person(scored: list[Candidate]) -> list[Candidate]:
    """Merged records are one person: propose them once, by the best record
    the user may see (a hidden record of a person the user already sees is
    nothing to ask another partner about)."""
    keys = dict(
        PersonIdentity.objects.filter(client_id__in=[c.client.pk for c in scored]).values_list(
            "client_id", "person_key"
        )
    )
    if not keys:
        return scored
    person_of = {c.client.pk: keys.get(c.client.pk, c.client.pk) for c in scored}
    seen_visible = {person_of[c.client.pk] for c in scored if c.visible}
    kept: list[Candidate] = []
    taken: set[Any] = set()
    for c in scored:
        person = person_of[c.client.pk]
        if person in taken or (not c.visible and person in seen_visible):
            continue
        kept.append(c)
        taken.add(person)
    return kept


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def record_from_search(query: str) -> PersonRecord | None:
    """What a worker typed in the search box as a person: a name alone, a
    name and a year of birth, or a name and a date (``1978-04-11`` or
    ``11/04/1978``, day first as written in Canada; the day and month
    swapped is tried too). The last word is the family name. ``None`` when
    there is no name to look for."""
    words: list[str] = []
    date_of_birth: dt.date | None = None
    year: int | None = None
    for word in query.split():
        iso, slash = _ISO_DATE.match(word), _SLASH_DATE.match(word)
        parts = (
            (int(iso[1]), int(iso[2]), int(iso[3]))
            if iso
            else (int(slash[3]), int(slash[2]), int(slash[1]))
            if slash
            else None
        )
        if parts is not None:
            with contextlib.suppress(ValueError):
                date_of_birth = dt.date(*parts)
            if date_of_birth is None and slash:
                with contextlib.suppress(ValueError):
                    date_of_birth = dt.date(parts[0], parts[2], parts[1])
            continue
        if _YEAR.match(word):
            year = int(word)
            continue
        words.append(word)
    if not words:
        return None
    return PersonRecord(
        given_name=" ".join(words[:-1]),
        family_name=words[-1],
        date_of_birth=date_of_birth,
        birth_year=year if date_of_birth is None else None,
    )


def record_from_input(
    given_name: str, family_name: str, date_of_birth: dt.date | None, health_card: str = ""
) -> PersonRecord:
    return PersonRecord(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        health_card=health_card.strip(),
    )


def linkage_requests_received(user: User) -> QuerySet[LinkageRequest]:
    """Requests about the user's organization's clients, for its coordinators."""
    org_id = user.organization_id
    if not access.is_coordinator(user) or org_id is None:
        return LinkageRequest.objects.none()
    return LinkageRequest.objects.filter(target_organization_id=org_id).select_related(
        "target_client", "requesting_organization", "requested_by", "responded_by"
    )


def linkage_requests_sent(user: User) -> QuerySet[LinkageRequest]:
    """Requests the user's organization sent: status only, nothing of the other record."""
    org_id = user.organization_id
    if org_id is None:
        return LinkageRequest.objects.none()
    return LinkageRequest.objects.filter(requesting_organization_id=org_id).select_related(
        "requested_by", "responded_by"
    )


# --- Review queue and merges ------------------------------------------------------


def review_queue(user: User, *, status: str = MatchStatus.PENDING) -> QuerySet[MatchCandidate]:
    """Possible duplicates the coordinator may review, likeliest first."""
    return (
        access.match_candidates_visible_to(user)
        .filter(status=status)
        .select_related(
            "client_a__registered_by_organization",
            "client_b__registered_by_organization",
            "decided_by",
        )
        .order_by("-match_probability", "created_at", "pk")
    )


def match_candidate_get_for_user(user: User, candidate_id: uuid.UUID) -> MatchCandidate:
    candidate = (
        access.match_candidates_visible_to(user)
        .select_related(
            "client_a__registered_by_organization", "client_b__registered_by_organization"
        )
        .filter(pk=candidate_id)
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def identities_for(user: User, client: Client) -> list[Client]:
    """The other records of the same person that the user may see (one query:
    a record has at most one identity row; none, and nothing matches)."""
    key = PersonIdentity.objects.filter(client_id=client.pk).values("person_key")
    same_person = PersonIdentity.objects.filter(person_key=Subquery(key)).values("client_id")
    return list(
        access.clients_visible_to(user)
        .filter(pk__in=same_person)
        .exclude(pk=client.pk)
        .select_related("registered_by_organization")
        .order_by("created_at", "pk")
    )


def merges_for(user: User, client: Client) -> list[ClientMerge]:
    """Merges in force that joined this record, whose two records the user may
    see (the merges they could undo)."""
    visible = access.clients_visible_to(user).values("pk")
    return list(
        ClientMerge.objects.filter(unmerged_at__isnull=True)
        .filter(Q(client_a=client) | Q(client_b=client))
        .filter(client_a__in=visible, client_b__in=visible)
        .select_related("client_a", "client_b", "merged_by")
        .order_by("-created_at")
    )


def merge_get_for_user(user: User, merge_id: uuid.UUID) -> ClientMerge:
    visible = access.clients_visible_to(user).values("pk")
    merge = (
        ClientMerge.objects.filter(pk=merge_id, client_a__in=visible, client_b__in=visible)
        .select_related("client_a", "client_b", "merged_by")
        .first()
    )
    if merge is None or not access.can_review_duplicates(user):
        raise Http404
    return merge


def merge_in_force_for_candidate(user: User, candidate: MatchCandidate) -> ClientMerge | None:
    """The merge in force that a "same person" decision on the candidate
    made, for its undo link on the decision page; ``None`` when it was undone
    or the user may not undo it."""
    if candidate.merge_id is None or not access.can_review_duplicates(user):
        return None
    visible = access.clients_visible_to(user).values("pk")
    return ClientMerge.objects.filter(
        pk=candidate.merge_id,
        unmerged_at__isnull=True,
        client_a__in=visible,
        client_b__in=visible,
    ).first()
