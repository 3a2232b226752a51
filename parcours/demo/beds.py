"""Demo data for the beds app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BedsDemo:
    def summary(self) -> str:
        return "Beds demo: nothing yet."


def seed_beds(*, seed: int) -> BedsDemo:
    return BedsDemo()
