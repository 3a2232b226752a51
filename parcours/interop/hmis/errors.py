"""What is wrong with a row of an export: kept as a code and its values, and
worded in the reader's language only when shown (a coordinator in French
and an operator in English read the same report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "unreadable": _("The file cannot be read as CSV: %(detail)s."),
    "missing_columns": _("Required columns are missing from the header."),
    "field_count": _("The line has %(found)s fields; the header has %(expected)s."),
    "required": _("This field is required."),
    "not_a_date": _("“%(value)s” is not a date (YYYY-MM-DD)."),
    "not_a_datetime": _("“%(value)s” is not a date and time (YYYY-MM-DD HH:MM:SS)."),
    "not_a_number": _("“%(value)s” is not a whole number."),
    "unknown_code": _("“%(value)s” is not one of the codes of this field."),
    "duplicate_key": _("%(key)s %(value)s was already on line %(first)s."),
    "dangling": _("%(value)s is not in %(file)s."),
    "rejected_parent": _("%(value)s refers to a rejected line of %(file)s."),
    "ends_before_start": _("The date (%(end)s) is before the start (%(start)s)."),
    "exit_twice": _("The enrollment %(value)s already has an exit on line %(first)s."),
    "open_twice": _(
        "The person is already in this program from %(start)s (enrollment %(other)s) with no exit."
    ),
}


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def message(self) -> str:
        """The reason, in the active language."""
        return str(MESSAGES[self.code]) % self.params

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "params": {k: str(v) for k, v in self.params.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowError:
        return cls(data["file"], int(data["line"]), data["column"], data["code"], data["params"])
