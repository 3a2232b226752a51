"""API routes of the households app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["households"])
