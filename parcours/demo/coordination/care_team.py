"""Demo coordination: care_team."""

from __future__ import annotations


def seed(seed: int) -> str:
    """Add the care_team demo (idempotent); return a one-line summary."""
    return ""
