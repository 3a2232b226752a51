"""The tunable figures of batch linkage: thresholds, the input columns, the
compared fields, sampling and training bounds."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


DEFAULT_PAIR_THRESHOLD = 0.5  # pairs returned for review at or above this probability
DEFAULT_CLUSTER_THRESHOLD = 0.99  # pairs at or above this are joined into one cluster

# The input columns (those of ``parcours link-file``); all but record_id may be absent.
COLUMNS: tuple[str, ...] = (
    "record_id",
    "source",
    "given_name",
    "middle_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card_number",
    "other_id",
    "phone",
    "email",
    "street_address",
    "city",
    "postal_code",
)

# The compared fields, as named in ``pairs`` (``<field>_level`` ...) and in
# :class:`FieldEvidence`.
FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "health_card",
    "other_id",
    "phone",
    "email",
    "address",
)

DUCKDB_MEMORY_LIMIT = "2GB"
# Clusters above this size are not checked record by record for records to
# keep apart (the check pairs every two records of a cluster); a warning
# names them. A cluster that large is a chain gone wrong, not one person.
CHECKED_CLUSTER_MAX = 1000
# Below this many records DuckDB runs on one thread.
SINGLE_THREAD_RECORDS = 50_000
SEED = 42  # random sampling of pairs for the u probabilities
U_MAX_PAIRS = 5e5
# ... and at least this many, or this many per record (a small file needs fewer).
U_MIN_PAIRS = 5e4
U_PAIRS_PER_RECORD = 15
EM_MAX_PAIRS = 5e5
# Recall assumed for the deterministic rules that estimate the prior.
DETERMINISTIC_RECALL = 0.6
# The prior is kept within these bounds whatever the deterministic rules find.
MIN_PRIOR = 1e-9
MAX_PRIOR = 0.05
# Weight of each level's default m and u against the trained ones, in
# records (m) and sampled pairs (u); see _bound_parameters.
M_PSEUDO_RECORDS = 1000
U_PSEUDO_PAIRS = 20000
# The most a different given name may weigh for a match (its m): learned
# from the data within this bound.
GIVEN_DIFFERENT_M_MAX = 0.2
# Below this trained share of a person's record pairs with two different
# given names, such names with the same family name and birth date are taken
# for twins (kept apart) rather than for a recording error; twins are about
# 1 to 3 in 100 births.
GIVEN_NAME_ERROR_MIN = 0.02
# Where at least IDENTIFIED_PAIRS_MIN pairs of records share a health card
# number or another id, the share is measured on them instead (the model,
# trained without labels, takes relatives who share a family name, an
# address and a phone for one person), and twins are kept apart below
# IDENTIFIED_GIVEN_ERROR_MAX. Measured (two distinct given names, see
# keep_apart._DISTINCT_GIVEN_SQL): 0.006 on the family set, 0.014 on the
# Canadian benchmark set, 0.083 and 0.135 on FEBRL4 and FEBRL3 with their
# soc_sec_id (given names replaced by others).
IDENTIFIED_PAIRS_MIN = 50
IDENTIFIED_GIVEN_ERROR_MAX = 0.05
# An identifier written on more records than this is not taken for one
# person's there (a placeholder, a shared number).
IDENTIFIER_RECORDS_MAX = 20
# The most an agreeing address may weigh (bits): a household shares one, a
# shelter's is shared by many.
ADDRESS_MAX_WEIGHT = 16.0
# January 1st is the birthday of about 1 in 365 people. Where more than
# this share of a file's dates fall on it, it stands for a date known by its
# year alone (an estimate, a placeholder); below, it is a date like another.
JANUARY_FIRST_PLACEHOLDER_SHARE = 0.01
