"""Field comparisons for identity resolution: names, dates of birth, health
card numbers and phone numbers, each compared to a :class:`Level` with a
machine reason code (the UI translates the codes; nothing here is shown as is).

The functions are pure and fast: no Django, no database, tables precomputed
at import, per-name work cached. They run on hundreds of thousands of pairs.

The errors they tolerate are the ones seen at intake across partner agencies:
accents dropped or added, capitals, punctuation; compound given names
written whole, split or as initials (Jean-François, Jeanfrançois, JF);
double family names partly used (Tremblay-Gagnon, Tremblay); French and
English nicknames and translations (Bob/Robert, Guy/Guillaume, Pierre/Peter);
typos; given and family names swapped; an unknown birth date entered as
January 1st; day and month swapped; a year off by one; a mistyped health card.

Precision matters more than recall: a false merge shows one person's health
data to another person's workers. Hence some deliberate strictness:

* two *different known given names* are ``DIFFERENT`` even when they are
  spelled alike (Louis/Louise, Jean/Jeanne, Léa/Léo, Julien/Julie,
  Stéphane/Stéphanie, Jean-Marc/Jean-Marie): twins share the family name and
  the birth date, so the given name is all that tells them apart, and a
  phonetic or typo-level match there would merge them. Masculine/feminine
  endings of unknown names (Gaston/Gastonne) are treated the same way;
* a phonetic match alone is only ``WEAK`` and needs a key of some length
  (metaphone drops vowels, so short keys collide: Roy/Rioux/Ray);
* a January 1st birth date is a placeholder for an unknown date, so it only
  ever tells the year: it is ``WEAK`` evidence, even against another
  January 1st of the same year.

A person whose given name changed (e.g. a trans client's chosen name) is
matched through the aliases the engine compares, not through leniency here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from itertools import product

import jellyfish

from parcours.core.text import fold, normalise_health_card

__all__ = [
    "Comparison",
    "Level",
    "canonical_given",
    "compare_dob",
    "compare_family",
    "compare_given",
    "compare_identifier",
    "compare_swapped_names",
    "initials",
    "name_tokens",
    "nickname_group",
    "normalise_health_card",
    "normalise_phone",
    "phonetic_key",
]


class Level(IntEnum):
    """How strongly two values agree; higher is stronger."""

    MISSING = 0  # one side empty: no evidence either way
    DIFFERENT = 1
    WEAK = 2  # phonetic match only, initials only, a placeholder date
    CLOSE = 3  # typo-level, nickname, part of a compound or double name
    EXACT = 4  # equal after folding accents, case and punctuation


@dataclass(frozen=True, slots=True)
class Comparison:
    """A level and the machine code of the reason for it."""

    level: Level
    reason: str


_MISSING = Comparison(Level.MISSING, "missing")
_DIFFERENT = Comparison(Level.DIFFERENT, "different")

# Jaro-Winkler similarity from which two spellings are taken as a typo.
TYPO_SIMILARITY = 0.92
# Shortest phonetic key that counts as a (weak) match: metaphone keeps only
# consonants, so one- or two-letter keys are shared by too many names
# (Roy/Rioux/Ray: R; Thibault/Dubois: TB; Léa/Léo: L).
MIN_PHONETIC_KEY = 3
# Shortest identifier (health card number) for which one typo is tolerated.
MIN_IDENTIFIER_TYPO_LENGTH = 8

# ---------------------------------------------------------------------------
# Tables. All names are folded (lower case, no accents).
# ---------------------------------------------------------------------------

# Nickname -> the full names it may stand for, the most likely first
# (``canonical_given`` returns the first). Only nicknames: a name that is also
# a full name in its own right (Guy, Annie, Manon, Théo, Liam) is not here.
NICKNAMES: dict[str, tuple[str, ...]] = {
    # English
    "abby": ("abigail",),
    "al": ("albert", "alfred", "alan", "alain"),
    "alex": ("alexandre", "alexander", "alexandra", "alexis"),
    "alf": ("alfred",),
    "alfie": ("alfred",),
    "andy": ("andrew", "andre"),
    "barb": ("barbara",),
    "becky": ("rebecca",),
    "ben": ("benjamin", "benoit"),
    "benji": ("benjamin",),
    "benny": ("benjamin",),
    "bert": ("albert", "robert", "gilbert", "hubert", "norbert"),
    "beth": ("elizabeth",),
    "betsy": ("elizabeth",),
    "betty": ("elizabeth",),
    "bill": ("william",),
    "billy": ("william",),
    "bob": ("robert",),
    "bobby": ("robert",),
    "cass": ("cassandra",),
    "cath": ("catherine",),
    "cathie": ("catherine",),
    "cathy": ("catherine",),
    "charlie": ("charles", "charlotte"),
    "chris": ("christopher", "christine", "christian", "christophe"),
    "chuck": ("charles",),
    "cindy": ("cynthia",),
    "dan": ("daniel",),
    "danny": ("daniel",),
    "dave": ("david",),
    "davy": ("david",),
    "deb": ("deborah",),
    "debbie": ("deborah",),
    "dick": ("richard",),
    "doug": ("douglas",),
    "ed": ("edward", "edouard", "edmond", "edgar"),
    "eddie": ("edward", "edouard"),
    "eddy": ("edward", "edouard"),
    "fran": ("frances", "francine", "francoise"),
    "frankie": ("francis", "francois"),
    "fred": ("frederic", "frederick"),
    "freddy": ("frederic", "frederick"),
    "gerry": ("gerald", "gerard"),
    "greg": ("gregory", "gregoire"),
    "gus": ("augustin", "gustave", "august"),
    "hank": ("henry",),
    "harry": ("henry", "harold"),
    "izzy": ("isabelle", "isabella"),
    "jackie": ("jacqueline", "jacques"),
    "jacky": ("jacques", "jacqueline"),
    "jack": ("john", "jacques"),
    "jeff": ("jeffrey", "geoffrey"),
    "jen": ("jennifer",),
    "jenny": ("jennifer",),
    "jerry": ("gerald", "jerome", "jeremy"),
    "jess": ("jessica",),
    "jim": ("james",),
    "jimmy": ("james",),
    "joe": ("joseph",),
    "joey": ("joseph",),
    "johnny": ("john",),
    "jon": ("jonathan", "john"),
    "josh": ("joshua",),
    "kat": ("catherine",),
    "kate": ("catherine",),
    "kathie": ("catherine",),
    "kathy": ("catherine",),
    "katie": ("catherine",),
    "ken": ("kenneth",),
    "kenny": ("kenneth",),
    "kris": ("christopher", "christine", "christian", "christophe"),
    "larry": ("lawrence", "laurent"),
    "len": ("leonard",),
    "lenny": ("leonard",),
    "liz": ("elizabeth",),
    "lizzie": ("elizabeth",),
    "lizzy": ("elizabeth",),
    "maggie": ("margaret", "marguerite"),
    "matt": ("matthew", "mathieu"),
    "meg": ("margaret",),
    "mick": ("michael",),
    "mickey": ("michael",),
    "mike": ("michael",),
    "mikey": ("michael",),
    "nate": ("nathan", "nathaniel"),
    "nellie": ("helen", "helene", "eleanor"),
    "nick": ("nicholas",),
    "nicky": ("nicholas",),
    "ollie": ("oliver", "olivier"),
    "pam": ("pamela",),
    "pat": ("patrick", "patricia", "patrice"),
    "patsy": ("patricia",),
    "patty": ("patricia",),
    "peggy": ("margaret",),
    "pete": ("peter",),
    "phil": ("philippe", "philip"),
    "ray": ("raymond",),
    "reg": ("reginald",),
    "rich": ("richard",),
    "richie": ("richard",),
    "rick": ("richard", "eric", "frederic"),
    "ricky": ("richard", "eric", "frederic"),
    "rob": ("robert",),
    "robbie": ("robert",),
    "robby": ("robert",),
    "ron": ("ronald",),
    "ronnie": ("ronald",),
    "russ": ("russell",),
    "sally": ("sarah",),
    "sam": ("samuel", "samantha"),
    "sammy": ("samuel", "samantha"),
    "sandy": ("sandra", "alexandra"),
    "sasha": ("alexandre", "alexander", "alexandra"),
    "steve": ("steven", "stephen", "stephane"),
    "stevie": ("steven", "stephen"),
    "sue": ("suzanne", "susan"),
    "susie": ("suzanne", "susan"),
    "suzie": ("suzanne", "susan"),
    "suzy": ("suzanne", "susan"),
    "ted": ("edward", "theodore"),
    "teddy": ("edward", "theodore"),
    "terry": ("terrence", "therese", "theresa"),
    "tess": ("therese", "theresa"),
    "tim": ("timothy", "timothee"),
    "timmy": ("timothy",),
    "tom": ("thomas",),
    "tommy": ("thomas",),
    "tony": ("anthony", "antoine", "antonio"),
    "tricia": ("patricia",),
    "trish": ("patricia",),
    "val": ("valerie", "valentin", "valentine"),
    "vic": ("victor", "victoria"),
    "vicky": ("victoria",),
    "vince": ("vincent",),
    "vinny": ("vincent",),
    "walt": ("walter",),
    "wes": ("wesley",),
    "will": ("william", "guillaume"),
    "willy": ("william", "guillaume"),
    "zac": ("zachary", "zacharie"),
    "zach": ("zachary", "zacharie"),
    "zack": ("zachary", "zacharie"),
    # French (Québec, Acadie, Ontario)
    "babeth": ("elisabeth",),
    "caro": ("caroline",),
    "dom": ("dominique", "dominic"),
    "dany": ("daniel",),
    "flo": ("florence", "florent", "florian"),
    "gab": ("gabriel", "gabrielle"),
    "gaby": ("gabrielle", "gabriel"),
    "gen": ("genevieve",),
    "guigui": ("guillaume",),
    "isa": ("isabelle",),
    "jeannot": ("jean",),
    "jo": ("joseph", "josee", "johanne", "josephine"),
    "jojo": ("joseph", "josee", "johanne", "jonathan"),
    "jos": ("joseph",),
    "juju": ("julie", "julien", "juliette"),
    "loulou": ("louis", "louise"),
    "lulu": ("lucie", "lucien", "louise", "lucille"),
    "mado": ("madeleine",),
    "manu": ("emmanuel", "emmanuelle"),
    "max": ("maxime", "maximilien"),
    "mel": ("melanie", "melissa", "melodie"),
    "mimi": ("michele", "michelle", "micheline", "emilie"),
    "nath": ("nathalie", "nathan", "nathaniel"),
    "nic": ("nicolas",),
    "nico": ("nicolas",),
    "pierrot": ("pierre",),
    "riri": ("henri",),
    "seb": ("sebastien",),
    "steph": ("stephane", "stephanie"),
    "stef": ("stephane", "stephanie"),
    "tiguy": ("guy",),
    "tijean": ("jean",),
    "tijos": ("joseph",),
    "toine": ("antoine",),
    "vero": ("veronique",),
}

# Full names that are the same name in the other language, or another
# spelling of it. Each set is a clique; the relation is *not* closed
# transitively (Guy~Guillaume and Guillaume~William, but not Guy~William;
# Stéphane~Stephen and Étienne~Stephen, but not Stéphane~Étienne), so that
# two distinct French names never meet through an English one.
# Guy is a full French name, not a nickname of Guillaume, but the two are
# used for the same person often enough to be grouped.
VARIANT_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "guillaume guy",
        "guillaume william",
        "jean john",
        "jeanne jane",
        "jeanne joan",
        "pierre peter",
        "jacques james",
        "michel michael",
        "michele michelle",
        "stephane stephen",
        "etienne stephen",
        "stephen steven",
        "henri henry",
        "louis lewis",
        "marie mary",
        "catherine katherine kathryn katharine",
        "helene helen",
        "anne ann",
        "elisabeth elizabeth",
        "frederic frederick",
        "nicolas nicholas",
        "alexandre alexander",
        "christophe christopher",
        "mathieu matthew",
        "philippe philip phillip",
        "antoine anthony antonio",
        "andre andrew",
        "georges george",
        "denis dennis",
        "julien julian",
        "sebastien sebastian",
        "gregoire gregory",
        "laurent lawrence",
        "edouard edward",
        "raphael rafael",
        "marguerite margaret",
        "therese theresa teresa",
        "isabelle isabel isabella",
        "suzanne susan",
        "daniele danielle",
        "maxime maxim",
        "eric erik erick",
        "marc mark",
        "zacharie zachary",
        "timothee timothy",
        "jeremie jeremy jeremiah",
        "jonathan johnathan",
        "olivier oliver",
        "veronique veronica",
        "emilie emily",
        "madeleine madeline",
        "lucie lucy",
        "mathilde matilda",
        "sylvie sylvia",
        "virginie virginia",
        "nathalie natalie",
        "sophie sophia",
        "johanne joanne",
        "caroline carolyn",
        "cecile cecilia",
        "juliette juliet",
        "rebecca rebekah",
        "sarah sara",
        "line lyne",
        "hugues hugh",
    )
)

# Common given names in Canada, French and English, used to tell a typo
# (Jena, Tremblya) from another real name (Louise for Louis): two different
# names of this list that are not nicknames or variants of each other are
# different names, however alike they look. Spelling variants of one name
# must be grouped in VARIANT_GROUPS, or left out.
_COMMON_GIVEN = """
aaron adam adrien ahmed alain albert alexandre alexander alexis alfred andre
andrew antoine anthony antonio armand arnaud arthur benjamin benoit bernard
bertrand brandon bruno carl cedric charles christian christophe christopher
claude clement daniel david denis dominic donald douglas dylan edouard edward
emile emmanuel eric etienne eugene felix fernand florent francis francois
frederic frederick gabriel gaetan gaston georges george gerald gerard gilbert
fabien florian gilles ghislain guillaume guy henri henry hugo hugues jacques james jason jean
jeremie jeremy jerome joel john jose jonathan jordan joseph jules julien justin
kevin laurent leo leon lionel louis luc lucas lucien ludovic marc marcel mario
martin mathieu mathis matthew maurice maxime michael michel mohamed nathan
nicolas nicholas noel noe normand olivier oliver pascal patrice patrick paul
peter philippe philip pierre raphael raymond real rejean remi rene richard
robert roberto roch roger roland ronald samuel sebastien serge simon stephane
stephen steven sylvain theo thomas timothy tristan valentin victor vincent
william xavier yannick yves yvon zachary
adrienne alexandra alexia alice alicia aline amanda amelie andree andrea
angele angelique anna anne annie annick antoinette ariane audrey aurelie
barbara beatrice bernadette brigitte camille carmen carole caroline catherine
cecile celine chantal charlotte chloe christiane christine claire claudette
claudia claudine colette coralie corinne cynthia danielle denise diane
dominique elise elisabeth elizabeth elodie emilie emily emma estelle eva eve
evelyne fabienne florence france francine francoise frederique gabrielle
gaetane genevieve georgette ghislaine ginette gisele helene henriette huguette
isabelle jacinthe jacqueline jade jeanne jeannette jeannine jennifer jessica
jocelyne johanne josee josiane josephine julia julie julienne juliette justine
karine katherine laura laurence laurie lea line linda lise lisette lorraine
louise lucie lucienne lucille lyne madeleine manon marcelle margaret
marguerite maria marianne marie mariette marielle marine martine mary
mathilde maude megane melanie melissa micheline michele michelle mireille
monique murielle myriam nadia nadine nancy natalie nathalie nicole noemie
oceane odette olivia pascale patricia paule paulette pauline pierrette rachel
raymonde rebecca rejeanne renee rita rosalie rose sabrina samantha sandra
sarah simone solange sonia sophie stephanie suzanne sylvie tania therese
valerie vanessa veronique viviane victoria virginie yolande yvette yvonne zoe
"""

# Endings that make a name masculine or feminine (Louis/Louise, Jean/Jeanne,
# Gaston/Gastonne, Mario/Maria, Stéphane/Stéphanie): after the longest common
# beginning, the two remaining endings form one of these pairs.
_GENDER_ENDINGS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair.split(","))
    for pair in (
        ",e",
        ",a",
        ",le",
        ",ne",
        ",te",
        ",tte",
        ",ette",
        ",ine",
        ",ina",
        ",ia",
        ",elle",
        ",enne",
        ",nette",
        ",nine",
        "o,a",
        "o,e",
        "e,a",
        "e,ie",
        "en,e",
        "er,a",
        "c,que",
        "k,ia",
        "s,tte",
        "es,ette",
        "es,otte",
        "t,ce",
        "ain,ie",
    )
)

# Short tokens that are elided particles glued to the next word: O'Brien,
# D'Arcy, L'Heureux, also typed with a space (O Brien) or without (OBrien).
_ELISION = re.compile(r"(?<![^\W\d_])([ODL])[\s'’ʼ`´‘]+(?=[^\W\d_]{2})")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʼ`´‘](?=[^\W\d_])")
_TOKEN_SYNONYMS = {"st": "saint", "ste": "sainte"}
# Letters that Unicode does not decompose into ASCII (fold would drop them).
_LIGATURES = str.maketrans({"Œ": "OE", "Æ": "AE", "Ø": "O", "Ł": "L", "Đ": "D", "Þ": "TH"})
_VOWELS = frozenset("aeiouy")


def _build_variants() -> dict[str, frozenset[str]]:
    variants: dict[str, set[str]] = {}
    for group in VARIANT_GROUPS:
        for name in group:
            variants.setdefault(name, {name}).update(group)
    return {name: frozenset(group) for name, group in variants.items()}


_VARIANTS: dict[str, frozenset[str]] = _build_variants()
_CANONICALS: dict[str, frozenset[str]] = {
    nick: frozenset(names) for nick, names in NICKNAMES.items()
}
KNOWN_GIVEN_NAMES: frozenset[str] = frozenset(
    set(_COMMON_GIVEN.split())
    | set(NICKNAMES)
    | {name for names in NICKNAMES.values() for name in names}
    | set(_VARIANTS)
)
# Parts of compound given names recognised when written whole
# (Jeanfrançois, Marieève, Pierreluc, Annemarie).
_COMPOUND_PARTS: frozenset[str] = frozenset(
    name for name in KNOWN_GIVEN_NAMES if len(name) >= 3 and name not in NICKNAMES
)

# ---------------------------------------------------------------------------
# Name helpers
# ---------------------------------------------------------------------------


@lru_cache(maxsize=131072)
def _tokens(text: str) -> tuple[str, ...]:
    # Upper case first so that letters whose lower case folds to nothing
    # ("ß" -> "SS", dotless "ı" -> "I") fold the same whatever their case;
    # then the ligatures and letters that have no decomposition ("Œ" -> "OE"),
    # and accents off before looking for elisions ("Ô Brien" like "O Brien").
    upper = _APOSTROPHE.sub("", text.upper().translate(_LIGATURES))
    plain = "".join(c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c))
    plain = _ELISION.sub(r"\1", plain)
    return tuple(_TOKEN_SYNONYMS.get(token, token) for token in fold(plain).split())


def name_tokens(text: str) -> list[str]:
    """The folded tokens of a name: ``"Jean-François"`` → ``["jean",
    "francois"]``; ``""`` → ``[]``. Never contains empty strings.

    Elided particles are joined to the next word, whether written with an
    apostrophe, a space or nothing: O'Brien, O Brien and OBrien all give
    ``["obrien"]`` (only O, D and L are joined, so that initials such as
    "J F" stay apart). "St"/"Ste" are spelled out ("St-Pierre" →
    ``["saint", "pierre"]``). Letters without an ASCII folding (other
    scripts) are dropped.
    """
    return list(_tokens(text))


def _key(token: str) -> str:
    return "".join(_tokens(token))


def canonical_given(token: str) -> str:
    """The canonical full name a given-name token stands for through the
    nickname table (``"bob"`` → ``"robert"``, ``"Ti-Jean"`` → ``"jean"``);
    the folded token itself when it is not a nickname. An ambiguous nickname
    gives its most likely name; see :func:`nickname_group` for all of them."""
    key = _key(token)
    names = NICKNAMES.get(key)
    return names[0] if names else key


def _canonicals(key: str) -> frozenset[str]:
    return _CANONICALS.get(key) or frozenset((key,))


@lru_cache(maxsize=65536)
def _group(key: str) -> frozenset[str]:
    names = set(_canonicals(key))
    for name in tuple(names):
        names |= _VARIANTS.get(name, frozenset())
    return frozenset(names)


def nickname_group(token: str) -> frozenset[str]:
    """Every full name a given-name token may stand for: the names of a
    nickname (``"chris"`` → christopher, christine, christian, christophe)
    and their translations or spellings (``"guy"`` → guy, guillaume;
    ``"guillaume"`` → guillaume, guy, william). Always contains
    ``canonical_given(token)``."""
    return _group(_key(token))


def _related(a: str, b: str) -> bool:
    """Same name, nickname or variant. Symmetric; one step, not transitive."""
    return (
        a == b
        or not _canonicals(a).isdisjoint(_group(b))
        or not _canonicals(b).isdisjoint(_group(a))
    )


def _looks_like_initials(token: str) -> bool:
    """One letter, or two or three letters without a vowel ("jf", "mc")."""
    return len(token) == 1 or (len(token) <= 3 and _VOWELS.isdisjoint(token))


def initials(text: str) -> str:
    """The initials of a name: ``"Jean-François"`` → ``"jf"``, ``"J.F."`` →
    ``"jf"``, ``"Marie Ève"`` → ``"me"``. A single token of two or three
    letters without a vowel is taken as initials already written together
    (``"JF"`` → ``"jf"``)."""
    tokens = _tokens(text)
    if len(tokens) == 1 and _looks_like_initials(tokens[0]):
        return tokens[0]
    return "".join(token[0] for token in tokens)


# Phonetic rewrites, applied in order to each folded token before metaphone.
_PHONETIC_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"([a-z])\1+", r"\1"),  # doubled letters: Phillips, Ouellette
        (r"ph", "f"),
        (r"th", "t"),  # Gauthier, Thibault
        (r"e?aul[tx]$", "o"),  # Arsenault, Thibeault, Perreault: silent "lt"
        (r"ulx$", "u"),  # Proulx
        (r"e?au", "o"),  # Moreau, Gauthier
        (r"qu", "k"),  # Jacques, Lévesque
        (r"ck", "k"),
        (r"gn", "n"),  # Gagnon, Gagné
        (r"y", "i"),  # Tremblay
        (r"(?<![cs])h", ""),  # silent h: Hébert, Thériault
        (r"bv", "v"),  # Lefebvre
        (r"fe[bv]r", "fevr"),  # Lefebvre, Lefèbre, Lefèvre
        (r"(?<=...)e$", ""),  # final mute e: Ouellette, Côté
        (r"(?<=..[aeiou])[tdsx]$", ""),  # final silent consonant: Ouellet, Dubois, Rioux
    )
)


@lru_cache(maxsize=131072)
def phonetic_key(text: str) -> str:
    """A phonetic key of a name, tolerant of French and English spellings:
    jellyfish's metaphone of the folded tokens, joined without spaces, after
    French-aware rewrites of each token (``eau``/``au`` → ``o``, ``ph`` →
    ``f``, ``th`` → ``t``, ``qu`` → ``k``, ``gn`` → ``n``, ``y`` → ``i``,
    silent ``h``, silent ``-ault``, final mute ``e`` and final silent
    ``t``/``d``/``s``/``x`` after a vowel).

    Equal for Tremblay/Tremblai, Gauthier/Gautier/Gotier, Bélanger/Belanger,
    Thibault/Thibeault, Lefebvre/Lefebre/Lefèvre, Phillips/Philips,
    Ouellet/Ouellette, Arsenault/Arseneau; different for Tremblay/Gagnon.
    ``""`` when the name has no letters. Never raises.
    """
    parts = []
    for token in _tokens(text):
        letters = re.sub(r"[^a-z]", "", token)
        for pattern, replacement in _PHONETIC_REWRITES:
            letters = pattern.sub(replacement, letters)
        parts.append(letters)
    joined = "".join(parts)
    return jellyfish.metaphone(joined) if joined else ""


def _similarity(a: str, b: str) -> float:
    """Jaro-Winkler, made symmetric (the greedy matching is not always)."""
    return (
        jellyfish.jaro_winkler_similarity(a, b)
        if a <= b
        else jellyfish.jaro_winkler_similarity(b, a)
    )


def _typo(a: str, b: str) -> bool:
    return a == b or _similarity(a, b) >= TYPO_SIMILARITY


def _gendered(a: str, b: str) -> bool:
    """Masculine and feminine forms of one name: Louis/Louise, Gaston/Gastonne."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common < 2 or (common < 3 and min(len(a), len(b)) > 3):
        return False
    return frozenset((a[common:], b[common:])) in _GENDER_ENDINGS


def _distinct_given(a: str, b: str) -> bool:
    """Two given-name tokens that are different names, not spellings of one:
    two known names that are not nicknames or variants of each other, or a
    masculine/feminine pair of endings."""
    if a == b or _related(a, b):
        return False
    if a in KNOWN_GIVEN_NAMES and b in KNOWN_GIVEN_NAMES:
        return True
    if not _gendered(a, b):
        return False
    # Stephan / Stéphane, Jerom / Jérôme: a known name with its last letters
    # missing is a typo; Gaston / Gastonne: a known name with a feminine
    # ending added is another name.
    short, long = sorted((a, b), key=len)
    return not (long.startswith(short) and long in KNOWN_GIVEN_NAMES)


@lru_cache(maxsize=65536)
def _split_compound(token: str) -> tuple[str, ...] | None:
    """A compound given name written whole: "jeanfrancois" → ("jean", "francois")."""
    for cut in range(3, len(token) - 2):
        if token[:cut] in _COMPOUND_PARTS and token[cut:] in _COMPOUND_PARTS:
            return (token[:cut], token[cut:])
    return None


@dataclass(frozen=True, slots=True)
class _Name:
    """What the comparisons need of one name, computed once per name."""

    spaced: str  # the raw text, whitespace normalised
    tokens: tuple[str, ...]
    joined: str  # tokens without spaces
    forms: tuple[tuple[str, ...], ...]  # tokens, and the name joined or split
    initials: frozenset[str]  # the initials of each form
    is_initials: bool  # the name is written as initials: "JF", "J.-F."
    key: str


def _name(text: str, *, given: bool) -> _Name:
    tokens = _tokens(text)
    joined = "".join(tokens)
    forms = [tokens]
    if len(tokens) > 1:
        forms.append((joined,))
    elif (
        given
        and tokens
        and tokens[0] not in KNOWN_GIVEN_NAMES
        and (split := _split_compound(tokens[0])) is not None
    ):
        forms.append(split)
    is_initials = bool(tokens) and (
        all(len(t) == 1 for t in tokens) or (len(tokens) == 1 and _looks_like_initials(tokens[0]))
    )
    return _Name(
        spaced=" ".join(text.split()),
        tokens=tokens,
        joined=joined,
        forms=tuple(forms),
        initials=frozenset("".join(t[0] for t in form) for form in forms) | {initials(text)},
        is_initials=is_initials,
        key=phonetic_key(text),
    )


@lru_cache(maxsize=131072)
def _given(text: str) -> _Name:
    return _name(text, given=True)


@lru_cache(maxsize=131072)
def _family(text: str) -> _Name:
    return _name(text, given=False)


def _exact(a: _Name, b: _Name) -> Comparison | None:
    if not a.tokens or not b.tokens:
        return _MISSING
    if a.tokens == b.tokens:
        return Comparison(Level.EXACT, "exact" if a.spaced == b.spaced else "accents_case")
    return None


def _initials_match(a: _Name, b: _Name) -> bool:
    """One side written as initials that match the other's ("JF" and
    "Jean-François", "J." and "Jean"), or a token of one reduced to its
    initial ("Jean F." and "Jean-François")."""
    if a.is_initials and b.is_initials:
        return a.joined == b.joined
    if a.is_initials or b.is_initials:
        short, full = (a, b) if a.is_initials else (b, a)
        return short.joined in full.initials
    if len(a.tokens) != len(b.tokens):
        return False
    abbreviated = False
    for x, y in zip(a.tokens, b.tokens, strict=True):
        if x == y:
            continue
        if (len(x) == 1 and y[0] == x) or (len(y) == 1 and x[0] == y):
            abbreviated = True
            continue
        return False
    return abbreviated


def _covers(short: tuple[str, ...], long: tuple[str, ...], *, nicknames: bool) -> bool:
    """Every token of ``short`` matches a distinct token of ``long``."""
    remaining = list(long)
    for token in short:
        for i, other in enumerate(remaining):
            if token == other or (nicknames and _related(token, other)):
                del remaining[i]
                break
        else:
            return False
    return True


def _part(a: tuple[str, ...], b: tuple[str, ...], *, nicknames: bool) -> bool:
    """One name is made of parts of the other (in any order): Jean and
    Jean-François, Tremblay and Tremblay-Gagnon, Gagnon-Tremblay and
    Tremblay-Gagnon."""
    if len(a) < len(b):
        return _covers(a, b, nicknames=nicknames)
    if len(b) < len(a):
        return _covers(b, a, nicknames=nicknames)
    return _covers(a, b, nicknames=nicknames) or _covers(b, a, nicknames=nicknames)


def _tokenwise_typo(a: _Name, b: _Name, *, nicknames: bool) -> bool:
    if len(a.tokens) == len(b.tokens) > 1:
        return all(
            _typo(x, y) or (nicknames and _related(x, y))
            for x, y in zip(a.tokens, b.tokens, strict=True)
        )
    return _typo(a.joined, b.joined)


def compare_given(a: str, b: str) -> Comparison:
    """Compare two given names.

    * ``MISSING`` "missing": either has no letters;
    * ``EXACT`` "exact", or "accents_case" when the raw texts differ only by
      accents, case or punctuation;
    * ``WEAK`` "initials": one is written as initials that match the other
      (JF / Jean-François, J. / Jean);
    * ``CLOSE`` "nickname": token by token nicknames or translations of each
      other (Bob / Robert, Cathy / Kate, Ti-Jean / Jean, Pierre / Peter);
    * ``CLOSE`` "typo": written whole or split (Jeanfrançois / Jean François);
    * ``CLOSE`` "compound_part": one is part of the other's compound name
      (Jean / Jean-François, François / Jean-François), in any order;
    * ``DIFFERENT`` "different": two different real names however alike
      (Louis / Louise, Léa / Léo, Jean-Marc / Jean-Marie): twins;
    * ``CLOSE`` "typo": Jaro-Winkler ≥ 0.92, token by token for compound
      names (Jena / Jean);
    * ``WEAK`` "phonetic": same :func:`phonetic_key` of 3 letters or more;
    * ``DIFFERENT`` "different" otherwise.
    """
    x, y = _given(a), _given(b)
    if (result := _exact(x, y)) is not None:
        return result
    if (x.is_initials or y.is_initials) and _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    pairs = [(fa, fb) for fa, fb in product(x.forms, y.forms) if len(fa) == len(fb)]
    if any(all(_related(s, t) for s, t in zip(fa, fb, strict=True)) for fa, fb in pairs):
        if any(fa == fb for fa, fb in pairs):
            return Comparison(Level.CLOSE, "typo")
        return Comparison(Level.CLOSE, "nickname")
    if any(_part(fa, fb, nicknames=True) for fa, fb in product(x.forms, y.forms)):
        return Comparison(Level.CLOSE, "compound_part")
    if any(_distinct_given(s, t) for fa, fb in pairs for s, t in zip(fa, fb, strict=True)):
        return _DIFFERENT
    if _tokenwise_typo(x, y, nicknames=True):
        return Comparison(Level.CLOSE, "typo")
    if _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    if len(x.key) >= MIN_PHONETIC_KEY and x.key == y.key:
        return Comparison(Level.WEAK, "phonetic")
    return _DIFFERENT


def compare_family(a: str, b: str) -> Comparison:
    """Compare two family names, like :func:`compare_given` without
    nicknames, compound splitting or the different-names rule:

    * ``MISSING``; ``EXACT`` "exact" / "accents_case";
    * ``WEAK`` "initials": one is written as initials that match the other;
    * ``CLOSE`` "partial_family": the tokens of one are all in the other —
      a double name partly used (Tremblay / Tremblay-Gagnon) or in the
      other order (Gagnon-Tremblay / Tremblay-Gagnon). Sharing one part
      only (Tremblay-Gagnon / Tremblay-Roy) is not enough;
    * ``CLOSE`` "typo": written whole or split (De Grandpré / Degrandpré),
      or Jaro-Winkler ≥ 0.92, part by part for double names;
    * ``WEAK`` "phonetic": same :func:`phonetic_key` of 3 letters or more:
      Gauthier / Gotier;
    * ``DIFFERENT`` "different" otherwise.
    """
    x, y = _family(a), _family(b)
    if (result := _exact(x, y)) is not None:
        return result
    if (x.is_initials or y.is_initials) and _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    if _part(x.tokens, y.tokens, nicknames=False):
        return Comparison(Level.CLOSE, "partial_family")
    if x.joined == y.joined or _tokenwise_typo(x, y, nicknames=False):
        return Comparison(Level.CLOSE, "typo")
    if _initials_match(x, y):
        return Comparison(Level.WEAK, "initials")
    if len(x.key) >= MIN_PHONETIC_KEY and x.key == y.key:
        return Comparison(Level.WEAK, "phonetic")
    return _DIFFERENT


def compare_swapped_names(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """True when ``a``'s given name is ``b``'s family name and the other way
    round (each crossed pair ``EXACT`` or ``CLOSE`` by
    :func:`compare_family`): given and family names swapped at intake."""
    return (
        compare_family(given_a, family_b).level >= Level.CLOSE
        and compare_family(family_a, given_b).level >= Level.CLOSE
    )


# ---------------------------------------------------------------------------
# Dates of birth and identifiers
# ---------------------------------------------------------------------------


def _is_january_first(date: dt.date) -> bool:
    return date.month == 1 and date.day == 1


def compare_dob(a: dt.date | None, b: dt.date | None) -> Comparison:
    """Compare two dates of birth.

    * ``MISSING`` "missing": either is unknown;
    * ``WEAK`` "january_first": either is January 1st and the years are
      equal. January 1st is what intake enters for an unknown date, so it
      only tells the year — even two January 1sts of the same year are only
      weak evidence (two people of unknown birth date born the same year);
    * ``EXACT`` "exact";
    * ``CLOSE`` "swapped_day_month": 1985-03-12 / 1985-12-03;
    * ``WEAK`` "year_off_by_one": same day and month, year ±1;
    * ``CLOSE`` "one_digit": one digit of YYYYMMDD typed wrong or two
      neighbouring digits swapped (Damerau-Levenshtein distance 1):
      1985-03-12 / 1985-03-13, 1985-03-12 / 1985-03-21, 1985 / 1995;
    * ``DIFFERENT`` "different" otherwise.
    """
    if a is None or b is None:
        return _MISSING
    if a.year == b.year and (_is_january_first(a) or _is_january_first(b)):
        return Comparison(Level.WEAK, "january_first")
    if a == b:
        return Comparison(Level.EXACT, "exact")
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return Comparison(Level.CLOSE, "swapped_day_month")
    if a.month == b.month and a.day == b.day and abs(a.year - b.year) == 1:
        return Comparison(Level.WEAK, "year_off_by_one")
    if jellyfish.damerau_levenshtein_distance(f"{a:%Y%m%d}", f"{b:%Y%m%d}") == 1:
        return Comparison(Level.CLOSE, "one_digit")
    return _DIFFERENT


_EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|poste|x|#)\s*\d+\s*$")


def normalise_phone(text: str) -> str:
    """Digits only, at most the last ten (so the country code 1 and other
    prefixes drop): ``"+1 (514) 555-1234"`` → ``"5145551234"``. An extension
    at the end ("poste 22", "ext. 22", "x22") is removed first."""
    digits = re.sub(r"[^0-9]", "", _EXTENSION.sub("", unicodedata.normalize("NFKC", text)))
    return digits[-10:]


def compare_identifier(a: str, b: str) -> Comparison:
    """Compare two identifiers (health card numbers), already normalised.

    ``EXACT`` "exact" when equal; ``CLOSE`` "one_typo" when one character
    differs, is missing or two neighbours are swapped (Damerau-Levenshtein
    1) and both are at least 8 characters long; ``DIFFERENT`` otherwise;
    ``MISSING`` when either is empty."""
    if not a or not b:
        return _MISSING
    if a == b:
        return Comparison(Level.EXACT, "exact")
    if (
        min(len(a), len(b)) >= MIN_IDENTIFIER_TYPO_LENGTH
        and jellyfish.damerau_levenshtein_distance(a, b) == 1
    ):
        return Comparison(Level.CLOSE, "one_typo")
    return _DIFFERENT
