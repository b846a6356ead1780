"""The transactional outbox: work for later, written with the state change that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from helpline.db import utcnow
from helpline.models import OutboundMessage, OutboxItem

#: Outbox job names and the importable functions rq runs for them.
JOBS = {
    "send_text": "helpline.jobs.texts.send_text",
    "import_meeting_source": "helpline.jobs.meetings.refresh_source",
    "check_open_shift": "helpline.jobs.rota.check_open_shift",
    "ring_volunteers": "helpline.jobs.calls.ring_volunteers",
    "cancel_legs": "helpline.jobs.calls.cancel_legs",
    "ring_newcomer": "helpline.jobs.calls.ring_newcomer",
    "cancel_volunteer_legs": "helpline.jobs.calls.cancel_volunteer_legs",
    "send_shift_reminder": "helpline.jobs.rota.send_shift_reminder",
    "notify_voicemail": "helpline.jobs.voicemail.notify_voicemail",
    "fetch_voicemail_audio": "helpline.jobs.voicemail.fetch_voicemail_audio",
    "place_callback": "helpline.jobs.voicemail.place_callback",
}


def add(
    session: Session,
    job: str,
    payload: dict,
    *,
    run_at: datetime | None = None,
    contact_id: int | None = None,
) -> OutboxItem:
    """Record that `job` must run with `payload` once this transaction commits (at `run_at`)."""
    if job not in JOBS:
        raise ValueError(f"unknown outbox job {job!r}")
    now = utcnow()
    item = OutboxItem(job=job, payload=payload, run_at=run_at or now, contact_id=contact_id)
    session.add(item)
    if run_at is None or run_at <= now:
        _wake_relay(session)
    return item


_NOTIFY = text("SELECT pg_notify('helpline_outbox', '')")  # runtime/wakeup.py listens


def _wake_relay(session: Session) -> None:
    """On PostgreSQL, once per transaction: the relay hears of the new work when it commits
    (nothing if it rolls back) and relays it at once instead of at its next poll."""
    if session.get_bind().dialect.name != "postgresql":
        return
    transaction = session.get_transaction()
    if session.info.get("outbox_woken") is transaction:
        return
    session.info["outbox_woken"] = transaction
    session.execute(_NOTIFY)


def due(session: Session, now: datetime, limit: int = 100) -> list[OutboxItem]:
    """Items whose time has come and that were neither relayed nor cancelled."""
    return list(
        session.scalars(
            select(OutboxItem)
            .where(
                OutboxItem.relayed_at.is_(None),
                OutboxItem.cancelled_at.is_(None),
                OutboxItem.run_at <= now,
            )
            .order_by(OutboxItem.run_at, OutboxItem.id)
            .limit(limit)
        )
    )


def mark_relayed(session: Session, item_ids: list[int]) -> None:
    """Note that these items are on the queue now."""
    if item_ids:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(item_ids), OutboxItem.relayed_at.is_(None))
            .values(relayed_at=utcnow())
        )


def mark_done(session: Session, item_ids: list[int]) -> None:
    """Note that these items' jobs ran (the sweep never hands them back)."""
    if item_ids:
        session.execute(update(OutboxItem).where(OutboxItem.id.in_(item_ids),
                                                 OutboxItem.done_at.is_(None))
                        .values(done_at=utcnow()))


def cancel_for_contact(session: Session, contact_id: int, address: str | None = None) -> int:
    """STOP: cancel everything not yet sent to this contact (and, given their address, every
    text to it: texts to the line's own people are queued by address). Returns how many texts
    were stopped."""
    now = utcnow()
    session.execute(
        update(OutboxItem)
        .where(
            OutboxItem.contact_id == contact_id,
            OutboxItem.relayed_at.is_(None),
            OutboxItem.cancelled_at.is_(None),
        )
        .values(cancelled_at=now)
    )
    to_them = OutboundMessage.contact_id == contact_id
    if address is not None:
        to_them = or_(to_them, OutboundMessage.to_address == address)
    return session.execute(
        update(OutboundMessage)
        .where(to_them, OutboundMessage.status == "pending")
        .values(status="cancelled", status_rank=99, updated_at=now)
    ).rowcount
