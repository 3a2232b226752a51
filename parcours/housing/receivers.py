"""What housing does when something happens below it: a shelter book-in,
or an outreach contact sleeping outside, of a client housed in the last 12
months (or housed now) raises the revolving-door alert."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from parcours.beds.signals import stay_booked_in, street_contact_recorded
from parcours.housing.tenancies import shelter_book_in_alert, street_contact_alert


@receiver(stay_booked_in, dispatch_uid="housing.revolving_door_book_in")
def _shelter_booked_in(sender: Any, stay: Any, acting_user: Any, **kwargs: Any) -> None:
    shelter_book_in_alert(stay=stay, acting_user=acting_user)


@receiver(street_contact_recorded, dispatch_uid="housing.revolving_door_street_contact")
def _seen_outside(sender: Any, contact: Any, acting_user: Any, **kwargs: Any) -> None:
    street_contact_alert(contact=contact, acting_user=acting_user)
