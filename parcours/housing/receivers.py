"""What housing does when something happens below it: a shelter book-in of
a client housed in the last 12 months raises the revolving-door alert."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from parcours.beds.signals import stay_booked_in
from parcours.housing.tenancies import shelter_book_in_alert


@receiver(stay_booked_in, dispatch_uid="housing.revolving_door_book_in")
def _shelter_booked_in(sender: Any, stay: Any, acting_user: Any, **kwargs: Any) -> None:
    shelter_book_in_alert(stay=stay, acting_user=acting_user)
