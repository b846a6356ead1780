"""The worker process: an rq worker with the scheduler, plus the outbox relay beside it. A Redis
outage of any length never ends it: rq's worker stops on some Redis errors, so a new one starts
after a backoff, until a signal asks the process to stop."""

from __future__ import annotations

import logging
import threading
import time

from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker

from helpline.runtime import queues
from helpline.runtime.relay import RelayThread
from helpline.runtime.stopping import longer, on_signals

log = logging.getLogger(__name__)
# rq's maintenance also starts its scheduler again if a Redis error ended it, and takes over the
# scheduler of a worker that was killed once its lock (61 s) runs out: retries of jobs wait on
# it (rq's default: every 10 min).
MAINTENANCE_SECONDS = 15


class LineWorker(SimpleWorker):
    """SimpleWorker runs jobs in this process: no fork per job, so no pooled database
    connections or locks copied into a child; jobs are short calls to Twilio. It remembers
    whether it was asked to stop, so a stop is told apart from a lost Redis."""

    stop_requested = False

    def perform_job(self, job, queue, *args, **kwargs) -> bool:
        """Run one job with the settings saved on the web page (checked every few seconds)."""
        from flask import current_app

        from helpline.runtime import settings_sync

        if current_app:
            settings_sync.refresh(current_app._get_current_object())
        return super().perform_job(job, queue, *args, **kwargs)

    def handle_warm_shutdown_request(self) -> None:
        """SIGTERM or SIGINT: finish the job in hand, then stop for good."""
        self.stop_requested = True
        super().handle_warm_shutdown_request()


def run(connection: Redis, poll: float, *, burst: bool = False, sweep_after: float = 120.0,
        relay_connection: Redis | None = None, stopping: threading.Event | None = None) -> None:
    """Relay the outbox and run jobs until stopped (or, with burst, until the queue is empty).
    The relay may have its own connection with a short timeout: the worker's waits on the
    queue for minutes."""
    relay = RelayThread(relay_connection or connection, poll, sweep_after)
    relay.start()
    stopping = stopping or threading.Event()
    backoff = 1.0
    try:
        while not stopping.is_set():
            worker = LineWorker([queues.queue(connection)], connection=connection,
                                maintenance_interval=MAINTENANCE_SECONDS)
            started = time.monotonic()
            try:
                worker.work(with_scheduler=True, burst=burst, logging_level="WARNING")
            except (RedisError, OSError) as error:  # before its loop: registering, for one
                log.warning("worker cannot reach redis (%s)", type(error).__name__)
            if burst or worker.stop_requested:
                break
            if time.monotonic() - started > 60:
                backoff = 1.0  # it had been working: this is a new outage
            log.warning("worker stopped without being asked; starting again in %.0f s", backoff)
            on_signals(stopping)
            stopping.wait(backoff)
            backoff = longer(backoff)
    finally:
        relay.stop()
        relay.join(timeout=5)

