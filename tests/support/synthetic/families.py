"""Households: relatives who share a family name, an address and often a
phone, with different given names and birth dates (:func:`generate_families`).

The census-style data where a household is the hard case: parents, children
and siblings look alike on everything but the given name and the birth
date, and twins share the birth date too. Each person has one to four
records written with the errors of :func:`generate_people` (the same
builder writes them).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.support.synthetic.people import _Builder, _Person
from tests.support.synthetic.tables import (
    INPUT_COLUMNS,
    NICKNAMES,
    ORIGINS,
    TRUTH_COLUMNS,
    TWIN_NAMES,
    fold_accents,
)

# Share of households with two children or more that have twins, and of
# twins with look-alike names (Louis and Louise) rather than two others.
HOUSEHOLD_TWIN_SHARE = 0.25
LOOK_ALIKE_TWIN_NAMES = 0.5
# Share of French-Canadian households whose children carry a double family
# name (Tremblay-Gagnon), each parent one part of it.
DOUBLE_FAMILY_SHARE = 0.3
# Share of households with one phone for everyone (else each adult's own).
SHARED_PHONE_SHARE = 0.7


def _forms(given: str) -> set[str]:
    """``given`` and its nicknames and translations, folded: one name."""
    names = {given, *NICKNAMES.get(given, ())}
    names |= {name for name, others in NICKNAMES.items() if given in others}
    return {fold_accents(name).lower() for name in names}


class _Household:
    """Writes the people of one household with ``builder``'s random draws."""

    def __init__(self, builder: _Builder, serial: int) -> None:
        self.builder = builder
        self.rng = builder.rng
        self.serial = serial
        self.origin = self.rng.choices(range(len(ORIGINS)), [o.share for o in ORIGINS])[0]
        self.family = builder.one_family_name(ORIGINS[self.origin])
        self.second = ""
        if self.origin == 0 and self.rng.random() < DOUBLE_FAMILY_SHARE:
            self.second = builder.one_family_name(ORIGINS[0])
            while self.second == self.family:
                self.second = builder.one_family_name(ORIGINS[0])
        self.street, self.city, self.postal = builder.address()
        self.phone = builder.phone() if self.rng.random() < SHARED_PHONE_SHARE else ""
        self.people: list[_Person] = []
        self.given_names: set[str] = set()

    def _fresh_given(self, sex: str) -> str:
        """A given name nobody in the household has yet, nor a nickname or
        a translation of one (William and Guillaume are one name)."""
        while True:
            given = self.builder.given_name(ORIGINS[self.origin], sex)
            if not _forms(given) & self.given_names:
                return given

    def member(self, sex: str, dob: dt.date, family: str, *, given: str = "") -> _Person:
        person = self.builder.person()
        person.origin, person.sex, person.dob, person.family = self.origin, sex, dob, family
        person.given = given or self._fresh_given(sex)
        self.given_names |= _forms(person.given)
        if person.middle and fold_accents(person.middle).lower() in self.given_names:
            person.middle = ""
        person.street, person.city, person.postal = self.street, self.city, self.postal
        if self.phone:
            person.phone = self.phone
        if person.other_family == family:
            person.other_family = ""
        if person.email:
            person.email = self.builder.email(person.given, family)
        self.people.append(person)
        return person

    def build(self, size: int) -> list[_Person]:
        rng = self.rng
        parents = 1 if size == 2 and rng.random() < 0.5 else min(2, size - 1)
        first_dob = dt.date(rng.randint(1948, 1985), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        mother_sex = rng.choice("FM") if parents == 1 else "F"
        parent_families = [self.family, self.second or self.family]
        for i in range(parents):
            sex = mother_sex if i == 0 else ("M" if mother_sex == "F" else "F")
            dob = first_dob if i == 0 else first_dob + dt.timedelta(days=rng.randint(-2200, 2200))
            person = self.member(sex, dob, parent_families[i])
            if i == 0 and sex == "F" and self.second == "" and rng.random() < 0.3:
                # Her birth name, written on some of her records.
                person.other_family = self.builder.one_family_name(ORIGINS[self.origin])
                if person.other_family == self.family:
                    person.other_family = ""
        children = size - parents
        child_family = f"{self.family}-{self.second}" if self.second else self.family
        dob = first_dob + dt.timedelta(days=rng.randint(20 * 365, 35 * 365))
        twins = children >= 2 and rng.random() < HOUSEHOLD_TWIN_SHARE
        made = 0
        while made < children:
            if twins and made + 2 <= children:
                self.twins(dob, child_family)
                made += 2
                twins = False
            else:
                sex = rng.choices("FMX", [0.49, 0.49, 0.02])[0]
                self.member(sex, dob, child_family).other_family = ""
                made += 1
            # Siblings are born one to three years apart.
            dob += dt.timedelta(days=rng.randint(330, 3 * 365 + 60))
        return self.people

    def twins(self, dob: dt.date, family: str) -> None:
        rng = self.rng
        (given_a, sex_a), (given_b, sex_b) = rng.choice(TWIN_NAMES)
        if rng.random() >= LOOK_ALIKE_TWIN_NAMES or (
            (_forms(given_a) | _forms(given_b)) & self.given_names
        ):
            sex_a, sex_b = rng.choice("FM"), rng.choice("FM")
            given_a, given_b = "", ""
        a = self.member(sex_a, dob, family, given=given_a)
        b = self.member(sex_b, dob, family, given=given_b)
        for twin in (a, b):
            twin.other_family = ""
            twin.twin_group = f"T{a.person_id}"


def generate_families(*, households: int, seed: int) -> pd.DataFrame:
    """``households`` fictional households of two to six people (parents,
    children a few years apart, some twins) sharing a family name (children
    sometimes a double one, each parent one part of it), a street address,
    a postal code, a city and often a phone; each person one to four
    records with :func:`generate_people`'s intake errors. The columns of
    :func:`generate_people` (``twin_group`` set for twins), all strings,
    rows shuffled; the same for the same arguments."""
    if households < 0:
        raise ValueError("households >= 0")
    builder = _Builder(seed)
    persons: list[_Person] = []
    for serial in range(households):
        size = builder.rng.randint(2, 6)
        persons += _Household(builder, serial).build(size)
    rows: list[dict[str, str]] = []
    for person in persons:
        for i in range(builder.rng.randint(1, 4)):
            rows.append(builder.record(person, first=i == 0, number=len(rows) + 1))
    builder.rng.shuffle(rows)
    columns = [*INPUT_COLUMNS, *TRUTH_COLUMNS]
    return pd.DataFrame(rows, columns=columns).astype(str).reset_index(drop=True)
