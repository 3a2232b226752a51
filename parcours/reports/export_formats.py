"""The three formats of a report export, rendered from an ``exports.Table``:
CSV (UTF-8 with a byte-order mark, ISO dates), XLSX (openpyxl: a bold, frozen
header row, numbers as numbers, dates as dates, column widths, and an
*About* sheet) and PDF (WeasyPrint, A4 landscape, ``reports/export_pdf.html``,
nothing fetched from the network). Rendered in the active language."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from weasyprint import HTML  # type: ignore[import-untyped]

from parcours.reports.exports import BUILT, DATE, INTEGER, MONTH, NUMBER, TEXT, Progress, Table
from parcours.reports.models import ExportFormat


def shown_value(value: Any, kind: str) -> str:
    """A cell as text, in the active language's number format (CSV keeps ISO
    dates and plain numbers; this is for the PDF)."""
    if value is None or value == "":
        return "—" if kind != TEXT else ""
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m") if kind == MONTH else value.isoformat()
    if isinstance(value, float | Decimal):
        return formats.number_format(value, decimal_pos=None, use_l10n=True)
    return str(value)


def _plain(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m") if kind == MONTH else value.isoformat()
    return str(value)


def to_csv(table: Table) -> bytes:
    """The header and the rows (dates ISO, numbers plain), UTF-8 with a BOM so
    that spreadsheets read the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in table.columns])
    for row in table.rows:
        writer.writerow([_plain(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


_NUMBER_FORMATS = {DATE: "yyyy-mm-dd", MONTH: "yyyy-mm", INTEGER: "0", NUMBER: "0.##"}


def to_xlsx(table: Table, *, about: list[tuple[str, str]], progress: Progress) -> bytes:
    """A workbook: the table on the first sheet (bold, frozen header row; numbers
    as numbers, dates as dates; column widths), what it is on the second."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(table.title)
    sheet.append([c.header for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    total = max(len(table.rows), 1)
    for index, row in enumerate(table.rows, start=1):
        sheet.append([_cell(v) for v in row])
        if index % 500 == 0:
            progress(BUILT + 15 * index // total)
    for position, column in enumerate(table.columns, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        number_format = _NUMBER_FORMATS.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(
                min_row=2, min_col=position, max_col=position, max_row=sheet.max_row
            ):
                cell.number_format = number_format
    info = book.create_sheet(str(_("About")))
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    for label, value in about:
        info.append([label, value])
    for cell in info["A"]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return cleaned[:31] or "Export"


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint fetches nothing: the print template carries its own style."""
    raise ValueError(f"No resource is fetched for an export ({url}).")


def to_pdf(table: Table, *, requested_by: str, generated_at: dt.datetime, language: str) -> bytes:
    """An A4 landscape document: title, filters, when and by whom, the table,
    the notes, page numbers."""
    html = render_to_string(
        "reports/export_pdf.html",
        {
            "table": table,
            "cells": [
                [
                    (shown_value(v, c.kind), c.kind in (INTEGER, NUMBER))
                    for v, c in zip(row, table.columns, strict=True)
                ]
                for row in table.rows
            ],
            "requested_by": requested_by,
            "generated_at": generated_at,
            "language": language,
        },
    )
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def render(
    table: Table,
    *,
    fmt: str,
    requested_by: str,
    generated_at: dt.datetime,
    language: str,
    progress: Progress,
) -> bytes:
    if fmt == ExportFormat.CSV:
        return to_csv(table)
    if fmt == ExportFormat.XLSX:
        about = [
            (str(_("Report")), table.title),
            *[(str(_("Filter")), line) for line in table.filters],
            (str(_("Generated at")), formats.date_format(generated_at, "Y-m-d H:i")),
            (str(_("By")), requested_by),
            *[(str(_("Note")), note) for note in table.notes],
        ]
        return to_xlsx(table, about=about, progress=progress)
    return to_pdf(table, requested_by=requested_by, generated_at=generated_at, language=language)


def file_name(table: Table, fmt: str, on: dt.date) -> str:
    return f"{slugify(table.title) or 'export'}-{on.isoformat()}.{fmt}"


CONTENT_TYPES: dict[str, str] = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
}
