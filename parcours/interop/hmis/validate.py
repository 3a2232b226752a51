"""The checks every row of an export passes before anything is written:
types and codes of its fields, one row per key, and keys that point to rows
that exist (in this export or in an earlier import of the same source).

A row that fails is rejected with one error per problem; a row that points
to a rejected row is rejected too, so that an enrollment never arrives
without its person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from parcours.interop.hmis.errors import RowError
from parcours.interop.hmis.reader import Export, Row
from parcours.interop.hmis.spec import FILES, ORDER, FileSpec


@dataclass
class Checked:
    """The rows of each file that passed, by key (in the order of the file),
    with their typed values; the rows marked deleted at the source apart."""

    accepted: dict[str, dict[str, ParsedRow]] = field(default_factory=dict)
    deleted: dict[str, dict[str, ParsedRow]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    rejected_lines: int = 0


@dataclass
class ParsedRow:
    line: int
    key: str
    values: dict[str, Any]
    raw: dict[str, str]
    # The writer's digest of ``raw``, computed once (``interop.writer``).
    digest: str = ""


def parse_date(value: str) -> dt.date:
    """YYYY-MM-DD; a midnight time after it (some systems write one) is allowed."""
    text = value.strip()
    if len(text) > 10 and text[10:].strip() in {"00:00:00", "00:00", "00:00:00.000"}:
        text = text[:10]
    return dt.date.fromisoformat(text) if len(text) == 10 else _fail(value)


def parse_datetime(value: str) -> dt.datetime:
    text = value.strip()
    if len(text) == 10:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    if len(text) < 19 or text[10] != " ":
        raise ValueError(value)
    return dt.datetime.fromisoformat(text[:19])


def _fail(value: str) -> dt.date:
    raise ValueError(value)


def _typed(spec: FileSpec, row: Row, errors: list[RowError]) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True

    def reject(column: str, code: str, **params: Any) -> None:
        nonlocal ok
        ok = False
        errors.append(RowError(spec.filename, row.line, column, code, params))

    for column in spec.columns:
        text = row.values.get(column, "")
        if not text:
            values[column] = None
            if column in spec.required:
                reject(column, "required")
            continue
        if column in spec.dates:
            try:
                values[column] = parse_date(text)
            except ValueError:
                reject(column, "not_a_date", value=text)
        elif column in spec.datetimes:
            try:
                values[column] = parse_datetime(text)
            except ValueError:
                reject(column, "not_a_datetime", value=text)
        elif column in spec.codes:
            try:
                number = int(text)
            except ValueError:
                reject(column, "not_a_number", value=text)
                continue
            allowed = spec.codes[column]
            if allowed is not None and number not in allowed:
                reject(column, "unknown_code", value=text)
            values[column] = number
        else:
            values[column] = text
    return values if ok else None


def _dates_in_order(spec: FileSpec, parsed: ParsedRow, errors: list[RowError]) -> bool:
    pairs = {
        "Project": ("OperatingStartDate", "OperatingEndDate"),
        "Export": ("ExportStartDate", "ExportEndDate"),
    }
    if spec.name not in pairs:
        return True
    start_column, end_column = pairs[spec.name]
    start, end = parsed.values.get(start_column), parsed.values.get(end_column)
    if start and end and end < start:
        errors.append(
            RowError(
                spec.filename,
                parsed.line,
                end_column,
                "ends_before_start",
                {"end": end.isoformat(), "start": start.isoformat()},
            )
        )
        return False
    return True


def check_export(
    export: Export,
    known: Mapping[str, Collection[str]] | None = None,
    known_entries: Mapping[str, dt.date] | None = None,
) -> Checked:
    """Check every row of ``export``; ``known`` holds, per file, the keys an
    earlier import of the same source brought in (a later export may point to
    them), ``known_entries`` the entry dates of its enrollments."""
    known = known or {}
    checked = Checked(errors=list(export.errors))
    rejected_keys: dict[str, set[str]] = {name: set() for name in ORDER}
    for name in ORDER:
        spec = FILES[name]
        source = export.files.get(name)
        accepted: dict[str, ParsedRow] = {}
        deleted: dict[str, ParsedRow] = {}
        first_line: dict[str, int] = {}
        for row in source.rows if source else []:
            errors: list[RowError] = []
            values = _typed(spec, row, errors)
            key = row.values.get(spec.key or "", "") or f"line-{row.line}"
            if key in first_line:
                errors.append(
                    RowError(
                        spec.filename,
                        row.line,
                        spec.key or "",
                        "duplicate_key",
                        {"key": spec.key, "value": key, "first": first_line[key]},
                    )
                )
            else:
                first_line[key] = row.line
            parsed = ParsedRow(row.line, key, values or {}, {**row.values, **row.extra})
            if values is not None and not errors:
                for column, target in spec.references.items():
                    value = values.get(column)
                    if value is None:
                        continue
                    if value in rejected_keys[target]:
                        errors.append(
                            RowError(
                                spec.filename,
                                row.line,
                                column,
                                "rejected_parent",
                                {"value": value, "file": FILES[target].filename},
                            )
                        )
                    elif (
                        value not in checked.accepted.get(target, {})
                        and value not in checked.deleted.get(target, {})
                        and value not in known.get(target, ())
                    ):
                        errors.append(
                            RowError(
                                spec.filename,
                                row.line,
                                column,
                                "dangling",
                                {"value": value, "file": FILES[target].filename},
                            )
                        )
                if not errors:
                    _dates_in_order(spec, parsed, errors)
            if errors or values is None:
                checked.errors.extend(errors)
                checked.rejected_lines += 1
                # A duplicate does not undo the first row with its key.
                if not any(e.code == "duplicate_key" for e in errors):
                    rejected_keys[name].add(key)
                continue
            if values.get("DateDeleted"):
                deleted[key] = parsed
            else:
                accepted[key] = parsed
        checked.accepted[name] = accepted
        checked.deleted[name] = deleted
    _cascade(checked, check_exits_and_stays(checked, known_entries or {}))
    return checked


def _cascade(checked: Checked, rejected_enrollments: set[str]) -> None:
    """Rows that point to an enrollment rejected by the checks across files
    are rejected with it."""
    if not rejected_enrollments:
        return
    for name in ORDER:
        spec = FILES[name]
        if spec.references.get("EnrollmentID") != "Enrollment":
            continue
        for parsed in list(checked.accepted.get(name, {}).values()):
            value = parsed.values.get("EnrollmentID")
            if value in rejected_enrollments:
                _reject(
                    checked,
                    name,
                    parsed,
                    RowError(
                        spec.filename,
                        parsed.line,
                        "EnrollmentID",
                        "rejected_parent",
                        {"value": value, "file": "Enrollment.csv"},
                    ),
                )


def _reject(checked: Checked, name: str, parsed: ParsedRow, error: RowError) -> None:
    checked.errors.append(error)
    checked.rejected_lines += 1
    checked.accepted[name].pop(parsed.key, None)


def check_exits_and_stays(checked: Checked, known_entries: Mapping[str, dt.date]) -> set[str]:
    """An exit after its entry, one exit per enrollment, and never two
    enrollments of one person in one project without an exit between them
    (Parcours keeps one open enrollment per person and program).
    ``known_entries``: entry dates of enrollments imported earlier."""
    enrollments = checked.accepted.get("Enrollment", {})
    exit_of: dict[str, ParsedRow] = {}
    for parsed in list(checked.accepted.get("Exit", {}).values()):
        enrollment_id = parsed.values["EnrollmentID"]
        entry = (
            enrollments[enrollment_id].values["EntryDate"]
            if enrollment_id in enrollments
            else known_entries.get(enrollment_id)
        )
        exit_date = parsed.values["ExitDate"]
        if enrollment_id in exit_of:
            _reject(
                checked,
                "Exit",
                parsed,
                RowError(
                    "Exit.csv",
                    parsed.line,
                    "EnrollmentID",
                    "exit_twice",
                    {"value": enrollment_id, "first": exit_of[enrollment_id].line},
                ),
            )
        elif entry is not None and exit_date < entry:
            _reject(
                checked,
                "Exit",
                parsed,
                RowError(
                    "Exit.csv",
                    parsed.line,
                    "ExitDate",
                    "ends_before_start",
                    {"end": exit_date.isoformat(), "start": entry.isoformat()},
                ),
            )
        else:
            exit_of[enrollment_id] = parsed
    rejected: set[str] = set()
    open_stay: dict[tuple[str, str], ParsedRow] = {}
    ordered = sorted(enrollments.values(), key=lambda p: (p.values["EntryDate"], p.line))
    for parsed in ordered:
        if parsed.key in exit_of:
            continue
        stay = (parsed.values["PersonalID"], parsed.values["ProjectID"])
        if stay in open_stay:
            other = open_stay[stay]
            _reject(
                checked,
                "Enrollment",
                parsed,
                RowError(
                    "Enrollment.csv",
                    parsed.line,
                    "EnrollmentID",
                    "open_twice",
                    {"start": other.values["EntryDate"].isoformat(), "other": other.key},
                ),
            )
            rejected.add(parsed.key)
        else:
            open_stay[stay] = parsed
    return rejected
