"""Writes of the reports: publishing a closed month, changing the
prioritization rules, and the audit of the by-name list's reads (a list of
people is audited like a client search)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.core.audit import audit_record, audit_snapshot
from parcours.core.models import AuditAction
from parcours.reports.flow import add_months, month_end, month_start
from parcours.reports.models import Population, PriorityRule, PublishedMonth
from parcours.reports.selectors import flow_lines
from parcours.reports.status import Network


def by_name_list_viewed(
    *,
    acting_user: User,
    query: str,
    client_ids: Sequence[uuid.UUID],
    via: str = "web",
    section: str = "by_name_list",
) -> None:
    """The list shows names: which records it showed is audited."""
    audit_record(
        action=AuditAction.SEARCH,
        actor=acting_user,
        detail={
            "via": via,
            "section": section,
            "query": query[:200],
            "clients": [str(c) for c in dict.fromkeys(client_ids)],
        },
    )


def month_publish(
    *, acting_user: User | None, month: dt.date, network: Network | None = None
) -> list[PublishedMonth]:
    """Publish the figures of a closed month for every sub-population. A
    published month is never rewritten; months are published in order."""
    if acting_user is not None:
        access.require_report_coordinator(acting_user)
    today = timezone.localdate()
    month = month_start(month)
    if month_end(month) >= today:
        raise ValidationError(
            {"month": _("Only a closed month can be published (its last day is past).")}
        )
    latest = PublishedMonth.objects.order_by("-month").values_list("month", flat=True).first()
    if latest is not None and month <= latest:
        raise ValidationError(
            {
                "month": _(
                    "%(month)s cannot be published: months up to %(latest)s are already "
                    "published, and a published month is never rewritten."
                )
                % {"month": month.strftime("%Y-%m"), "latest": latest.strftime("%Y-%m")}
            }
        )
    lines = flow_lines(network or Network(), [month], today)
    now = timezone.now()
    rows: list[PublishedMonth] = []
    with transaction.atomic():
        for population in Population.values:
            line = lines[population][0]
            figures = dict(line.figures)
            figures["reference"] = line.reference
            figures["correction"] = line.correction
            row = PublishedMonth(
                month=month,
                population=population,
                figures=figures,
                published_at=now,
                published_by=acting_user,
            )
            row.full_clean()
            row.save()
            rows.append(row)
        audit_record(
            action=AuditAction.CREATE,
            actor=acting_user,
            actor_label="" if acting_user is not None else "publish_month",
            target=rows[0],
            detail={
                "section": "monthly_flow",
                "month": month.strftime("%Y-%m"),
                "figures": {r.population: r.figures for r in rows},
                "previous_month": add_months(month, -1).strftime("%Y-%m"),
            },
        )
    return rows


RULE_FIELDS = ("weight", "per_days", "max_points", "position", "is_active")


def priority_rules_update(
    *, acting_user: User, changes: dict[str, dict[str, Any]]
) -> list[PriorityRule]:
    """Change the prioritization rules (criterion → field → new value;
    coordinators only). Every rule is checked before anything is written;
    each changed rule is audited with its values before and after (the rules
    hold no client data). Returns the rules changed."""
    access.require_priority_rules_editor(acting_user)
    rules = {r.criterion: r for r in PriorityRule.objects.filter(criterion__in=list(changes))}
    unknown = set(changes) - set(rules)
    if unknown:
        raise ValidationError(_("Unknown criterion: %(names)s.") % {"names": ", ".join(unknown)})
    changed: list[tuple[PriorityRule, dict[str, Any]]] = []
    errors: dict[str, list[str]] = {}
    for criterion, values in changes.items():
        rule = rules[criterion]
        before = audit_snapshot(rule, RULE_FIELDS)
        for name, value in values.items():
            if name not in RULE_FIELDS:
                raise ValidationError({name: _("This field cannot be changed here.")})
            setattr(rule, name, value)
        if audit_snapshot(rule, RULE_FIELDS) == before:
            continue
        try:
            rule.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(f"{criterion}-{name}", []).extend(messages)
            continue
        changed.append((rule, before))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for rule, before in changed:
            rule.save(update_fields=[*RULE_FIELDS, "updated_at"])
            audit_record(
                action=AuditAction.UPDATE,
                actor=acting_user,
                target=rule,
                before=before,
                after=audit_snapshot(rule, RULE_FIELDS),
                detail={"section": "priority_rules", "criterion": rule.criterion},
            )
    return [rule for rule, _before in changed]
