"""ISO 639-1 language codes with their English and French names: the
languages a directory service is offered in (HSDS ``languages`` table).

Reference data, named in both official languages (as ``BilingualName``
is): the UI shows the name in its own language."""

from __future__ import annotations

from django.utils.translation import get_language

_TABLE = """
aa|Afar|afar
ab|Abkhazian|abkhaze
ae|Avestan|avestique
af|Afrikaans|afrikaans
ak|Akan|akan
am|Amharic|amharique
an|Aragonese|aragonais
ar|Arabic|arabe
as|Assamese|assamais
av|Avaric|avar
ay|Aymara|aymara
az|Azerbaijani|azéri
ba|Bashkir|bachkir
be|Belarusian|biélorusse
bg|Bulgarian|bulgare
bi|Bislama|bichelamar
bm|Bambara|bambara
bn|Bengali|bengali
bo|Tibetan|tibétain
br|Breton|breton
bs|Bosnian|bosnien
ca|Catalan|catalan
ce|Chechen|tchétchène
ch|Chamorro|chamorro
co|Corsican|corse
cr|Cree|cri
cs|Czech|tchèque
cu|Church Slavonic|slavon d'église
cv|Chuvash|tchouvache
cy|Welsh|gallois
da|Danish|danois
de|German|allemand
dv|Divehi|maldivien
dz|Dzongkha|dzongkha
ee|Ewe|éwé
el|Greek|grec
en|English|anglais
eo|Esperanto|espéranto
es|Spanish|espagnol
et|Estonian|estonien
eu|Basque|basque
fa|Persian|persan
ff|Fulah|peul
fi|Finnish|finnois
fj|Fijian|fidjien
fo|Faroese|féroïen
fr|French|français
fy|Western Frisian|frison occidental
ga|Irish|irlandais
gd|Scottish Gaelic|gaélique écossais
gl|Galician|galicien
gn|Guarani|guarani
gu|Gujarati|goudjerati
gv|Manx|mannois
ha|Hausa|haoussa
he|Hebrew|hébreu
hi|Hindi|hindi
ho|Hiri Motu|hiri motu
hr|Croatian|croate
ht|Haitian Creole|créole haïtien
hu|Hungarian|hongrois
hy|Armenian|arménien
hz|Herero|héréro
ia|Interlingua|interlingua
id|Indonesian|indonésien
ie|Interlingue|interlingue
ig|Igbo|igbo
ii|Sichuan Yi|yi du Sichuan
ik|Inupiaq|inupiaq
io|Ido|ido
is|Icelandic|islandais
it|Italian|italien
iu|Inuktitut|inuktitut
ja|Japanese|japonais
jv|Javanese|javanais
ka|Georgian|géorgien
kg|Kongo|kikongo
ki|Kikuyu|kikuyu
kj|Kuanyama|kuanyama
kk|Kazakh|kazakh
kl|Kalaallisut|groenlandais
km|Khmer|khmer
kn|Kannada|kannada
ko|Korean|coréen
kr|Kanuri|kanouri
ks|Kashmiri|cachemiri
ku|Kurdish|kurde
kv|Komi|komi
kw|Cornish|cornique
ky|Kyrgyz|kirghiz
la|Latin|latin
lb|Luxembourgish|luxembourgeois
lg|Ganda|ganda
li|Limburgish|limbourgeois
ln|Lingala|lingala
lo|Lao|lao
lt|Lithuanian|lituanien
lu|Luba-Katanga|luba-katanga
lv|Latvian|letton
mg|Malagasy|malgache
mh|Marshallese|marshallais
mi|Maori|maori
mk|Macedonian|macédonien
ml|Malayalam|malayalam
mn|Mongolian|mongol
mr|Marathi|marathi
ms|Malay|malais
mt|Maltese|maltais
my|Burmese|birman
na|Nauru|nauruan
nb|Norwegian Bokmål|norvégien bokmål
nd|North Ndebele|ndébélé du Nord
ne|Nepali|népalais
ng|Ndonga|ndonga
nl|Dutch|néerlandais
nn|Norwegian Nynorsk|norvégien nynorsk
no|Norwegian|norvégien
nr|South Ndebele|ndébélé du Sud
nv|Navajo|navajo
ny|Chichewa|chichewa
oc|Occitan|occitan
oj|Ojibwe|ojibwé
om|Oromo|oromo
or|Odia|oriya
os|Ossetian|ossète
pa|Punjabi|pendjabi
pi|Pali|pali
pl|Polish|polonais
ps|Pashto|pachto
pt|Portuguese|portugais
qu|Quechua|quechua
rm|Romansh|romanche
rn|Kirundi|kirundi
ro|Romanian|roumain
ru|Russian|russe
rw|Kinyarwanda|kinyarwanda
sa|Sanskrit|sanskrit
sc|Sardinian|sarde
sd|Sindhi|sindhi
se|Northern Sami|same du Nord
sg|Sango|sango
si|Sinhala|cingalais
sk|Slovak|slovaque
sl|Slovenian|slovène
sm|Samoan|samoan
sn|Shona|shona
so|Somali|somali
sq|Albanian|albanais
sr|Serbian|serbe
ss|Swati|swati
st|Southern Sotho|sotho du Sud
su|Sundanese|soundanais
sv|Swedish|suédois
sw|Swahili|swahili
ta|Tamil|tamoul
te|Telugu|télougou
tg|Tajik|tadjik
th|Thai|thaï
ti|Tigrinya|tigrigna
tk|Turkmen|turkmène
tl|Tagalog|tagalog
tn|Tswana|tswana
to|Tongan|tongien
tr|Turkish|turc
ts|Tsonga|tsonga
tt|Tatar|tatar
tw|Twi|twi
ty|Tahitian|tahitien
ug|Uyghur|ouïghour
uk|Ukrainian|ukrainien
ur|Urdu|ourdou
uz|Uzbek|ouzbek
ve|Venda|venda
vi|Vietnamese|vietnamien
vo|Volapük|volapük
wa|Walloon|wallon
wo|Wolof|wolof
xh|Xhosa|xhosa
yi|Yiddish|yiddish
yo|Yoruba|yoruba
za|Zhuang|zhuang
zh|Chinese|chinois
zu|Zulu|zoulou
"""

# code -> (English name, French name)
LANGUAGES: dict[str, tuple[str, str]] = {
    code: (english, french)
    for code, english, french in (line.split("|") for line in _TABLE.strip().splitlines())
}


def is_language_code(code: str) -> bool:
    return code in LANGUAGES


def language_name(code: str, *, english: bool | None = None) -> str:
    """The language's name in the active language (or in English when
    ``english``); the code itself when it is not ISO 639-1."""
    names = LANGUAGES.get(code)
    if names is None:
        return code
    if english is None:
        english = not (get_language() or "fr").startswith("fr")
    return names[0] if english else names[1]


def language_choices() -> list[tuple[str, str]]:
    """(code, name) for a form, French and English first, then by name."""
    first = [c for c in ("fr", "en") if c in LANGUAGES]
    rest = sorted((c for c in LANGUAGES if c not in first), key=language_name)
    return [(c, language_name(c)) for c in (*first, *rest)]
