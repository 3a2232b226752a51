"""Writes to the client registry. Every service validates first (a
``ValidationError`` with translated messages, nothing written), then writes
inside one transaction with its audit event.

The services live in the modules of this package (``registry``,
``consents``, ``visits``) and are all importable from here."""

from __future__ import annotations

from parcours.clients.services.consents import (
    NoExactMatch,
    break_glass_check_reason,
    break_glass_open,
    break_glass_open_by_identifiers,
    break_glass_review,
    consent_directive_create,
    consent_directive_withdraw,
    lock_box_add,
    lock_box_remove,
)
from parcours.clients.services.registry import (
    IDENTITY_FIELDS,
    REFERENCE_FIELDS,
    StaleEdit,
    client_alias_add,
    client_link_anonymous,
    client_record_viewed,
    client_register,
    client_update,
    clients_searched,
    reference_option,
)
from parcours.clients.services.visits import (
    ServiceGiven,
    alert_acknowledge,
    alerts_shown,
    current_stage,
    pathway_move,
    visit_record,
)

__all__ = [
    "IDENTITY_FIELDS",
    "REFERENCE_FIELDS",
    "NoExactMatch",
    "ServiceGiven",
    "StaleEdit",
    "alert_acknowledge",
    "alerts_shown",
    "break_glass_check_reason",
    "break_glass_open",
    "break_glass_open_by_identifiers",
    "break_glass_review",
    "client_alias_add",
    "client_link_anonymous",
    "client_record_viewed",
    "client_register",
    "client_update",
    "clients_searched",
    "consent_directive_create",
    "consent_directive_withdraw",
    "current_stage",
    "lock_box_add",
    "lock_box_remove",
    "pathway_move",
    "reference_option",
    "visit_record",
]
