"""Demo data for the casework app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CaseworkDemo:
    def summary(self) -> str:
        return "Casework demo: nothing yet."


def seed_casework(*, seed: int) -> CaseworkDemo:
    return CaseworkDemo()
