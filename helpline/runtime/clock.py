"""The clock (the Procfile's `clock`; `make run` starts one): rq's cron scheduler over the cron
table in `runtime/cron.py`, kept running through a Redis outage of any length. rq's own
`rq cron` exits on the first Redis error; this loop waits, with backoff, and carries on. Jobs
that fell due meanwhile are enqueued once when Redis is back."""

from __future__ import annotations

import logging
import threading
from contextlib import suppress

from redis import Redis
from redis.exceptions import RedisError
from rq.cron import CronScheduler

from helpline.runtime import heartbeats
from helpline.runtime.stopping import longer, on_signals

log = logging.getLogger(__name__)
CRON_TABLE = "helpline.runtime.cron"
LONGEST_SLEEP = 15.0  # seconds: the heartbeat (60 s) is renewed well within its lifetime


def scheduler(connection: Redis) -> CronScheduler:
    """rq's cron scheduler with the helpline's cron table loaded."""
    cron = CronScheduler(connection=connection, logging_level="WARNING")
    cron.load_config_from_file(CRON_TABLE)
    return cron


def tick(cron: CronScheduler) -> float:
    """Enqueue what is due, beat the heart; returns how long to sleep. Raises on Redis errors."""
    if cron.enqueue_jobs():
        cron.save()
    cron.heartbeat()
    heartbeats.beat(cron.connection, "clock")
    return min(cron.calculate_sleep_interval(), LONGEST_SLEEP)


def run(connection: Redis, stopping: threading.Event | None = None) -> None:
    """Tick until stopped (SIGTERM, SIGINT or `stopping`); a Redis error never ends the loop."""
    stopping = stopping or on_signals()
    cron, born, backoff = scheduler(connection), False, 1.0
    while not stopping.is_set():
        try:
            if not born:
                cron.register_birth()
                born = True
            sleep = tick(cron)
            if backoff > 1.0:
                log.info("clock reconnected to redis")
            backoff = 1.0
        except (RedisError, OSError) as error:
            if backoff == 1.0:
                log.warning("clock cannot reach redis (%s); retrying with backoff",
                            type(error).__name__)
            sleep, backoff = backoff, longer(backoff)
        stopping.wait(sleep)
    with suppress(RedisError, OSError):
        cron.register_death()

