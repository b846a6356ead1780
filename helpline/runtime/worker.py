"""The worker process: an rq worker with the scheduler, plus the outbox relay beside it."""

from __future__ import annotations

import logging

from redis import Redis
from rq import SimpleWorker

from helpline.runtime import queues
from helpline.runtime.relay import RelayThread

log = logging.getLogger(__name__)


def run(connection: Redis, poll: float, *, burst: bool = False) -> None:
    """Relay the outbox and run jobs until stopped (or, with burst, until the queue is empty)."""
    relay = RelayThread(connection, poll)
    relay.start()
    # SimpleWorker runs jobs in this process: no fork per job, so no pooled database
    # connections or locks copied into a child; jobs are short calls to Twilio.
    worker = SimpleWorker([queues.queue(connection)], connection=connection)
    try:
        worker.work(with_scheduler=True, burst=burst, logging_level="WARNING")
    finally:
        relay.stop()
        relay.join(timeout=5)
