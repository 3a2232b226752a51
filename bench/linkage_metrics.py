"""Measuring record linkage: pairwise precision, recall and F1 against the
truth, and the wall time and peak memory of an engine run.

Quality is counted on *pairs of records*: a pair is predicted when both
records are in the same cluster (or the pair is in a list of predicted
pairs), true when both belong to the same person. For a link between two
sources only pairs across the sources count.

Each engine runs in a child process of its own, so that its peak memory is
that of the run alone: a small supervisor process starts the worker, waits
for it and reads ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the
peak resident set of its only child). The worker loads the input frames,
times the engine call alone with ``time.perf_counter`` and hands the result
back through a pickle file. Loading the inputs and importing the libraries
is included in the peak memory (the same for every engine; measure the
``load_only`` function to see it) and excluded from the time.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


@dataclass(frozen=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        true = self.true_positives + self.false_negatives
        return self.true_positives / true if true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs_within(groups: pd.DataFrame, keys: list[str], *, cross_source: bool) -> int:
    """Number of record pairs that share ``keys`` (across sources only if asked)."""
    sizes = groups.groupby(keys, sort=False).size()
    total = int((sizes * (sizes - 1) // 2).sum())
    if cross_source:
        same = groups.groupby([*keys, "source"], sort=False).size()
        total -= int((same * (same - 1) // 2).sum())
    return total


def scores_from_clusters(
    clusters: pd.DataFrame, truth: pd.DataFrame, *, cross_source: bool = False
) -> Scores:
    """``clusters``: record_id, cluster_id (every record once); ``truth``:
    record_id, person_id (and source when ``cross_source``)."""
    columns = ["record_id", "person_id", *(["source"] if cross_source else [])]
    merged = truth[columns].merge(clusters[["record_id", "cluster_id"]], on="record_id", how="left")
    # A record the engine left out is a cluster of its own.
    missing = merged["cluster_id"].isna()
    merged.loc[missing, "cluster_id"] = "__alone__" + merged.loc[missing, "record_id"].astype(str)
    tp = _pairs_within(merged, ["cluster_id", "person_id"], cross_source=cross_source)
    predicted = _pairs_within(merged, ["cluster_id"], cross_source=cross_source)
    true = _pairs_within(merged, ["person_id"], cross_source=cross_source)
    return Scores(tp, predicted - tp, true - tp)


def scores_from_pairs(
    pairs: pd.DataFrame, truth: pd.DataFrame, *, cross_source: bool = False
) -> Scores:
    """``pairs``: record_id_l, record_id_r (each predicted pair once)."""
    person = truth.set_index("record_id")["person_id"]
    left = pairs["record_id_l"].map(person)
    right = pairs["record_id_r"].map(person)
    keep = pd.Series(True, index=pairs.index)
    if cross_source:
        source = truth.set_index("record_id")["source"]
        keep = pairs["record_id_l"].map(source) != pairs["record_id_r"].map(source)
    tp = int(((left == right) & keep).sum())
    predicted = int(keep.sum())
    true = _pairs_within(
        truth[["record_id", "person_id", *(["source"] if cross_source else [])]],
        ["person_id"],
        cross_source=cross_source,
    )
    return Scores(tp, predicted - tp, true - tp)


@dataclass(frozen=True)
class Workload:
    """What a reviewer faces after a linkage: the pairs sent to review (two
    records in different clusters), how many of them are one person, and
    the pairwise scores once a reviewer who never errs has merged those."""

    review_pairs: int
    review_true: int
    records: int
    after_review: Scores

    @property
    def per_thousand(self) -> float:
        return 1000 * self.review_pairs / self.records if self.records else 0.0

    @property
    def true_share(self) -> float:
        return self.review_true / self.review_pairs if self.review_pairs else float("nan")


def _components(edges: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over cluster ids: each id joined by ``edges`` to its root."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}


def review_workload(
    clusters: pd.DataFrame,
    review: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    cross_source: bool = False,
) -> Workload:
    """``clusters``: record_id, cluster_id; ``review``: record_id_l,
    record_id_r, the pairs an engine sends to a person (each once). Pairs
    whose two records are already in one cluster, or (``cross_source``) of
    one source, are not counted."""
    cluster = clusters.set_index("record_id")["cluster_id"].astype(str)
    person = truth.set_index("record_id")["person_id"]
    left, right = review["record_id_l"].astype(str), review["record_id_r"].astype(str)
    # A record the engine left out is a cluster of its own.
    cluster_l = left.map(cluster).fillna("__alone__" + left)
    cluster_r = right.map(cluster).fillna("__alone__" + right)
    keep = (cluster_l != cluster_r).to_numpy()
    if cross_source:
        source = truth.set_index("record_id")["source"]
        keep &= (left.map(source) != right.map(source)).to_numpy()
    same = (left.map(person) == right.map(person)).to_numpy() & keep
    merged = _components(list(zip(cluster_l[same], cluster_r[same], strict=True)))
    after = clusters[["record_id", "cluster_id"]].astype(str)
    after["cluster_id"] = after["cluster_id"].map(lambda c: merged.get(c, c))
    return Workload(
        review_pairs=int(keep.sum()),
        review_true=int(same.sum()),
        records=len(truth),
        after_review=scores_from_clusters(after, truth, cross_source=cross_source),
    )


# --- Running an engine in a child process -------------------------------------


@dataclass(frozen=True)
class Measurement:
    result: Any
    seconds: float  # wall time of the engine call
    peak_bytes: int
    error: str = ""
    cpu_seconds: float = float("nan")  # user + system time of the call, all threads


# A run whose resident set passes this is stopped (the machine is shared).
DEFAULT_MEMORY_CAP = 8 * 2**30


def load_only(frames: Sequence[pd.DataFrame]) -> None:
    """The no-op engine: what loading the inputs costs in memory."""
    return None


def measure(
    function: str,
    frames: Sequence[pd.DataFrame],
    *,
    timeout: float | None = None,
    memory_cap: int = DEFAULT_MEMORY_CAP,
    **options: Any,
) -> Measurement:
    """Run ``function`` (``"module:name"``, importable from bench/ or the
    project) on ``frames`` with ``options`` in a fresh child process, stopped
    after ``timeout`` seconds or above ``memory_cap`` bytes resident."""
    with tempfile.TemporaryDirectory(prefix="parcours-bench-") as tmp:
        job = Path(tmp) / "job.pickle"
        with job.open("wb") as out:
            pickle.dump({"function": function, "frames": list(frames), "options": options}, out)
        try:
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--supervise",
                    str(job),
                    str(timeout or 0),
                    str(memory_cap),
                ],
                check=False,
                cwd=ROOT,
            )
        except OSError as error:
            return Measurement(None, float("nan"), 0, f"failed: {error}")
        peak_file = Path(tmp) / "peak"
        peak = int(peak_file.read_text().split()[0]) if peak_file.exists() else 0
        stopped = peak_file.read_text().split()[1:] if peak_file.exists() else ["failed"]
        if stopped:
            return Measurement(None, float("nan"), peak, " ".join(stopped))
        with (Path(tmp) / "result.pickle").open("rb") as answer:
            outcome = pickle.load(answer)
        return Measurement(
            outcome["result"],
            outcome["seconds"],
            peak,
            outcome.get("error", ""),
            outcome.get("cpu_seconds", float("nan")),
        )


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _supervise(job: Path, timeout: float, memory_cap: int) -> None:
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--work", str(job)], cwd=ROOT
    )
    start = time.monotonic()
    stopped = ""
    while child.poll() is None:
        time.sleep(0.25)
        if _rss(child.pid) > memory_cap:
            stopped = f"stopped above {format_bytes(memory_cap)}"
        elif timeout and time.monotonic() - start > timeout:
            stopped = f"stopped after {timeout:.0f} s"
        if stopped:
            child.kill()
            child.wait()
    if not stopped and child.returncode:
        stopped = f"failed ({child.returncode})"
    # Linux reports ru_maxrss in KiB: the largest resident set of the only child.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    (job.parent / "peak").write_text(f"{peak} {stopped}".strip())


def _work(job: Path) -> None:
    for path in (str(BENCH_DIR), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    with job.open("rb") as source:
        spec = pickle.load(source)
    frames = spec.pop("frames")
    job.unlink()  # the worker holds the frames once, not twice
    module_name, name = spec["function"].split(":")
    function = getattr(importlib.import_module(module_name), name)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    error = ""
    try:
        result = function(frames, **spec["options"])
    except Exception as exc:  # reported, not raised: the table shows it
        result, error = None, f"{type(exc).__name__}: {exc}"[:200]
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with (job.parent / "result.pickle").open("wb") as out:
        pickle.dump({"result": result, "seconds": seconds, "error": error, "cpu_seconds": cpu}, out)


def format_bytes(n: int) -> str:
    return f"{n / 2**30:.2f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if len(sys.argv) == 5 and sys.argv[1] == "--supervise":
        _supervise(Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--work":
        _work(Path(sys.argv[2]))
    else:
        sys.exit("usage: linkage_metrics.py --supervise|--work JOB (used by the benchmarks)")
