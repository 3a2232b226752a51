"""Plain Splink as its documentation teaches: the settings and training
steps of its own examples, with this project's column names.

* ``febrl3``, ``febrl4``: the FEBRL3 and FEBRL4 notebooks
  (docs/demos/examples/duckdb/febrl3, febrl4);
* ``historical_figures``: the "deduplicate 50k synthetic" notebook
  (docs/demos/examples/duckdb/deduplicate_50k_synthetic), for the data set
  it was written for (birth_place is this project's ``city``);
* ``historical_50k``: the same notebook for the synthetic Canadian sets,
  which have no birth place or occupation but a city, a health card and a
  phone (handled as the FEBRL notebooks handle soc_sec_id);
* ``fake_1000``: the quickstart of Splink's README.

What the bench sets for every recipe alike: u sampled with a seed, and
prediction and clustering thresholds (``bench_linkage``).
"""

from __future__ import annotations

from typing import Any


def _date_of_birth(dob_format: str, **options: Any) -> Any:
    import splink.comparison_library as cl

    return cl.DateOfBirthComparison(
        "date_of_birth",
        input_is_string=True,
        datetime_format=dob_format,
        invalid_dates_as_null=True,
        **options,
    )


def _febrl3(with_id: bool, dob_format: str) -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import block_on

    ssn = [block_on("other_id")] if with_id else []
    return {
        "blocking": [
            *ssn,
            block_on("given_name"),
            block_on("family_name"),
            block_on("date_of_birth"),
            block_on("postal_code"),
        ],
        "comparisons": [
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            _date_of_birth(dob_format),
            *([cl.DamerauLevenshteinAtThresholds("other_id", [2])] if with_id else []),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postal_code").configure(term_frequency_adjustments=True),
        ],
        "deterministic": [
            *ssn,
            block_on("given_name", "family_name", "date_of_birth"),
            "l.given_name = r.family_name and l.family_name = r.given_name "
            "and l.date_of_birth = r.date_of_birth",
        ],
        "recall": 0.9,
        "u_pairs": 1e6,
        "em": [block_on("date_of_birth"), block_on("postal_code")],
        "em_without_tf": False,
    }


def _febrl4(with_id: bool, dob_format: str) -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import block_on

    ssn = [block_on("other_id")] if with_id else []
    return {
        "blocking": [
            block_on("given_name", "family_name"),
            "l.given_name = r.family_name and l.family_name = r.given_name",
            block_on("date_of_birth"),
            *ssn,
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postal_code"),
        ],
        "comparisons": [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            _date_of_birth(dob_format),
            *([cl.DamerauLevenshteinAtThresholds("other_id", [1, 2])] if with_id else []),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postal_code", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        "deterministic": [*ssn, block_on("given_name", "family_name", "date_of_birth")],
        "recall": 0.8,
        "u_pairs": 1e6,
        "em": [block_on("date_of_birth"), block_on("postal_code")],
        "em_without_tf": True,
    }


def _deduplicate_50k(*, synthetic: bool, dob_format: str) -> dict[str, Any]:
    """The "deduplicate 50k synthetic" notebook. For the synthetic sets
    (``synthetic``) the birth place is their city, which they have instead,
    occupation is left out (they have none) and the health card and phone
    are added as the FEBRL notebooks add soc_sec_id."""
    import splink.comparison_library as cl
    from splink import block_on

    extra = (
        [
            cl.DamerauLevenshteinAtThresholds("health_card_number", [1, 2]),
            cl.ExactMatch("phone"),
        ]
        if synthetic
        else [cl.ExactMatch("occupation").configure(term_frequency_adjustments=True)]
    )
    return {
        "blocking": [
            block_on("substr(given_name,1,3)", "substr(family_name,1,4)"),
            block_on("family_name", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("postal_code", "given_name"),
            block_on("postal_code", "family_name"),
            block_on("date_of_birth", "city"),
            block_on("substr(postal_code,1,3)", "date_of_birth"),
            block_on("substr(postal_code,1,3)", "given_name"),
            block_on("substr(postal_code,1,3)", "family_name"),
            block_on(
                "substr(given_name,1,2)", "substr(family_name,1,2)", "substr(date_of_birth,1,4)"
            ),
            *([block_on("health_card_number")] if synthetic else []),
        ],
        "comparisons": [
            cl.ForenameSurnameComparison(
                "given_name", "family_name", forename_surname_concat_col_name="given_family"
            ),
            _date_of_birth(dob_format),
            cl.PostcodeComparison("postal_code"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            *extra,
        ],
        "deterministic": [
            block_on("given_name", "family_name", "date_of_birth"),
            block_on("substr(given_name,1,2)", "family_name", "substr(postal_code,1,2)"),
            block_on("date_of_birth", "postal_code"),
        ],
        "recall": 0.6,
        "u_pairs": 1e7,
        "em": [block_on("given_name", "family_name"), block_on("date_of_birth")],
        "em_without_tf": True,
        "concat": True,
    }


def _fake_1000(dob_format: str) -> dict[str, Any]:
    """The README's quickstart (its dob is a date there, a string here)."""
    import splink.comparison_library as cl
    from splink import block_on

    return {
        "blocking": [block_on("given_name"), block_on("family_name")],
        "comparisons": [
            cl.JaroWinklerAtThresholds("given_name", [0.9, 0.7]),
            cl.JaroAtThresholds("family_name", [0.9, 0.7]),
            _date_of_birth(
                dob_format, datetime_metrics=["year", "month"], datetime_thresholds=[1, 1]
            ),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        "deterministic": [block_on("given_name", "family_name")],
        "recall": 0.7,
        "u_pairs": 1e6,
        "em": [block_on("given_name", "family_name"), block_on("date_of_birth")],
        "em_without_tf": False,
    }


def splink_recipe(recipe: str, *, with_id: bool, dob_format: str) -> dict[str, Any]:
    """Settings and training steps of Splink's own example notebooks."""
    if recipe == "febrl3":
        return _febrl3(with_id, dob_format)
    if recipe == "febrl4":
        return _febrl4(with_id, dob_format)
    if recipe == "historical_figures":
        return _deduplicate_50k(synthetic=False, dob_format=dob_format)
    if recipe == "historical_50k":
        return _deduplicate_50k(synthetic=True, dob_format=dob_format)
    if recipe == "fake_1000":
        return _fake_1000(dob_format)
    raise ValueError(f"unknown Splink recipe: {recipe}")
