"""Routes of the coordination app: board."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
