"""The name tables: nicknames, translations and spellings, common given
names, masculine/feminine endings. All names are folded (lower case, no
accents)."""

from __future__ import annotations

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
    "bert": ("albert", "robert", "gilbert", "hubert", "norbert", "herbert"),
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
    "charley": ("charles",),
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
    "fred": ("frederic", "frederick", "alfred"),
    "freddie": ("frederic", "frederick", "alfred"),
    "freddy": ("frederic", "frederick", "alfred"),
    "gerry": ("gerald", "gerard"),
    "greg": ("gregory", "gregoire"),
    "gus": ("augustin", "gustave", "august", "augustus"),
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
    # English, older forms (parish and census records, biographies)
    "addie": ("adelaide",),
    "alec": ("alexander",),
    "archie": ("archibald",),
    "art": ("arthur",),
    "artie": ("arthur",),
    "bernie": ("bernard",),
    "bess": ("elizabeth",),
    "bessie": ("elizabeth",),
    "connie": ("constance",),
    "dolly": ("dorothy",),
    "dot": ("dorothy",),
    "dottie": ("dorothy",),
    "ernie": ("ernest",),
    "fanny": ("frances",),
    "frank": ("francis", "franklin"),
    "gertie": ("gertrude",),
    "gil": ("gilbert",),
    "ginny": ("virginia",),
    "hal": ("henry", "harold"),
    "hattie": ("harriet",),
    "herb": ("herbert",),
    "herbie": ("herbert",),
    "howie": ("howard",),
    "huey": ("hugh",),
    "hughie": ("hugh",),
    "ike": ("isaac",),
    "jake": ("jacob",),
    "jamie": ("james",),
    "kitty": ("catherine",),
    "libby": ("elizabeth",),
    "lottie": ("charlotte",),
    "madge": ("margaret",),
    "marge": ("margaret", "marjorie"),
    "molly": ("mary",),
    "ned": ("edward", "edmund"),
    "norrie": ("norman",),
    "nell": ("helen", "eleanor"),
    "peg": ("margaret",),
    "polly": ("mary",),
    "reggie": ("reginald",),
    "sadie": ("sarah",),
    "stan": ("stanley",),
    "tommie": ("thomas",),
    "tilly": ("matilda",),
    "trudy": ("gertrude",),
    "wally": ("walter",),
    "willie": ("william",),
    "winnie": ("winifred",),
    # ... and the abbreviations of registers (Wm., Chas., Thos.)
    "chas": ("charles",),
    "geo": ("george",),
    "jas": ("james",),
    "jno": ("john",),
    "robt": ("robert",),
    "thos": ("thomas",),
    "wm": ("william",),
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
        "edmond edmund",
        "carl karl",
        "martin martyn",
        "lionel lyonel",
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
