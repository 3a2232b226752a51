"""What a batch linkage returns: scored pairs with each field's level,
reason and weight, clusters, and the evidence of one pair."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from parcours.linkage.batch.comparisons import (
    _GAMMAS,
)
from parcours.linkage.batch.parameters import (
    FIELDS,
)
from parcours.linkage.engine import FieldEvidence
from parcours.linkage.names import (
    Level,
)

if TYPE_CHECKING:
    pass


# Every record with its cluster, named after its smallest record_id.
_CLUSTERS_SQL = (
    "select cast(record_id as varchar) as record_id, "
    "min(cast(record_id as varchar)) over (partition by cluster_id) as cluster_id "
    "from {table} order by 1"
)


@dataclass
class LinkageResult:
    """Scored pairs, clusters and the trained model of one batch linkage.

    * ``pairs``: ``record_id_l`` < ``record_id_r`` (string order),
      ``match_probability``, ``match_weight``, ``kept_apart`` (true when
      the two records must not be merged without a person's decision: two
      health card numbers, or different given names with different
      genders, or the shape of twins, or of relatives: given names and
      birth dates both different; see :data:`_CANNOT_LINK_SQL`), and for
      each field of
      :data:`FIELDS` ``<field>_level`` (a :class:`names.Level` as int),
      ``<field>_reason`` (a key of ``explain.REASONS``) and ``<field>_weight``
      (its match weight, log2 of m/u, term-frequency adjusted);
    * ``clusters``: ``record_id``, ``cluster_id`` — every input record once;
      ``cluster_id`` is the smallest record_id of the cluster;
    * ``model``: the trained Splink settings (m and u of every level).
    """

    pairs: pd.DataFrame
    clusters: pd.DataFrame
    model: dict[str, Any]


def _pairs_frame(predictions: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` from Splink's predictions (already ordered, smaller id on
    the left, with ``<name>_typed_differs`` for the two names)."""
    out = pd.DataFrame(
        {
            "record_id_l": predictions["record_id_l"].astype(str),
            "record_id_r": predictions["record_id_r"].astype(str),
            "match_probability": predictions["match_probability"].astype(float),
            "match_weight": predictions["match_weight"].astype(float),
            "kept_apart": predictions["kept_apart"].astype(bool),
        }
    )
    for field in FIELDS:
        meaning = _GAMMAS[field]
        top = max(meaning)
        levels = np.zeros(top + 2, dtype=np.int64)
        reasons = np.empty(top + 2, dtype=object)
        for gamma, (level, key) in meaning.items():
            levels[gamma + 1], reasons[gamma + 1] = int(level), key
        column = f"gamma_{field}"
        # A comparison Splink left out of its output reads as missing (-1).
        index = (
            predictions[column].to_numpy(dtype=np.int64)
            if column in predictions
            else np.full(len(predictions), -1, dtype=np.int64)
        ) + 1
        out[f"{field}_level"] = levels[index]
        reason = pd.Series(reasons[index], index=out.index, dtype=object)
        if f"{field}_typed_differs" in predictions:
            differs = predictions[f"{field}_typed_differs"].to_numpy(dtype=bool)
            reason[(reason == "exact").to_numpy() & differs] = "accents_case"
        out[f"{field}_reason"] = reason
        weight = np.zeros(len(out))
        for column in (f"mw_{field}", f"mw_tf_{field}"):
            if column in predictions:
                weight = weight + predictions[column].fillna(0.0).to_numpy(dtype=float)
        out[f"{field}_weight"] = weight
    return out


def _clusters(clustered: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """Every input record once, in record_id order (the SQL sorted them)."""
    frame = clustered[["record_id", "cluster_id"]].reset_index(drop=True)
    if len(frame) != len(ids) or not frame["record_id"].is_unique:
        # A backend dropped or repeated a record: rebuild from the input ids.
        frame = frame.drop_duplicates("record_id")
        frame = pd.DataFrame({"record_id": ids.astype(str)}).merge(
            frame, on="record_id", how="left"
        )
        frame["cluster_id"] = frame["cluster_id"].fillna(frame["record_id"])
        frame = frame.sort_values("record_id", kind="stable").reset_index(drop=True)
    return frame


def _singletons(ids: pd.Series) -> pd.DataFrame:
    return (
        pd.DataFrame({"record_id": ids, "cluster_id": ids})
        .sort_values("record_id")
        .reset_index(drop=True)
    )


def _empty_pairs() -> pd.DataFrame:
    columns: dict[str, pd.Series] = {
        "record_id_l": pd.Series(dtype=str),
        "record_id_r": pd.Series(dtype=str),
        "match_probability": pd.Series(dtype=float),
        "match_weight": pd.Series(dtype=float),
        "kept_apart": pd.Series(dtype=bool),
    }
    for field in FIELDS:
        columns[f"{field}_level"] = pd.Series(dtype=int)
        columns[f"{field}_reason"] = pd.Series(dtype=str)
        columns[f"{field}_weight"] = pd.Series(dtype=float)
    return pd.DataFrame(columns)


def pair_evidence(pair_row: Mapping[str, Any]) -> list[FieldEvidence]:
    """Field-by-field explanation of one row of ``LinkageResult.pairs``:
    for each field of :data:`FIELDS`, its level, the reason (a key of
    ``explain.REASONS``) and its match weight."""
    evidence = []
    for field in FIELDS:
        raw_level = pair_row.get(f"{field}_level")
        if raw_level is None or (isinstance(raw_level, float) and math.isnan(raw_level)):
            continue
        level = Level(int(raw_level))
        reason = pair_row.get(f"{field}_reason")
        if not isinstance(reason, str) or not reason:
            reason = {
                Level.MISSING: "missing",
                Level.DIFFERENT: "different",
                Level.EXACT: "exact",
            }.get(level, "typo")
        weight = pair_row.get(f"{field}_weight", 0.0)
        weight = (
            float(weight)
            if weight is not None and not (isinstance(weight, float) and math.isnan(weight))
            else 0.0
        )
        if level == Level.MISSING:
            weight = 0.0
        evidence.append(FieldEvidence(field, level, reason, weight))
    return evidence
