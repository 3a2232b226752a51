"""Deployment checks of Parcours' own settings (``parcours check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_chain_key_given(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.AUDIT_CHAIN_KEY_GIVEN:
        return []
    return [
        Warning(
            "AUDIT_CHAIN_KEY is not set: the audit chain's key was generated under "
            "PARCOURS_DATA_DIR, beside the data it protects.",
            hint="Set AUDIT_CHAIN_KEY or AUDIT_CHAIN_KEY_FILE from a secret store "
            "(docs/operations.md).",
            id="parcours.W001",
        )
    ]
