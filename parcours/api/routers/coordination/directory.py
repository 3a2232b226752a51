"""API routes of coordination: directory."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["directory"])
