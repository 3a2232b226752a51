"""A spreadsheet of clients as small agencies keep them (CSV or XLSX): read
into a header and rows of text, its columns matched to client fields (guessed
from their names in French or English, chosen by the user), and each row
checked — with its line number — before anything is registered."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.core.text import fold

# Registered in the page's request: a list of a small agency.
MAX_ROWS = 2000

# The client fields a list may fill, in the order of the form.
FIELDS: dict[str, Any] = {
    "given_name": gettext_lazy("Given name(s)"),
    "family_name": gettext_lazy("Family name"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "preferred_name": gettext_lazy("Preferred name"),
    "gender": gettext_lazy("Gender identity"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "health_card_number": gettext_lazy("Health card number"),
    "preferred_language": gettext_lazy("Preferred official language"),
}
REQUIRED = ("given_name", "family_name")

# Header words that name each field (folded: no accents, lower case).
_GUESSES = {
    "given_name": ("prenom", "prenoms", "first name", "firstname", "given name", "given names"),
    "family_name": ("nom", "nom de famille", "last name", "lastname", "surname", "family name"),
    "date_of_birth": (
        "date de naissance",
        "naissance",
        "ddn",
        "dob",
        "date of birth",
        "birth date",
        "birthdate",
    ),
    "preferred_name": ("nom prefere", "prenom usuel", "surnom", "preferred name", "nickname"),
    "gender": ("genre", "sexe", "identite de genre", "gender", "sex"),
    "phone": ("telephone", "tel", "cellulaire", "phone", "telephone number", "cell"),
    "email": ("courriel", "adresse courriel", "email", "e-mail", "mail"),
    "health_card_number": (
        "carte sante",
        "numero de carte sante",
        "ramq",
        "health card",
        "health card number",
        "ohip",
    ),
    "preferred_language": ("langue", "langue officielle", "language", "preferred language"),
}

DATE_FORMATS = {
    "iso": ("%Y-%m-%d", gettext_lazy("1978-04-11 (year-month-day)")),
    "dmy": ("%d/%m/%Y", gettext_lazy("11/04/1978 (day/month/year)")),
    "mdy": ("%m/%d/%Y", gettext_lazy("04/11/1978 (month/day/year)")),
}

_GENDERS = {
    "f": "woman",
    "femme": "woman",
    "woman": "woman",
    "female": "woman",
    "w": "woman",
    "h": "man",
    "homme": "man",
    "m": "man",
    "man": "man",
    "male": "man",
    "non binaire": "non_binary",
    "non-binaire": "non_binary",
    "non binary": "non_binary",
    "non-binary": "non_binary",
    "nb": "non_binary",
    "x": "non_binary",
    "femme trans": "trans_woman",
    "trans woman": "trans_woman",
    "homme trans": "trans_man",
    "trans man": "trans_man",
    "bispirituel": "two_spirit",
    "bispirituelle": "two_spirit",
    "two-spirit": "two_spirit",
    "two spirit": "two_spirit",
    "autre": "other",
    "other": "other",
}
_LANGUAGES = {
    "fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
}


class ListUnreadable(Exception):
    """Not a CSV or XLSX file that can be read."""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_list(name: str, handle: IO[bytes]) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a .csv (comma or semicolon) or .xlsx file
    (its first sheet), as text; empty rows left out."""
    data = handle.read()
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise ListUnreadable(str(exc)) from exc
        sheet = book.worksheets[0]
        table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    elif name.lower().endswith(".csv"):
        text = _decode(data)
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            table = [
                [c.strip() for c in row]
                for row in csv.reader(io.StringIO(text), delimiter=delimiter)
            ]
        except csv.Error as exc:
            raise ListUnreadable(str(exc)) from exc
    else:
        raise ListUnreadable(name)
    table = [row for row in table if any(row)]
    if not table:
        return [], []
    header, rows = table[0], table[1:]
    width = len(header)
    return header, [(row + [""] * width)[:width] for row in rows]


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """The column (its index, as text) each field's name points to."""
    found: dict[str, str] = {}
    folded = [fold(h).strip() for h in headers]
    for name, words in _GUESSES.items():
        for index, header in enumerate(folded):
            if header in words and str(index) not in found.values():
                found[name] = str(index)
                break
    return found


def guess_date_format(values: list[str]) -> str:
    """The format under which the most of these dates read."""
    best, best_count = "iso", -1
    for key, (pattern, _label) in DATE_FORMATS.items():
        count = 0
        for value in values[:200]:
            try:
                dt.datetime.strptime(value, pattern)
                count += 1
            except ValueError:
                pass
        if count > best_count:
            best, best_count = key, count
    return best


@dataclass
class CheckedRow:
    line: int
    values: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_row(line: int, row: list[str], mapping: dict[str, str], date_format: str) -> CheckedRow:
    """A row's client fields, typed, and what is wrong with it (field, message)."""

    def cell(name: str) -> str:
        index = mapping.get(name, "")
        return row[int(index)].strip() if index != "" and int(index) < len(row) else ""

    checked = CheckedRow(line=line, values={})
    v = checked.values
    for name in ("given_name", "family_name", "preferred_name", "phone", "health_card_number"):
        v[name] = cell(name)[:150]
    for name in REQUIRED:
        if not v[name]:
            checked.errors.append((name, _("This field is required.")))
    born = cell("date_of_birth")
    v["date_of_birth"] = None
    if born:
        pattern = DATE_FORMATS.get(date_format, DATE_FORMATS["iso"])[0]
        try:
            day = dt.datetime.strptime(born[:10], pattern).date()
        except ValueError:
            checked.errors.append(
                (
                    "date_of_birth",
                    _("“%(value)s” is not a date written as chosen.") % {"value": born},
                )
            )
        else:
            if day > timezone.localdate() or day.year < 1900:
                checked.errors.append(
                    (
                        "date_of_birth",
                        _("“%(value)s” is not a possible date of birth.") % {"value": born},
                    )
                )
            v["date_of_birth"] = day
    email = cell("email")
    v["email"] = email
    if email:
        try:
            validate_email(email)
        except ValidationError:
            checked.errors.append(
                ("email", _("“%(value)s” is not an email address.") % {"value": email})
            )
    gender = cell("gender")
    v["gender"] = ""
    if gender:
        code = _GENDERS.get(fold(gender).strip())
        if code is None:
            checked.errors.append(
                (
                    "gender",
                    _("“%(value)s” is not a gender identity Parcours knows.") % {"value": gender},
                )
            )
        else:
            v["gender"] = code
    language = cell("preferred_language")
    v["preferred_language"] = ""
    if language:
        code = _LANGUAGES.get(fold(language).strip())
        if code is None:
            checked.errors.append(
                (
                    "preferred_language",
                    _("“%(value)s” is neither French nor English.") % {"value": language},
                )
            )
        else:
            v["preferred_language"] = code
    return checked


def check_rows(
    rows: list[list[str]], mapping: dict[str, str], date_format: str
) -> list[CheckedRow]:
    """Every row, with its line in the file (the header is line 1)."""
    return [check_row(n, row, mapping, date_format) for n, row in enumerate(rows, start=2)]
