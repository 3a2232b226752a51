"""Writes of identity resolution: linkage requests to another partner,
merges and their undoing, the review queue's decisions, and batch linkage of
the registry."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.clients.models import Client
from parcours.clients.services import clients_searched
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.linkage.engine import PersonRecord
from parcours.linkage.explain import evidence_to_json
from parcours.linkage.models import (
    ClientMerge,
    LinkageRequest,
    LinkageRequestStatus,
    LinkageRun,
    MatchCandidate,
    MatchStatus,
    PersonIdentity,
)
from parcours.linkage.selectors import candidates_for, registry_matches
from parcours.linkage.weights import current_weights


def linkage_request_create(
    *, acting_user: User, record: PersonRecord, hidden_rank: int
) -> LinkageRequest:
    """Ask the partner that registered the ``hidden_rank``-th hidden candidate
    for ``record`` whether it is the same person. The candidate is found again
    on the server: nothing identifying it ever reaches the requester."""
    if acting_user.organization_id is None:
        raise PermissionDenied
    hidden = [c for c in candidates_for(acting_user, record) if not c.visible]
    if not 0 <= hidden_rank < len(hidden):
        raise ValidationError(_("This possible record is no longer proposed. Search again."))
    candidate = hidden[hidden_rank]
    target: Client = candidate.client
    already = LinkageRequest.objects.filter(
        target_client=target,
        requesting_organization_id=acting_user.organization_id,
        status=LinkageRequestStatus.OPEN,
    ).first()
    if already is not None:
        # Answered exactly like a new request: a refusal would tell the
        # requester that two different searches point to the same person.
        return already
    request = LinkageRequest(
        target_client=target,
        target_organization_id=target.registered_by_organization_id,
        requested_by=acting_user,
        requesting_organization_id=acting_user.organization_id,
        given_name=record.given_name,
        family_name=record.family_name,
        date_of_birth=record.date_of_birth,
        match_probability=round(candidate.match.probability, 4),
    )
    request.full_clean()
    with transaction.atomic():
        request.save(force_insert=True)
        # No client_id: the requesting organization's audit log must not show
        # the id of a record it may not see. The partner's answer is logged
        # against its client.
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            target=request,
            after={"status": request.status},
        )
    return request


def linkage_request_answer(
    *, acting_user: User, request: LinkageRequest, status: str, note: str = ""
) -> LinkageRequest:
    """The partner's coordinator says whether it is the same person."""
    if (
        not access.is_coordinator(acting_user)
        or acting_user.organization_id != request.target_organization_id
    ):
        raise PermissionDenied
    if status not in (LinkageRequestStatus.SAME_PERSON, LinkageRequestStatus.NOT_SAME_PERSON):
        raise ValidationError({"status": _("Say whether it is the same person.")})
    if request.status != LinkageRequestStatus.OPEN:
        raise ValidationError(_("This request was already answered."))
    with transaction.atomic():
        request.status = status
        request.responded_by = acting_user
        request.responded_at = timezone.now()
        request.response_note = note.strip()
        request.save(
            update_fields=["status", "responded_by", "responded_at", "response_note", "updated_at"]
        )
        audit_record(
            action=AuditAction.UPDATE,
            actor=acting_user,
            target=request,
            client_id=request.target_client_id,
            before={"status": LinkageRequestStatus.OPEN},
            after={"status": status},
        )
    return request


# --- Merges --------------------------------------------------------------------


def _components(start: set[uuid.UUID]) -> list[set[uuid.UUID]]:
    """The groups of records joined by merges in force, reached from ``start``."""
    seen: set[uuid.UUID] = set()
    groups: list[set[uuid.UUID]] = []
    for origin in start:
        if origin in seen:
            continue
        group = {origin}
        frontier = {origin}
        while frontier:
            edges = ClientMerge.objects.filter(unmerged_at__isnull=True).filter(
                Q(client_a__in=frontier) | Q(client_b__in=frontier)
            )
            reached = {i for pair in edges.values_list("client_a", "client_b") for i in pair}
            frontier = reached - group
            group |= frontier
        seen |= group
        groups.append(group)
    return groups


def _regroup(client_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Bring ``PersonIdentity`` in line with the merges in force for the
    groups of ``client_ids``; the key of a person is their oldest record."""
    keys: dict[uuid.UUID, uuid.UUID] = {}
    for group in _components(client_ids):
        if len(group) == 1:
            (alone,) = group
            PersonIdentity.objects.filter(client_id=alone).delete()
            keys[alone] = alone
            continue
        oldest = (
            Client.objects.filter(pk__in=group)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )[0]
        for client_id in group:
            PersonIdentity.objects.update_or_create(
                client_id=client_id, defaults={"person_key": oldest}
            )
            keys[client_id] = oldest
    return keys


def person_key(client_id: uuid.UUID) -> uuid.UUID:
    """The person a record is an identity of (its own id when never merged)."""
    key = (
        PersonIdentity.objects.filter(client_id=client_id)
        .values_list("person_key", flat=True)
        .first()
    )
    return key or client_id


def _pair(a: Client, b: Client) -> tuple[Client, Client]:
    return (a, b) if str(a.pk) < str(b.pk) else (b, a)


def client_merge(
    *,
    acting_user: User | None,
    client_a: Client,
    client_b: Client,
    note: str = "",
    match_probability: float | None = None,
    automatic: bool = False,
) -> ClientMerge:
    """Record that two records are one person. Both records stay, each with
    its own consent directives and lock-boxes: what each partner may see is
    unchanged. ``acting_user`` is None only for an automatic merge."""
    if automatic:
        if acting_user is not None:
            raise ValueError("an automatic merge has no acting user")
    elif acting_user is None or not access.can_merge(acting_user, client_a, client_b):
        raise PermissionDenied
    a, b = _pair(client_a, client_b)
    if a.pk == b.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    if a.is_anonymous or b.is_anonymous:
        raise ValidationError(
            _("An anonymous record is linked to the named record from its file, not merged.")
        )
    candidate = MatchCandidate.objects.filter(client_a=a, client_b=b).first()
    if candidate is not None and candidate.status == MatchStatus.NOT_SAME_PERSON:
        raise ValidationError(_("These records were found not to be the same person."))
    with transaction.atomic():
        # Lock both records so that two coordinators merging at once cannot
        # both pass the "already one person" check.
        list(Client.objects.select_for_update().filter(pk__in=[a.pk, b.pk]))
        before_a, before_b = person_key(a.pk), person_key(b.pk)
        if before_a == before_b:
            raise ValidationError(_("These records are already one person."))
        merge = ClientMerge(
            client_a=a,
            client_b=b,
            match_probability=match_probability,
            automatic=automatic,
            merged_by=acting_user,
            organization_id=acting_user.organization_id if acting_user else None,
            note=note.strip(),
        )
        merge.full_clean()
        merge.save(force_insert=True)
        after = _regroup({a.pk, b.pk})
        if candidate is not None:
            candidate.status = MatchStatus.SAME_PERSON
            candidate.decided_by = acting_user
            candidate.decided_at = timezone.now()
            candidate.merge = merge
            candidate.save(
                update_fields=["status", "decided_by", "decided_at", "merge", "updated_at"]
            )
        for client, before in ((a, before_a), (b, before_b)):
            audit_record(
                action=AuditAction.MERGE,
                actor=acting_user,
                actor_label="" if acting_user else "link_clients",
                target=merge,
                client_id=client.pk,
                before={"person": str(before)},
                after={"person": str(after[client.pk])},
                detail={"automatic": automatic, "probability": match_probability},
            )
    return merge


def client_unmerge(*, acting_user: User, merge: ClientMerge, reason: str) -> ClientMerge:
    """Undo a merge: the two records are two people again, exactly as before
    (other merges in force stay). The review item goes back to the queue."""
    if not access.can_merge(acting_user, merge.client_a, merge.client_b):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the merge is undone.")})
    with transaction.atomic():
        merge = ClientMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.unmerged_at is not None:
            raise ValidationError(_("This merge was already undone."))
        before = {c: person_key(c) for c in (merge.client_a_id, merge.client_b_id)}
        merge.unmerged_at = timezone.now()
        merge.unmerged_by = acting_user
        merge.unmerge_reason = reason.strip()
        merge.save(update_fields=["unmerged_at", "unmerged_by", "unmerge_reason", "updated_at"])
        after = _regroup({merge.client_a_id, merge.client_b_id})
        MatchCandidate.objects.filter(merge=merge).update(
            status=MatchStatus.PENDING,
            decided_by=None,
            decided_at=None,
            merge=None,
            updated_at=timezone.now(),
        )
        for client_id in (merge.client_a_id, merge.client_b_id):
            audit_record(
                action=AuditAction.UNMERGE,
                actor=acting_user,
                target=merge,
                client_id=client_id,
                before={"person": str(before[client_id])},
                after={"person": str(after[client_id])},
                detail={"reason": merge.unmerge_reason},
            )
    return merge


# --- Review queue ----------------------------------------------------------------


def match_decide(
    *, acting_user: User, candidate: MatchCandidate, decision: str, note: str = ""
) -> MatchCandidate:
    """A coordinator's decision on a possible duplicate: same person (merge),
    not the same person (never proposed again), or defer."""
    if not access.match_candidates_visible_to(acting_user).filter(pk=candidate.pk).exists():
        raise PermissionDenied
    if candidate.status in (MatchStatus.SAME_PERSON, MatchStatus.NOT_SAME_PERSON):
        raise ValidationError(_("This pair was already decided."))
    if decision == MatchStatus.SAME_PERSON:
        client_merge(
            acting_user=acting_user,
            client_a=candidate.client_a,
            client_b=candidate.client_b,
            note=note,
            match_probability=candidate.match_probability,
        )
        candidate.refresh_from_db()
        return candidate
    if decision not in (MatchStatus.NOT_SAME_PERSON, MatchStatus.DEFERRED):
        raise ValidationError(
            {"decision": _("Choose same person, not the same person, or decide later.")}
        )
    with transaction.atomic():
        before = candidate.status
        candidate.status = decision
        candidate.decided_by = acting_user
        candidate.decided_at = timezone.now()
        candidate.note = note.strip()
        candidate.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
        for client_id in (candidate.client_a_id, candidate.client_b_id):
            audit_record(
                action=AuditAction.UPDATE,
                actor=acting_user,
                target=candidate,
                client_id=client_id,
                before={"status": before},
                after={"status": decision},
            )
    return candidate


# --- Batch linkage of the registry ---------------------------------------------------

ALIAS_SEPARATOR = "~"


def _registry_rows() -> list[dict[str, str]]:
    """Every named record as a row for the batch engine, plus one row per
    other name (aliases, preferred name) so that birth and married names are
    compared too; ``record_id`` is ``<client id>`` or ``<client id>~<n>``."""
    rows: list[dict[str, str]] = []
    clients = (
        Client.objects.filter(is_anonymous=False)
        .select_related("gender_identity")
        .prefetch_related("aliases")
    )
    for client in clients.iterator(chunk_size=2000):
        base = {
            "record_id": str(client.pk),
            "source": str(client.registered_by_organization_id),
            "given_name": client.given_name,
            "family_name": client.family_name,
            "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else "",
            "health_card_number": client.health_card_number,
            "phone": client.phone,
            "email": client.email,
            # The code of the answer (woman, man, non_binary...): the engine
            # reads it; "unknown" and "prefer not to say" count as missing.
            "gender": client.gender_identity.code if client.gender_identity else "",
            # The record and its aliases are one person already: not paired.
            "group_id": str(client.pk),
        }
        rows.append(base)
        others = [(a.given_name, a.family_name) for a in client.aliases.all()]
        if client.preferred_name:
            others.append((client.preferred_name, client.family_name))
        for n, (given, family) in enumerate(others, start=1):
            rows.append(
                {
                    **base,
                    "record_id": f"{client.pk}{ALIAS_SEPARATOR}{n}",
                    "given_name": given or client.given_name,
                    "family_name": family or client.family_name,
                }
            )
    return rows


def linkage_run_registry(
    *,
    review_threshold: float | None = None,
    auto_merge_threshold: float | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    db_api: Any = None,
) -> LinkageRun:
    """Score the whole registry with the batch engine and fill the review
    queue (on ``db_api``, a Splink database API: DuckDB when None, or
    ``batch.spark.spark_db_api()``). Pairs already one person, or found not to be, are left alone; a
    pair at or above ``auto_merge_threshold`` (off when None) is merged
    without review. Pending pairs that no longer score are withdrawn."""
    import pandas as pd  # heavy: only for batch runs

    from parcours.linkage.batch import link_records, pair_evidence

    threshold = settings.LINKAGE_REVIEW_THRESHOLD if review_threshold is None else review_threshold
    run = LinkageRun.objects.create(
        review_threshold=threshold, auto_merge_threshold=auto_merge_threshold
    )
    rows = _registry_rows()
    best: dict[tuple[str, str], tuple[float, Any]] = {}
    if rows:
        result = link_records(
            pd.DataFrame(rows),
            pair_threshold=threshold,
            cluster_threshold=max(threshold, 0.99),
            db_api=db_api,
        )
        run.model = result.model
        for pair in result.pairs.to_dict("records"):
            left = str(pair["record_id_l"]).split(ALIAS_SEPARATOR)[0]
            right = str(pair["record_id_r"]).split(ALIAS_SEPARATOR)[0]
            if left == right:
                continue
            key = (left, right) if left < right else (right, left)
            probability = float(pair["match_probability"])
            if key not in best or probability > best[key][0]:
                best[key] = (probability, pair)
    run.records = len({r["record_id"].split(ALIAS_SEPARATOR)[0] for r in rows})
    run.pairs = len(best)
    decided = {
        (str(a), str(b)): status
        for a, b, status in MatchCandidate.objects.values_list("client_a", "client_b", "status")
    }
    clients = Client.objects.in_bulk([uuid.UUID(i) for pair in best for i in pair])
    found: set[uuid.UUID] = set()
    for done, ((left, right), (probability, pair)) in enumerate(sorted(best.items()), start=1):
        if progress:
            progress("review queue", done, len(best))
        status = decided.get((left, right))
        if status in (MatchStatus.NOT_SAME_PERSON, MatchStatus.SAME_PERSON):
            continue
        a, b = clients[uuid.UUID(left)], clients[uuid.UUID(right)]
        if person_key(a.pk) == person_key(b.pk):
            continue
        if (
            auto_merge_threshold is not None
            and probability >= auto_merge_threshold
            # Twins and two health cards go to a person, however likely.
            and not pair.get("kept_apart", False)
        ):
            client_merge(
                acting_user=None,
                client_a=a,
                client_b=b,
                match_probability=round(probability, 6),
                automatic=True,
                note=_("Merged automatically by batch linkage."),
            )
            run.merged += 1
            continue
        evidence = evidence_to_json(pair_evidence(pair))
        candidate, created = MatchCandidate.objects.update_or_create(
            client_a=a,
            client_b=b,
            defaults={
                "match_probability": round(probability, 6),
                "evidence": evidence,
                "kept_apart": bool(pair.get("kept_apart", False)),
                "found_by_run": run,
            },
        )
        found.add(candidate.pk)
        run.queued += int(created)
    MatchCandidate.objects.filter(status=MatchStatus.PENDING).exclude(pk__in=found).delete()
    run.finished_at = timezone.now()
    run.save()
    audit_record(
        action=AuditAction.CREATE,
        target=run,
        actor_label="link_clients",
        after={
            "records": run.records,
            "pairs": run.pairs,
            "queued": run.queued,
            "merged": run.merged,
        },
    )
    return run


def linkage_queue_new_clients(clients: Sequence[Client]) -> int:
    """Put the pairs of each new record (an import's) and a record of the
    registry that may be the same person in the review queue, at or above
    ``LINKAGE_REVIEW_THRESHOLD``: never merged blindly. A pair already
    decided, or already one person, is left alone. Returns the pairs queued."""
    threshold = settings.LINKAGE_REVIEW_THRESHOLD
    weights = current_weights()
    queued = 0
    for client in clients:
        if client.is_anonymous:
            continue
        for other, result in registry_matches(client, threshold=threshold, weights=weights):
            a, b = _pair(client, other)
            if MatchCandidate.objects.filter(client_a=a, client_b=b).exists():
                continue
            if person_key(a.pk) == person_key(b.pk):
                continue
            MatchCandidate.objects.create(
                client_a=a,
                client_b=b,
                match_probability=round(result.probability, 6),
                evidence=evidence_to_json(result.evidence),
            )
            queued += 1
    return queued


def linkage_run_registry_later() -> None:
    """Queue a batch run over the whole registry for the worker, once the
    current transaction commits (a large import's new people)."""
    from parcours.linkage.tasks import link_registry

    transaction.on_commit(lambda: link_registry.enqueue())


def review_items_shown(
    *, acting_user: User, items: Sequence[MatchCandidate], view: str, via: str = "web"
) -> None:
    """The review queue shows names: the records it showed are audited, like
    a search's."""
    ids = sorted({c for m in items for c in (m.client_a_id, m.client_b_id)}, key=str)
    if ids:
        clients_searched(acting_user=acting_user, query=view, client_ids=ids, via=via)


def linkage_requests_shown(
    *,
    acting_user: User,
    received: Sequence[LinkageRequest],
    sent: Sequence[LinkageRequest],
    via: str = "web",
) -> None:
    """The linkage requests page shows names: the clients of the
    organization a received request is about, and its own clients a sent
    request was made for. Which records it showed is audited, like a search's."""
    ids = sorted(
        {r.target_client_id for r in received}
        | {r.requester_client_id for r in sent if r.requester_client_id is not None},
        key=str,
    )
    if ids:
        clients_searched(acting_user=acting_user, query="linkage_requests", client_ids=ids, via=via)
