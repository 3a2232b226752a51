"""French and English at parity: the French catalogue is complete, compiled,
and up to date with the source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "parcours"
PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def test_every_french_message_is_translated_and_not_fuzzy():
    missing = [
        e.msgid
        for e in _entries()
        if "fuzzy" in e.flags
        or (not e.msgid_plural and not e.msgstr.strip())
        or (e.msgid_plural and not all(v.strip() for v in e.msgstr_plural.values()))
    ]
    assert missing == [], f"Untranslated or fuzzy French messages: {missing}"


def test_placeholders_are_kept_in_french():
    import re

    pattern = re.compile(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}|%s")
    for e in _entries():
        if e.msgid_plural:
            continue
        assert sorted(pattern.findall(e.msgid)) == sorted(pattern.findall(e.msgstr)), e.msgid


def test_compiled_catalogue_matches_the_po_file():
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if e.msgid}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in _entries() if not e.msgid_plural and e.msgid}
    stale = {k for k, v in source.items() if compiled.get(k) != v}
    assert not stale, f"Run `make messages`: the .mo file is out of date for {sorted(stale)[:5]}"


def test_catalogue_holds_every_string_marked_in_the_source(tmp_path):
    """Extract the messages again (GNU gettext) and compare with the catalogue."""
    if shutil.which("xgettext") is None:
        if os.environ.get("PARCOURS_REQUIRE_GETTEXT"):
            pytest.fail("GNU gettext is required here (apt-get install gettext)")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "parcours"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "fr", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "parcours.settings",
            "PARCOURS_DATA_DIR": str(tmp_path),
        },
    )
    fresh = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))
    }
    current = {(e.msgctxt, e.msgid) for e in _entries()}
    assert fresh - current == set(), (
        f"Run `make messages`: not in the catalogue: {sorted(fresh - current, key=str)}"
    )
    assert current - fresh == set(), (
        f"Run `make messages`: no longer used: {sorted(current - fresh, key=str)}"
    )


def test_translation_functions_keep_the_names_makemessages_knows():
    """``makemessages`` finds strings by function name (``_``, ``gettext``,
    ``gettext_lazy``, ``pgettext`` …): a string marked through an alias such
    as ``gettext_lazy as _lazy`` never reaches the catalogue, and this test
    is the only one that would notice."""
    import re

    alias = re.compile(
        r"from django\.utils\.translation import[^\n]*\b(\w*gettext\w*) as (?!_\b)(\w+)"
    )
    found = [
        f"{path.relative_to(PACKAGE)}: {m.group(1)} as {m.group(2)}"
        for path in PACKAGE.rglob("*.py")
        for m in alias.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
