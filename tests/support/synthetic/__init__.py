"""Synthetic French- and English-Canadian identity records, with ground truth.

Three generators, all deterministic for a seed:

* :func:`generate_people` — a few hundred to some tens of thousands of
  people with several records each, written down by different partner
  agencies with the errors real intake data has (see ``ERROR_RATES``). Used
  by the quality tests, the demo and the benchmarks.
* :func:`generate_families` — households of two to six relatives who share
  a family name, an address and often a phone, with different given names
  and birth dates (twins: the same one), each with one to four records
  written with the same errors. Used by the family quality tests.
* :func:`generate_fast` — a million records in a few seconds (vectorised with
  numpy, simpler error model), for speed and memory benchmarks.

Every frame has the engine's input columns (``INPUT_COLUMNS``, all strings)
and the truth columns (``TRUTH_COLUMNS``): ``person_id`` (records of one
person share it), ``twin_group`` and ``namesake_group`` (people who are
*different* but look alike: twins share a family name, a birth date, an
address and a phone; namesakes share a full name) and ``error_kinds`` (the
errors applied to the record, ``;``-separated). Give an engine only
``df[list(INPUT_COLUMNS)]``.

Everyone here is fictional; health card numbers are random (Ontario shape:
10 digits and a two-letter version code), phone numbers random.
"""

from __future__ import annotations

from tests.support.synthetic.families import generate_families
from tests.support.synthetic.fast import generate_fast
from tests.support.synthetic.people import generate_people
from tests.support.synthetic.tables import ERROR_RATES, INPUT_COLUMNS, TRUTH_COLUMNS, fold_accents

__all__ = [
    "ERROR_RATES",
    "INPUT_COLUMNS",
    "TRUTH_COLUMNS",
    "fold_accents",
    "generate_families",
    "generate_fast",
    "generate_people",
]
