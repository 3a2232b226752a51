"""Where uploaded exports wait for the worker, and where a running import
leaves its progress for the page to read (the import's own transaction
hides its writes from other connections until it commits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UPLOAD_FOLDER = "imports"


def progress_path(run: Any) -> Path:
    return Path(settings.DATA_DIR) / UPLOAD_FOLDER / f"{run.pk}.progress"


def check_upload_size(upload: Any) -> None:
    """Refuse an uploaded file over ``HMIS_UPLOAD_MAX_BYTES`` (on its field)."""
    if upload.size and upload.size > settings.HMIS_UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(size)s MB.")
                % {"size": settings.HMIS_UPLOAD_MAX_BYTES // 1_000_000}
            }
        )
