from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

T = TypeVar("T")


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> Page[Any]:
    """One page of ``items`` from ``?page=``; out-of-range pages give the last page."""
    paginator = Paginator(items, per_page or settings.PARCOURS_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
