"""Read an HMIS CSV export as real systems write it: a folder or a .zip,
file and header names in any case, UTF-8 with or without a byte-order mark
or Windows-1252, CRLF or LF, quoted fields (with commas and line breaks in
them), extra columns, empty files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.spec import FILES, FileSpec


@dataclass
class Row:
    line: int
    values: dict[str, str]
    # Columns the specification does not name, kept as they came.
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceFile:
    spec: FileSpec
    name: str  # as found in the export
    rows: list[Row]


@dataclass
class Export:
    files: dict[str, SourceFile]
    errors: list[RowError]
    # Files in the folder that are not HMIS CSV files.
    ignored: list[str]

    def rows(self, name: str) -> list[Row]:
        found = self.files.get(name)
        return found.rows if found else []


class ExportUnreadable(Exception):
    """The path is neither a folder nor a .zip archive of CSV files."""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _contents(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file():
                yield child.name, child.read_bytes()
        return
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir() or info.filename.startswith("__MACOSX/"):
                    continue
                yield info.filename.rsplit("/", 1)[-1], archive.read(info)
        return
    raise ExportUnreadable(str(path))


def _parse(spec: FileSpec, name: str, text: str, errors: list[RowError]) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return []  # an empty file: no rows
    except csv.Error as exc:
        errors.append(RowError(name, 1, "", "unreadable", {"detail": str(exc)}))
        return []
    known = {column.lower(): column for column in spec.columns}
    columns = [known.get(h.strip().lower(), h.strip()) for h in header]
    missing = sorted(spec.required - set(columns))
    if missing:
        errors.append(RowError(name, 1, ", ".join(missing), "missing_columns", {}))
        return []
    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(columns):
                errors.append(
                    RowError(
                        name,
                        line,
                        "",
                        "field_count",
                        {"found": len(record), "expected": len(columns)},
                    )
                )
                continue
            values: dict[str, str] = {}
            extra: dict[str, str] = {}
            for column, cell in zip(columns, record, strict=True):
                (values if column in spec.columns else extra)[column] = cell.strip()
            rows.append(Row(line=line, values=values, extra=extra))
    except csv.Error as exc:
        errors.append(RowError(name, reader.line_num, "", "unreadable", {"detail": str(exc)}))
    return rows


def read_export(path: Path | str) -> Export:
    """Every HMIS CSV file of the export at ``path`` (a folder or a .zip),
    with the errors that make a file or a line unreadable."""
    by_name = {spec.filename.lower(): spec for spec in FILES.values()}
    files: dict[str, SourceFile] = {}
    errors: list[RowError] = []
    ignored: list[str] = []
    for name, data in _contents(Path(path)):
        spec = by_name.get(name.lower())
        if spec is None:
            ignored.append(name)
            continue
        rows = _parse(spec, name, _decode(data), errors)
        files[spec.name] = SourceFile(spec=spec, name=name, rows=rows)
    return Export(files=files, errors=errors, ignored=ignored)
