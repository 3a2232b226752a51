"""API routes of coordination: care_team."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["care_team"])
