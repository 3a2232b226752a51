"""The coordination app's routes, one module per capability."""

from __future__ import annotations

from parcours.coordination.urls import board, directory, institutions, referrals, roster

app_name = "coordination"
urlpatterns = [
    *directory.urlpatterns,
    *referrals.urlpatterns,
    *institutions.urlpatterns,
    *board.urlpatterns,
    *roster.urlpatterns,
]
