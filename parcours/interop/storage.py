"""Where uploaded exports wait for the worker, and where a running import
leaves its progress for the page to read (the import's own transaction
hides its writes from other connections until it commits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

UPLOAD_FOLDER = "imports"


def progress_path(run: Any) -> Path:
    return Path(settings.DATA_DIR) / UPLOAD_FOLDER / f"{run.pk}.progress"
