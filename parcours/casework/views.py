"""Screens of the casework app."""

from __future__ import annotations
