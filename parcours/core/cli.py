"""Command-line messages in the operator's language.

The web follows each user's choice; a command run in a terminal follows the
operator's locale, as other command-line tools do: the first of French or
English named by ``LANGUAGE`` (a colon-separated list), then ``LC_ALL``,
``LC_MESSAGES``, ``LANG``; English when none names either (``C``,
``POSIX``, unset). Commands subclass :class:`OperatorLanguageCommand`; the
language is active for the parsing of the arguments (their errors) and for
the whole run (its messages, its ``CommandError``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

__all__ = ["DEFAULT_OPERATOR_LANGUAGE", "OperatorLanguageCommand", "operator_language"]

# The languages a command speaks, and the one it speaks when the locale names neither.
OPERATOR_LANGUAGES = ("fr", "en")
DEFAULT_OPERATOR_LANGUAGE = "en"
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _language_of(locale_name: str) -> str:
    """``fr`` for ``fr_CA.UTF-8``, ``fr-ca``, ``fr@euro``."""
    for separator in ("_", "-", ".", "@"):
        locale_name = locale_name.split(separator, 1)[0]
    return locale_name.strip().lower()


def operator_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of command-line messages from the environment
    (``os.environ`` unless given): see the module's docstring."""
    env = os.environ if environ is None else environ
    for variable in _VARIABLES:
        value = env.get(variable, "")
        names = value.split(":") if variable == "LANGUAGE" else [value]
        for name in names:
            language = _language_of(name)
            if language in OPERATOR_LANGUAGES:
                return language
    return DEFAULT_OPERATOR_LANGUAGE


class OperatorLanguageCommand(BaseCommand):
    """A management command that speaks the operator's language."""

    def run_from_argv(self, argv: list[str]) -> None:
        with translation.override(operator_language()):
            super().run_from_argv(argv)

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(operator_language()):
            return super().execute(*args, **options)
