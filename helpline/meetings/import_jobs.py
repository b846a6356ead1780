"""Import now: a feed address's import run as a job through the outbox, and what the page shows
of it while it waits ("queued since 18:30") or runs ("importing since 18:31"). The job is
`helpline.jobs.meetings.refresh_source`; when it ends the source's last import says how it
went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from helpline import outbox
from helpline.meetings.models import MeetingSource
from helpline.models import OutboxItem

JOB = "import_meeting_source"


class NotFetched(ValueError):
    """Only a source with a feed address can be imported again."""


@dataclass(frozen=True)
class Pending:
    """An import waiting for a worker ("queued") or handed to one ("importing"), since when."""

    state: str
    since: datetime


def _undone(session: Session) -> list[OutboxItem]:
    return list(session.scalars(select(OutboxItem).where(
        OutboxItem.job == JOB, OutboxItem.done_at.is_(None),
        OutboxItem.cancelled_at.is_(None)).order_by(OutboxItem.id)))


def pending(session: Session) -> dict[int, Pending]:
    """Each source with an import waiting or running, and since when."""
    found: dict[int, Pending] = {}
    for item in _undone(session):
        state = Pending("importing", item.relayed_at) if item.relayed_at is not None \
            else Pending("queued", item.created_at)
        found.setdefault(int(item.payload.get("source_id", 0)), state)
    return found


def queue(session: Session, source: MeetingSource, now: datetime) -> tuple[Pending, bool]:
    """Queue an import of this source unless one is already waiting or running: that one (and
    False), or the new one (and True)."""
    if not source.is_url:
        raise NotFetched("Only a feed address can be imported again: upload a new copy of "
                         "the file instead.")
    waiting = pending(session).get(source.id)
    if waiting is not None:
        return waiting, False
    outbox.add(session, JOB, {"source_id": source.id}, run_at=now)
    return Pending("queued", now), True


def cancel(session: Session, source_id: int, now: datetime) -> None:
    """Cancel this source's imports not yet handed to a worker (one handed over finds the
    source gone and stops)."""
    ids = [item.id for item in _undone(session)
           if item.relayed_at is None and item.payload.get("source_id") == source_id]
    if ids:
        session.execute(update(OutboxItem).where(OutboxItem.id.in_(ids)).values(cancelled_at=now))
