"""The outbox relay: moves due outbox items onto the rq queue, after their transaction committed."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import suppress
from datetime import datetime, timedelta

from redis import Redis
from redis.exceptions import RedisError
from rq import Callback, Retry
from rq.exceptions import DuplicateJobError

from helpline import outbox
from helpline.db import current as current_database
from helpline.db import job_session, utcnow
from helpline.outbound import MAX_SEND_ATTEMPTS
from helpline.runtime import heartbeats, queues, sweep
from helpline.runtime.wakeup import Waker

log = logging.getLogger(__name__)
DONE = Callback(sweep.job_finished)
RETRY = Retry(max=MAX_SEND_ATTEMPTS - 1, interval=[5, 20, 60, 180, 600])


def relay_once(connection: Redis, limit: int = 100) -> int:
    """Enqueue every due outbox item; returns how many went onto the queue."""
    with job_session() as session:
        due = outbox.due(session, utcnow(), limit)
        items = [(item.id, item.job, dict(item.payload)) for item in due]
    if not items:
        return 0
    q, done = queues.queue(connection), []
    try:
        for item_id, job, payload in items:
            with suppress(DuplicateJobError):  # another relay got there first
                q.enqueue(outbox.JOBS[job], kwargs=payload, job_id=sweep.job_id(item_id),
                          unique=True, retry=RETRY, result_ttl=86400, failure_ttl=7 * 86400,
                          on_success=DONE)
            done.append(item_id)
    finally:
        with job_session() as session:
            outbox.mark_relayed(session, done)
    log.info("relayed outbox items=%s", len(done))
    return len(done)


def beat(connection: Redis) -> None:
    """Say that a worker is alive (read by /healthz)."""
    heartbeats.beat(connection, "worker")


def last_beat(connection: Redis) -> datetime | None:
    """When a worker last said it was alive, if within the heartbeat's lifetime."""
    return heartbeats.last_beat(connection, "worker")


class RelayThread(threading.Thread):
    """Relays the outbox every `poll` seconds and beats the heart, until stopped; every so often
    sweeps up work relayed more than `sweep_after` seconds ago that never finished."""

    def __init__(self, connection: Redis, poll: float, sweep_after: float = 120.0) -> None:
        super().__init__(name="outbox-relay", daemon=True)
        self.connection, self.poll = connection, poll
        self.sweep_after, self.swept_at = timedelta(seconds=sweep_after), 0.0
        self.stopping = threading.Event()
        self.waker = Waker(current_database().url)  # woken by NOTIFY on PostgreSQL

    def run(self) -> None:
        try:
            self._relay_until_stopped()
        finally:
            self.waker.close()

    def _relay_until_stopped(self) -> None:
        failing = False
        while not self.stopping.is_set():
            try:
                beat(self.connection)
                self._sweep_now_and_then()
                while relay_once(self.connection) == 100:
                    pass
                if failing:
                    log.info("outbox relay recovered")
                failing = False
            except (RedisError, OSError) as error:
                if not failing:
                    log.warning("outbox relay cannot reach redis: %s", type(error).__name__)
                failing = True
            except Exception:
                log.exception("outbox relay failed; trying again")
            if failing:
                self.stopping.wait(max(self.poll, 1.0))
            else:
                self.waker.wait(self.poll, self.stopping)

    def stop(self) -> None:
        """Ask the loop to finish."""
        self.stopping.set()

    def _sweep_now_and_then(self) -> None:
        every = max(min(self.sweep_after.total_seconds() / 4, 30.0), 0.5)
        if time.monotonic() - self.swept_at >= every:
            self.swept_at = time.monotonic()
            counts = sweep.sweep(self.connection, utcnow(), self.sweep_after)
            if counts.get("handed_back") or counts.get("given_up"):
                log.warning("outbox sweep handed_back=%s given_up=%s", counts["handed_back"],
                            counts["given_up"])


def run_inline() -> int:
    """Run due outbox items in this process, without Redis (the in-process simulator)."""
    from importlib import import_module

    with job_session() as session:
        items = [(item.id, item.job, dict(item.payload)) for item in outbox.due(session, utcnow())]
        outbox.mark_relayed(session, [item_id for item_id, _, _ in items])
    for item_id, job, payload in items:
        module, name = outbox.JOBS[job].rsplit(".", 1)
        getattr(import_module(module), name)(**payload)
        with job_session() as session:
            outbox.mark_done(session, [item_id])
    return len(items)
