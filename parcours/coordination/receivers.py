"""What the coordination app does when something happens below it (the
lower apps send signals; they never import coordination)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from parcours.beds.signals import stay_booked_in
from parcours.coordination.services.referrals import shelter_referrals_booked_in


@receiver(stay_booked_in, dispatch_uid="coordination.shelter_book_in")
def _shelter_booked_in(sender: Any, stay: Any, acting_user: Any, **kwargs: Any) -> None:
    """A shelter booked a client in: the referral to it closes its loop and
    the referring worker and the client's case managers are told."""
    shelter_referrals_booked_in(stay=stay, acting_user=acting_user)
