"""Writes of the beds app. Every service validates first (a translated
``ValidationError``, nothing written), then writes inside one transaction
with its audit event.

Double booking is prevented twice: the services lock the bed's (or the
family room's) row with ``select_for_update`` before they look at its stays
and holds, and partial unique constraints refuse a second open stay or a
second active hold on a bed even if a caller skipped the lock.

One module per part, every name re-exported here: ``sites`` (configuration),
``holds``, ``stays`` (book-in, book-out, roll call), ``records`` (turnaways,
service restrictions, street contacts) and ``viewed`` (the audit events of
reads that name clients). Family rooms are booked in ``parcours.beds.family``.
"""

from parcours.beds.models import SiteKind
from parcours.beds.services._common import (
    DEFAULT_HOLD_HOURS,
    MAX_HOLD_HOURS,
    STAY_FIELDS,
    room_is_booked,
)
from parcours.beds.services.holds import hold_default_end, hold_place, hold_release
from parcours.beds.services.records import (
    restriction_create,
    restriction_lift,
    street_contact_record,
    turnaway_record,
)
from parcours.beds.services.sites import room_create, site_create
from parcours.beds.services.stays import (
    roll_call,
    stay_book_in,
    stay_book_in_for,
    stay_book_out,
)
from parcours.beds.services.viewed import bed_records_viewed

__all__ = [
    "DEFAULT_HOLD_HOURS",
    "MAX_HOLD_HOURS",
    "STAY_FIELDS",
    "SiteKind",
    "bed_records_viewed",
    "hold_default_end",
    "hold_place",
    "hold_release",
    "restriction_create",
    "restriction_lift",
    "roll_call",
    "room_create",
    "room_is_booked",
    "site_create",
    "stay_book_in",
    "stay_book_in_for",
    "stay_book_out",
    "street_contact_record",
    "turnaway_record",
]
