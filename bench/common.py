"""What the benchmarks here share: phase timings, percentiles, the databases, the verdict."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert

if TYPE_CHECKING:
    from helpline.db import Database


def phase(name: str, started: float) -> float:
    """Print how long a phase took; return now."""
    now = time.perf_counter()
    print(f"  [{now - started:6.1f} s] {name}", flush=True)
    return now


def figures(timings: list[float]) -> dict[str, float]:
    """Median, p95, p99 and max of timings in ms."""
    ordered = sorted(timings)

    def pick(quantile: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * quantile))]

    return {"median": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99),
            "max": ordered[-1]}


def spread(f: dict[str, float]) -> str:
    """The figures as one report line's tail: median, p95, p99 and max in ms."""
    return (f"median {f['median']:6.3f} ms   p95 {f['p95']:6.3f} ms"
            f"   p99 {f['p99']:6.3f} ms   max {f['max']:7.3f} ms")


@contextmanager
def sqlite_file() -> Iterator[str]:
    """The URL of a SQLite file in a temporary directory, made HELPLINE_INSTANCE_DIR meanwhile."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HELPLINE_INSTANCE_DIR"] = tmp
        yield f"sqlite:///{tmp}/bench.db"


@contextmanager
def postgres(name: str, figures_word: str = "figures") -> Iterator[str | None]:
    """An empty database's URL: BENCH_POSTGRES_URL, else a throwaway cluster's; None without."""
    if os.environ.get("BENCH_POSTGRES_URL"):
        yield os.environ["BENCH_POSTGRES_URL"]
        return
    from tests.postgres_server import TemporaryPostgres, find_pg_bin

    if find_pg_bin() is None:
        print(f"(PostgreSQL not installed: run scripts/ensure-postgres for its {figures_word})")
        yield None
        return
    server = TemporaryPostgres().start()
    try:
        yield server.create_database(name)
    finally:
        server.stop()


def wait_for_relay(env: dict, worker, log, timeout: float = 60.0) -> None:
    """Wait until the `flask worker` subprocess's outbox relay beats in Redis; SystemExit if
    it stops or does not beat within `timeout` seconds (its log says why)."""
    from helpline.runtime import queues, relay

    connection = queues.connect(env)
    deadline = time.monotonic() + timeout
    while relay.last_beat(connection) is None:
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker did not start; see {log}")
        time.sleep(0.05)


def bulk_load(database_url: str, tables: Iterable[tuple[Any, list[dict]]], chunk: int) -> Database:
    """Migrate, bulk-insert each (model, rows) with Core in chunks; ANALYZE on PostgreSQL."""
    from helpline import migrate
    from helpline.db import Database

    migrate.upgrade(database_url)
    database = Database(database_url)
    with database.engine.begin() as connection:
        for model, rows in tables:
            for first in range(0, len(rows), chunk):
                connection.execute(insert(model), rows[first:first + chunk])
    if database.engine.dialect.name == "postgresql":
        with database.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    return database


@contextmanager
def measure_backends(postgres_name: str, load: Callable[[str], Database],
                     measure: Callable[[Database], dict], what: str,
                     clock: float) -> Iterator[tuple[dict[str, dict], Database, float]]:
    """Load and measure SQLite (kept open till exit), then PostgreSQL if any; print the phases."""
    with sqlite_file() as sqlite_url:
        sqlite = load(sqlite_url)
        clock = phase("SQLite: migrate and insert", clock)
        outcomes = {"sqlite": measure(sqlite)}
        clock = phase(f"SQLite: index build and {what}", clock)
        with postgres(postgres_name) as url:
            if url:
                database = load(url)
                clock = phase("PostgreSQL: start, migrate and insert", clock)
                outcomes["postgresql"] = measure(database)
                database.dispose()
                clock = phase(f"PostgreSQL: index build and {what}", clock)
        try:
            yield outcomes, sqlite, clock
        finally:
            sqlite.dispose()


def verdict(mismatches: int, compared: int, targets: list[tuple[str, float, float]],
            began: float, width: int = 0) -> int:
    """Print mismatches, each (name, ms, target ms) check and the total time; the exit code."""
    failed = mismatches > 0
    print(f"\nmismatches: {mismatches} of {compared}   {'FAIL' if mismatches else 'PASS'}")
    for name, value, target in targets:
        ok = value <= target
        failed |= not ok
        print(f"{name:<{width}} {value:7.3f} ms  target <= {target:g} ms   "
              f"{'PASS' if ok else 'FAIL'}")
    print(f"total {time.perf_counter() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    print("(bench/common.py: helpers of the other benchmarks, nothing to measure)")
