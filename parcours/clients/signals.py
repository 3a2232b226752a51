"""What the registry tells the apps above it, which it never imports: they
connect receivers in their ``ready()``.

``revolving_door_alert_raised`` is sent once the pathway move's transaction
has committed, with ``alert`` and ``acting_user``."""

from __future__ import annotations

from django.dispatch import Signal

revolving_door_alert_raised = Signal()
