"""API routes of the coordination app, one module per capability."""

from __future__ import annotations

from ninja import Router

from parcours.api.routers.coordination import (
    board,
    care_team,
    directory,
    institutions,
    referrals,
    roster,
)

router = Router()
for part in (directory, referrals, care_team, institutions, board, roster):
    router.add_router("/", part.router)
