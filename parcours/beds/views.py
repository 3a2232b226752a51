"""Screens of the beds app."""

from __future__ import annotations
