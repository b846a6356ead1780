"""Benchmark: 10,000 check-ins falling due at once, delivered by one worker.

10,000 texters, each with a closed conversation and a check-in consent given, each with their
first check-in text due now (the rows `followups.schedule` writes: an outbound text keyed
`checkin:<consent>:1` and its outbox item), bulk-loaded into PostgreSQL (BENCH_POSTGRES_URL, an
empty database, else a throwaway cluster) or, without it, SQLite. Then one `flask --app helpline
worker` (its relay, its rq worker, the real twilio client) sends them to the Twilio stub in this
process. Prints due -> received-by-the-stub p50 / p99 / max, the rate, and how many texts the
stub got more than once (must be none) or never (must be none); exits 1 otherwise.

    .venv/bin/python bench/followups_due.py            # or: make bench
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import (  # noqa: E402
    bulk_load,
    figures,
    phase,
    postgres,
    spread,
    sqlite_file,
    wait_for_relay,
)

from helpline.conversations.models import Conversation  # noqa: E402
from helpline.db import utcnow  # noqa: E402
from helpline.followups.models import Consent  # noqa: E402
from helpline.models import Contact as ContactRow  # noqa: E402
from helpline.models import OutboundMessage, OutboxItem  # noqa: E402
from helpline.runtime import queues  # noqa: E402
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, TwilioStub  # noqa: E402

TEXTS = int(os.environ.get("BENCH_FOLLOWUPS", "10000"))
DEADLINE = 900.0  # seconds for all of them
LINE_NUMBER = "+13025550100"


class TimedStub(TwilioStub):
    """The Twilio stub, noting when each text arrived."""

    def __init__(self) -> None:
        super().__init__(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN)
        self.arrived: list[tuple[str, float]] = []

    def _create_message(self, request, form):
        self.arrived.append((form.get("To", ""), time.time()))
        return super()._create_message(request, form)


def phone(n: int) -> str:
    return f"+1302{200 + n // 10_000 % 700:03d}{n % 10_000:04d}"


def load(database_url: str, due) -> None:
    asked = due - timedelta(days=1)
    contacts = [{"id": n + 1, "address": phone(n), "kind": "phone", "codename": f"Bench {n}",
                 "language": "en", "created_at": asked, "last_seen_at": asked}
                for n in range(TEXTS)]
    conversations = [{"id": n + 1, "case_code": f"B{n:06d}"[-7:], "contact_id": n + 1,
                      "status": "closed", "opened_at": asked, "waiting_since": asked,
                      "last_message_at": asked} for n in range(TEXTS)]
    consents = [{"id": n + 1, "contact_id": n + 1, "conversation_id": n + 1, "asked_at": asked,
                 "question": "Check in tomorrow? YES or NO", "given_at": asked}
                for n in range(TEXTS)]
    texts = [{"id": n + 1, "key": f"checkin:{n + 1}:1", "contact_id": n + 1,
              "to_address": phone(n), "body": "Checking in, as you asked. How are you doing? "
              "Reply to talk to a peer. Text NO MORE to stop check-ins.", "purpose": "checkin",
              "created_at": asked, "updated_at": asked} for n in range(TEXTS)]
    items = [{"id": n + 1, "job": "send_text", "payload": {"outbound_id": n + 1},
              "contact_id": n + 1, "run_at": due, "created_at": asked} for n in range(TEXTS)]
    database = bulk_load(database_url, [(ContactRow, contacts), (Conversation, conversations),
                                        (Consent, consents), (OutboundMessage, texts),
                                        (OutboxItem, items)], chunk=2000)
    database.dispose()


def when_up(env: dict, worker: subprocess.Popen, database_url: str, folder: Path):
    """Once the worker's relay beats, make every check-in due at one instant; that instant."""
    from sqlalchemy import update

    from helpline.db import Database

    wait_for_relay(env, worker, folder / "worker.log")
    database, due = Database(database_url), utcnow()
    with database.engine.begin() as tx:
        tx.execute(update(OutboxItem).values(run_at=due))
    database.dispose()
    return due


def run(database_url: str, folder: Path) -> dict:
    clock = time.perf_counter()
    load(database_url, utcnow() + timedelta(days=1))  # made due once the worker is up
    clock = phase(f"{TEXTS:,} check-ins loaded", clock)
    socket = folder / "redis.sock"
    redis = subprocess.Popen(queues.server_command(socket, folder, persist=False),
                             stdout=subprocess.DEVNULL)
    queues.wait_until_up(queues.connect({"REDIS_URL": f"unix://{socket}"}))
    with TimedStub() as stub:
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": f"unix://{socket}",
               "SECRET_KEY": "bench", "TWILIO_ACCOUNT_SID": STUB_ACCOUNT_SID,
               "TWILIO_AUTH_TOKEN": STUB_AUTH_TOKEN, "TWILIO_API_BASE_URL": stub.base_url,
               "PUBLIC_BASE_URL": "https://helpline.example.org",
               "HELPLINE_NUMBER": LINE_NUMBER, "HELPLINE_INSTANCE_DIR": str(folder)}
        log = (folder / "worker.log").open("w")
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "helpline",
                                   "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            due = when_up(env, worker, database_url, folder)
            clock = phase("worker up; all due now", clock)
            deadline = time.monotonic() + DEADLINE
            while len({to for to, _ in stub.arrived}) < TEXTS and time.monotonic() < deadline:
                if worker.poll() is not None:
                    raise SystemExit(f"the worker stopped; see {folder / 'worker.log'}")
                time.sleep(0.5)
            time.sleep(3)  # anything sent twice would arrive now
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            redis.terminate()
    phase("sent", clock)
    arrived = list(stub.arrived)
    counts = Counter(to for to, _ in arrived)
    starts = due.timestamp()
    waits = [(at - starts) * 1000 for _, at in arrived]
    span = max(at for _, at in arrived) - starts if arrived else float("inf")
    return {**figures(waits), "twice": sum(c > 1 for c in counts.values()),
            "never": TEXTS - len(counts), "rate": len(arrived) / span if span else 0.0}


def main() -> int:
    print(f"{TEXTS:,} check-ins due at one instant, one worker, the Twilio stub:")
    with tempfile.TemporaryDirectory() as tmp, postgres("followups", "figures") as url:
        if url:
            backend, result = "PostgreSQL", run(url, Path(tmp))
        else:
            with sqlite_file() as sqlite_url:
                backend, result = "SQLite", run(sqlite_url, Path(tmp))
    print(f"  {backend}: due -> at the stub  {spread(result)}")
    print(f"  {result['rate']:.0f} texts a second; sent twice: {result['twice']}; "
          f"never sent: {result['never']}")
    failed = result["twice"] or result["never"]
    print("PASS" if not failed else "FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
