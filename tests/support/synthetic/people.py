"""People with several records each, written down by different partner
agencies with the errors real intake data has (:func:`generate_people`)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pandas as pd

from tests.support.synthetic.tables import (
    _KEYBOARD,
    ACCENTED,
    AREA_CODES,
    CITIES,
    EMAIL_DOMAINS,
    ERROR_RATES,
    INPUT_COLUMNS,
    NAMESAKE_SHARE,
    NICKNAMES,
    ORIGINS,
    POSTAL_LETTERS,
    RARE_FAMILY_SHARE,
    SHELTER_ADDRESSES,
    SOURCES,
    STREETS,
    TRUTH_COLUMNS,
    TWIN_NAMES,
    TWIN_SHARE,
    _Origin,
    _zipf_weights,
    fold_accents,
)


@dataclass
class _Person:
    person_id: str
    origin: int
    sex: str  # F, M or X
    given: str
    middle: str
    family: str  # the family name of the first record
    other_family: str  # birth or married name, the one not in the first record
    dob: dt.date
    card: str  # 10 digits, "" without one
    version: str
    phone: str
    email: str
    street: str
    city: str
    postal: str
    twin_group: str = ""
    namesake_group: str = ""
    other_ids: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.serial = 0
        self.weights = {
            id(pool): _zipf_weights(len(pool))
            for origin in ORIGINS
            for pool in (origin.women, origin.men, origin.families)
        }

    # -- small helpers ---------------------------------------------------------

    def pick(self, pool: list[str]) -> str:
        return self.rng.choices(pool, weights=self.weights[id(pool)])[0]

    def chance(self, kind: str) -> bool:
        return self.rng.random() < ERROR_RATES[kind]

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def version_code(self) -> str:
        return self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") + self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ")

    def phone(self) -> str:
        return f"{self.rng.choice(AREA_CODES)}{self.rng.randint(200, 989)}{self.digits(4)}"

    def address(self) -> tuple[str, str, str]:
        city, prefix = self.rng.choice(CITIES)
        postal = (
            f"{prefix}{self.rng.choice(POSTAL_LETTERS)} "
            f"{self.rng.randint(0, 9)}{self.rng.choice(POSTAL_LETTERS)}{self.rng.randint(0, 9)}"
        )
        if self.rng.random() < 0.06:
            return self.rng.choice(SHELTER_ADDRESSES), city, postal
        street = f"{self.rng.randint(1, 2999)} {self.rng.choice(STREETS)}"
        if self.rng.random() < 0.25:
            street = f"{self.rng.randint(1, 1800)}-{street}"
        return street, city, postal

    def dob(self) -> dt.date:
        year = round(self.rng.triangular(1940, 2008, 1978))
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))

    def given_name(self, origin: _Origin, sex: str) -> str:
        if sex == "X":
            sex = self.rng.choice("FM")
        return self.pick(origin.women if sex == "F" else origin.men)

    def one_family_name(self, origin: _Origin) -> str:
        if origin.rare_families and self.rng.random() < RARE_FAMILY_SHARE:
            return self.rng.choice(origin.rare_families)
        return self.pick(origin.families)

    def family_name(self, origin: _Origin, *, double: bool) -> str:
        first = self.one_family_name(origin)
        if not double:
            return first
        second = self.one_family_name(origin)
        while second == first:
            second = self.one_family_name(origin)
        return f"{first}-{second}"

    def email(self, given: str, family: str) -> str:
        local = fold_accents(f"{given}.{family}").lower().replace(" ", "").replace("'", "")
        if self.rng.random() < 0.5:
            local += str(self.rng.randint(1, 99))
        return f"{local}@{self.rng.choice(EMAIL_DOMAINS)}"

    # -- people ----------------------------------------------------------------

    def person(self) -> _Person:
        self.serial += 1
        origin_index = self.rng.choices(range(len(ORIGINS)), [o.share for o in ORIGINS])[0]
        origin = ORIGINS[origin_index]
        sex = self.rng.choices("FMX", [0.38, 0.60, 0.02])[0]
        given = self.given_name(origin, sex)
        double = origin_index == 0 and self.rng.random() < 0.08
        family = self.family_name(origin, double=double)
        dob = self.dob()
        other_family = ""
        married_share = 0.15 if origin_index == 0 else 0.45
        if sex == "F" and dob.year < 1995 and self.rng.random() < married_share:
            other_family = self.family_name(ORIGINS[self.rng.choice((0, 1, 1, 2))], double=False)
            if other_family == family:
                other_family = ""
        middle = ""
        if self.rng.random() < 0.30:
            middle = self.given_name(origin, sex)
            if origin_index == 0 and self.rng.random() < 0.4:
                middle = "Marie" if sex == "F" else "Joseph"
            if middle == given:
                middle = ""
        street, city, postal = self.address()
        has_card = self.rng.random() < 0.9
        return _Person(
            person_id=f"P{self.serial:07d}",
            origin=origin_index,
            sex=sex,
            given=given,
            middle=middle,
            family=family,
            other_family=other_family,
            dob=dob,
            card=self.digits(10) if has_card else "",
            version=self.version_code() if has_card else "",
            phone=self.phone() if self.rng.random() < 0.75 else "",
            email=self.email(given, family) if self.rng.random() < 0.45 else "",
            street=street,
            city=city,
            postal=postal,
        )

    def twin_of(self, sibling: _Person) -> _Person:
        twin = self.person()
        pair = self.rng.choice(TWIN_NAMES)
        if self.rng.random() < 0.5:
            pair = (pair[1], pair[0])
        (sibling.given, sibling.sex), (twin.given, twin.sex) = pair
        if self.rng.random() < 0.5:  # or simply two different names
            twin.given = self.given_name(ORIGINS[sibling.origin], twin.sex)
            while twin.given == sibling.given:
                twin.given = self.given_name(ORIGINS[sibling.origin], twin.sex)
        twin.origin = sibling.origin
        twin.family, twin.other_family = sibling.family, ""
        twin.dob = sibling.dob
        twin.street, twin.city, twin.postal = sibling.street, sibling.city, sibling.postal
        twin.phone = sibling.phone
        twin.middle = ""
        for person in (sibling, twin):
            if person.email:
                person.email = self.email(person.given, person.family)
        twin.twin_group = sibling.twin_group = f"T{sibling.person_id}"
        return twin

    def namesake_of(self, other: _Person) -> _Person:
        namesake = self.person()
        namesake.given, namesake.family, namesake.sex = other.given, other.family, other.sex
        namesake.other_family = ""
        while abs((namesake.dob - other.dob).days) < 400:
            namesake.dob = self.dob()
        namesake.namesake_group = other.namesake_group = f"N{other.person_id}"
        return namesake

    # -- errors ----------------------------------------------------------------

    def typo(self, text: str) -> str:
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if len(letters) < 3:
            return text
        i = self.rng.choice(letters[1:])
        kind = self.rng.random()
        c = text[i]
        if kind < 0.35:  # a neighbouring key
            plain = fold_accents(c).lower()
            repl = self.rng.choice(_KEYBOARD.get(plain, plain))
            return text[:i] + (repl.upper() if c.isupper() else repl) + text[i + 1 :]
        if kind < 0.6:  # a letter left out
            return text[:i] + text[i + 1 :]
        if kind < 0.8:  # a letter doubled
            return text[:i] + c + text[i:]
        j = i - 1  # two letters swapped
        if text[j].isalpha():
            return text[:j] + text[i] + text[j] + text[i + 1 :]
        return text[:i] + text[i + 1 :]

    def given_form(self, person: _Person, kinds: list[str]) -> str:
        given = person.given
        if given in NICKNAMES and self.chance("nickname"):
            kinds.append("nickname")
            return self.rng.choice(NICKNAMES[given])
        if "-" in given:
            parts = given.split("-")
            roll = self.rng.random()
            if roll < ERROR_RATES["compound_split"]:
                kinds.append("compound_split")
                return " ".join(parts)
            roll -= ERROR_RATES["compound_split"]
            if roll < ERROR_RATES["compound_joined"]:
                kinds.append("compound_joined")
                return parts[0] + parts[1].lower()
            roll -= ERROR_RATES["compound_joined"]
            if roll < ERROR_RATES["compound_initials"]:
                kinds.append("compound_initials")
                return "".join(fold_accents(p[0]) for p in parts)
            roll -= ERROR_RATES["compound_initials"]
            if roll < ERROR_RATES["compound_first_part"]:
                kinds.append("compound_first_part")
                return parts[0]
        return given

    def family_form(self, person: _Person, kinds: list[str]) -> str:
        family = person.family
        if person.other_family and self.chance("married_name"):
            kinds.append("married_name")
            family = person.other_family
        if "-" in family and family.count("-") == 1 and not family.startswith(("St-", "Saint-")):
            if self.chance("double_family_partial"):
                kinds.append("double_family_partial")
                first, second = family.split("-")
                family = first if self.rng.random() < 0.7 else second
            elif self.rng.random() < 0.3:
                family = family.replace("-", " ")
        return family

    def dob_form(self, person: _Person, kinds: list[str]) -> str:
        dob = person.dob
        if self.chance("dob_missing"):
            kinds.append("dob_missing")
            return ""
        if self.chance("dob_january_first"):
            kinds.append("dob_january_first")
            dob = dob.replace(month=1, day=1)
        elif dob.day <= 12 and dob.day != dob.month and self.chance("dob_day_month_swapped"):
            kinds.append("dob_day_month_swapped")
            dob = dob.replace(month=dob.day, day=dob.month)
        elif self.chance("dob_year_off"):
            kinds.append("dob_year_off")
            year = dob.year + self.rng.choice((-1, 1))
            dob = dob.replace(year=year, day=min(dob.day, 28) if dob.month == 2 else dob.day)
        return dob.isoformat()

    def card_form(self, person: _Person, kinds: list[str], *, first: bool) -> str:
        if not person.card:
            return ""
        number, version = person.card, person.version
        if not first:
            if self.chance("card_missing"):
                kinds.append("card_missing")
                return ""
            if self.chance("card_typo"):
                kinds.append("card_typo")
                i = self.rng.randrange(10)
                digit = self.rng.choice([d for d in "0123456789" if d != number[i]])
                number = number[:i] + digit + number[i + 1 :]
            if self.chance("card_no_version"):
                kinds.append("card_no_version")
                version = ""
            elif self.chance("card_new_version"):
                kinds.append("card_new_version")
                version = self.version_code()
        style = self.rng.random()
        if style < 0.5:
            return number + version
        if style < 0.8:
            return f"{number[:4]}-{number[4:7]}-{number[7:]}" + (f"-{version}" if version else "")
        return f"{number[:4]} {number[4:7]} {number[7:]}" + (f" {version}" if version else "")

    def phone_form(self, phone: str) -> str:
        style = self.rng.random()
        if style < 0.45:
            return f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
        if style < 0.75:
            return f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"
        if style < 0.9:
            return phone
        return f"1 {phone[:3]} {phone[3:6]} {phone[6:]}"

    def record(self, person: _Person, *, first: bool, number: int) -> dict[str, str]:
        kinds: list[str] = []
        source, prefix = self.rng.choice(SOURCES)
        if first:
            given, family, middle = person.given, person.family, person.middle
            dob = person.dob.isoformat()
        else:
            given = self.given_form(person, kinds)
            family = self.family_form(person, kinds)
            middle = person.middle
            if middle and self.chance("middle_name_dropped"):
                kinds.append("middle_name_dropped")
                middle = ""
            if self.chance("typo_given"):
                kinds.append("typo_given")
                given = self.typo(given)
            if self.chance("typo_family"):
                kinds.append("typo_family")
                family = self.typo(family)
            if self.chance("names_swapped"):
                kinds.append("names_swapped")
                given, family = family, given
            dob = self.dob_form(person, kinds)
        names = [given, middle, family]
        if not first:
            if any(fold_accents(n) != n for n in names) and self.chance("accents_dropped"):
                kinds.append("accents_dropped")
                names = [fold_accents(n) for n in names]
            elif any(n in ACCENTED for n in names) and self.chance("accents_added"):
                kinds.append("accents_added")
                names = [ACCENTED.get(n, n) for n in names]
            if self.chance("upper_case"):
                kinds.append("upper_case")
                names = [n.upper() for n in names]
        given, middle, family = names
        card = self.card_form(person, kinds, first=first)
        phone = person.phone
        if not first and phone:
            if self.chance("phone_missing"):
                kinds.append("phone_missing")
                phone = ""
            elif self.chance("phone_changed"):
                kinds.append("phone_changed")
                phone = person.phone = self.phone()
        street, city, postal = person.street, person.city, person.postal
        if not first:
            if self.chance("address_missing"):
                kinds.append("address_missing")
                street = city = postal = ""
            elif self.chance("address_changed"):
                kinds.append("address_changed")
                street, city, postal = person.street, person.city, person.postal = self.address()
        email = person.email
        if not first and email and self.chance("email_missing"):
            email = ""
        gender = person.sex
        if not first and self.chance("gender_missing"):
            gender = ""
        other_id = person.other_ids.setdefault(source, f"{prefix}-{self.rng.randint(1, 99999):05d}")
        if not first and self.chance("other_id_missing"):
            other_id = ""
        return {
            "record_id": f"R{number:07d}",
            "source": source,
            "given_name": given,
            "middle_name": middle,
            "family_name": family,
            "date_of_birth": dob,
            "gender": gender,
            "health_card_number": card,
            "other_id": other_id,
            "phone": self.phone_form(phone) if phone else "",
            "email": email,
            "street_address": street,
            "city": city,
            "postal_code": postal,
            "person_id": person.person_id,
            "twin_group": person.twin_group,
            "namesake_group": person.namesake_group,
            "error_kinds": ";".join(kinds),
        }


def generate_people(
    *,
    people: int,
    seed: int,
    records_per_person: tuple[int, int] = (1, 4),
    twins: float = TWIN_SHARE,
    namesakes: float = NAMESAKE_SHARE,
) -> pd.DataFrame:
    """``people`` fictional people with ``records_per_person`` records each
    (inclusive bounds, uniformly), the same for the same arguments. About a
    share ``twins`` of the people have a twin and ``namesakes`` a namesake in
    the set (counted in ``people``)."""
    low, high = records_per_person
    if people < 0 or low < 1 or high < low:
        raise ValueError("people >= 0 and 1 <= records_per_person[0] <= records_per_person[1]")
    if not (twins >= 0 and namesakes >= 0 and twins + namesakes < 1):
        raise ValueError("twins and namesakes are shares of the people")
    builder = _Builder(seed)
    persons: list[_Person] = []
    while len(persons) < people:
        roll = builder.rng.random()
        if persons and roll < twins / 2 and len(persons) + 2 <= people:
            sibling = builder.person()
            persons += [sibling, builder.twin_of(sibling)]
        elif persons and roll < twins / 2 + namesakes:
            other = builder.rng.choice(persons)
            if not other.namesake_group and not other.twin_group:
                persons.append(builder.namesake_of(other))
        else:
            persons.append(builder.person())
    rows: list[dict[str, str]] = []
    for person in persons:
        for i in range(builder.rng.randint(low, high)):
            rows.append(builder.record(person, first=i == 0, number=len(rows) + 1))
    # Records arrive in no particular order.
    builder.rng.shuffle(rows)
    columns = [*INPUT_COLUMNS, *TRUTH_COLUMNS]
    return pd.DataFrame(rows, columns=columns).astype(str).reset_index(drop=True)
