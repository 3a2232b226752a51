"""What casework tells the apps above it (they listen; casework never imports
them).

``plan_changed`` is sent once a write to a client's plan is committed (the
plan's text or review, a goal, a step, a progress review), with
``client`` (the ``Client``), ``acting_user`` (who changed it), ``subject``
(the record written) and ``change`` (what happened, one of ``PLAN_CHANGES``).
The coordination app tells the client's care team."""

from __future__ import annotations

from django.db import models, transaction
from django.dispatch import Signal

from parcours.accounts.models import User
from parcours.clients.models import Client

plan_changed = Signal()

PLAN_CHANGES = frozenset(
    {"plan", "plan_review", "goal_added", "goal_changed", "step_added", "step_done", "goal_review"}
)


def plan_changed_on_commit(
    *, acting_user: User, client: Client, subject: models.Model, change: str
) -> None:
    """Send ``plan_changed`` when the current transaction commits (never for
    a write that is rolled back)."""
    assert change in PLAN_CHANGES, change
    transaction.on_commit(
        lambda: plan_changed.send(
            sender=type(subject),
            client=client,
            acting_user=acting_user,
            subject=subject,
            change=change,
        )
    )


__all__ = ["PLAN_CHANGES", "plan_changed", "plan_changed_on_commit"]
