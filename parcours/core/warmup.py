"""Warm a server process before it serves: what Django otherwise does on a
process's first requests — import every view (the URL resolver), read both
languages' translation catalogues, compile every template of Parcours —
done once when the process starts (``parcours.wsgi``), so that the first
people a new gunicorn worker serves do not wait for it. Nothing here reads
the database.

Then what the process holds from start-up (modules, compiled templates) is
moved out of the garbage collector's sight (``gc.freeze``): a full
collection no longer walks it, in the middle of someone's page."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent


def template_names() -> list[str]:
    """The names of Parcours' own templates (``templates/`` folders of the
    project and of its apps)."""
    names = []
    for folder in sorted(PACKAGE.glob("**/templates")):
        for path in sorted(folder.glob("**/*.html")):
            names.append(path.relative_to(folder).as_posix())
    return names


def warm() -> int:
    """Import the views, load the catalogues, compile the templates; returns
    how many templates were compiled."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every view module
    resolver.reverse_dict  # noqa: B018 - builds the reverse lookup once
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Clients")
    engine = engines["django"]
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # pragma: no cover - logged
            logger.exception("warm-up: template %s not compiled", name)
            continue
        compiled += 1
    gc.collect()
    gc.freeze()
    return compiled
