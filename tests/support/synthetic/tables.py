"""The data the generators draw from: French, English and other given and
family names, nicknames, twins' names, places, streets, error rates."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

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
