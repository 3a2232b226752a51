"""Clients (the shared registry), by data category (identity and contact,
housing, case plan and general notes, clinical, financial):

* the organization that registered a client always sees the identity it
  collected and the client's pathway;
* any other partner sees a client, and each category, only while one of the
  client's directives in force names it (or all partners) for that category
  — or, for a dependent under the age of consent, a guardian's directive
  (``access.guardians``) — less what a lock-box keeps from it;
* a record (a visit, a pathway step, a stay, a note) is always visible to the
  organization that wrote it; to others, by its category as above, unless a
  lock-box keeps that one record from them;
* the clinical category is for clinical disciplines only, whatever the consent;
* break the glass: an emergency access with a reason opens every category to
  one staff member for ``BREAK_GLASS_HOURS``;
* superusers get no client access by being superusers: client data is seen
  through an organization, a directive or an emergency access.

A client the user may not see does not exist for them (404, never 403).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Model, Prefetch, Q, QuerySet, Value
from django.http import Http404

from parcours.access.among import current_among
from parcours.access.base import (
    Action,
    break_glass_in_force,
    category_lock_boxes,
    directives_for,
    is_privacy_reviewer,
    record_lock_box_ids,
    require_partner_staff,
    staff_org,
)
from parcours.access.guardians import (
    guardian_consent_categories,
    guardian_consent_dependents,
)
from parcours.accounts.models import Organization, User
from parcours.clients.models import (
    BreakGlassAccess,
    Client,
    ConsentDirective,
    ConsentLockBox,
    DataCategory,
)
from parcours.core import context


def clients_visible_to(user: User) -> QuerySet[Client]:
    """Every client the user may know exists: their organization registered
    them, a directive in force shares their identity with it, or the user
    holds an emergency access.

    Built once per safe request (``core.context.remembered``): a page asks
    for it, and for ``clients_sharing``, many times over (a worklist's every
    source); each caller gets its own copy to chain on."""
    scope = current_among()
    if scope is not None:
        return Client.objects.filter(pk__in=scope.visible_ids(user))
    return context.remembered(
        ("clients_visible_to", user.pk), lambda: _clients_visible_to(user)
    ).all()


def _clients_visible_to(user: User) -> QuerySet[Client]:
    org_id = staff_org(user)
    if org_id is None:
        return Client.objects.none()
    shared = directives_for(org_id).filter(share_identity=True).values("client_id")
    locked = category_lock_boxes(org_id).filter(category=DataCategory.IDENTITY).values("client_id")
    emergency = break_glass_in_force(user).values("client_id")
    return Client.objects.filter(
        Q(registered_by_organization_id=org_id)
        | ((Q(pk__in=shared) | Q(pk__in=guardian_consent_dependents(org_id))) & ~Q(pk__in=locked))
        | Q(pk__in=emergency)
    )


def clients_sharing(user: User, category: str) -> QuerySet[Client]:
    """Clients (of those the user may see) whose records of ``category``
    written by other partners the user may see: a directive in force — the
    client's own or, for a dependent, a guardian's — shares the category with
    the user's organization and no lock-box keeps it back, or the user holds
    an emergency access. The clinical category only for clinical disciplines.

    The set-based twin of ``ClientAccess.can(category)``, for lists over
    many clients (worklists, stays, reports). Built once per safe request,
    as ``clients_visible_to`` is."""
    scope = current_among()
    if scope is not None:
        # The block already keeps the clinical category from other disciplines.
        return Client.objects.filter(pk__in=scope.sharing_ids(user, category))
    return context.remembered(
        ("clients_sharing", user.pk, category), lambda: _clients_sharing(user, category)
    ).all()


def _clients_sharing(user: User, category: str) -> QuerySet[Client]:
    org_id = staff_org(user)
    if org_id is None or (category == DataCategory.CLINICAL and not user.is_clinical):
        return Client.objects.none()
    field = ConsentDirective.share_field(category)
    shared = directives_for(org_id).filter(**{field: True}).values("client_id")
    by_guardian = guardian_consent_dependents(org_id, category)
    locked = category_lock_boxes(org_id).filter(category=category).values("client_id")
    emergency = break_glass_in_force(user).values("client_id")
    return clients_visible_to(user).filter(
        ((Q(pk__in=shared) | Q(pk__in=by_guardian)) & ~Q(pk__in=locked)) | Q(pk__in=emergency)
    )


def records_visible_filter(
    user: User,
    *,
    category: str,
    model_label: str,
    client_path: str = "client_id",
    organization_path: str = "organization_id",
) -> Q:
    """A filter for records of many clients the user may see: their
    organization wrote them, or the client shares ``category`` with it
    (``clients_sharing``); less the single records a lock-box keeps from it."""
    org_id = staff_org(user)
    if org_id is None:
        return Q(pk__in=[])
    sharing = clients_sharing(user, category).values("pk")
    locked = record_lock_box_ids(org_id, model_label)
    visible = Q(**{organization_path: org_id}) | Q(**{f"{client_path}__in": sharing})
    return visible & ~Q(pk__in=locked)


@dataclass(frozen=True)
class ClientAccess:
    """What one staff member may see of one client, worked out once per request."""

    client: Client
    user: User
    categories: frozenset[str]
    registered_here: bool
    break_glass: BreakGlassAccess | None
    locked_records: frozenset[tuple[str, str]]
    identity_by_consent: bool = False

    def can(self, category: str) -> bool:
        return category in self.categories

    def locked_ids(self, model_label: str) -> list[str]:
        """The ids of this client's records of one kind (``"beds.stay"``) a
        lock-box keeps from the user's organization."""
        return [tid for (label, tid) in self.locked_records if label == model_label]

    @property
    def organization_id(self) -> uuid.UUID:
        """The user's organization: one is built for partner staff only."""
        org_id = self.user.organization_id
        if org_id is None:
            raise PermissionDenied
        return org_id

    def allows(self, action: Action, category: str = DataCategory.IDENTITY) -> bool:
        """May the user do ``action`` on the client's records of ``category``:
        partners write what they may read; ``clinical`` is the clinical
        category; ``break_glass`` is whether an emergency access is open."""
        if action is Action.BREAK_GLASS:
            return self.break_glass is not None
        if action is Action.CLINICAL:
            return self.can(DataCategory.CLINICAL)
        return self.can(category)

    @property
    def can_record_consent(self) -> bool:
        """Record a new directive: the organization that registered the client
        holds their consent, so no partner can widen what it is shown itself."""
        return self.registered_here

    @property
    def can_withdraw_consent(self) -> bool:
        """Record the client's withdrawal: the registering organization, or a
        partner the client shares their identity with (the client may say it
        anywhere), never an emergency access alone."""
        return self.registered_here or self.identity_by_consent

    @property
    def sees_pathway(self) -> bool:
        return self.registered_here or self.can(DataCategory.CASE_PLAN)

    def can_see_record(self, record: Model, *, category: str, organization_id: uuid.UUID) -> bool:
        if (record._meta.label_lower, str(record.pk)) in self.locked_records:
            return False
        if organization_id == self.user.organization_id:
            return True
        return self.can(category)

    def record_filter(self, *, category: str, model_label: str) -> Q:
        """A filter for records of this client the user may see (their
        organization wrote them, or the category is shared) less locked ones."""
        locked_ids = self.locked_ids(model_label)
        visible = Q(organization_id=self.user.organization_id)
        if self.can(category):
            visible = Q()
        return visible & ~Q(pk__in=locked_ids)


def client_access_for(user: User, client: Client) -> ClientAccess:
    org_id = staff_org(user)
    if org_id is None:
        raise Http404
    registered_here = client.registered_by_organization_id == org_id
    categories: set[str] = set()
    if registered_here:
        categories.add(DataCategory.IDENTITY)
    for directive in directives_for(org_id).filter(client=client):
        categories.update(directive.categories)
    identity_by_consent = DataCategory.IDENTITY in categories
    # A dependent under the age of consent: their guardians' consent governs too.
    categories |= guardian_consent_categories(org_id, client)
    boxes = list(
        ConsentLockBox.objects.filter(
            client=client, organization_id=org_id, removed_at__isnull=True
        )
    )
    categories -= {box.category for box in boxes if box.category}
    identity_by_consent = identity_by_consent and DataCategory.IDENTITY in categories
    emergency = break_glass_in_force(user).filter(client=client).order_by("-expires_at").first()
    if emergency is not None:
        categories.update(DataCategory.values)
    if not user.is_clinical:
        categories.discard(DataCategory.CLINICAL)
    if DataCategory.IDENTITY not in categories and not registered_here and emergency is None:
        raise Http404
    return ClientAccess(
        client=client,
        user=user,
        categories=frozenset(categories),
        registered_here=registered_here,
        break_glass=emergency,
        locked_records=frozenset(
            (box.target_type, box.target_id) for box in boxes if box.target_id
        ),
        identity_by_consent=identity_by_consent,
    )


def client_get_for_user(user: User, client_id: uuid.UUID | str) -> ClientAccess:
    """The client and what the user may see of it, or 404."""
    try:
        client = (
            clients_visible_to(user)
            .select_related(
                "registered_by_organization",
                "gender_identity",
                "sexual_orientation",
                "indigenous_identity",
                "racialized_identity",
                "citizenship_status",
                "housing_situation_at_intake",
            )
            .get(pk=client_id)
        )
    except (Client.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    return client_access_for(user, client)


def client_get_for_staff(
    user: User | AnonymousUser, client_id: uuid.UUID | str
) -> tuple[User, ClientAccess]:
    """For a screen: the partner staff member (PermissionDenied otherwise)
    and what they may see of the client (404 when nothing)."""
    staff = require_partner_staff(user)
    return staff, client_get_for_user(staff, client_id)


def can_break_glass(user: User | AnonymousUser) -> bool:
    return staff_org(user) is not None


def can_review_break_glass(user: User | AnonymousUser) -> bool:
    return is_privacy_reviewer(user)


def break_glass_reviews_visible_to(user: User) -> QuerySet[BreakGlassAccess]:
    """Emergency accesses a privacy reviewer reviews: those of their organization's staff."""
    org_id = user.organization_id
    if org_id is None or not can_review_break_glass(user):
        return BreakGlassAccess.objects.none()
    return BreakGlassAccess.objects.filter(organization_id=org_id)


def can_view_client_access_log(client_access: ClientAccess) -> bool:
    """Who opened this record: for the coordinators and administrators of the
    organization that registered the client (its privacy contacts)."""
    return client_access.registered_here and is_privacy_reviewer(client_access.user)


def consent_directives_visible_to(client_access: ClientAccess) -> QuerySet[ConsentDirective]:
    """The client's consent directives the user may see, with what they may see of each.

    The organization that registered the client holds their consent: its staff
    (and so the client's privacy reviewers, its administrators and program
    coordinators) see every directive, every partner named and the witness.
    Any other partner — by consent, a guardian's consent or an emergency
    access — sees only the directives that concern it (naming it, or all
    partners), of their partners only itself, and no witness: who else the
    client shares with, and what, is not its business. Each directive carries
    ``witness_shown`` (the witness, or "") and ``organizations`` prefetched
    to the partners shown."""
    directives = ConsentDirective.objects.filter(client=client_access.client)
    if client_access.registered_here:
        return directives.annotate(witness_shown=F("witnessed_by")).prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.order_by("name"))
        )
    org_id = client_access.organization_id
    concerning = directives.filter(Q(all_partners=True) | Q(organizations=org_id)).values("pk")
    return (
        ConsentDirective.objects.filter(pk__in=concerning)
        .annotate(witness_shown=Value(""))
        .prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.filter(pk=org_id))
        )
    )
