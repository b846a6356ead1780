"""Benchmark: from a caller asking for a peer to the first volunteer's phone being rung.

Starts the embedded Redis server, a Twilio stub (tests/twilio_stub.py) in this process and
`flask --app helpline worker` as a subprocess, on a temporary SQLite database with 3 volunteers
always on duty (the "everyone" strategy rings all three). Then, after 3 warm-up calls, places
100 calls one after another, 0-250 ms apart at random (so they arrive anywhere in the outbox
relay's polling cycle, not in step with it). Each call is the signed /twilio/voice/talk webhook
sent in-process; the time measured runs from just before that request to the moment the stub
receives the first outbound call request (POST .../Calls.json) for it: through the outbox, the
relay, Redis, the rq worker and the real twilio client. On SQLite the relay polls: measured
with the default OUTBOX_POLL_SECONDS (0.2 s: the relay's idle wait, most of the delay) and with
0.05 s. On PostgreSQL (a throwaway cluster, or BENCH_POSTGRES_URL) the webhook's transaction
says NOTIFY and the relay wakes at its commit (runtime/wakeup.py), with the default poll. Exits 1
when a call is never rung (the "mismatches" line), a p95 on SQLite is over 500 ms, or on
PostgreSQL over 150 ms.

    .venv/bin/python bench/call_ring.py            # or: make bench
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import time as daytime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    figures,
    phase,
    postgres,
    spread,
    sqlite_file,
    verdict,
    wait_for_relay,
)

from helpline import create_app, db, migrate, signatures  # noqa: E402
from helpline.runtime import queues  # noqa: E402
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, TwilioStub  # noqa: E402
from volunteers.models import Shift, Volunteer  # noqa: E402

CALLS, WARMUP, VOLUNTEERS = 100, 3, 3
POLLS = (0.2, 0.05)  # OUTBOX_POLL_SECONDS: the default, and a lower one
TARGET_P95_MS = 500.0
TARGET_PG_P95_MS = 150.0  # PostgreSQL: the relay is woken by NOTIFY, not by its poll
RING_DEADLINE = 10.0  # seconds before a call counts as never rung
MAX_GAP = 0.25  # seconds between calls, at random: calls arrive anywhere in the relay's cycle
BASE = "https://helpline.example.org"
LINE_NUMBER = "+13025550100"


class TimedStub(TwilioStub):
    """The Twilio stub, noting when each outbound call request arrived."""

    def __init__(self) -> None:
        super().__init__(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN)
        self.rung_at: list[float] = []

    def _create_call(self, request, form):
        self.rung_at.append(time.perf_counter())  # under the stub's lock
        return super()._create_call(request, form)


def settings(database_url: str, redis_url: str, stub: TwilioStub, poll: float) -> dict[str, str]:
    """The environment the worker runs with (and the app in this process is configured from)."""
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "bench",
            "TWILIO_ACCOUNT_SID": STUB_ACCOUNT_SID, "TWILIO_AUTH_TOKEN": STUB_AUTH_TOKEN,
            "TWILIO_API_BASE_URL": stub.base_url, "PUBLIC_BASE_URL": BASE,
            "HELPLINE_NUMBER": LINE_NUMBER, "OUTBOX_POLL_SECONDS": str(poll)}


def seed(database_url: str) -> None:
    """Migrate and add volunteers on duty at every hour."""
    migrate.upgrade(database_url)
    db.init(database_url)
    with db.job_session() as session:
        for n in range(VOLUNTEERS):
            volunteer = Volunteer(display_name=f"Bench {n}", phone=f"+1215555{n:04d}")
            volunteer.shifts = [Shift(weekday=day, starts=daytime(0), ends=daytime(0))
                                for day in range(7)]
            session.add(volunteer)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`flask --app helpline worker`, once its relay has said it is alive."""
    with open(log, "ab") as out:
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "helpline", "worker"],
                                  env={**os.environ, **env}, stdout=out, stderr=out)
    wait_for_relay(env, worker, log)
    return worker


def stop(process: subprocess.Popen) -> None:
    """Terminate a child process and wait for it."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def ring_once(client, stub: TimedStub) -> float | None:
    """One caller presses 1: ms until the first volunteer's phone is rung (None: never)."""
    form = {"CallSid": "CA" + secrets.token_hex(16), "AccountSid": STUB_ACCOUNT_SID,
            "From": f"+1302555{secrets.randbelow(9000) + 1000}", "To": LINE_NUMBER,
            "CallStatus": "in-progress", "Direction": "inbound"}
    headers = {"X-Twilio-Signature": signatures.sign(BASE + "/twilio/voice/talk", form,
                                                    STUB_AUTH_TOKEN)}
    before = len(stub.rung_at)
    started = time.perf_counter()
    response = client.post("/twilio/voice/talk", data=form, headers=headers)
    assert response.status_code == 200 and b"<Enqueue" in response.data, response.data
    deadline = time.monotonic() + RING_DEADLINE
    while len(stub.rung_at) < before + VOLUNTEERS:  # every leg, so calls never overlap
        if time.monotonic() > deadline:
            break
        time.sleep(0.005)
    return (stub.rung_at[before] - started) * 1000 if len(stub.rung_at) > before else None


def measure(env: dict[str, str], stub: TimedStub, log: Path) -> tuple[list[float], int]:
    """Ring timings in ms for CALLS calls with a worker on these settings; and the misses."""
    worker = start_worker(env, log)
    try:
        app = create_app({**env, "TWILIO_SANDBOX": False})
        logging.getLogger().setLevel(logging.WARNING)  # no request logs amid the figures
        client = app.test_client()
        for _ in range(WARMUP):
            ring_once(client, stub)
        gaps, rung = random.Random(2026), []
        for _ in range(CALLS):
            time.sleep(gaps.uniform(0, MAX_GAP))
            rung.append(ring_once(client, stub))
    finally:
        stop(worker)
    return [ms for ms in rung if ms is not None], sum(ms is None for ms in rung)


def main() -> int:
    began = clock = time.perf_counter()
    print(f"call ring: signed /twilio/voice/talk -> first outbound call request at the Twilio "
          f"stub\n  ({CALLS} calls one at a time, {VOLUNTEERS} volunteers on duty, embedded "
          f"Redis, `flask worker` subprocess; SQLite polled, PostgreSQL woken by NOTIFY)")
    results, missed, targets = {}, 0, []
    with tempfile.TemporaryDirectory() as tmp, TimedStub() as stub:
        socket = Path(tmp) / "redis.sock"
        redis = subprocess.Popen(queues.server_command(socket, Path(tmp), persist=False),
                                 stdout=subprocess.DEVNULL)
        try:
            redis_url = f"unix://{socket}"
            queues.wait_until_up(queues.connect({"REDIS_URL": redis_url}))
            with sqlite_file() as database_url:
                seed(database_url)
                clock = phase("Redis, stub, SQLite and volunteers", clock)
                for poll in POLLS:
                    env = settings(database_url, redis_url, stub, poll)
                    timings, misses = measure(env, stub, Path(tmp) / "worker.log")
                    label = f"SQLite, poll {poll:g} s"
                    results[label], missed = figures(timings), missed + misses
                    targets.append((f"p95, {label}", results[label]["p95"], TARGET_P95_MS))
                    clock = phase(f"{label}: {CALLS} calls", clock)
            # A new database numbers its outbox from 1 again: rq would take its jobs for the
            # SQLite run's, finished already (as after restoring a backup: the README says to
            # empty Redis then).
            queues.connect({"REDIS_URL": redis_url}).flushdb()
            with postgres("call_ring", "figures") as database_url:
                if database_url:
                    seed(database_url)
                    env = settings(database_url, redis_url, stub, POLLS[0])
                    timings, misses = measure(env, stub, Path(tmp) / "worker.log")
                    label = f"PostgreSQL, poll {POLLS[0]:g} s + NOTIFY"
                    results[label], missed = figures(timings), missed + misses
                    targets.append((f"p95, {label}", results[label]["p95"],
                                    TARGET_PG_P95_MS))
                    clock = phase(f"{label}: {CALLS} calls", clock)
        finally:
            stop(redis)
    for label, f in results.items():
        print(f"  {label:<34} {spread(f)}")
    return verdict(missed, CALLS * len(results), targets, began, width=36)

if __name__ == "__main__":
    sys.exit(main())
