"""The Spark backend of batch linkage: the same model, run by Splink on
Apache Spark instead of DuckDB, for registries too large for one machine.

``spark_db_api()`` starts (or joins) a Spark session with what Splink needs
on Spark — its similarity functions (a jar shipped with Splink: Jaro–Winkler,
Damerau–Levenshtein…) and a checkpoint folder — and returns the Splink
database API that ``link_records(..., db_api=...)`` takes. The records are
still prepared (names folded, dates read) in a local DuckDB, then handed to
Spark; everything after — training, scoring the pairs, clustering — runs on
Spark.

Locally (``master="local[2]"``, the default) Spark runs inside this process's
Java virtual machine: Debian's ``default-jre-headless`` and the ``pyspark``
package are all it takes. On a cluster, give its master URL
(``spark://host:7077``, ``yarn``…) through ``--spark-master`` or
``SPARK_MASTER``: ``docs/linkage.md`` says how.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

# Shuffle partitions: Spark's 200 suit a cluster, not a laptop.
LOCAL_SHUFFLE_PARTITIONS = 4


def spark_db_api(master: str | None = None, *, checkpoint_dir: str | None = None) -> Any:
    """A Splink ``SparkAPI`` on a Spark session for ``master`` (default:
    ``SPARK_MASTER`` or ``local[2]``)."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import SparkAPI, similarity_jar_location
    except ImportError as exc:  # pragma: no cover - pyspark is a requirement
        raise RuntimeError("the Spark backend needs the pyspark package") from exc

    master = master or os.environ.get("SPARK_MASTER") or "local[2]"
    builder = (
        SparkSession.builder.appName("parcours-linkage")
        .master(master)
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        # The scoring queries are too large for Spark's generated code (64 KB
        # a method): interpreted at once, rather than after a failed compile.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="parcours-spark-warehouse-"))
    )
    if master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", str(LOCAL_SHUFFLE_PARTITIONS))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(
        checkpoint_dir or tempfile.mkdtemp(prefix="parcours-spark-")
    )
    return SparkAPI(spark_session=session, break_lineage_method="parquet")  # type: ignore[no-untyped-call]


BACKENDS = ("duckdb", "spark")


def add_backend_arguments(parser: Any) -> None:
    """``--backend`` and ``--spark-master``, as link-file and link_clients take them."""
    from django.utils.translation import gettext as _

    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default="duckdb",
        help=_(
            "where the model runs: duckdb (default, this machine) or spark (Apache Spark, "
            "for registries too large for one machine; needs Java)"
        ),
    )
    parser.add_argument(
        "--spark-master",
        metavar="URL",
        default=None,
        help=_(
            "with --backend spark: the Spark master (spark://host:7077, yarn…; default "
            "SPARK_MASTER or local[2], Spark inside this process)"
        ),
    )


def db_api_for(options: dict[str, Any]) -> Any:
    """The Splink database API the options ask for (None: DuckDB, the default)."""
    if options.get("backend", "duckdb") != "spark":
        return None
    return spark_db_api(options.get("spark_master"))
