"""Outbound texts: queued as rows with an idempotency key, moved forward by status callbacks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from helpline import outbox
from helpline.db import utcnow
from helpline.models import Contact, OutboundMessage

#: Twilio message statuses in the order they can happen; a callback never moves a text back.
STATUS_RANK = {
    "pending": 0, "claimed": 1, "accepted": 2, "scheduled": 2, "queued": 3, "sending": 4,
    "sent": 5, "delivered": 6, "undelivered": 6, "failed": 6, "canceled": 6, "read": 7,
    "cancelled": 99,
}
UNSUBSCRIBED = 21610  # Twilio: "Attempt to send to unsubscribed recipient"
MAX_SEND_ATTEMPTS = 6  # the first try and rq's retries (relay.RETRY); then the text has failed


def queue_text(
    session: Session,
    *,
    to: str,
    body: str,
    purpose: str,
    key: str,
    contact_id: int | None = None,
    volunteer_id: int | None = None,
    run_at: datetime | None = None,
) -> OutboundMessage:
    """Queue one text (once per key) and the outbox item that will send it. A text to the
    line's own people has no contact: their STOP is honoured by address (`stopped_address`,
    `outbox.cancel_for_contact`)."""
    existing = session.scalar(select(OutboundMessage).where(OutboundMessage.key == key))
    if existing is not None:
        return existing
    text = OutboundMessage(
        key=key, to_address=to, body=body, purpose=purpose,
        contact_id=contact_id, volunteer_id=volunteer_id,
    )
    session.add(text)
    session.flush()
    outbox.add(session, "send_text", {"outbound_id": text.id}, run_at=run_at, contact_id=contact_id)
    return text


def advance_status(
    session: Session,
    status: str,
    *,
    outbound_id: int | None = None,
    provider_sid: str | None = None,
    error_code: int | None = None,
) -> bool:
    """Move a text's status forward (callbacks arrive late and out of order). True if it moved."""
    rank = STATUS_RANK.get(status)
    if rank is None or (outbound_id is None and provider_sid is None):
        return False
    if outbound_id is None:
        match = OutboundMessage.provider_sid == provider_sid
    elif provider_sid is None:
        match = OutboundMessage.id == outbound_id
    else:
        # A callback can beat the job's record of the sid; but a sid we did not keep (an
        # earlier attempt that timed out yet was sent) must not move this text.
        match = and_(OutboundMessage.id == outbound_id, or_(
            OutboundMessage.provider_sid.is_(None), OutboundMessage.provider_sid == provider_sid))
    values: dict = {"status": status, "status_rank": rank, "updated_at": utcnow()}
    if error_code is not None:
        values["error_code"] = error_code
    moved = session.execute(
        update(OutboundMessage).where(match, OutboundMessage.status_rank < rank).values(**values)
    ).rowcount
    if error_code == UNSUBSCRIBED:
        text = session.scalar(select(OutboundMessage).where(match))
        contact = recipient(session, text) if text is not None else None
        if contact is not None:
            mark_unsubscribed(session, contact.id)
    return moved == 1


def recipient(session: Session, text: OutboundMessage) -> Contact | None:
    """The contact a text goes to: its own, or for a text to a volunteer or coordinator the
    contact their phone has when they have texted the line (a STOP is kept there)."""
    if text.contact_id is not None:
        return session.get(Contact, text.contact_id)
    return session.scalar(select(Contact).where(Contact.address == text.to_address))


def mark_unsubscribed(session: Session, contact_id: int) -> None:
    """The carrier says this contact opted out: honour it as a STOP."""
    contact = session.get(Contact, contact_id)
    if contact is not None and contact.opted_out_at is None:
        contact.opted_out_at = utcnow()
        outbox.cancel_for_contact(session, contact_id, address=contact.address)
