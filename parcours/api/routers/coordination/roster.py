"""API routes of coordination: roster."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["roster"])
