"""Demo coordination: board."""

from __future__ import annotations


def seed(seed: int) -> str:
    """Add the board demo (idempotent); return a one-line summary."""
    return ""
