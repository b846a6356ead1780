"""The sweep: nothing handed to Redis is ever lost. Outbox work that was relayed a while ago but
whose rq job never finished (lost with a Redis restart or a FLUSHALL, a worker killed mid-job:
started longer ago than the sweep waits, a job left "queued" in no queue) is handed back to the
relay, at most twice; every job is safe to
run twice, so a job that did run but was not seen to is harmless to run again. Work whose job
finished is marked done and never looked at again."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from redis import Redis
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select, update

from helpline import outbox
from helpline.db import job_session
from helpline.models import OutboxItem
from helpline.runtime import queues

log = logging.getLogger(__name__)
MAX_HANDBACKS = 2  # then the item is given up (and logged): a job that fails every time
LOCK = "helpline:outbox-sweep"
BATCH = 500


def job_id(item_id: int) -> str:
    """The rq job id the relay gives an outbox item."""
    return f"outbox-{item_id}"


def job_finished(job: Job, connection: Redis, result: object, *args, **kwargs) -> None:
    """rq's success callback: mark the item done now (else the next sweep does it). Never
    raises: a callback that raised would turn a job that did its work into a failed one."""
    try:
        item_id = int(job.id.removeprefix("outbox-"))
        with job_session() as session:
            outbox.mark_done(session, [item_id])
    except Exception as error:  # the database is down: the sweep marks it later
        log.warning("could not mark outbox job done job=%s (%s)", job.id, type(error).__name__)


def state(connection: Redis, item_id: int, started_before: datetime | None = None) -> str:
    """"done", "pending" (rq still has it in hand) or "lost". A job started before
    `started_before` and not finished was its worker's last: the worker was killed mid-job
    (our jobs take seconds), so it is lost, not left for rq's slower clean-up."""
    try:
        job = Job.fetch(job_id(item_id), connection=connection)
    except NoSuchJobError:
        return "lost"
    status = job.get_status(refresh=False)
    if status == JobStatus.FINISHED:
        return "done"
    if status == JobStatus.QUEUED:
        in_queue = connection.lpos(queues.queue(connection).key, job.id) is not None
        return "pending" if in_queue else "lost"
    if status == JobStatus.SCHEDULED:
        scheduled = ScheduledJobRegistry(queue=queues.queue(connection))
        return "pending" if job.id in scheduled else "lost"
    if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        return "lost"
    if status == JobStatus.STARTED and started_before is not None and job.started_at is not None:
        started = job.started_at if job.started_at.tzinfo else job.started_at.replace(tzinfo=UTC)
        if started < started_before:
            return "lost"
    return "pending"  # started lately, or deferred


def sweep(connection: Redis, now: datetime, older_than: timedelta) -> dict[str, int]:
    """Look at relayed work not yet done; mark what finished, hand back what was lost."""
    # A sweep takes well under a second; a worker killed while holding the lock holds it up
    # for no longer than the sweep would wait anyway.
    hold = min(120, max(10, int(older_than.total_seconds())))
    lock = connection.lock(LOCK, timeout=hold, blocking=False)
    if not lock.acquire():
        return {}  # another worker's relay is sweeping
    try:
        with job_session() as session:
            items = session.execute(
                select(OutboxItem.id, OutboxItem.relayed_at, OutboxItem.attempts).where(
                    OutboxItem.done_at.is_(None), OutboxItem.cancelled_at.is_(None),
                    OutboxItem.relayed_at.is_not(None),
                    OutboxItem.relayed_at <= now - older_than,
                ).order_by(OutboxItem.id).limit(BATCH)
            ).all()
        seen = {item_id: state(connection, item_id, now - older_than)
                for item_id, _, _ in items}
        with job_session() as session:
            return _settle(session, connection, items, seen, now)
    finally:
        lock.release()


def _settle(session, connection: Redis, items, seen: dict[int, str], now: datetime) -> dict:
    counts = {"done": 0, "handed_back": 0, "given_up": 0}
    for item_id, relayed_at, attempts in items:
        if seen[item_id] == "pending":
            continue
        if seen[item_id] == "lost" and attempts < MAX_HANDBACKS:
            _forget_job(connection, item_id)
            values, outcome = {"relayed_at": None, "attempts": attempts + 1}, "handed_back"
            log.warning("outbox item lost after relay; handing it back item=%s", item_id)
        else:
            values = {"done_at": now}
            outcome = "done" if seen[item_id] == "done" else "given_up"
            if outcome == "given_up":
                log.error("outbox item lost %s times; giving up item=%s", attempts, item_id)
        moved = session.execute(update(OutboxItem).where(
            OutboxItem.id == item_id, OutboxItem.relayed_at == relayed_at,
            OutboxItem.done_at.is_(None)).values(**values)).rowcount
        counts[outcome] += moved
    return counts


def _forget_job(connection: Redis, item_id: int) -> None:
    """Remove what is left of a lost job, so the relay can enqueue it afresh."""
    with suppress(NoSuchJobError):
        Job.fetch(job_id(item_id), connection=connection).delete()
