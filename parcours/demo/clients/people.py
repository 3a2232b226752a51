"""Registering the demo people: identity, health card, phone, aliases,
the questions of intake."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parcours.clients import services
from parcours.clients.models import (
    PREFER_NOT_TO_ANSWER,
    AliasKind,
    ReferenceList,
)
from parcours.core.text import normalise_health_card
from parcours.demo.clients.base import (
    CSC,
    HISTORY_DAYS,
    HORIZON,
    MARGUERITE,
    MARKER_BIRTH,
    MARKER_FAMILY,
    MARKER_GIVEN,
    REFUGE,
    RENAISSANCE,
    _ascii,
    _Base,
    _Person,
)
from parcours.demo.clients.names import (
    NICKNAMES,
    ORIGINS,
    OTHER_SPELLINGS,
    RELATIONSHIPS,
    STREET_NAMES,
)


class PeopleMixin(_Base):
    # --- identity -----------------------------------------------------------

    def health_card(
        self, province: str, given: str, family: str, birth: dt.date, woman: bool
    ) -> str:
        while True:
            if province == "QC":
                letters = "".join(ch for ch in _ascii(family).upper() if ch.isalpha())
                month = birth.month + (50 if woman else 0)
                number = (
                    f"{(letters + 'XXX')[:3]}{_ascii(given)[:1].upper()} "
                    f"{birth.year % 100:02d}{month:02d} {birth.day:02d}{self.rng.randint(11, 19)}"
                )
            else:
                digits = f"{self.rng.randint(1, 9)}{self.rng.randint(0, 999_999_999):09d}"
                version = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(2))
                number = f"{digits[:4]}-{digits[4:7]}-{digits[7:]}-{version}"
            key = normalise_health_card(number)
            if key not in self.health_cards:
                self.health_cards.add(key)
                return number

    def phone(self) -> str:
        area = self.rng.choice(["613", "613", "343", "819"])
        return f"{area}-555-01{self.rng.randint(0, 99):02d}"

    def register(self, org_key: str, *, marker: bool = False) -> _Person:
        rng = self.rng
        origins = [o for o, _ in ORIGINS]
        for _attempt in range(100):  # no two demo people share a full name by accident
            origin = rng.choices(origins, weights=[w for _, w in ORIGINS])[0]
            woman = rng.random() < (0.8 if org_key == MARGUERITE else 0.38)
            given = rng.choice(origin.women if woman else origin.men)
            family_origin = origin
            if rng.random() < 0.12 and origin.key in (
                "french",
                "english",
                "first_nations",
                "metis",
            ):
                family_origin = rng.choice(origins[:3])
            family = rng.choice(family_origin.families)
            if (given, family) not in self.names:
                self.names.add((given, family))
                break
        age = round(rng.triangular(18, 75, 38))
        birth = self.today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        if marker:
            given, family, birth, woman, origin = (
                MARKER_GIVEN,
                MARKER_FAMILY,
                MARKER_BIRTH,
                True,
                origins[0],
            )
        language = "fr" if rng.random() < origin.french_share else "en"

        date_of_birth: dt.date | None = birth
        estimated = False
        approximate_age: int | None = None
        roll = rng.random()
        if not marker and roll < 0.05:
            date_of_birth, estimated = dt.date(birth.year, 7, 1), True
        elif not marker and roll < 0.08:
            date_of_birth, approximate_age = None, age

        gender_weights: dict[str, float] = {
            "woman" if woman else "man": 90,
            "trans_woman" if woman else "trans_man": 2,
            "non_binary": 2,
            "unknown": 2,
            PREFER_NOT_TO_ANSWER: 3,
        }
        if origin.indigenous == "first_nations":
            gender_weights["two_spirit"] = 3
        orientation: dict[str, float] = {
            "heterosexual": 55,
            "gay": 3,
            "lesbian": 2,
            "bisexual": 4,
            "queer": 1,
            "asexual": 1,
            PREFER_NOT_TO_ANSWER: 10,
            "": 24,
        }
        if origin.indigenous == "first_nations":
            orientation["two_spirit"] = 3
        indigenous: dict[str, float] = {
            origin.indigenous or "not_indigenous": 80,
            "indigenous_ancestry": 3 if origin.indigenous == "not_indigenous" else 0,
            "unknown": 3,
            PREFER_NOT_TO_ANSWER: 5,
            "": 9,
        }
        racialized: dict[str, float] = {
            origin.racialized or "": 75,
            "multiple": 4,
            "unknown": 3,
            PREFER_NOT_TO_ANSWER: 8,
            "": 10,
        }
        citizenship: dict[str, float] = (
            {
                "canadian_citizen": 20,
                "permanent_resident": 30,
                "refugee_claimant": 20,
                "refugee": 15,
                "temporary_resident": 5,
                "no_status": 5,
                PREFER_NOT_TO_ANSWER: 5,
            }
            if origin.newcomer
            else {
                "canadian_citizen": 82,
                "permanent_resident": 2,
                "unknown": 3,
                PREFER_NOT_TO_ANSWER: 3,
                "": 10,
            }
        )
        housing: dict[str, float] = {
            "unsheltered": 25,
            "emergency_shelter": 28,
            "encampment": 12,
            "hidden_homelessness": 15,
            "institution": 8,
            "transitional_housing": 3,
            "housed_at_risk": 4,
            "unknown": 3,
            PREFER_NOT_TO_ANSWER: 1,
            "": 1,
        }
        if org_key in (REFUGE, MARGUERITE):
            housing["emergency_shelter"] = 180
        if org_key in (RENAISSANCE, CSC, HORIZON):
            housing["institution"] = 40

        fields: dict[str, Any] = {
            "gender_identity": self.option(ReferenceList.GENDER_IDENTITY, gender_weights),
            "sexual_orientation": self.option(ReferenceList.SEXUAL_ORIENTATION, orientation),
            "indigenous_identity": self.option(ReferenceList.INDIGENOUS_IDENTITY, indigenous),
            "racialized_identity": self.option(ReferenceList.RACIALIZED_IDENTITY, racialized),
            "citizenship_status": self.option(ReferenceList.CITIZENSHIP_STATUS, citizenship),
            "housing_situation_at_intake": self.option(ReferenceList.HOUSING_SITUATION, housing),
            "veteran_status": self.pick({"no": 55, "yes": 3, PREFER_NOT_TO_ANSWER: 4, "": 38}),
        }
        if given in NICKNAMES and rng.random() < 0.6:
            fields["preferred_name"] = NICKNAMES[given]
        if origin.languages and rng.random() < 0.6:
            fields["other_languages"] = rng.choice(origin.languages)
        elif rng.random() < 0.12:
            fields["other_languages"] = "English" if language == "fr" else "Français"
        if marker or rng.random() < 0.7:
            province = "QC" if language == "fr" and rng.random() < 0.3 else "ON"
            fields["health_card_province"] = province
            fields["health_card_number"] = self.health_card(province, given, family, birth, woman)
        if rng.random() < 0.4:
            fields["phone"] = self.phone()
        if rng.random() < 0.1:
            fields["email"] = (
                f"{_ascii(given).lower().replace(' ', '')}.{_ascii(family).lower().replace(' ', '').replace(chr(39), '')}@example.com"
            )
        if rng.random() < 0.25:
            contact_origin = rng.choice(origins[:3])
            fields["emergency_contact_name"] = (
                f"{rng.choice(contact_origin.women + contact_origin.men)} {rng.choice([family, *contact_origin.families])}"
            )
            fields["emergency_contact_phone"] = self.phone()
            fields["emergency_contact_relationship"] = rng.choice(RELATIONSHIPS[language])

        aliases: list[tuple[str, str, str]] = []
        if rng.random() < 0.22:
            kind = self.pick({"married": 3 if woman else 0, "street": 3, "spelling": 3})
            if kind == "married":
                aliases.append((AliasKind.BIRTH_OR_MARRIED, given, rng.choice(origin.families)))
            elif kind == "street":
                aliases.append((AliasKind.NICKNAME, rng.choice(STREET_NAMES), ""))
            elif given in OTHER_SPELLINGS or family in OTHER_SPELLINGS:
                aliases.append(
                    (
                        AliasKind.OTHER_SPELLING,
                        OTHER_SPELLINGS.get(given, given),
                        OTHER_SPELLINGS.get(family, family),
                    )
                )
            elif _ascii(family) != family:
                aliases.append((AliasKind.OTHER_SPELLING, given, _ascii(family)))
            else:
                # the name on an old ID card, with a second family name
                aliases.append(
                    (
                        AliasKind.OTHER,
                        given,
                        f"{family}-{rng.choice([f for f in family_origin.families if f != family])}",
                    )
                )

        registrar = self.frontline(org_key)
        client = services.client_register(
            acting_user=registrar,
            given_name=given,
            family_name=family,
            date_of_birth=date_of_birth,
            date_of_birth_estimated=estimated,
            approximate_age=approximate_age,
            preferred_language=language,
            aliases=aliases,
            **fields,
        )
        first_contact = self.days_ago(3, HISTORY_DAYS)
        person = _Person(
            client=client, org_key=org_key, registrar=registrar, first_contact=first_contact
        )
        self.people.append(person)
        self.result.clients += 1
        return person
