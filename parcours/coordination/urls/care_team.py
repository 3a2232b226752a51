"""Routes of the coordination app: care_team."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
