"""API routes of the casework app: enrollments, caseloads and waitlists.

Thin routes over ``parcours.casework`` services and selectors, with the
screens' access rules: a client or record the caller may not see is a 404,
bad input a 422 (nothing written), a stale ``version`` a 409."""

from __future__ import annotations

from ninja import Router

from parcours.api.routers.casework import assessments, enrollments, notes, plans

router = Router(tags=["casework"])
for part in (enrollments, plans, notes, assessments):
    router.add_router("", part.router)

__all__ = ["router"]
