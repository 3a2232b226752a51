"""Reads of the client registry, always through the access policy."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    UUIDField,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from parcours import access
from parcours.access import ClientAccess
from parcours.accounts.models import User
from parcours.clients.models import (
    BreakGlassAccess,
    Client,
    ConsentDirective,
    ConsentLockBox,
    DataCategory,
    PathwayStage,
    RevolvingDoorAlert,
    Visit,
    VisitService,
)
from parcours.core.models import AuditAction, AuditEvent
from parcours.core.text import fold, is_uuid, normalise_health_card

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def client_search(user: User, query: str) -> QuerySet[Client]:
    """Visible clients matching every word of the query: a name or alias
    (partial, accents and case ignored), a date of birth (YYYY-MM-DD) or a
    health card number."""
    qs = access.clients_visible_to(user).select_related("registered_by_organization")
    query = query.strip()
    if not query:
        return qs.order_by("-created_at")
    whole_card = normalise_health_card(query)
    typed_a_date = any(_DATE.match(word) for word in query.split())
    if (
        not typed_a_date
        and len(whole_card) >= 8
        and sum(ch.isdigit() for ch in whole_card) >= 6
        and " " in query
    ):
        # A health card typed with spaces: "1234 567 890 AB".
        return qs.filter(health_card_number=whole_card).order_by("family_name", "given_name")
    conditions = Q()
    for word in query.split():
        if _DATE.match(word):
            try:
                day = dt.date.fromisoformat(word)
            except ValueError:
                return qs.none()
            conditions &= Q(date_of_birth=day)
            continue
        card = normalise_health_card(word)
        folded = fold(word)
        word_q = Q()
        if folded:
            word_q |= Q(search_text__contains=folded)
        if len(card) >= 6 and any(ch.isdigit() for ch in card):
            word_q |= Q(health_card_number=card)
        if not word_q:
            continue
        conditions &= word_q
    return qs.filter(conditions).order_by("family_name", "given_name")


def person_search(user: User, query: str) -> QuerySet[Client]:
    """The Clients page's search: like ``client_search``, but one row per
    **person**. Records that a merge joined (one ``person_key``) are one row —
    the person's earliest record the user may see that matches — annotated
    with ``record_count``, the number of that person's matching records the
    user may see (the page's "2 records" badge; records the user may not see
    are neither counted nor hinted at). The client file folds the others in."""
    person = Coalesce(F("person_identity__person_key"), F("pk"), output_field=UUIDField())
    matching = client_search(user, query).annotate(person=person)
    same_person = matching.order_by().filter(person=OuterRef("person"))
    earlier = same_person.filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    records = same_person.annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    ).values("n")
    return matching.filter(~Exists(earlier)).annotate(
        record_count=Subquery(records[:1], output_field=IntegerField())
    )


def client_by_exact_identifiers(
    *, health_card_number: str = "", name: str = "", date_of_birth: dt.date | None = None
) -> Client | None:
    """The one client an emergency access may open: the only record matching
    every identifier given exactly — a health card number, or a full name
    (given or preferred name and family name; accents and case ignored) with
    the date of birth. Nothing partial, no guess between two records: None
    when the identifiers are not enough or match no single record.

    Emergency access is for someone the caller has in front of them, so the
    record is looked up among all clients, outside consent."""
    card = normalise_health_card(health_card_number)
    if card and not (len(card) >= 6 and any(ch.isdigit() for ch in card)):
        return None
    if not card and not (fold(name) and date_of_birth is not None):
        return None
    qs = Client.objects.all()
    if card:
        qs = qs.filter(health_card_number=card)
    if date_of_birth is not None:
        qs = qs.filter(date_of_birth=date_of_birth)
    if fold(name):
        matches = [
            c
            for c in qs
            if fold(f"{c.given_name} {c.family_name}") == fold(name)
            or fold(f"{c.preferred_name} {c.family_name}") == fold(name)
        ][:2]
    else:
        matches = list(qs[:2])
    return matches[0] if len(matches) == 1 else None


def break_glass_identifiers(identifier: str, date_of_birth: dt.date | None) -> dict[str, Any]:
    """The emergency-access screen's one field, read as the identifiers
    ``client_by_exact_identifiers`` takes: a health card number when it looks
    like one (the date of birth is then not needed), else a full name."""
    card = normalise_health_card(identifier)
    if len(card) >= 6 and any(ch.isdigit() for ch in card):
        return {"health_card_number": identifier}
    return {"name": identifier, "date_of_birth": date_of_birth}


def visits_for(client_access: ClientAccess) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(client=client_access.client)
        .filter(
            client_access.record_filter(
                category=DataCategory.CASE_PLAN, model_label="clients.visit"
            )
        )
        .select_related("organization", "recorded_by")
        .prefetch_related(Prefetch("services", queryset=VisitService.objects.order_by("kind")))
        .order_by("-occurred_at")
    )


def pathway_for(client_access: ClientAccess) -> QuerySet[PathwayStage]:
    locked = client_access.locked_ids("clients.pathwaystage")
    return _pathway_for(client_access).exclude(pk__in=locked)


def _pathway_for(client_access: ClientAccess) -> QuerySet[PathwayStage]:
    if client_access.sees_pathway:
        qs = PathwayStage.objects.filter(client=client_access.client)
    else:
        qs = PathwayStage.objects.filter(
            client=client_access.client, organization_id=client_access.organization_id
        )
    return qs.select_related("organization", "recorded_by", "alert").order_by(
        "-entered_on", "-created_at"
    )


def consents_for(client_access: ClientAccess) -> QuerySet[ConsentDirective]:
    """The client's directives the user may see (``access.consent_directives_visible_to``):
    all of them for the registering organization, those that concern it for a partner."""
    return (
        access.consent_directives_visible_to(client_access)
        .select_related("recorded_by", "recorded_by_organization", "withdrawn_by")
        .order_by("-start_date", "-created_at")
    )


def consent_get_for_user(
    user: User, directive_id: uuid.UUID | str
) -> tuple[ConsentDirective, ClientAccess]:
    """A directive of a client the user may see, if it is one they may see; 404 otherwise."""
    try:
        client_id = ConsentDirective.objects.values_list("client_id", flat=True).get(
            pk=directive_id
        )
    except (ConsentDirective.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    client_access = access.client_get_for_user(user, client_id)
    directive = consents_for(client_access).filter(pk=directive_id).first()
    if directive is None:
        raise Http404
    return directive, client_access


def client_access_log(client_access: ClientAccess) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(client_id=client_access.client.pk)
        .select_related("actor", "organization")
        .order_by("-id")
    )


def alerts_for_user(user: User, *, open_only: bool = True) -> QuerySet[RevolvingDoorAlert]:
    """Revolving-door alerts about clients whose pathway the user follows."""
    org_id = user.organization_id
    if org_id is None:
        return RevolvingDoorAlert.objects.none()
    today = timezone.localdate()
    shared = (
        ConsentDirective.objects.in_force(today)
        .filter(share_case_plan=True)
        .filter(Q(all_partners=True) | Q(organizations=org_id))
        .values("client_id")
    )
    case_plan_locked = ConsentLockBox.objects.filter(
        organization_id=org_id, removed_at__isnull=True, category=DataCategory.CASE_PLAN
    ).values("client_id")
    locked_steps = ConsentLockBox.objects.filter(
        organization_id=org_id, removed_at__isnull=True, target_type="clients.pathwaystage"
    ).values_list("target_id", flat=True)
    visible = access.clients_visible_to(user).filter(
        Q(registered_by_organization_id=org_id) | (Q(pk__in=shared) & ~Q(pk__in=case_plan_locked))
    )
    qs = (
        RevolvingDoorAlert.objects.filter(client__in=visible)
        .exclude(pathway_stage_id__in=[uuid.UUID(t) for t in locked_steps if is_uuid(t)])
        .select_related("client", "pathway_stage", "pathway_stage__recorded_by", "acknowledged_by")
    )
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    # Newest first by the date shown (the day the client moved back a stage).
    return qs.order_by("-pathway_stage__entered_on", "-created_at")


def break_glass_reviews(user: User, *, pending_only: bool = True) -> QuerySet[BreakGlassAccess]:
    qs = access.break_glass_reviews_visible_to(user).select_related("user", "client", "reviewed_by")
    if pending_only:
        qs = qs.filter(reviewed_at__isnull=True)
    return qs.order_by("-created_at")


@dataclass
class BreakGlassRow:
    """One emergency access on the review list, in words: the client's name
    only when the reviewer may see the client, and what was viewed."""

    grant: BreakGlassAccess
    client_visible: bool
    viewed: list[AuditEvent] = field(default_factory=list)


def break_glass_review_rows(user: User, grants: Sequence[BreakGlassAccess]) -> list[BreakGlassRow]:
    """The page's grants with, in two queries whatever their number, whether
    the reviewer may see each client (the access policy) and the audit events
    of the grant's holder on that client during the access (what they read
    and changed; the opening of the access itself is the grant)."""
    grants = list(grants)
    if not grants:
        return []
    client_ids = {g.client_id for g in grants}
    visible = set(
        access.clients_visible_to(user).filter(pk__in=client_ids).values_list("pk", flat=True)
    )
    window = Q(pk__in=[])
    for g in grants:
        window |= Q(
            actor_id=g.user_id,
            client_id=g.client_id,
            occurred_at__gte=g.created_at,
            occurred_at__lte=g.expires_at,
        )
    events: dict[tuple[Any, Any], list[AuditEvent]] = {}
    for event in (
        AuditEvent.objects.filter(window)
        .exclude(action=AuditAction.BREAK_GLASS)
        .order_by("occurred_at", "id")
    ):
        events.setdefault((event.actor_id, event.client_id), []).append(event)
    rows = []
    for g in grants:
        viewed = [
            e
            for e in events.get((g.user_id, g.client_id), [])
            if g.created_at <= e.occurred_at <= g.expires_at
        ]
        rows.append(BreakGlassRow(grant=g, client_visible=g.client_id in visible, viewed=viewed))
    return rows


def service_totals(user: User, *, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    """Services given by the user's organization, per local day, site and
    kind, with the number of visits: the hub's daily counts."""
    org_id = user.organization_id
    if org_id is None:
        return []
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = (
        VisitService.objects.filter(
            visit__organization_id=org_id, visit__occurred_at__gte=start, visit__occurred_at__lt=end
        )
        .annotate(day=TruncDate("visit__occurred_at", tzinfo=tz))
        .values("day", "visit__site", "kind")
        .annotate(total=Sum("quantity"), visits=Count("visit", distinct=True))
        .order_by("-day", "visit__site", "kind")
    )
    return list(rows)


def visit_sites(user: User) -> list[str]:
    """The names of the user's organization's active sites, where its visits
    happen (empty: the organization has none, and the site is typed)."""
    return list(
        access.bed_sites_run_by(user)
        .filter(is_active=True)
        .order_by("name")
        .values_list("name", flat=True)
    )


def usual_visit_site(user: User) -> str:
    """The site of the last visit the user recorded for their organization."""
    org_id = user.organization_id
    if org_id is None:
        return ""
    site = (
        Visit.objects.filter(recorded_by=user, organization_id=org_id)
        .exclude(site="")
        .order_by("-occurred_at")
        .values_list("site", flat=True)
        .first()
    )
    return site or ""
