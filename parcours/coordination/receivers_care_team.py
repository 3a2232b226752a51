"""The care team is told when the client's plan changes: casework sends
``plan_changed`` once a write to the plan is committed; the client's workers
who may read the case plan get a ``PLAN_CHANGE`` notification, never the
person who made the change. (Imported by ``CoordinationConfig.ready``.)"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from parcours.accounts.models import User
from parcours.casework.signals import plan_changed
from parcours.clients.models import Client
from parcours.coordination.models import NotificationKind
from parcours.coordination.services.care_team import care_team_notify


@receiver(plan_changed, dispatch_uid="coordination.care_team.plan_changed")
def tell_care_team_of_plan_change(
    sender: Any, *, client: Client, acting_user: User, subject: Any, change: str, **kwargs: Any
) -> None:
    care_team_notify(
        acting_user=acting_user,
        client=client,
        subject=subject,
        kind=NotificationKind.PLAN_CHANGE,
        detail={"change": change},
    )
