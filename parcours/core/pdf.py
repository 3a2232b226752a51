"""Printable pages as PDFs (WeasyPrint): a template rendered in one language,
A4, with no network fetch — every style is in the page, and any URL the page
names (an image, a stylesheet) is refused rather than fetched."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML  # type: ignore[import-untyped]


class FetchRefused(Exception):
    """A printable page named a resource to fetch: pages are self-contained."""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise FetchRefused(url)


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    """``template`` rendered in ``language`` and printed to a PDF."""
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf


def pdf_response_headers(filename: str) -> dict[str, str]:
    """Headers of a PDF answer: shown in the browser, never cached."""
    return {
        "Content-Type": "application/pdf",
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "no-store",
    }
