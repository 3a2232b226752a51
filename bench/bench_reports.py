"""The by-name list and the monthly flow at scale (PostgreSQL), against
hand-written SQL measured in the same run.

Creates (or reuses) the database ``parcours_bench`` on the local PostgreSQL
(127.0.0.1:5432, user postgres; ``BENCH_PG_URL`` and ``BENCH_DB`` to change), migrates it and
fills it with ``parcours seed_scale`` (default 100,000 clients, 5,000,000
services over 24 months) unless it already holds a scale network of that
size. Then, as a coordinator of the network (the hub's administrator):

* (a) the by-name list page (``/en/reports/by-name-list/``, Django's test
  client with a signed-in session) and the API
  (``GET /api/v1/reports/by-name-list?limit=50``), against (b) one
  hand-written SQL query (``bench/report_sql.py``) computing every person's
  statuses and the same counts;
* (c) the monthly flow for 24 months (``GET /api/v1/reports/monthly-flow``,
  every sub-population) against hand-written SQL computing each month's
  Active and each inflow and outflow line.

Each timing is the median of ``--repeat`` runs. The figures must AGREE (the
counts by housing, activity and list status; every month's Active and flow
lines for every sub-population): the script stops with an error otherwise.
Targets: list ≤ 3× the SQL, flow ≤ 2× the SQL.

    .venv/bin/python bench/bench_reports.py [--clients N] [--services M] [--repeat R]
        [--quick] [--reseed] [--drop]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DB", "parcours_bench")
TARGET_LIST = 3.0
TARGET_FLOW = 2.0


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
        con.execute(sql)  # type: ignore[arg-type]


def _database_exists() -> bool:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as con:
        row = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
    return row is not None


def _timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    print(f"  ({call.__name__}: {', '.join(f'{t:.2f}' for t in times)} s)", flush=True)
    return statistics.median(times), result


def _check(label: str, ours: dict[Any, int], theirs: dict[Any, int]) -> None:
    keys = {k for k in ours.keys() | theirs.keys() if ours.get(k, 0) or theirs.get(k, 0)}
    wrong = sorted((k for k in keys if ours.get(k, 0) != theirs.get(k, 0)), key=str)
    if wrong:
        shown = ", ".join(f"{k}: {ours.get(k, 0)} vs SQL {theirs.get(k, 0)}" for k in wrong[:12])
        raise SystemExit(f"{label}: the report and the SQL DISAGREE ({len(wrong)}): {shown}")


def _check_flow(months: list[Any], flow: dict[str, Any], rows: list[Any]) -> None:
    import report_sql

    index = {f"{m:%Y-%m}": i + 1 for i, m in enumerate(months)}
    ours: dict[Any, int] = {}
    for line in flow["lines"]:
        i = index[line["month"]]
        for key, value in line["figures"].items():
            if key == "active" or key in report_sql.FLOW_CATEGORIES:
                ours[(line["population"], i, key)] = value
    _check("monthly flow", ours, {(p, i, c): n for p, i, c, n in rows if i})


def run(args: argparse.Namespace) -> None:
    if args.drop or args.reseed:
        _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    if not _database_exists():
        _admin(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    data_dir = Path(tempfile.mkdtemp(prefix="parcours-bench-"))
    (data_dir / "static").mkdir()
    os.environ.setdefault("PARCOURS_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parcours.settings")
    import django

    django.setup()
    import report_sql
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as WebClient
    from django.test.utils import setup_test_environment
    from django.utils import timezone, translation
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from parcours.accounts.models import User
    from parcours.accounts.services import api_token_create
    from parcours.clients.models import Client, VisitService
    from parcours.demo.scale import PREFIX, seed_scale
    from parcours.households.ages import age_of_majority
    from parcours.reports.flow import add_months, evaluation_day, month_end, month_start
    from parcours.reports.status import inactive_days

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    # Pages render without collectstatic (as in the tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0, interactive=False)
    clients, services = Client.objects.count(), VisitService.objects.count()
    if (clients, services) != (args.clients, args.services):
        if clients:
            raise SystemExit(
                f"{DATABASE} holds {clients} clients and {services} services, not "
                f"{args.clients} and {args.services}: rerun with --reseed."
            )
        start = time.perf_counter()
        result = seed_scale(clients=args.clients, services=args.services, months=args.months)
        print(f"seed_scale: {time.perf_counter() - start:.0f} s — {result.summary()}")
    user = User.objects.get(email__startswith="hub-1-", organization__name__startswith=PREFIX)
    web = WebClient()
    web.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = web.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    api = WebClient(headers={"Authorization": f"Bearer {api_token_create(user=user).secret}"})

    today = timezone.localdate()
    first_month = add_months(month_start(today), -23)
    months = [add_months(first_month, i) for i in range(24)]
    flow_dates = [month_end(add_months(first_month, -1))] + [
        evaluation_day(m, today) for m in months
    ]
    params = {
        "tz": settings.TIME_ZONE,
        "inactive": inactive_days(),
        "majority": age_of_majority(),
    }

    def page() -> int:
        with translation.override("en"):
            response = web.get("/en/reports/by-name-list/")
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def list_api() -> dict[str, Any]:
        response = api.get("/api/v1/reports/by-name-list?limit=50")
        assert response.status_code == 200, response.content[:300]
        body: dict[str, Any] = response.json()
        return body

    def list_sql() -> list[tuple[str, str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(report_sql.COUNTS, {**params, "dates": [today]})
            return list(cursor.fetchall())

    def flow_api() -> dict[str, Any]:
        query = f"first={months[0]:%Y-%m}&last={months[-1]:%Y-%m}"
        response = api.get(f"/api/v1/reports/monthly-flow?{query}")
        assert response.status_code == 200, response.content[:300]
        body: dict[str, Any] = response.json()
        return body

    def flow_sql() -> list[tuple[str, int, str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(report_sql.FLOW, {**params, "dates": flow_dates})
            return list(cursor.fetchall())

    with connection.cursor() as cursor:  # room for the hand-written SQL's sorts
        cursor.execute("SET work_mem = '256MB'")
    # Warm up: the first request imports the URL configuration and the API.
    web.get("/en/")
    api.get("/api/v1/openapi.json")
    repeat = args.repeat
    if args.only_flow:
        t_flow, flow = _timed(flow_api, repeat)
        t_flow_sql, flow_rows = _timed(flow_sql, repeat)
        _check_flow(months, flow, flow_rows)
        print(f"  monthly flow: SQL {t_flow_sql:.2f} s, API {t_flow:.2f} s, ", end="")
        print(f"{t_flow / t_flow_sql:.2f}x; the figures agree")
        return
    t_page, size = _timed(page, repeat)
    t_api, body = _timed(list_api, repeat)
    t_sql, rows = _timed(list_sql, repeat)
    ours = {
        **{("housing", k): v for k, v in body["counts_by_housing"].items()},
        **{("activity", k): v for k, v in body["counts_by_activity"].items()},
        **{("status", k): v for k, v in body["counts_by_status"].items()},
    }
    _check("by-name list", ours, {(kind, key): n for kind, key, n in rows})
    t_flow, flow = _timed(flow_api, repeat)
    t_flow_sql, flow_rows = _timed(flow_sql, repeat)
    _check_flow(months, flow, flow_rows)
    balanced = all(line["balanced"] for line in flow["lines"])

    persons = sum(body["counts_by_status"].values())
    print(
        f"reports benchmark on PostgreSQL ({connection.pg_version // 10000}), "
        f"median of {repeat}: {Client.objects.count():,} client records, "
        f"{VisitService.objects.count():,} services, {persons:,} persons on the list today"
    )
    print(f"  by-name list, hand-written SQL     {t_sql:7.2f} s  1.00")
    print(f"  by-name list page (HTML, {size // 1024} KiB)  {t_page:7.2f} s  {t_page / t_sql:.2f}x")
    print(f"  by-name list API (limit 50)        {t_api:7.2f} s  {t_api / t_sql:.2f}x")
    print(f"  monthly flow, hand-written SQL     {t_flow_sql:7.2f} s  1.00")
    print(
        f"  monthly flow API (24 months, 5 populations) {t_flow:7.2f} s  {t_flow / t_flow_sql:.2f}x"
    )
    print(
        "  counts agree; flow balanced every month: "
        f"{'yes' if balanced else 'NO'}; targets: list ≤ {TARGET_LIST:.0f}x "
        f"({'met' if max(t_page, t_api) / t_sql <= TARGET_LIST else 'missed'}), "
        f"flow ≤ {TARGET_FLOW:.0f}x "
        f"({'met' if t_flow / t_flow_sql <= TARGET_FLOW else 'missed'})"
    )
    if args.drop:
        connection.close()
        _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=5_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2,000 clients, 50,000 services")
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--only-flow", action="store_true", help="time the monthly flow only")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.services = 2_000, 50_000
    run(args)


if __name__ == "__main__":
    main()
