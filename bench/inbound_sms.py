"""Benchmark: server time of the signed inbound-SMS webhook, end to end through Flask.

Sends N signed texts from M senders (a mix of HELP, crisis words, STOP/START, meeting requests and
texts asking for a person) to the app in-process and reports the median and p99 of the time
each request took, and the median for each kind of text (what each does differs: a text asking
for a person opens a conversation and queues offers to the volunteers on duty). Runs on
SQLite (a temporary file) and on PostgreSQL: BENCH_POSTGRES_URL (an empty database), else a
throwaway cluster started like the test suite's (skipped if PostgreSQL is not installed).

    .venv/bin/python bench/inbound_sms.py            # or: make bench
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import figures, postgres, sqlite_file  # noqa: E402

from helpline import create_app, db, migrate, signatures  # noqa: E402

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
        from helpline.cli.demo import seed

        seed(session)  # three volunteers on duty: crisis texts queue alerts
    client, timings, by_body = app.test_client(), [], {body: [] for body in BODIES}
    for i in range(N):
        form = {"MessageSid": f"SM{i:032x}", "From": f"+1302555{i % SENDERS:04d}",
                "To": "+13025550100", "Body": BODIES[i % len(BODIES)], "NumMedia": "0"}
        headers = {"X-Twilio-Signature": signatures.sign(BASE + "/twilio/sms", form, TOKEN)}
        started = time.perf_counter()
        response = client.post("/twilio/sms", data=form, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        by_body[form["Body"]].append(timings[-1])
        assert response.status_code == 200, response.status_code
    return {**figures(timings), "by_body": {b: figures(t)["median"] for b, t in by_body.items()}}


def main() -> None:
    with sqlite_file() as sqlite_url:
        results = {"sqlite": run(sqlite_url)}
        with postgres("bench", "figure") as url:
            if url:
                results["postgresql"] = run(url)
    print(f"inbound SMS webhook, {N} signed texts from {SENDERS} senders (in-process, 1 client):")
    for backend, f in results.items():
        print(f"  {backend:<11} median {f['median']:.2f} ms"
              f"   p99 {f['p99']:.2f} ms   max {f['max']:.2f} ms")
        print("    median by text (each sender always sends the same one: after the first "
              "TALK-like text,\n    the rest are written into their open conversation):")
        for body, median in f["by_body"].items():
            print(f"      {body!r:<28} {median:.2f} ms")


if __name__ == "__main__":
    main()
