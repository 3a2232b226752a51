"""Reading, checking and writing the CSV files of ``parcours link-file``.

The input is a UTF-8 CSV file with a header line. The recognised columns
are :data:`parcours.linkage.batch.COLUMNS`; ``record_id`` is required and
unique, any other may be absent, and unknown columns are ignored. Every
problem that makes the file unreadable (no ``record_id`` column, an empty or
duplicate id, bytes that are not UTF-8, malformed CSV) is reported with its
line number (the header is line 1) and the file is refused as a whole: a
linkage run on a partly read file would silently drop people.

A date of birth that is not a date written YYYY-MM-DD (``1955-11-92``,
``12/03/1980``: real exports have them) does not make the file unreadable:
it is kept as written, the engine compares the parts it can read (see
``partial_date`` in :mod:`parcours.linkage.batch.comparisons`; a value
without any digit is missing), and it is reported as a *warning* with its
line number, on standard error and in the ``warnings`` column of the scored
pairs. ``--strict`` refuses such a file as before.

Outputs are written to a temporary file in the target's directory and
renamed into place only once complete, so a failed run leaves no partial
file behind.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from parcours.core.cli import OperatorLanguageCommand
from parcours.linkage.batch import (
    COLUMNS,
    DEFAULT_CLUSTER_THRESHOLD,
    DEFAULT_PAIR_THRESHOLD,
    FIELDS,
    STAGES,
    link_records,
)
from parcours.linkage.batch.spark import add_backend_arguments, db_api_for

__all__ = [
    "MAX_REPORTED_ERRORS",
    "PAIR_COLUMNS",
    "LinkFile",
    "LinkFileError",
    "atomic_writer",
    "read_link_file",
    "write_clusters",
    "write_pairs",
]

# At most this many bad lines (or warnings) are listed; the rest are counted.
MAX_REPORTED_ERRORS = 20

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class LinkFile:
    """A link-file input that can be linked: its records (one column per
    recognised column present; stripped strings, ``None`` when empty) and
    what was accepted with a warning, ``date_warnings``: record_id → the
    message of the line whose date of birth is not a date written
    YYYY-MM-DD, in file order."""

    records: pd.DataFrame
    date_warnings: dict[str, str] = field(default_factory=dict)

    def warning_lines(self) -> list[str]:
        """The warnings for standard error: a count, then the first
        :data:`MAX_REPORTED_ERRORS` lines with their value."""
        count = len(self.date_warnings)
        if not count:
            return []
        lines = [
            ngettext(
                "warning: %(count)d date of birth is not a date written YYYY-MM-DD; it is "
                "compared by the parts that can be read (--strict refuses the file):",
                "warning: %(count)d dates of birth are not dates written YYYY-MM-DD; they "
                "are compared by the parts that can be read (--strict refuses the file):",
                count,
            )
            % {"count": count}
        ]
        listed = list(self.date_warnings.values())[:MAX_REPORTED_ERRORS]
        lines += [f"  {message}" for message in listed]
        if count > len(listed):
            lines.append("  " + _("… and %(count)d more problems") % {"count": count - len(listed)})
        return lines


class LinkFileError(Exception):
    """The input file cannot be linked; ``messages`` says why, line by line."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _valid_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line = data.count(b"\n", 0, min(offset, len(data))) + 1
        raise LinkFileError(
            [
                _("line %(line)d: the file is not valid UTF-8 (byte %(byte)s)")
                % {"line": line, "byte": f"0x{data[offset]:02x}" if offset < len(data) else "?"}
            ]
        ) from exc


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each CSV record, blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            if row and any(field.strip() for field in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise LinkFileError(
            [_("line %(line)d: malformed CSV (%(error)s)") % {"line": start, "error": exc}]
        ) from exc


def _date_message(line: int, value: str, *, strict: bool) -> str:
    if strict or _DIGIT.search(value):
        return _("line %(line)d: date_of_birth %(value)s is not a date written YYYY-MM-DD") % {
            "line": line,
            "value": repr(value),
        }
    return _("line %(line)d: date_of_birth %(value)s has no digits: treated as missing") % {
        "line": line,
        "value": repr(value),
    }


def read_link_file(path: str | os.PathLike[str], *, strict: bool = False) -> LinkFile:
    """The records of a link-file input and its warnings (see :class:`LinkFile`).

    Raises :class:`LinkFileError` listing the problems: no header or no
    ``record_id`` column, empty or duplicate ids, lines with more fields
    than the header, bytes that are not UTF-8, malformed CSV — and, when
    ``strict``, dates of birth not written YYYY-MM-DD (otherwise warnings).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LinkFileError(
            [_("cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}]
        ) from exc
    records = _records(_decode(data))
    first = next(records, None)
    if first is None:
        raise LinkFileError([_("the file is empty: a header line is required")])
    header = [name.strip().lower() for name in first[1]]
    if "record_id" not in header:
        raise LinkFileError(
            [
                _("line 1: the header has no record_id column (found: %(columns)s)")
                % {"columns": ", ".join(header)}
            ]
        )
    wanted = {name: header.index(name) for name in COLUMNS if name in header}
    duplicated_columns = sorted(
        {name for name in header if name in wanted and header.count(name) > 1}
    )
    if duplicated_columns:
        raise LinkFileError(
            [
                _("line 1: column %(column)s appears more than once")
                % {"column": duplicated_columns[0]}
            ]
        )
    id_at = wanted["record_id"]
    dob_at = wanted.get("date_of_birth")
    columns: dict[str, list[str | None]] = {name: [] for name in wanted}
    seen: dict[str, int] = {}
    errors: list[str] = []
    n_errors = 0
    date_warnings: dict[str, str] = {}

    def error(message: str) -> None:
        nonlocal n_errors
        n_errors += 1
        if len(errors) < MAX_REPORTED_ERRORS:
            errors.append(message)

    width = len(header)
    for line, row in records:
        if len(row) > width:
            error(
                _("line %(line)d: %(found)d fields, the header has %(expected)d")
                % {"line": line, "found": len(row), "expected": width}
            )
            continue
        values = [field.strip() for field in row] + [""] * (width - len(row))
        record_id = values[id_at]
        if not record_id:
            error(_("line %(line)d: empty record_id") % {"line": line})
        elif record_id in seen:
            error(
                _("line %(line)d: duplicate record_id %(id)s (first on line %(first)d)")
                % {"line": line, "id": record_id, "first": seen[record_id]}
            )
        else:
            seen[record_id] = line
        if dob_at is not None and values[dob_at] and not _valid_date(values[dob_at]):
            message = _date_message(line, values[dob_at], strict=strict)
            if strict:
                error(message)
            elif record_id:
                date_warnings[record_id] = message
        for name, at in wanted.items():
            columns[name].append(values[at] or None)
    if n_errors > len(errors):
        errors.append(_("… and %(count)d more problems") % {"count": n_errors - len(errors)})
    if errors:
        raise LinkFileError(errors)
    frame = pd.DataFrame(
        {name: pd.Series(values, dtype="object") for name, values in columns.items()}
    )
    return LinkFile(records=frame, date_warnings=date_warnings)


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text file that appears at ``path`` only if the block succeeds."""
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        "w",
        encoding="utf-8",
        newline="",
        dir=target.parent if str(target.parent) else ".",
        prefix=f".{target.name}.",
        suffix=".tmp",
        delete=False,
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_clusters(handle: IO[str], clusters: pd.DataFrame) -> None:
    clusters[["record_id", "cluster_id"]].to_csv(handle, index=False, lineterminator="\n")


PAIR_COLUMNS: tuple[str, ...] = (
    "record_id_l",
    "record_id_r",
    "match_probability",
    "match_weight",
    "kept_apart",
    *(f"{name}_{part}" for name in FIELDS for part in ("level", "reason")),
    "warnings",
)


def write_pairs(
    handle: IO[str], pairs: pd.DataFrame, warnings: dict[str, str] | None = None
) -> None:
    """The scored pairs; ``warnings`` (record_id → message, e.g.
    :attr:`LinkFile.date_warnings`) fills the last column, ``warnings``,
    with those of either record (`` | `` between them), empty otherwise."""
    notes = warnings or {}
    out = pairs.copy()
    out["warnings"] = [
        " | ".join(notes[str(i)] for i in (left, right) if str(i) in notes)
        for left, right in zip(out["record_id_l"], out["record_id_r"], strict=True)
    ]
    out[list(PAIR_COLUMNS)].to_csv(handle, index=False, lineterminator="\n", float_format="%.6g")


# ---------------------------------------------------------------------------
# The command (``parcours link-file``; the module of that name is a shim)
# ---------------------------------------------------------------------------

_STAGE_LABELS = {
    "prepare": gettext_lazy("Preparing the records"),
    "train": gettext_lazy("Training the model"),
    "predict": gettext_lazy("Scoring pairs"),
    "cluster": gettext_lazy("Clustering"),
}


def _probability(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not a probability between 0 and 1") % {"value": value}
        )
    return number


class LinkFileCommand(OperatorLanguageCommand):
    help = (
        "Find the records of one person in a CSV file and write, for every record, the "
        "cluster it belongs to. INPUT.csv is UTF-8 with a header line; recognised columns: "
        + ", ".join(COLUMNS)
        + " (record_id required and unique; date_of_birth written YYYY-MM-DD or empty; any "
        "other column may be absent, unknown columns are ignored). The output has the columns "
        "record_id,cluster_id for every input row; the records of one cluster share the "
        "cluster_id, which is the smallest record_id of the cluster. All records are "
        "deduplicated together, whatever their source column. A date of birth that is not "
        "a date (1955-11-92, 12/03/1980) is compared by the parts that can be read and "
        "reported as a warning on standard error with its line number (exit status 0); "
        "--strict refuses it. On an unreadable file (no record_id column, empty or "
        "duplicate ids, bytes that are not UTF-8, malformed CSV) nothing is written, the "
        "problems are listed with their line numbers and the exit status is 2. Messages "
        "follow LANGUAGE, LC_ALL, LC_MESSAGES, LANG (French or English; English otherwise)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", metavar="INPUT.csv", help="the records to link (UTF-8 CSV)")
        parser.add_argument(
            "--output",
            required=True,
            metavar="CLUSTERS.csv",
            help="where to write record_id,cluster_id (replaced only if the run succeeds)",
        )
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=DEFAULT_CLUSTER_THRESHOLD,
            metavar="P",
            help=(
                "match probability from which two records are put in one cluster, between 0 "
                f"and 1 (default {DEFAULT_CLUSTER_THRESHOLD}); lower finds more duplicates "
                "and risks merging different people"
            ),
        )
        parser.add_argument(
            "--pairs",
            metavar="PAIRS.csv",
            help=(
                "also write the scored pairs (match probability at least "
                f"{DEFAULT_PAIR_THRESHOLD}) with the level and reason of each field, "
                "for review; the last column, warnings, gives the lines of either record "
                "accepted with a warning (a date of birth that is not a date)"
            ),
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help=(
                "refuse the file (exit status 2, the lines listed) when a date of birth is "
                "not a date written YYYY-MM-DD, instead of comparing it by its parts"
            ),
        )

        add_backend_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            linkfile = read_link_file(options["input"], strict=bool(options.get("strict")))
        except LinkFileError as exc:
            raise CommandError("\n".join(exc.messages), returncode=2) from exc
        frame = linkfile.records
        threshold = options["threshold"]
        if isinstance(threshold, str):  # call_command passes options unparsed
            try:
                threshold = _probability(threshold)
            except argparse.ArgumentTypeError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        output = Path(options["output"])
        pairs_path = Path(options["pairs"]) if options["pairs"] else None
        for target in filter(None, (output, pairs_path)):
            if not target.parent.is_dir():
                raise CommandError(
                    _("%(path)s: no such directory") % {"path": target.parent}, returncode=2
                )
        for line in linkfile.warning_lines():
            self.stderr.write(line, style_func=self.style.WARNING)
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(total=len(STAGES), file=sys.stderr, unit="step", leave=False)

        def progress(stage: str, done: int, total: int) -> None:
            if bar is not None:
                bar.set_description(str(_STAGE_LABELS.get(stage, stage)))
                bar.update(done - bar.n)

        try:
            result = link_records(
                frame,
                pair_threshold=min(DEFAULT_PAIR_THRESHOLD, threshold),
                cluster_threshold=threshold,
                progress=progress,
                db_api=db_api_for(options),
            )
        finally:
            if bar is not None:
                bar.close()
        try:
            with atomic_writer(output) as handle:
                write_clusters(handle, result.clusters)
            if pairs_path is not None:
                with atomic_writer(pairs_path) as handle:
                    write_pairs(handle, result.pairs, linkfile.date_warnings)
        except OSError as exc:
            raise CommandError(
                _("cannot write %(path)s: %(error)s")
                % {"path": exc.filename or output, "error": exc.strerror},
                returncode=2,
            ) from exc
        n_clusters = result.clusters["cluster_id"].nunique()
        self.stdout.write(
            _("%(records)d records, %(clusters)d clusters, %(pairs)d pairs")
            % {"records": len(result.clusters), "clusters": n_clusters, "pairs": len(result.pairs)}
        )
