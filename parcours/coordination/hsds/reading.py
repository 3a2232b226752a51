"""Reading an HSDS package: the files, their rows, and the checks on
one value (ids, numbers, references), each problem as ``file:line: message``."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from parcours.coordination.hsds.package import (
    COLUMNS,
    REQUIRED_COLUMNS,
    REQUIRED_FILES,
    SIX_PLACES,
)

# --- Import: reading the files -----------------------------------------------------------


@dataclass
class Row:
    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "").strip()


@dataclass
class ImportResult:
    """What an import found: problems (``file:line: message``, nothing written
    when there is one) and, otherwise, how many rows it created and updated."""

    errors: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, file: str, line: int | None, message: str) -> None:
        where = f"{file}:{line}" if line is not None else file
        self.errors.append(f"{where}: {message}")

    def at(self, row: Row, message: str) -> None:
        self.add(row.file, row.line, message)


def read_table(folder: Path, name: str, result: ImportResult) -> list[Row] | None:
    """The rows of one CSV file (None when it is absent or cannot be read;
    the reasons are in ``result``)."""
    path = folder / name
    if not path.is_file():
        if name in REQUIRED_FILES:
            result.add(name, None, _("The file is missing from the package."))
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        result.add(name, line, _("The file is not UTF-8 text."))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            if header is None:
                header = [c.strip() for c in record]
                missing = [c for c in REQUIRED_COLUMNS[name] if c not in header]
                for column in missing:
                    result.add(name, 1, _("Missing column “%(column)s”.") % {"column": column})
                if missing:
                    return None
            elif not any(value.strip() for value in record):
                pass  # a blank line
            elif len(record) != len(header):
                result.add(
                    name,
                    start,
                    _("The row has %(found)s fields, the header %(expected)s.")
                    % {"found": len(record), "expected": len(header)},
                )
            else:
                rows.append(Row(name, start, dict(zip(header, record, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        result.add(name, start, _("Malformed CSV: %(error)s") % {"error": exc})
        return None
    if header is None:
        result.add(name, 1, _("The file is empty: it has no header row."))
        return None
    return rows


def read_package(folder: Path, result: ImportResult) -> dict[str, list[Row]]:
    package = folder / "datapackage.json"
    if package.is_file():
        try:
            json.loads(package.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            result.add("datapackage.json", 1, _("The file is not UTF-8 text."))
        except json.JSONDecodeError as exc:
            result.add("datapackage.json", exc.lineno, _("The file is not valid JSON."))
    tables: dict[str, list[Row]] = {}
    for name in COLUMNS:
        rows = read_table(folder, name, result)
        tables[name] = rows or []
    return tables


# --- Import: checking the rows -------------------------------------------------------------


def row_uuid(row: Row, column: str, result: ImportResult, *, required: bool = True) -> str | None:
    value = row[column]
    if not value:
        if required:
            result.at(row, _("The column “%(column)s” is empty.") % {"column": column})
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        result.at(
            row,
            _("“%(value)s” in “%(column)s” is not a UUID.") % {"value": value, "column": column},
        )
        return None


def rows_by_id(rows: list[Row], result: ImportResult) -> dict[str, Row]:
    """Each row by its id; a missing, malformed or repeated id is an error."""
    seen: dict[str, Row] = {}
    for row in rows:
        rid = row_uuid(row, "id", result)
        if rid is None:
            continue
        if rid in seen:
            result.at(
                row,
                _("Duplicate id %(id)s (first on line %(line)s).")
                % {"id": rid, "line": seen[rid].line},
            )
            continue
        seen[rid] = row
    return seen


def row_whole(row: Row, column: str, result: ImportResult) -> int | None:
    value = row[column]
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        result.at(
            row,
            _("“%(value)s” in “%(column)s” is not a whole number.")
            % {"value": value, "column": column},
        )
        return None
    return number


def row_decimal(row: Row, column: str, result: ImportResult) -> Decimal | None:
    value = row[column]
    if not value:
        return None
    try:
        return Decimal(value).quantize(SIX_PLACES)
    except InvalidOperation:
        result.at(
            row,
            _("“%(value)s” in “%(column)s” is not a number.") % {"value": value, "column": column},
        )
        return None


def field_errors(
    row: Row, instance: models.Model, result: ImportResult, exclude: list[str]
) -> None:
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                result.at(row, f"{name}: {message}")


def check_reference(
    row: Row,
    column: str,
    known: set[str],
    in_database: set[str],
    file: str,
    result: ImportResult,
    *,
    required: bool = True,
) -> str | None:
    ref = row_uuid(row, column, result, required=required)
    if ref is not None and ref not in known and ref not in in_database:
        result.at(
            row,
            _("Unknown %(column)s %(id)s: not in %(file)s nor in the directory.")
            % {"column": column, "id": ref, "file": file},
        )
        return None
    return ref


def check_parent(
    row: Row, column: str, known: dict[str, Any], file: str, result: ImportResult
) -> str | None:
    ref = row_uuid(row, column, result)
    if ref is not None and ref not in known:
        result.at(
            row,
            _("Unknown %(column)s %(id)s: not in %(file)s.")
            % {"column": column, "id": ref, "file": file},
        )
        return None
    return ref


def existing_ids(model: type[models.Model], ids: Iterable[str]) -> set[str]:
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    if not valid:
        return set()
    return {
        str(pk) for pk in model._default_manager.filter(pk__in=valid).values_list("pk", flat=True)
    }
