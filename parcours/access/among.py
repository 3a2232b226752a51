"""``among(client_ids)``: the access rules on clients, answered for a known
set of clients at once.

Inside the block, ``clients_visible_to`` and ``clients_sharing`` answer for
these clients only, from what ``ClientAccess`` is made of, read for all of
them in a handful of small queries — the clients, the directives in force
naming the user's organization, a guardian's consent for a dependent under
the age of consent, the lock-boxes on a category, an emergency access —
and handed to every query after as a plain list of ids.

For a page that reads many kinds of records of a known set of clients (a
worklist reads plans, stays, tasks, applications… of a caseload): each of
its queries would otherwise carry, and compile, the whole consent rule as a
subquery. The rules are the same (``tests/access/test_among.py`` proves the
answers equal to the organization-wide rules'); the block must only ask
about records of these clients, and must not write (what it learnt would
go stale).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from parcours.access.base import (
    break_glass_in_force,
    category_lock_boxes,
    directives_for,
    staff_org,
)
from parcours.accounts.models import User
from parcours.clients.models import Client, ConsentDirective, DataCategory
from parcours.households.ages import under_age_of_consent
from parcours.households.models import Guardianship


@dataclass
class _Shared:
    """What one user's organization may see of the clients of a block."""

    visible: frozenset[Any]
    categories: dict[Any, frozenset[str]]


@dataclass
class Among:
    """The clients an ``among`` block reads about, and what it learnt of them."""

    client_ids: frozenset[Any]
    known: dict[Any, _Shared] = field(default_factory=dict)

    def _shared(self, user: User) -> _Shared:
        if user.pk not in self.known:
            self.known[user.pk] = _shared_with(user, self.client_ids)
        return self.known[user.pk]

    def visible_ids(self, user: User) -> list[Any]:
        """Those the user may know exist (``clients_visible_to``)."""
        return sorted(self._shared(user).visible, key=str)

    def sharing_ids(self, user: User, category: str) -> list[Any]:
        """Those whose ``category`` the user may see (``clients_sharing``)."""
        shared = self._shared(user)
        return sorted(
            (pk for pk in shared.visible if category in shared.categories.get(pk, ())), key=str
        )


_among: ContextVar[Among | None] = ContextVar("parcours_access_among", default=None)


def current_among() -> Among | None:
    return _among.get()


@contextmanager
def among(client_ids: Iterable[Any]) -> Iterator[None]:
    """Within the block, the rules on clients answer for these clients only
    (see the module's docstring)."""
    token = _among.set(Among(client_ids=frozenset(client_ids)))
    try:
        yield
    finally:
        _among.reset(token)


def visible_among(user: User) -> frozenset[Any]:
    """Inside an ``among`` block: which of its clients the user may know
    exist (``clients_visible_to`` for them), without a query of its own."""
    scope = _among.get()
    if scope is None:
        raise RuntimeError("visible_among() is asked inside an access.among() block only")
    return scope._shared(user).visible


def _shared_with(user: User, client_ids: frozenset[Any]) -> _Shared:
    """``ClientAccess``'s categories, for many clients at once."""
    org_id = staff_org(user)
    if org_id is None or not client_ids:
        return _Shared(visible=frozenset(), categories={})
    today = timezone.localdate()
    ids = list(client_ids)
    clients = list(
        Client.objects.filter(pk__in=ids).only(
            "id", "registered_by_organization_id", "date_of_birth", "birth_year"
        )
    )
    shared: dict[Any, set[str]] = {c.pk: set() for c in clients}
    for directive in directives_for(org_id).filter(client_id__in=ids):
        shared[directive.client_id].update(directive.categories)
    _add_guardians_consent(org_id, clients, shared, today)
    for box in category_lock_boxes(org_id).filter(client_id__in=ids):
        shared[box.client_id].discard(box.category)
    emergency = set(
        break_glass_in_force(user).filter(client_id__in=ids).values_list("client_id", flat=True)
    )
    visible = set()
    categories: dict[Any, frozenset[str]] = {}
    for client in clients:
        granted = set(DataCategory.values) if client.pk in emergency else shared[client.pk]
        if not user.is_clinical:
            granted.discard(DataCategory.CLINICAL)
        categories[client.pk] = frozenset(granted)
        if (
            client.registered_by_organization_id == org_id
            or DataCategory.IDENTITY in granted
            or client.pk in emergency
        ):
            visible.add(client.pk)
    return _Shared(visible=frozenset(visible), categories=categories)


def _add_guardians_consent(
    org_id: Any, clients: list[Client], shared: dict[Any, set[str]], today: Any
) -> None:
    """A dependent under the age of consent without a directive of their own
    in force: what their guardians' directives share (less the guardians'
    lock-boxes), as ``access.guardians`` says."""
    minors = [c.pk for c in clients if under_age_of_consent(c, today)]
    if not minors:
        return
    with_own = set(
        ConsentDirective.objects.in_force(today)
        .filter(client_id__in=minors)
        .values_list("client_id", flat=True)
    )
    links = list(
        Guardianship.objects.in_force(today)
        .filter(dependent_id__in=[m for m in minors if m not in with_own])
        .values_list("dependent_id", "guardian_id")
    )
    if not links:
        return
    guardians = {guardian for _dependent, guardian in links}
    by_guardian: dict[Any, set[str]] = {}
    for directive in directives_for(org_id).filter(client_id__in=guardians):
        by_guardian.setdefault(directive.client_id, set()).update(directive.categories)
    for box in category_lock_boxes(org_id).filter(client_id__in=list(by_guardian)):
        by_guardian[box.client_id].discard(box.category)
    for dependent, guardian in links:
        shared[dependent] |= by_guardian.get(guardian, set())
