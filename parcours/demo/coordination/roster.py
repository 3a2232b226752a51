"""Demo coordination: roster."""

from __future__ import annotations


def seed(seed: int) -> str:
    """Add the roster demo (idempotent); return a one-line summary."""
    return ""
