"""Typography: quoted words read « ainsi » on French pages and “like this”
on English ones — never French quotes on an English page."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation


def _render(language: str, words: str) -> str:
    with translation.override(language):
        return Template("{% load parcours %}{{ words|quoted }}").render(Context({"words": words}))


def test_english_pages_use_english_quotes():
    assert _render("en", "Find a flat") == "“Find a flat”"


def test_french_pages_use_guillemets_with_non_breaking_spaces():
    assert _render("fr", "Trouver un logement") == "«\u00a0Trouver un logement\u00a0»"


def test_the_quoted_words_are_escaped():
    assert _render("en", "<b>") == "“&lt;b&gt;”"


def test_no_template_hard_codes_french_quotes_around_a_value():
    from pathlib import Path

    import parcours

    root = Path(parcours.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if "« {{" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
