"""Real-time search uses the weights a batch run trained, once the registry
it trained on is large enough, with guards against noisy estimates."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.utils import timezone

from parcours.clients.services import client_register
from parcours.linkage.engine import PersonRecord, score
from parcours.linkage.models import LinkageRun
from parcours.linkage.names import Level
from parcours.linkage.selectors import candidates_for, record_from_input
from parcours.linkage.weights import HAND_SET, current_weights, weights_from_model


def level(label: str, m: float, u: float) -> dict[str, object]:
    return {"label_for_charts": label, "m_probability": m, "u_probability": u}


MODEL = {
    "comparisons": [
        {
            "output_column_name": "given_name",
            "comparison_levels": [
                {"label_for_charts": "missing", "is_null_level": True},
                level("exact", 0.8, 0.01),
                level("nickname", 0.9, 0.0001),  # noisy: stronger than exact
                level("different", 0.0001, 0.4),
                level("different", 0.02, 0.8),
            ],
        },
        {
            "output_column_name": "date_of_birth",
            "comparison_levels": [level("exact", 0.01, 0.32)],  # absurd on purpose
        },
    ]
}


def test_trained_weights_are_log2_m_over_u_by_reason():
    weights = weights_from_model(MODEL)
    assert weights.by_reason["given_name"]["exact"] == pytest.approx(math.log2(80))
    # Two levels with one label: the milder disagreement counts.
    assert weights.by_reason["given_name"]["different"] == pytest.approx(math.log2(0.025))


def test_an_agreeing_level_never_weighs_more_than_exact_agreement():
    weights = weights_from_model(MODEL)
    nickname = weights.weight("given_name", Level.CLOSE, "nickname", default=4.0)
    assert nickname == pytest.approx(math.log2(80))


def test_untrained_reasons_and_missing_values_keep_the_hand_set_weights():
    weights = weights_from_model(MODEL)
    assert weights.weight("given_name", Level.WEAK, "initials", default=1.0) == 1.0
    assert weights.weight("phone", Level.EXACT, "exact", default=4.0) == 4.0
    assert weights.weight("given_name", Level.MISSING, "missing", default=3.0) == 0.0
    # Accents or capitals only: the batch engine calls that "exact".
    accents = weights.weight("given_name", Level.EXACT, "accents_case", default=6.0)
    assert accents == pytest.approx(math.log2(80))


def test_score_uses_the_weights_it_is_given():
    a = PersonRecord(given_name="Robert", family_name="Tremblay", date_of_birth=dt.date(1970, 5, 4))
    b = PersonRecord(given_name="Robert", family_name="Tremblay", date_of_birth=dt.date(1970, 5, 4))
    assert score(a, b, weights_from_model(MODEL)).weight < score(a, b).weight


def _run(records: int) -> LinkageRun:
    return LinkageRun.objects.create(
        review_threshold=0.8, records=records, model=MODEL, finished_at=timezone.now()
    )


def test_without_a_large_enough_trained_run_search_uses_the_hand_set_weights(db, settings):
    assert current_weights() is HAND_SET
    settings.LINKAGE_TRAINED_MIN_RECORDS = 1000
    _run(records=300)
    assert current_weights() is HAND_SET


def test_search_before_create_uses_the_latest_trained_run(network, settings):
    settings.LINKAGE_TRAINED_MIN_RECORDS = 1
    client_register(
        acting_user=network.alice,
        given_name="Robert",
        family_name="Tremblay",
        date_of_birth=dt.date(1970, 5, 4),
    )
    typed = record_from_input("Robert", "Tremblay", dt.date(1970, 5, 4))
    hand_set = candidates_for(network.alice, typed)[0].match.weight
    run = _run(records=5)
    assert current_weights().run_id == run.pk
    trained = candidates_for(network.alice, typed)[0].match.weight
    assert trained < hand_set


def test_current_weights_asks_the_database_once_per_search(db, settings, django_assert_num_queries):
    settings.LINKAGE_TRAINED_MIN_RECORDS = 1
    _run(records=5)
    current_weights()  # parses the model once
    with django_assert_num_queries(1):
        current_weights()


def test_a_different_given_name_never_weighs_less_against_than_the_hand_set_table():
    """A file where given names are often replaced trains a mild weight; the
    real-time search still does not propose twins on the strength of it."""
    weights = weights_from_model(MODEL)
    assert weights.by_reason["given_name"]["different"] > -16.0
    assert weights.weight("given_name", Level.DIFFERENT, "different", default=-16.0) == -16.0
    # Other fields' disagreements are the trained ones.
    dob = weights.weight("date_of_birth", Level.DIFFERENT, "exact", default=-5.0)
    assert dob == pytest.approx(math.log2(0.01 / 0.32))
