"""What the coordination app does when something happens below it (the
lower apps send signals; they never import coordination)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from parcours.accounts.models import User
from parcours.beds.signals import hold_placed, stay_booked_in
from parcours.casework.signals import plan_changed
from parcours.clients.models import Client
from parcours.clients.signals import revolving_door_alert_raised
from parcours.coordination.models import NotificationKind
from parcours.coordination.services.care_team import care_team_notify
from parcours.coordination.services.referrals import (
    revolving_door_told,
    shelter_referral_hold_attach,
    shelter_referrals_booked_in,
)


@receiver(stay_booked_in, dispatch_uid="coordination.shelter_book_in")
def _shelter_booked_in(sender: Any, stay: Any, acting_user: Any, **kwargs: Any) -> None:
    """A shelter booked a client in: the referral to it closes its loop and
    the referring worker and the client's case managers are told."""
    shelter_referrals_booked_in(stay=stay, acting_user=acting_user)


@receiver(hold_placed, dispatch_uid="coordination.hold_placed")
def _hold_placed(sender: Any, hold: Any, acting_user: Any, **kwargs: Any) -> None:
    """A bed held at a shelter joins the open shelter referral to it."""
    shelter_referral_hold_attach(hold=hold)


@receiver(revolving_door_alert_raised, dispatch_uid="coordination.revolving_door")
def _revolving_door(sender: Any, alert: Any, acting_user: Any, **kwargs: Any) -> None:
    """The client's workers learn of a move back on the pathway."""
    revolving_door_told(alert=alert, acting_user=acting_user)


@receiver(plan_changed, dispatch_uid="coordination.care_team.plan_changed")
def tell_care_team_of_plan_change(
    sender: Any, *, client: Client, acting_user: User, subject: Any, change: str, **kwargs: Any
) -> None:
    """The client's workers who may read the case plan learn of a change to
    it (never the person who made it)."""
    care_team_notify(
        acting_user=acting_user,
        client=client,
        subject=subject,
        kind=NotificationKind.PLAN_CHANGE,
        detail={"change": change},
    )
