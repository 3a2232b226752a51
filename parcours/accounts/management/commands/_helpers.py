from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def validation_failure(exc: ValidationError) -> CommandError:
    """A CommandError (exit status 2) listing every message of ``exc``."""
    if hasattr(exc, "error_dict"):
        lines = [
            f"{field}: {m}" if field != "__all__" else m
            for field, ms in exc.message_dict.items()
            for m in ms
        ]
    else:
        lines = list(exc.messages)
    return CommandError("\n".join(lines), returncode=2)
