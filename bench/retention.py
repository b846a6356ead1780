"""Benchmark: the retention job over a backlog, as on the first run after an upgrade.

Loads 100,000 texts in and 100,000 texts out older than the retention period (and 1,000 recent
ones of each, which must stay), then times `purge_old` in its batches of short transactions
(the average batch is the longest a webhook's write could wait behind it on SQLite), and one
inbound-text-sized write right after. SQLite,
then PostgreSQL when it is installed (BENCH_POSTGRES_URL, or a throwaway cluster).

    .venv/bin/python bench/retention.py            # or: make bench
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import bulk_load, postgres, sqlite_file  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from helpline import create_app, db  # noqa: E402
from helpline.db import utcnow  # noqa: E402
from helpline.models import Contact, InboundMessage, OutboundMessage  # noqa: E402

OLD, RECENT, CONTACTS = 100_000, 1_000, 5_000


def load(database_url: str):
    now = utcnow()
    contacts = [{"id": n + 1, "address": f"+1302{n:07d}", "kind": "phone",
                 "codename": f"Bench {n}", "language": "en", "created_at": now,
                 "last_seen_at": now} for n in range(CONTACTS)]
    texts_in, texts_out = [], []
    for n in range(OLD + RECENT):
        when = now - (timedelta(days=31, minutes=n) if n < OLD else timedelta(hours=n % 48))
        texts_in.append({"message_sid": f"SM{n:032x}", "contact_id": n % CONTACTS + 1,
                         "to_number": "+13025550100", "body": "words someone said " * 4,
                         "num_media": 0, "intent": "other", "language": "en",
                         "reply": "the reply", "received_at": when})
        texts_out.append({"key": f"bench:{n}", "contact_id": n % CONTACTS + 1,
                          "to_address": f"+1302{n % CONTACTS:07d}", "body": "our words " * 8,
                          "purpose": "meetings", "status": "delivered", "status_rank": 6,
                          "attempts": 1, "created_at": when, "updated_at": when})
    return bulk_load(database_url, [(Contact, contacts), (InboundMessage, texts_in),
                                    (OutboundMessage, texts_out)], chunk=5000)


def measure(database_url: str) -> dict[str, float]:
    database = load(database_url)
    database.dispose()
    app = create_app({"DATABASE_URL": database_url, "REDIS_URL": None, "TWILIO_SANDBOX": True,
                      "SECRET_KEY": "bench", "TESTING": True})
    from helpline.jobs.retention import purge_old

    with app.app_context():
        started = time.perf_counter()
        counts = purge_old()
        seconds = time.perf_counter() - started
        with db.job_session() as session:
            left = session.scalar(select(func.count()).select_from(InboundMessage)
                                  .where(InboundMessage.body != ""))
            started = time.perf_counter()
            session.add(InboundMessage(message_sid="SM" + "f" * 32, contact_id=1, to_number="+1",
                                       body="a new text", intent="other", language="en"))
        write_ms = (time.perf_counter() - started) * 1000
    assert counts["texts_in"] == OLD and counts["texts_out"] == OLD, counts
    assert left == RECENT, left
    from helpline.retention.purge import BATCH

    batches = 2 * -(-OLD // BATCH)
    return {"seconds": seconds, "per_1000": seconds / (2 * OLD) * 1000 * 1000,
            "batch_ms": seconds / batches * 1000, "write_ms": write_ms}


def main() -> None:
    results = {}
    with sqlite_file() as url:
        results["sqlite"] = measure(url)
    with postgres("bench_retention") as url:
        if url:
            results["postgresql"] = measure(url)
    print(f"retention job over {OLD:,} old texts in and {OLD:,} out (+{RECENT:,} recent each, "
          "kept):")
    for backend, f in results.items():
        print(f"  {backend:<11} {f['seconds']:.1f} s in all, {f['per_1000']:.1f} ms per 1,000 "
              f"texts, {f['batch_ms']:.0f} ms per batch transaction on average; a text written "
              f"right after: {f['write_ms']:.1f} ms")


if __name__ == "__main__":
    main()
