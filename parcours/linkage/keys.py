"""Blocking keys stored on each client, so that likely existing records are
found in the database without comparing a new person with everyone."""

from __future__ import annotations

from collections.abc import Iterable

from parcours.linkage.names import name_tokens, phonetic_key


def name_keys(names: Iterable[str]) -> str:
    """Phonetic keys of every token of every name, as " K1 K2 … " (padded so
    that ``contains(" K ")`` matches a whole key)."""
    keys = sorted(
        {phonetic_key(token) for name in names for token in name_tokens(name or "")} - {""}
    )
    return (" " + " ".join(keys) + " ")[:500] if keys else ""
