"""Identity resolution: the review queue of possible duplicates and merges."""

from __future__ import annotations

from django.db.models import QuerySet

from parcours.access.base import is_coordinator, staff_org
from parcours.access.clients import clients_visible_to
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.linkage.models import MatchCandidate


def can_review_duplicates(user: User) -> bool:
    """The review queue of possible duplicates is for coordinators of a partner."""
    return staff_org(user) is not None and is_coordinator(user)


def match_candidates_visible_to(user: User) -> QuerySet[MatchCandidate]:
    """Possible duplicates a coordinator may review: both records are ones
    they may see (a pair with a record they may not see would tell them who
    another partner serves; search-before-create asks that partner instead)."""
    if not can_review_duplicates(user):
        return MatchCandidate.objects.none()
    visible = clients_visible_to(user).values("pk")
    return MatchCandidate.objects.filter(client_a__in=visible, client_b__in=visible)


def can_merge(user: User, client_a: Client, client_b: Client) -> bool:
    """Merge two records, or undo their merge: a coordinator who may see both.
    A merge changes nobody's access: each record keeps its own consent."""
    if not can_review_duplicates(user):
        return False
    ids = {client_a.pk, client_b.pk}
    return clients_visible_to(user).filter(pk__in=ids).count() == len(ids)
