"""A million records in a few seconds, vectorised (:func:`generate_fast`)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tests.support.synthetic.people import (
    _Builder,
)
from tests.support.synthetic.tables import (
    AREA_CODES,
    CITIES,
    NICKNAMES,
    ORIGINS,
    POSTAL_LETTERS,
    RARE_FAMILY_SHARE,
    SOURCES,
    STREETS,
    _zipf_weights,
    fold_accents,
)

# --- A million records, vectorised --------------------------------------------


def _typo_variants(names: list[str], rng: random.Random) -> list[str]:
    builder = _Builder(0)
    builder.rng = rng
    return [builder.typo(n) for n in names]


def generate_fast(*, records: int, seed: int) -> pd.DataFrame:
    """``records`` records of about ``records / 2.5`` people, with a simpler
    error model (accents dropped, upper case, nicknames, typos from a fixed
    set per name, double family names partly used, birth-date and health
    card errors, phones and addresses that change, missing values). Twins and
    namesakes are not planted (common names still collide); ``twin_group``,
    ``namesake_group`` and ``error_kinds`` are empty."""
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    n = records
    n_people = max(1, round(n / 2.5))

    # Name tables: every name with its spellings as columns
    # (0 as is, 1 without accents, 2 a typo, 3 a nickname or itself).
    def table(names: list[str], *, given: bool) -> npt.NDArray[Any]:
        nick = [prng.choice(NICKNAMES[x]) if given and x in NICKNAMES else x for x in names]
        return np.array(
            [names, [fold_accents(x) for x in names], _typo_variants(names, prng), nick],
            dtype=object,
        ).T

    def weights(k: int) -> npt.NDArray[Any]:
        w = np.array(_zipf_weights(k))
        normalised: npt.NDArray[Any] = w / w.sum()
        return normalised

    origins = rng.choice(3, size=n_people, p=[o.share for o in ORIGINS])
    female = rng.random(n_people) < 0.4
    given_idx = np.zeros(n_people, dtype=np.int64)
    family_idx = np.zeros(n_people, dtype=np.int64)
    given_tables: list[npt.NDArray[Any]] = []
    family_tables: list[npt.NDArray[Any]] = []
    offset_given = 0
    offset_family = 0
    for k, origin in enumerate(ORIGINS):
        for pool, sex_mask in ((origin.women, female), (origin.men, ~female)):
            mask = (origins == k) & sex_mask
            given_idx[mask] = offset_given + rng.choice(
                len(pool), size=int(mask.sum()), p=weights(len(pool))
            )
            given_tables.append(table(pool, given=True))
            offset_given += len(pool)
        mask = origins == k
        pool = origin.families + origin.rare_families
        p = weights(len(origin.families))
        if origin.rare_families:
            rare = np.full(len(origin.rare_families), 1 / len(origin.rare_families))
            p = np.concatenate([(1 - RARE_FAMILY_SHARE) * p, RARE_FAMILY_SHARE * rare])
        family_idx[mask] = offset_family + rng.choice(len(pool), size=int(mask.sum()), p=p)
        family_tables.append(table(pool, given=False))
        offset_family += len(pool)
    given_table = np.concatenate(given_tables)
    family_table = np.concatenate(family_tables)
    # 6 % of people carry a double family name: a second name column.
    second_idx = np.where(
        rng.random(n_people) < 0.06, rng.integers(0, len(family_table), n_people), -1
    )

    born = np.datetime64("1940-01-01") + rng.integers(0, 68 * 365, n_people).astype(
        "timedelta64[D]"
    )
    card = rng.integers(1_000_000_000, 9_999_999_999, n_people, dtype=np.int64)
    has_card = rng.random(n_people) < 0.9
    letters = np.array(list("ABCDEFGHJKLMNPRSTVWXYZ"), dtype=object)
    version = letters[rng.integers(0, 22, n_people)] + letters[rng.integers(0, 22, n_people)]
    phone = rng.integers(2_000_000, 9_899_999, n_people, dtype=np.int64)
    area = np.array(AREA_CODES, dtype=object)[rng.integers(0, len(AREA_CODES), n_people)]
    has_phone = rng.random(n_people) < 0.75
    street_no = rng.integers(1, 3000, n_people)
    street = rng.integers(0, len(STREETS), n_people)
    city = rng.integers(0, len(CITIES), n_people)
    postal_pool = np.array(
        [
            f"{p}{prng.choice(POSTAL_LETTERS)} {prng.randint(0, 9)}"
            f"{prng.choice(POSTAL_LETTERS)}{prng.randint(0, 9)}"
            for p in [c[1] for c in CITIES for _ in range(400)]
        ],
        dtype=object,
    )
    postal = city * 400 + rng.integers(0, 400, n_people)

    # Records: person index, first record of each person kept clean.
    person = np.sort(rng.integers(0, n_people, n))
    first = np.ones(n, dtype=bool)
    first[1:] = person[1:] != person[:-1]
    extra = ~first

    def rate(p: float) -> npt.NDArray[Any]:
        return extra & (rng.random(n) < p)

    spelling = np.zeros(n, dtype=np.int64)
    spelling[rate(0.25)] = 1
    spelling[rate(0.05)] = 2
    spelling[rate(0.10)] = 3
    given = given_table[given_idx[person], spelling]
    fam_spelling = np.where(spelling == 3, 0, spelling)
    fam_spelling[rate(0.04)] = 2
    family = family_table[family_idx[person], fam_spelling]
    second = second_idx[person]
    double = (second >= 0) & ~rate(0.4)
    family = np.where(
        double,
        family + "-" + family_table[np.maximum(second, 0), np.where(spelling == 1, 1, 0)],
        family,
    )
    upper = rate(0.12)
    given = np.where(upper, pd.Series(given).str.upper().to_numpy(), given)
    family = np.where(upper, pd.Series(family).str.upper().to_numpy(), family)
    swap = rate(0.02)
    given, family = np.where(swap, family, given), np.where(swap, given, family)

    dob = born[person].copy()
    jan1 = rate(0.03)
    dob[jan1] = dob[jan1].astype("datetime64[Y]").astype("datetime64[D]")
    year_off = rate(0.02)
    dob[year_off] = dob[year_off] + np.timedelta64(365, "D")
    dob_text = pd.Series(dob).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    dob_text[rate(0.05)] = ""

    rec_card = card[person].copy()
    typo = rate(0.03)
    digit_pos = rng.integers(0, 9, n)
    rec_card[typo] = rec_card[typo] + ((rng.integers(1, 9, n)) * 10**digit_pos)[typo]
    rec_card = np.where(rec_card > 9_999_999_999, rec_card - 9 * 10**9, rec_card)
    card_text = pd.Series(rec_card).astype(str).to_numpy(dtype=object)
    no_version = rate(0.2)
    card_text = np.where(no_version, card_text, card_text + version[person])
    card_text[~has_card[person] | rate(0.25)] = ""

    rec_phone = phone[person].copy()
    changed = rate(0.3)
    rec_phone[changed] = rng.integers(2_000_000, 9_899_999, int(changed.sum()))
    phone_text = area[person] + pd.Series(rec_phone).astype(str).to_numpy(dtype=object)
    phone_text[~has_phone[person] | rate(0.2)] = ""

    moved = rate(0.35)
    rec_street_no = np.where(moved, rng.integers(1, 3000, n), street_no[person])
    rec_street = np.where(moved, rng.integers(0, len(STREETS), n), street[person])
    rec_city = np.where(
        moved & (rng.random(n) < 0.3), rng.integers(0, len(CITIES), n), city[person]
    )
    rec_postal = np.where(moved, rec_city * 400 + rng.integers(0, 400, n), postal[person])
    street_text = (
        pd.Series(rec_street_no).astype(str).to_numpy(dtype=object)
        + " "
        + np.array(STREETS, dtype=object)[rec_street]
    )
    city_text = np.array([c[0] for c in CITIES], dtype=object)[rec_city]
    postal_text = postal_pool[rec_postal]
    no_address = rate(0.15)
    street_text[no_address] = ""
    city_text[no_address] = ""
    postal_text[no_address] = ""

    source = rng.integers(0, len(SOURCES), n)
    order = rng.permutation(n)
    frame = pd.DataFrame(
        {
            "record_id": pd.Series(np.arange(1, n + 1)).map("F{:07d}".format).to_numpy(),
            "source": np.array([s[0] for s in SOURCES], dtype=object)[source][order],
            "given_name": given[order],
            "middle_name": np.full(n, "", dtype=object),
            "family_name": family[order],
            "date_of_birth": dob_text[order],
            "gender": np.where(female[person], "F", "M").astype(object)[order],
            "health_card_number": card_text[order],
            "other_id": np.full(n, "", dtype=object),
            "phone": phone_text[order],
            "email": np.full(n, "", dtype=object),
            "street_address": street_text[order],
            "city": city_text[order],
            "postal_code": postal_text[order],
            "person_id": pd.Series(person[order]).map("Q{:07d}".format).to_numpy(),
            "twin_group": np.full(n, "", dtype=object),
            "namesake_group": np.full(n, "", dtype=object),
            "error_kinds": np.full(n, "", dtype=object),
        }
    )
    return frame
