"""Fixtures of the access tests: the household of the guardian-consent tests."""

from tests.households.conftest import family  # noqa: F401 - a fixture here too
