"""One page size rule for every list of the API.

A page holds at most ``API_MAX_PAGE_SIZE`` rows (200 by default) and starts
at an offset below ``MAX_OFFSET``; anything else is a 422 with a translated
message, never a whole table at once nor an integer overflow (a 500)."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Far beyond any list of Parcours, far below a database integer's limit.
MAX_OFFSET = 10_000_000


class PageInput(Schema):
    """``limit`` and ``offset`` of a list route (every list route's query inherits this)."""

    limit: int = Field(
        settings.PARCOURS_PAGE_SIZE,
        ge=1,
        le=settings.API_MAX_PAGE_SIZE,
        description="How many rows in the page (at most API_MAX_PAGE_SIZE, 200 by default).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many rows to skip.")


class Pagination(LimitOffsetPagination):
    """django-ninja's limit/offset pagination, with the bounds of ``PageInput``."""

    class Input(PageInput):
        pass
