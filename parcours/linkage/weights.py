"""The match weights that real-time search-before-create uses.

By default, the hand-set, deliberately strict table of
:data:`parcours.linkage.engine.WEIGHTS`. Once batch linkage
(``parcours link_clients``) has trained a model by EM on a registry large
enough for the estimates to mean something (``LINKAGE_TRAINED_MIN_RECORDS``),
real-time scoring uses that model's weights, log2(m/u) of each comparison
level, looked up by the level's reason (``exact``, ``nickname``, ``typo``
…: the batch engine and the real-time comparisons name their levels alike).

Three guards keep a noisy estimate from loosening what the worker is shown:
an agreeing level never weighs more than exact agreement on the same field
(closer agreement is stronger evidence); a reason the model did not train
keeps its hand-set weight; and a different given name weighs at least as
much against as in the hand-set table. The batch model learns how often a
file writes one person's given name as another, and keeps twins apart when
it clusters (cannot-link rules); one record scored against a few has no
clusters, so twins must not be proposed on the strength of a mild trained
weight.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from parcours.linkage.names import Level

# Real-time reasons that the batch engine counts under another label.
REASON_ALIASES = {"accents_case": "exact"}


@dataclass(frozen=True)
class TrainedWeights:
    """log2(m/u) by field and reason, from one trained batch model."""

    run_id: uuid.UUID | None = None
    by_reason: dict[str, dict[str, float]] = field(default_factory=dict)

    def weight(self, field_name: str, level: Level, reason: str, default: float) -> float:
        if level == Level.MISSING:
            return 0.0
        table = self.by_reason.get(field_name)
        if not table:
            return default
        trained = table.get(reason, table.get(REASON_ALIASES.get(reason, ""), None))
        if trained is None:
            return default
        exact = table.get("exact")
        if level != Level.DIFFERENT and exact is not None:
            trained = min(trained, exact)
        if level == Level.DIFFERENT and field_name == "given_name":
            trained = min(trained, default)
        return trained


HAND_SET = TrainedWeights()


def weights_from_model(model: dict[str, Any], run_id: uuid.UUID | None = None) -> TrainedWeights:
    """The weights of a Splink model (``LinkageRun.model``)."""
    by_reason: dict[str, dict[str, float]] = {}
    for comparison in model.get("comparisons", []):
        name = str(comparison.get("output_column_name", ""))
        for level in comparison.get("comparison_levels", []):
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if not m or not u:
                continue
            label = str(level.get("label_for_charts", ""))
            weight = math.log2(float(m) / float(u))
            table = by_reason.setdefault(name, {})
            # A label on two levels (e.g. two kinds of "different"): the
            # milder one, so that a disagreement does not hide a candidate.
            table[label] = max(table.get(label, -math.inf), weight)
    return TrainedWeights(run_id=run_id, by_reason=by_reason)


_cache: dict[Any, TrainedWeights] = {}


def current_weights() -> TrainedWeights:
    """The weights of the latest finished run over a large enough registry,
    or the hand-set table. One small query; the model is parsed once per run
    and process (keyed by the run's id, so every process agrees)."""
    from parcours.linkage.models import LinkageRun

    run_id = (
        LinkageRun.objects.filter(
            finished_at__isnull=False, records__gte=settings.LINKAGE_TRAINED_MIN_RECORDS
        )
        .exclude(model={})
        .order_by("-finished_at")
        .values_list("pk", flat=True)
        .first()
    )
    if run_id is None:
        return HAND_SET
    if run_id not in _cache:
        model = LinkageRun.objects.values_list("model", flat=True).get(pk=run_id)
        _cache.clear()
        _cache[run_id] = weights_from_model(model, run_id)
    return _cache[run_id]
