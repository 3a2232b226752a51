"""Demo coordination: directory."""

from __future__ import annotations


def seed(seed: int) -> str:
    """Add the directory demo (idempotent); return a one-line summary."""
    return ""
