"""API routes of the beds app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["beds"])
