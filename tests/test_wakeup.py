"""The relay's wake-up call: on PostgreSQL a transaction that adds outbox work due now says
NOTIFY once, delivered at its commit (never on a rollback), and the relay's Waker returns at
once instead of at the end of its poll; on SQLite the Waker waits its poll."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import event

from helpline import db, outbox
from helpline.db import utcnow
from helpline.runtime.wakeup import Waker


def waited(waker: Waker, timeout: float) -> float:
    started = time.monotonic()
    waker.wait(timeout, threading.Event())
    return time.monotonic() - started


def test_work_due_now_wakes_the_relay_at_the_commit_and_only_then(app, database_url):
    waker = Waker(database_url)
    try:
        assert waited(waker, 0.2) >= 0.19  # nothing said: the whole poll (and LISTEN is on)
        with app.app_context(), db.job_session() as session:
            said = []
            event.listen(session.get_bind(), "before_cursor_execute",
                         lambda *args: said.append(args[2]))
            outbox.add(session, "send_text", {"outbound_id": 1})
            outbox.add(session, "send_text", {"outbound_id": 2})
            outbox.add(session, "send_text", {"outbound_id": 3},
                       run_at=utcnow() + timedelta(hours=1))
            notified = sum("pg_notify" in statement for statement in said)
        postgres = database_url.startswith("postgresql")
        assert notified == (1 if postgres else 0)  # once a transaction, on PostgreSQL only
        assert (waited(waker, 5.0) < 1.0) == postgres
        with app.app_context(), db.job_session() as session:
            outbox.add(session, "send_text", {"outbound_id": 4})
            session.rollback()
        assert waited(waker, 0.3) >= 0.29  # a rollback says nothing
    finally:
        waker.close()


def test_without_its_database_the_waker_waits_its_poll_and_never_raises():
    waker = Waker("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert 0.19 <= waited(waker, 0.2) < 5.5
    assert waker.connection is None
    assert waited(waker, 0.2) < 1.0  # it does not try again at once
