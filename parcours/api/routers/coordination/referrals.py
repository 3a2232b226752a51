"""API routes of coordination: referrals."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["referrals"])
