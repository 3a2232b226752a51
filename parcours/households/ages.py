"""Ages that matter to a household: the age of consent (from which a youth's
own consent directive governs their record instead of their guardian's) and
the age of majority (under which a head of household needs a reason).

Both are configurable by province without code (settings are optional):

* ``PARCOURS_PROVINCE`` — the province whose law applies to the installation
  (default ``"ON"``);
* ``PARCOURS_AGE_OF_CONSENT_BY_PROVINCE`` — a dict province → age, merged over
  the defaults below (``{"NB": 16}``);
* ``PARCOURS_AGE_OF_MAJORITY_BY_PROVINCE`` — the same for the age of majority.

Defaults of the age of consent to the collection and sharing of personal
information: 16 everywhere (Ontario's PHIPA s. 23(1) para. 2: a parent may
consent for a child under 16), except Quebec, 14 (Act respecting the
protection of personal information in the private sector, s. 4.1; Civil Code
of Québec art. 14 for care). Check your province's law and set the setting.

Age of majority: 18, or 19 in British Columbia, New Brunswick, Newfoundland
and Labrador, Nova Scotia, the Northwest Territories, Nunavut and Yukon.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

DEFAULT_AGE_OF_CONSENT = 16
AGE_OF_CONSENT_BY_PROVINCE: dict[str, int] = {"QC": 14}
DEFAULT_AGE_OF_MAJORITY = 18
AGE_OF_MAJORITY_BY_PROVINCE: dict[str, int] = {
    "BC": 19,
    "NB": 19,
    "NL": 19,
    "NS": 19,
    "NT": 19,
    "NU": 19,
    "YT": 19,
}


def installation_province() -> str:
    return str(getattr(settings, "PARCOURS_PROVINCE", "ON"))


def age_of_consent(province: str | None = None) -> int:
    table = {
        **AGE_OF_CONSENT_BY_PROVINCE,
        **getattr(settings, "PARCOURS_AGE_OF_CONSENT_BY_PROVINCE", {}),
    }
    return int(table.get(province or installation_province(), DEFAULT_AGE_OF_CONSENT))


def age_of_majority(province: str | None = None) -> int:
    table = {
        **AGE_OF_MAJORITY_BY_PROVINCE,
        **getattr(settings, "PARCOURS_AGE_OF_MAJORITY_BY_PROVINCE", {}),
    }
    return int(table.get(province or installation_province(), DEFAULT_AGE_OF_MAJORITY))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(client: Any, day: dt.date) -> int | None:
    """Age in whole years on ``day``: exact from a date of birth; from a year
    of birth only, the youngest the person may be. None when unknown."""
    born: dt.date | None = client.date_of_birth
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if client.birth_year:
        return max(day.year - int(client.birth_year) - 1, 0)
    return None


def surely_under(client: Any, age: int, day: dt.date) -> bool:
    """Certainly younger than ``age`` on ``day`` (a year of birth alone counts
    only when every birthday in that year gives a younger age)."""
    born: dt.date | None = client.date_of_birth
    if born is not None:
        return born > years_before(day, age)
    if client.birth_year:
        return int(client.birth_year) > day.year - age
    return False


def under_age_of_consent(client: Any, day: dt.date) -> bool:
    return surely_under(client, age_of_consent(), day)


def is_minor(client: Any, day: dt.date) -> bool:
    return surely_under(client, age_of_majority(), day)
