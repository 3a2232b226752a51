"""Demo data for the households app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class HouseholdsDemo:
    def summary(self) -> str:
        return "Households demo: nothing yet."


def seed_households(*, seed: int) -> HouseholdsDemo:
    return HouseholdsDemo()
