"""Benchmark: server time of the signed inbound-SMS webhook, end to end through Flask.

Sends N signed texts from M senders (a mix of HELP, crisis words, STOP/START and other texts)
to the app in-process and reports the median and p99 of the time each request took. Runs on
SQLite (a temporary file) and on PostgreSQL: BENCH_POSTGRES_URL (an empty database), else a
throwaway cluster started like the test suite's (skipped if PostgreSQL is not installed).

    .venv/bin/python bench/inbound_sms.py            # or: make bench
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpline import create_app, db, migrate, telephony  # noqa: E402

N, SENDERS = 2000, 200
BODIES = ["HELP", "hello, is anyone there?", "hola necesito ayuda", "I want to die", "STOP",
          "START", "where is a meeting", "MEETINGS 19958"]
TOKEN = "bench-token"
BASE = "https://helpline.example.org"


def run(database_url: str) -> dict[str, float]:
    """Deliver N texts and return timing figures in milliseconds."""
    migrate.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "REDIS_URL": None, "TWILIO_SANDBOX": True,
                      "TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE,
                      "SECRET_KEY": "bench"})
    with db.job_session() as session:
        from helpline.demo import seed

        seed(session)  # three volunteers on duty: crisis texts queue alerts
    client, timings = app.test_client(), []
    for i in range(N):
        form = {"MessageSid": f"SM{i:032x}", "From": f"+1302555{i % SENDERS:04d}",
                "To": "+13025550100", "Body": BODIES[i % len(BODIES)], "NumMedia": "0"}
        headers = {"X-Twilio-Signature": telephony.sign(BASE + "/twilio/sms", form, TOKEN)}
        started = time.perf_counter()
        response = client.post("/twilio/sms", data=form, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    return {"median_ms": statistics.median(timings), "p99_ms": timings[int(len(timings) * 0.99)],
            "max_ms": timings[-1]}


def _postgres() -> dict[str, dict[str, float]]:
    if os.environ.get("BENCH_POSTGRES_URL"):
        return {"postgresql": run(os.environ["BENCH_POSTGRES_URL"])}
    from tests.postgres_server import TemporaryPostgres, find_pg_bin

    if find_pg_bin() is None:
        print("(PostgreSQL not installed: run scripts/ensure-postgres for its figure)")
        return {}
    server = TemporaryPostgres().start()
    try:
        return {"postgresql": run(server.create_database("bench"))}
    finally:
        server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HELPLINE_INSTANCE_DIR"] = tmp
        results = {"sqlite": run(f"sqlite:///{tmp}/bench.db")}
        results.update(_postgres())
    print(f"inbound SMS webhook, {N} signed texts from {SENDERS} senders (in-process, 1 client):")
    for backend, figures in results.items():
        print(f"  {backend:<11} median {figures['median_ms']:.2f} ms"
              f"   p99 {figures['p99_ms']:.2f} ms   max {figures['max_ms']:.2f} ms")


if __name__ == "__main__":
    main()
