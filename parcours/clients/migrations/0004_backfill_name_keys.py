"""Compute the phonetic name keys of clients registered before they existed.

A migration replays the same way forever, so it carries a frozen copy of the
key function as it was when this migration was written
(``parcours.clients.names.name_keys`` and what it uses), not the live code."""

import re
import unicodedata

import jellyfish
from django.db import migrations

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ELISION = re.compile(r"(?<![^\W\d_])([ODL])[\s'’ʼ`´‘]+(?=[^\W\d_]{2})")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’ʼ`´‘](?=[^\W\d_])")
_TOKEN_SYNONYMS = {"st": "saint", "ste": "sainte"}
_LIGATURES = str.maketrans({"Œ": "OE", "Æ": "AE", "Ø": "O", "Ł": "L", "Đ": "D", "Þ": "TH"})
_PHONETIC_REWRITES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"([a-z])\1+", r"\1"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"e?aul[tx]$", "o"),
        (r"ulx$", "u"),
        (r"e?au", "o"),
        (r"qu", "k"),
        (r"ck", "k"),
        (r"gn", "n"),
        (r"y", "i"),
        (r"(?<![cs])h", ""),
        (r"bv", "v"),
        (r"fe[bv]r", "fevr"),
        (r"(?<=...)e$", ""),
        (r"(?<=..[aeiou])[tdsx]$", ""),
    )
)


def _fold(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", plain.lower()).strip()


def _tokens(text):
    upper = _APOSTROPHE.sub("", text.upper().translate(_LIGATURES))
    plain = "".join(c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c))
    plain = _ELISION.sub(r"\1", plain)
    return tuple(_TOKEN_SYNONYMS.get(token, token) for token in _fold(plain).split())


def _phonetic_key(text):
    parts = []
    for token in _tokens(text):
        letters = re.sub(r"[^a-z]", "", token)
        for pattern, replacement in _PHONETIC_REWRITES:
            letters = pattern.sub(replacement, letters)
        parts.append(letters)
    joined = "".join(parts)
    return jellyfish.metaphone(joined) if joined else ""


def name_keys(names):
    keys = sorted({_phonetic_key(token) for name in names for token in _tokens(name or "")} - {""})
    return (" " + " ".join(keys) + " ")[:500] if keys else ""


def backfill(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    ClientAlias = apps.get_model("clients", "ClientAlias")
    for client in Client.objects.filter(name_keys="").iterator():
        names = [client.given_name, client.family_name, client.preferred_name]
        for alias in ClientAlias.objects.filter(client_id=client.pk):
            names += [alias.given_name, alias.family_name]
        Client.objects.filter(pk=client.pk).update(name_keys=name_keys(names))


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_client_name_keys")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
