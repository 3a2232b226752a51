"""Demo coordination: institutions."""

from __future__ import annotations


def seed(seed: int) -> str:
    """Add the institutions demo (idempotent); return a one-line summary."""
    return ""
