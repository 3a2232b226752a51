"""The coordination app's routes, one module per capability."""

from __future__ import annotations

from parcours.coordination.urls import board, care_team, directory, institutions, referrals, roster

app_name = "coordination"
urlpatterns = [
    *directory.urlpatterns,
    *referrals.urlpatterns,
    *care_team.urlpatterns,
    *institutions.urlpatterns,
    *board.urlpatterns,
    *roster.urlpatterns,
]
