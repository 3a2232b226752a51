"""Names of the demo registry: naming traditions of a bilingual city and its
newcomers, nicknames, other spellings, street names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """A naming tradition: given names by sex, family names, and what goes with them."""

    key: str
    women: tuple[str, ...]
    men: tuple[str, ...]
    families: tuple[str, ...]
    racialized: str | None
    indigenous: str | None
    languages: tuple[str, ...] = ()
    french_share: float = 0.5
    newcomer: bool = False


ORIGINS: list[tuple[Origin, float]] = [
    (
        Origin(
            "french",
            (
                "Éloïse",
                "Marie-Ève",
                "Geneviève",
                "Josée",
                "Manon",
                "Chantal",
                "Sylvie",
                "Noémie",
                "Maude",
                "Lucie",
                "Ginette",
                "Mireille",
            ),
            (
                "Jean-Guy",
                "Réjean",
                "Sébastien",
                "François",
                "Yannick",
                "Gilles",
                "Benoît",
                "Olivier",
                "Maxime",
                "Pierre-Luc",
                "Jérôme",
                "Gaétan",
            ),
            (
                "Gagné",
                "Bélanger",
                "Lévesque",
                "Ouellette",
                "Thériault",
                "Boisvert",
                "Charette",
                "Leduc",
                "Séguin",
                "Proulx",
                "Laflamme",
                "Beaulieu",
                "Lalonde",
                "Bérubé",
                "Desrochers",
                "Paré",
                "Brisson",
                "Giroux",
                "Lapierre",
                "Côté",
            ),
            "white",
            "not_indigenous",
            french_share=0.92,
        ),
        0.46,
    ),
    (
        Origin(
            "english",
            (
                "Ashley",
                "Brittany",
                "Megan",
                "Heather",
                "Kimberly",
                "Rebecca",
                "Courtney",
                "Shannon",
            ),
            ("Justin", "Kyle", "Dustin", "Colin", "Shane", "Derek", "Travis", "Christopher"),
            (
                "O'Connor",
                "MacLeod",
                "Fraser",
                "Sullivan",
                "Robertson",
                "McCarthy",
                "Walsh",
                "Stewart",
                "Murray",
                "Doyle",
                "Graham",
                "Brennan",
            ),
            "white",
            "not_indigenous",
            french_share=0.12,
        ),
        0.21,
    ),
    (
        Origin(
            "first_nations",
            ("Tanya", "Crystal", "Winona", "Kateri", "Shawna"),
            ("Darcy", "Cody", "Waylon", "Lorne", "Dakota"),
            (
                "Whiteduck",
                "Tenasco",
                "Odjick",
                "Decontie",
                "Papatie",
                "Nanibush",
                "Wabie",
                "Wapachee",
            ),
            None,
            "first_nations",
            ("Anishinaabemowin", "Cri / Cree"),
            french_share=0.35,
        ),
        0.08,
    ),
    (
        Origin(
            "inuit",
            ("Naudla", "Leesee", "Annie"),
            ("Lucassie", "Jaypeetee", "Elijah"),
            ("Tootoo", "Kilabuk", "Akavak", "Nakasuk"),
            None,
            "inuit",
            ("Inuktitut",),
            french_share=0.1,
        ),
        0.03,
    ),
    (
        Origin(
            "metis",
            ("Josée", "Heather", "Crystal"),
            ("Réjean", "Darcy", "Shane"),
            ("Chartrand", "Laplante", "Delorme"),
            "white",
            "metis",
            ("Michif",),
            french_share=0.5,
        ),
        0.03,
    ),
    (
        Origin(
            "vietnamese",
            ("Thi Lan", "Mai"),
            ("Minh", "Tuan"),
            ("Nguyen", "Tran", "Pham"),
            "southeast_asian",
            "not_indigenous",
            ("Vietnamien / Vietnamese",),
            french_share=0.4,
            newcomer=True,
        ),
        0.03,
    ),
    (
        Origin(
            "arabic",
            ("Fatima", "Samira", "Yasmin"),
            ("Ahmad", "Karim", "Rachid"),
            ("Haddad", "El Khoury", "Mansour", "Bouzid"),
            "middle_eastern",
            "not_indigenous",
            ("Arabe / Arabic",),
            french_share=0.7,
            newcomer=True,
        ),
        0.05,
    ),
    (
        Origin(
            "somali",
            ("Hodan", "Amina"),
            ("Abdirahman", "Mohamed"),
            ("Abdi", "Hassan", "Osman", "Warsame"),
            "black",
            "not_indigenous",
            ("Somali",),
            french_share=0.15,
            newcomer=True,
        ),
        0.04,
    ),
    (
        Origin(
            "haitian_congolese",
            ("Nadège", "Esther", "Fabiola"),
            ("Jean-Baptiste", "Wilner", "Patrice"),
            ("Joseph", "Pierre-Louis", "Mukendi", "Ilunga"),
            "black",
            "not_indigenous",
            ("Créole haïtien / Haitian Creole", "Lingala"),
            french_share=0.95,
            newcomer=True,
        ),
        0.04,
    ),
    (
        Origin(
            "latin_american",
            ("Daniela", "Lucía"),
            ("Carlos", "Andrés"),
            ("Álvarez", "Ramírez"),
            "latin_american",
            "not_indigenous",
            ("Espagnol / Spanish",),
            french_share=0.5,
            newcomer=True,
        ),
        0.02,
    ),
    (
        Origin(
            "punjabi",
            ("Harpreet",),
            ("Gurdeep",),
            ("Kaur", "Singh"),
            "south_asian",
            "not_indigenous",
            ("Pendjabi / Punjabi",),
            french_share=0.1,
            newcomer=True,
        ),
        0.01,
    ),
    (
        Origin(
            "eritrean",
            ("Selam",),
            ("Tesfaye",),
            ("Gebremariam", "Tesfamariam"),
            "black",
            "not_indigenous",
            ("Tigrigna / Tigrinya",),
            french_share=0.2,
            newcomer=True,
        ),
        0.01,
    ),
]

NICKNAMES = {
    "Éloïse": "Élo",
    "Marie-Ève": "Marie",
    "Geneviève": "Gen",
    "Jean-Guy": "J-G",
    "Sébastien": "Seb",
    "Benoît": "Ben",
    "Maxime": "Max",
    "Pierre-Luc": "P-L",
    "Rebecca": "Becky",
    "Kimberly": "Kim",
    "Christopher": "Chris",
    "Abdirahman": "Abdi",
    "Mohamed": "Mo",
    "Jaypeetee": "JP",
    "Lucassie": "Luke",
    "Jean-Baptiste": "Ti-Jean",
    "Shannon": "Shan",
}
OTHER_SPELLINGS = {
    "Mohamed": "Mohammed",
    "Nguyen": "Nguyễn",
    "Haddad": "Hadad",
    "MacLeod": "McLeod",
    "Whiteduck": "White Duck",
    "Abdi": "Cabdi",
    "Ouellette": "Ouellet",
    "Rachid": "Rashid",
    "Ahmad": "Ahmed",
    "Tootoo": "Tutu",
    "Decontie": "Dicontie",
}
STREET_NAMES = [
    "Ti-Loup",
    "Red",
    "Frenchie",
    "Smokey",
    "Doc",
    "Sunny",
    "Ti-Mousse",
    "Bear",
    "Sparky",
    "Moose",
]
RELATIONSHIPS = {
    "fr": ["sœur", "mère", "frère", "ami", "cousine", "fille"],
    "en": ["sister", "mother", "brother", "friend", "cousin", "daughter"],
}
