"""Models of the households app."""

from __future__ import annotations
