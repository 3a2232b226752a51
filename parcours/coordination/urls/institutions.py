"""Routes of the coordination app: institutions."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
