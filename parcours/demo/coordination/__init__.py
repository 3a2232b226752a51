"""Demo coordination: the service directory of the network, referrals in
every state, hospital and jail stays, appointments, the ACT team's board
and a roster with a gap. Each part is idempotent and seeded."""

from __future__ import annotations

from parcours.demo.coordination import board, care_team, directory, institutions, referrals, roster


def seed_coordination(seed: int) -> str:
    """Seed every part in order (the directory first: referrals need it)."""
    lines = [
        part.seed(seed) for part in (directory, referrals, care_team, institutions, board, roster)
    ]
    return "\n".join(line for line in lines if line)
