"""Demo coordination: referrals."""

from __future__ import annotations


def seed(seed: int) -> str:
    """Add the referrals demo (idempotent); return a one-line summary."""
    return ""
