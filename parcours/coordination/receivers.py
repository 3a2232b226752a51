"""What the coordination app does when something happens below it (the
lower apps send signals; they never import coordination)."""

from __future__ import annotations
