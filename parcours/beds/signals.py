"""What the beds app tells the apps above it (coordination), which it never
imports: they connect receivers in their ``ready()``.

``stay_booked_in`` is sent once the book-in's transaction has committed, with
``stay`` and ``acting_user``; ``hold_placed`` once a hold is placed, with
``hold`` and ``acting_user``; ``street_contact_recorded`` once a street
contact (outreach saw the client sleeping outside) is committed, with
``contact`` and ``acting_user``."""

from __future__ import annotations

from django.dispatch import Signal

stay_booked_in = Signal()
hold_placed = Signal()
street_contact_recorded = Signal()
