"""API routes of the casework app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["casework"])
