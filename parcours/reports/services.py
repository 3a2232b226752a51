"""Writes of the reports: publishing a closed month, and the audit of the
by-name list's reads (a list of people is audited like a client search)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours import access
from parcours.accounts.models import User
from parcours.core.audit import audit_record
from parcours.core.models import AuditAction
from parcours.reports.flow import add_months, month_end, month_start
from parcours.reports.models import Population, PublishedMonth
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
