"""Synthetic French- and English-Canadian identity records, with ground truth.

Two generators, both deterministic for a seed:

* :func:`generate_people` — a few hundred to some tens of thousands of
  people with several records each, written down by different partner
  agencies with the errors real intake data has (see ``ERROR_RATES``). Used
  by the quality tests, the demo and the benchmarks.
* :func:`generate_fast` — a million records in a few seconds (vectorised with
  numpy, simpler error model), for speed and memory benchmarks.

Every frame has the engine's input columns (``INPUT_COLUMNS``, all strings)
and the truth columns (``TRUTH_COLUMNS``): ``person_id`` (records of one
person share it), ``twin_group`` and ``namesake_group`` (people who are
*different* but look alike: twins share a family name, a birth date, an
address and a phone; namesakes share a full name) and ``error_kinds`` (the
errors applied to the record, ``;``-separated). Give an engine only
``df[list(INPUT_COLUMNS)]``.

Everyone here is fictional; health card numbers are random (Ontario shape:
10 digits and a two-letter version code), phone numbers random.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "ERROR_RATES",
    "INPUT_COLUMNS",
    "TRUTH_COLUMNS",
    "fold_accents",
    "generate_fast",
    "generate_people",
]

INPUT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "source",
    "given_name",
    "middle_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card_number",
    "other_id",
    "phone",
    "email",
    "street_address",
    "city",
    "postal_code",
)
TRUTH_COLUMNS: tuple[str, ...] = ("person_id", "twin_group", "namesake_group", "error_kinds")

# The partner agencies that write records down (the ``source`` column) and
# the prefix of their own file numbers (the ``other_id`` column).
SOURCES: tuple[tuple[str, str], ...] = (
    ("carrefour", "CCV"),
    ("refuge", "RSL"),
    ("clinique", "CLP"),
    ("passerelle", "PAS"),
    ("horizon", "HSM"),
    ("phare", "PHR"),
)

# Probability of each error on a record after a person's first one. The
# rates are those seen when intake records of several agencies are pooled:
# accents are lost by any system or keyboard without them, compound names
# are written every possible way, a health card is often not at hand.
ERROR_RATES: dict[str, float] = {
    "accents_dropped": 0.25,  # of records with accented names
    "accents_added": 0.10,  # of records with names that have an accented twin
    "upper_case": 0.12,
    "compound_split": 0.25,  # Jean-François → Jean François (of compound names)
    "compound_joined": 0.04,  # → Jeanfrançois
    "compound_initials": 0.04,  # → JF
    "compound_first_part": 0.08,  # → Jean
    "double_family_partial": 0.40,  # Tremblay-Gagnon → Tremblay (of double names)
    "nickname": 0.12,  # Robert → Bob, William → Guillaume (of names that have one)
    "typo_given": 0.04,
    "typo_family": 0.04,
    "names_swapped": 0.02,
    "married_name": 0.45,  # the other of birth/married name (of people with both)
    "middle_name_dropped": 0.55,  # (of people with a middle name)
    "dob_missing": 0.05,
    "dob_january_first": 0.03,
    "dob_day_month_swapped": 0.02,
    "dob_year_off": 0.02,
    "card_missing": 0.25,  # (of people with a card)
    "card_typo": 0.03,
    "card_no_version": 0.20,
    "card_new_version": 0.05,
    "phone_missing": 0.20,  # (of people with a phone)
    "phone_changed": 0.30,
    "email_missing": 0.50,  # (of people with an email)
    "address_changed": 0.35,
    "address_missing": 0.15,
    "gender_missing": 0.08,
    "other_id_missing": 0.40,
}

# Share of people with a twin / a namesake in the set (each is a different person).
TWIN_SHARE = 0.015
NAMESAKE_SHARE = 0.015


def _words(text: str) -> list[str]:
    return text.split()


# --- Names --------------------------------------------------------------------
# Weighted roughly like their frequency (the first names of a list are the
# commonest), so that common names collide as they do in real registries.

FR_WOMEN = _words(
    "Marie-Ève Isabelle Julie Nathalie Mélanie Stéphanie Geneviève Caroline Sylvie Chantal "
    "Josée Manon Marie-Claude Annie Valérie Émilie Catherine Véronique Karine Marie-Josée "
    "Lucie Diane Johanne Louise Hélène Francine Ginette Nicole Danielle Suzanne Céline "
    "Andrée Mireille Maude Noémie Léa Chloé Camille Audrey Sarah Marie-Pier Anne-Marie "
    "Marie-Hélène Marie-France Élise Éloïse Justine Gabrielle Roxanne Jessica Vanessa "
    "Marguerite Thérèse Monique Jocelyne Claudette Denise Pierrette Rachel Michèle Patricia "
    "Élisabeth Isabeau Solange Brigitte Lise"
)
FR_MEN = _words(
    "Jean-François Martin Sébastien Patrick Éric Stéphane Mathieu Daniel Michel Pierre "
    "Alain Luc Jean Marc Yves Richard Guy Normand Réjean Gilles Denis Sylvain Benoît "
    "François Jean-Philippe Pierre-Luc Marc-André Jean-Sébastien Louis-Philippe Jean-Guy "
    "Jean-Marc Jean-Pierre Jacques Claude André René Robert Gaétan Serge Mario Dominic "
    "Olivier Maxime Alexandre Samuel Gabriel Félix William Antoine Guillaume Nicolas "
    "Jérôme Yannick Frédéric Louis Simon Vincent Philippe Charles Joseph Thomas Raymond "
    "Roger Marcel Gérard Lucien Émile Édouard Henri Léo"
)
EN_WOMEN = _words(
    "Jennifer Sarah Jessica Amanda Ashley Melissa Stephanie Nicole Michelle Elizabeth "
    "Catherine Heather Rebecca Emily Megan Lisa Karen Susan Kimberly Laura Amy Christine "
    "Patricia Margaret Deborah Linda Barbara Brenda Tracy Shannon Courtney Brittany Kayla "
    "Samantha Victoria Danielle Erin Kelly Lauren Emma Olivia Hannah Grace Mary Donna "
    "Sandra Carol Janet Joan Doris Helen Brianna Taylor Chelsea Melanie Valerie"
)
EN_MEN = _words(
    "Michael David Christopher Matthew Robert John James Daniel Ryan Andrew Kevin Jason "
    "Steven Mark Brian Jeffrey Scott Richard Paul William Thomas Joseph Anthony Eric "
    "Timothy Kenneth Gregory Douglas Donald Gary Peter Edward Justin Kyle Tyler Brandon "
    "Jordan Joshua Nicholas Benjamin Samuel Alexander Jacob Dylan Nathan Adam Patrick "
    "Sean Colin Derek Travis Shane Dustin Henry Charles George Frank Wayne Rene Andre"
)
OTHER_WOMEN = _words(
    "Fatima Amina Aïcha Khadija Mariam Nour Leila Yasmine Sara Hawa Fadumo Priya Anjali "
    "Harpreet Simran Mei Xin Ying Linh Thi Ana María Sofia Gabriela Daniela Marie-Carmel "
    "Nadège Roseline Fabiola Widlyne Agnieszka Katarzyna Olena Irina Chiara Giulia"
)
OTHER_MEN = _words(
    "Mohamed Ahmed Ali Omar Youssef Karim Hassan Ibrahim Abdirahman Abdullahi Mamadou "
    "Moussa Amadou Raj Arjun Gurpreet Harjit Wei Jun Hao Minh Tuan Juan Carlos Luis José "
    "Diego Jean-Robert Wilner Fritz Jean-Baptiste Pierre-Richard Piotr Tomasz Oleksandr "
    "Dmitri Marco Luca"
)

FR_FAMILIES = _words(
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet "
    "Pelletier Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron "
    "Beaulieu Cloutier Dubé Poirier Fournier Lapointe Leclerc Lefebvre Poulin Thibault "
    "St-Pierre Nadeau Martin Landry Martel Bédard Grenier Lessard Bernier Richard Michaud "
    "Hébert Desjardins Couture Turcotte Lachance Parent Blais Gosselin Savard Proulx "
    "Beaudoin Demers Perron Boudreau Charbonneau Lalonde Séguin Brisson Charron Lacroix "
    "Thériault Villeneuve Chartrand Lemieux Dion Vaillancourt Deschênes Ménard Laflamme "
    "Desrochers Giroux Lapierre Paré Bérubé Boisvert Ouellette Leduc Sauvé Lalande Rioux "
    "Duguay Larocque Brunet Pilon Goulet Champagne Gervais Laurin Levac Racine Bisson "
    "Cyr Daoust Lafrance D'Amour Saint-Onge Larivière Trottier Lemay Lebrun Labelle"
)
EN_FAMILIES = _words(
    "Smith Brown Wilson MacDonald Campbell Taylor Anderson Thompson Johnson Williams Jones "
    "Miller Stewart Robertson Murray Kelly O'Brien McCarthy Fraser Wright Scott Young King "
    "Clarke Walker White Hall Lee Green Baker Hughes Graham Ryan Sullivan Walsh Doyle "
    "Morrison Reid Ross Cameron MacLeod Hamilton Johnston Bell Mitchell Wood Moore Cook "
    "Murphy O'Connor McKenzie Fitzgerald Gallagher Harris Lewis Roberts Evans Turner Hill "
    "Cooper Ward Russell Gordon Grant Henderson Dunn Boyle Brennan"
)
OTHER_FAMILIES = _words(
    "Nguyen Tran Le Pham Li Wang Chen Zhang Liu Singh Patel Kaur Sharma Gill Sandhu Ali "
    "Khan Hassan Ahmed Mohamed Abdi Warsame Diallo Traoré Haddad Khoury Saleh Jean-Baptiste "
    "Joseph Pierre Désir Saint-Louis Jean-Louis Charles Rodriguez Garcia Martinez Lopez "
    "Silva Santos Kowalski Nowak Kovalenko Rossi Russo Ferreira"
)

# Real registries have a long tail of family names, each of them rare. It is
# built from French and English name parts so that blocks of people sharing a
# family name have realistic sizes (the lists above alone are too few).
_FR_ROOTS = _words(
    "Beau Bel Bon Bou Cham Char Chau Des Du Fon Gag Gau Lab Lac Lal Lam Lan Lap Lar Lav "
    "Leb Lec Lef Leg Lem Les Mal Mar Mor Pel Per Poi Rob Roch Sau Thi Ver Vil"
)
_FR_ENDINGS = _words("champ lieu ette ier eau ois ault elle ard on in ot ange eault ron")
_EN_ROOTS = _words(
    "Ash Black Brad Craw Dal Fair Hart Kings Hol Sum Ather Whit Wood Pres Brom Stan Thorn "
    "Hay Wil Rad"
)
_EN_ENDINGS = _words("ford ley ton well wood by son ham field more den")


def _compose(roots: list[str], endings: list[str], common: list[str]) -> list[str]:
    names = {r + e for r in roots for e in endings if not (r[-1] in "aeiou" and e[0] in "aeiou")}
    return sorted(names - set(common))


RARE_FR_FAMILIES = _compose(_FR_ROOTS, _FR_ENDINGS, FR_FAMILIES)
RARE_EN_FAMILIES = _compose(_EN_ROOTS, _EN_ENDINGS, EN_FAMILIES)
# Share of people of French or English origin with a name of the long tail.
RARE_FAMILY_SHARE = 0.35

# Given names and their nicknames and translations as people actually use
# them (English, French, and across the two languages).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob", "Bobby"),
    "William": ("Bill", "Will", "Billy", "Guillaume"),
    "Guillaume": ("Guy", "William"),
    "Catherine": ("Cathy", "Kathy", "Kate", "Cath"),
    "Elizabeth": ("Liz", "Beth", "Élisabeth"),
    "Élisabeth": ("Elizabeth", "Babeth", "Lisa"),
    "Michael": ("Mike", "Michel"),
    "Michel": ("Mike", "Michael"),
    "Pierre": ("Peter",),
    "Peter": ("Pete", "Pierre"),
    "Jean": ("John", "Jeannot"),
    "John": ("Johnny", "Jack", "Jean"),
    "Joseph": ("Joe", "Jos"),
    "Jacques": ("James", "Jack", "Jacky"),
    "James": ("Jim", "Jimmy", "Jacques"),
    "Richard": ("Rick", "Dick", "Rich"),
    "Daniel": ("Dan", "Danny", "Dany"),
    "Thomas": ("Tom", "Tommy"),
    "Christopher": ("Chris",),
    "Christine": ("Chris",),
    "Nicholas": ("Nick", "Nicolas"),
    "Nicolas": ("Nick", "Nicholas"),
    "Margaret": ("Maggie", "Peggy", "Marguerite"),
    "Marguerite": ("Margaret",),
    "Anthony": ("Tony", "Antoine"),
    "Antoine": ("Tony", "Anthony"),
    "Alexandre": ("Alex",),
    "Alexander": ("Alex",),
    "Stéphane": ("Steve", "Stephen"),
    "Steven": ("Steve",),
    "Benjamin": ("Ben",),
    "Benoît": ("Ben",),
    "Matthew": ("Matt", "Mathieu"),
    "Mathieu": ("Matt", "Matthew"),
    "Patrick": ("Pat",),
    "Patricia": ("Pat", "Trish"),
    "Susan": ("Sue", "Suzanne"),
    "Suzanne": ("Sue", "Susan"),
    "Jennifer": ("Jen", "Jenny"),
    "Deborah": ("Deb", "Debbie"),
    "Édouard": ("Eddy", "Edward"),
    "Edward": ("Ed", "Eddie", "Édouard"),
    "Henri": ("Henry",),
    "Henry": ("Harry", "Henri"),
    "Charles": ("Charlie", "Chuck"),
    "Frédéric": ("Fred",),
    "Isabelle": ("Isa", "Isabel"),
    "Maxime": ("Max",),
    "Samuel": ("Sam",),
    "Samantha": ("Sam",),
    "Timothy": ("Tim",),
    "David": ("Dave",),
    "Kenneth": ("Ken",),
    "Douglas": ("Doug",),
    "Gregory": ("Greg",),
    "Philippe": ("Phil", "Philip"),
    "Victoria": ("Vicky",),
    "Rebecca": ("Becky",),
    "Vincent": ("Vince",),
    "Jessica": ("Jess",),
    "Gabrielle": ("Gaby",),
    "Gabriel": ("Gab",),
    "Geneviève": ("Gen",),
    "Joshua": ("Josh",),
    "Raymond": ("Ray",),
    "Kimberly": ("Kim",),
    "Jordan": ("Jord",),
    "Mohamed": ("Mohammed", "Muhammad"),
    "Youssef": ("Joseph",),
    "Ahmed": ("Ahmad",),
    "José": ("Joseph",),
    "Juan": ("John",),
}

# Names written both with and without accents by their own bearers: an
# unaccented "Eric" is given an accent by a French-speaking worker.
ACCENTED: dict[str, str] = {
    "Eric": "Éric",
    "Michelle": "Michèle",
    "Elizabeth": "Élizabeth",
    "Leila": "Leïla",
    "Sofia": "Sofía",
    "Rene": "René",
    "Andre": "André",
    "Melanie": "Mélanie",
    "Valerie": "Valérie",
    "Stephanie": "Stéphanie",
    "Helen": "Hélène",
    "Leo": "Léo",
    "Gerard": "Gérard",
    "Emily": "Émilie",
    "Celine": "Céline",
    "Le": "Lê",
    "Maria": "María",
    "Jose": "José",
}

# Twins' given names: often alike (Louis and Louise), which is exactly what
# must not merge them.
TWIN_NAMES: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("Louis", "M"), ("Louise", "F")),
    (("Jean", "M"), ("Jeanne", "F")),
    (("Julien", "M"), ("Julie", "F")),
    (("Stéphane", "M"), ("Stéphanie", "F")),
    (("Jean-Marc", "M"), ("Jean-Marie", "M")),
    (("Léa", "F"), ("Léo", "M")),
    (("Daniel", "M"), ("Danielle", "F")),
    (("Michel", "M"), ("Michèle", "F")),
    (("Nicolas", "M"), ("Nicole", "F")),
    (("Eric", "M"), ("Erica", "F")),
    (("Christian", "M"), ("Christine", "F")),
    (("Marie-Ève", "F"), ("Marie-Claude", "F")),
)

CITIES: tuple[tuple[str, str], ...] = (
    ("Ottawa", "K1"),
    ("Ottawa", "K2"),
    ("Orléans", "K1"),
    ("Gatineau", "J8"),
    ("Gatineau", "J9"),
    ("Cornwall", "K6"),
    ("Hawkesbury", "K6"),
    ("Sudbury", "P3"),
    ("Timmins", "P4"),
    ("Toronto", "M5"),
    ("Toronto", "M4"),
    ("Kingston", "K7"),
)
STREETS = (
    "rue Rideau",
    "Rideau Street",
    "rue Dalhousie",
    "Bank Street",
    "boulevard Saint-Joseph",
    "rue Montcalm",
    "avenue King-Edward",
    "Somerset Street West",
    "chemin de Montréal",
    "rue Principale",
    "Main Street",
    "rue Notre-Dame",
    "Elgin Street",
    "boulevard Maloney",
    "rue Laurier",
    "Bronson Avenue",
    "rue Murray",
    "Queen Street",
    "chemin Innes",
    "rue Saint-Patrick",
    "Albert Street",
    "promenade du Portage",
    "rue Champlain",
    "Lisgar Street",
)
SHELTER_ADDRESSES = (
    "256 rue King-Edward",
    "40 Waller Street",
    "171 George Street",
    "Sans adresse fixe",
    "No fixed address",
)
AREA_CODES = ("613", "343", "819", "873", "416", "647", "705", "249")
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "videotron.ca", "yahoo.ca", "bell.net")
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
_KEYBOARD = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "wa",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "xa",
}


def fold_accents(text: str) -> str:
    """``"Hélène Côté"`` → ``"Helene Cote"`` (case and punctuation kept)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (i + 8) for i in range(n)]


@dataclass
class _Origin:
    women: list[str]
    men: list[str]
    families: list[str]
    share: float
    rare_families: list[str] = field(default_factory=list)


ORIGINS: tuple[_Origin, ...] = (
    _Origin(FR_WOMEN, FR_MEN, FR_FAMILIES, 0.50, RARE_FR_FAMILIES),
    _Origin(EN_WOMEN, EN_MEN, EN_FAMILIES, 0.36, RARE_EN_FAMILIES),
    _Origin(OTHER_WOMEN, OTHER_MEN, OTHER_FAMILIES, 0.14),
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
        self.rng = random.Random(seed)  # noqa: S311 (test data)
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


# --- A million records, vectorised --------------------------------------------


def _typo_variants(names: list[str], rng: random.Random) -> list[str]:
    builder = _Builder(0)
    builder.rng = rng
    return [builder.typo(n) for n in names]


def generate_fast(*, records: int, seed: int) -> pd.DataFrame:
    """``records`` records of about ``records / 2.5`` people, with a simpler
    error model (accents dropped, upper case, nicknames, typos from a fixed
    set per name, double family names partly used, birth-date and health
    card errors, phones and addresses that change, missing values). Twins and
    namesakes are not planted (common names still collide); ``twin_group``,
    ``namesake_group`` and ``error_kinds`` are empty."""
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)  # noqa: S311 (test data)
    n = records
    n_people = max(1, round(n / 2.5))

    # Name tables: every name with its spellings as columns
    # (0 as is, 1 without accents, 2 a typo, 3 a nickname or itself).
    def table(names: list[str], *, given: bool) -> npt.NDArray[Any]:
        nick = [prng.choice(NICKNAMES[x]) if given and x in NICKNAMES else x for x in names]
        return np.array(
            [names, [fold_accents(x) for x in names], _typo_variants(names, prng), nick],
            dtype=object,
        ).T

    def weights(k: int) -> npt.NDArray[Any]:
        w = np.array(_zipf_weights(k))
        normalised: npt.NDArray[Any] = w / w.sum()
        return normalised

    origins = rng.choice(3, size=n_people, p=[o.share for o in ORIGINS])
    female = rng.random(n_people) < 0.4
    given_idx = np.zeros(n_people, dtype=np.int64)
    family_idx = np.zeros(n_people, dtype=np.int64)
    given_tables: list[npt.NDArray[Any]] = []
    family_tables: list[npt.NDArray[Any]] = []
    offset_given = 0
    offset_family = 0
    for k, origin in enumerate(ORIGINS):
        for pool, sex_mask in ((origin.women, female), (origin.men, ~female)):
            mask = (origins == k) & sex_mask
            given_idx[mask] = offset_given + rng.choice(
                len(pool), size=int(mask.sum()), p=weights(len(pool))
            )
            given_tables.append(table(pool, given=True))
            offset_given += len(pool)
        mask = origins == k
        pool = origin.families + origin.rare_families
        p = weights(len(origin.families))
        if origin.rare_families:
            rare = np.full(len(origin.rare_families), 1 / len(origin.rare_families))
            p = np.concatenate([(1 - RARE_FAMILY_SHARE) * p, RARE_FAMILY_SHARE * rare])
        family_idx[mask] = offset_family + rng.choice(len(pool), size=int(mask.sum()), p=p)
        family_tables.append(table(pool, given=False))
        offset_family += len(pool)
    given_table = np.concatenate(given_tables)
    family_table = np.concatenate(family_tables)
    # 6 % of people carry a double family name: a second name column.
    second_idx = np.where(
        rng.random(n_people) < 0.06, rng.integers(0, len(family_table), n_people), -1
    )

    born = np.datetime64("1940-01-01") + rng.integers(0, 68 * 365, n_people).astype(
        "timedelta64[D]"
    )
    card = rng.integers(1_000_000_000, 9_999_999_999, n_people, dtype=np.int64)
    has_card = rng.random(n_people) < 0.9
    letters = np.array(list("ABCDEFGHJKLMNPRSTVWXYZ"), dtype=object)
    version = letters[rng.integers(0, 22, n_people)] + letters[rng.integers(0, 22, n_people)]
    phone = rng.integers(2_000_000, 9_899_999, n_people, dtype=np.int64)
    area = np.array(AREA_CODES, dtype=object)[rng.integers(0, len(AREA_CODES), n_people)]
    has_phone = rng.random(n_people) < 0.75
    street_no = rng.integers(1, 3000, n_people)
    street = rng.integers(0, len(STREETS), n_people)
    city = rng.integers(0, len(CITIES), n_people)
    postal_pool = np.array(
        [
            f"{p}{prng.choice(POSTAL_LETTERS)} {prng.randint(0, 9)}"
            f"{prng.choice(POSTAL_LETTERS)}{prng.randint(0, 9)}"
            for p in [c[1] for c in CITIES for _ in range(400)]
        ],
        dtype=object,
    )
    postal = city * 400 + rng.integers(0, 400, n_people)

    # Records: person index, first record of each person kept clean.
    person = np.sort(rng.integers(0, n_people, n))
    first = np.ones(n, dtype=bool)
    first[1:] = person[1:] != person[:-1]
    extra = ~first

    def rate(p: float) -> npt.NDArray[Any]:
        return extra & (rng.random(n) < p)

    spelling = np.zeros(n, dtype=np.int64)
    spelling[rate(0.25)] = 1
    spelling[rate(0.05)] = 2
    spelling[rate(0.10)] = 3
    given = given_table[given_idx[person], spelling]
    fam_spelling = np.where(spelling == 3, 0, spelling)
    fam_spelling[rate(0.04)] = 2
    family = family_table[family_idx[person], fam_spelling]
    second = second_idx[person]
    double = (second >= 0) & ~rate(0.4)
    family = np.where(
        double,
        family + "-" + family_table[np.maximum(second, 0), np.where(spelling == 1, 1, 0)],
        family,
    )
    upper = rate(0.12)
    given = np.where(upper, pd.Series(given).str.upper().to_numpy(), given)
    family = np.where(upper, pd.Series(family).str.upper().to_numpy(), family)
    swap = rate(0.02)
    given, family = np.where(swap, family, given), np.where(swap, given, family)

    dob = born[person].copy()
    jan1 = rate(0.03)
    dob[jan1] = dob[jan1].astype("datetime64[Y]").astype("datetime64[D]")
    year_off = rate(0.02)
    dob[year_off] = dob[year_off] + np.timedelta64(365, "D")
    dob_text = pd.Series(dob).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    dob_text[rate(0.05)] = ""

    rec_card = card[person].copy()
    typo = rate(0.03)
    digit_pos = rng.integers(0, 9, n)
    rec_card[typo] = rec_card[typo] + ((rng.integers(1, 9, n)) * 10**digit_pos)[typo]
    rec_card = np.where(rec_card > 9_999_999_999, rec_card - 9 * 10**9, rec_card)
    card_text = pd.Series(rec_card).astype(str).to_numpy(dtype=object)
    no_version = rate(0.2)
    card_text = np.where(no_version, card_text, card_text + version[person])
    card_text[~has_card[person] | rate(0.25)] = ""

    rec_phone = phone[person].copy()
    changed = rate(0.3)
    rec_phone[changed] = rng.integers(2_000_000, 9_899_999, int(changed.sum()))
    phone_text = area[person] + pd.Series(rec_phone).astype(str).to_numpy(dtype=object)
    phone_text[~has_phone[person] | rate(0.2)] = ""

    moved = rate(0.35)
    rec_street_no = np.where(moved, rng.integers(1, 3000, n), street_no[person])
    rec_street = np.where(moved, rng.integers(0, len(STREETS), n), street[person])
    rec_city = np.where(
        moved & (rng.random(n) < 0.3), rng.integers(0, len(CITIES), n), city[person]
    )
    rec_postal = np.where(moved, rec_city * 400 + rng.integers(0, 400, n), postal[person])
    street_text = (
        pd.Series(rec_street_no).astype(str).to_numpy(dtype=object)
        + " "
        + np.array(STREETS, dtype=object)[rec_street]
    )
    city_text = np.array([c[0] for c in CITIES], dtype=object)[rec_city]
    postal_text = postal_pool[rec_postal]
    no_address = rate(0.15)
    street_text[no_address] = ""
    city_text[no_address] = ""
    postal_text[no_address] = ""

    source = rng.integers(0, len(SOURCES), n)
    order = rng.permutation(n)
    frame = pd.DataFrame(
        {
            "record_id": pd.Series(np.arange(1, n + 1)).map("F{:07d}".format).to_numpy(),
            "source": np.array([s[0] for s in SOURCES], dtype=object)[source][order],
            "given_name": given[order],
            "middle_name": np.full(n, "", dtype=object),
            "family_name": family[order],
            "date_of_birth": dob_text[order],
            "gender": np.where(female[person], "F", "M").astype(object)[order],
            "health_card_number": card_text[order],
            "other_id": np.full(n, "", dtype=object),
            "phone": phone_text[order],
            "email": np.full(n, "", dtype=object),
            "street_address": street_text[order],
            "city": city_text[order],
            "postal_code": postal_text[order],
            "person_id": pd.Series(person[order]).map("Q{:07d}".format).to_numpy(),
            "twin_group": np.full(n, "", dtype=object),
            "namesake_group": np.full(n, "", dtype=object),
            "error_kinds": np.full(n, "", dtype=object),
        }
    )
    return frame
