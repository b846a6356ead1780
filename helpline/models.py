"""The helpline's own tables: contacts, messages in and out, the outbox, sandbox records, staff."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpline.db import Base, utcnow


class Contact(Base):
    """Someone who texted or called the line, known by address and shown by codename."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # E.164 for phone numbers; the sender id as given for short codes and alphanumerics.
    address: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # phone | shortcode | alphanumeric | invalid
    codename: Mapped[str] = mapped_column(String(40), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    opted_out_at: Mapped[datetime | None]
    opted_in_at: Mapped[datetime | None]

    @property
    def opted_out(self) -> bool:
        """True while the contact has said STOP and not START since."""
        return self.opted_out_at is not None

    @property
    def reachable(self) -> bool:
        """True when the line may text this contact at all."""
        return self.kind == "phone" and not self.opted_out


class InboundMessage(Base):
    """One text that reached the line, stored once per MessageSid."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    to_number: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text, default="")
    num_media: Mapped[int] = mapped_column(Integer, default=0)
    intent: Mapped[str] = mapped_column(String(24))
    language: Mapped[str] = mapped_column(String(8))
    # The exact reply given, so a retried webhook gets the same answer and nothing else.
    reply: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    contact: Mapped[Contact] = relationship()


class OutboundMessage(Base):
    """A text the line sends through the REST API; sent by a job, tracked by status callbacks."""

    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # idempotency key
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(32), index=True)  # STOP from staff
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    status_rank: Mapped[int] = mapped_column(Integer, default=0)
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    # Why a scheduled text was dropped when it came due (opted_out, blocked, no_consent, ...).
    dropped_why: Mapped[str | None] = mapped_column(String(30))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxItem(Base):
    """Work for later, written in the same transaction as the state that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "relayed_at", "cancelled_at", "run_at"),
                      Index("ix_outbox_undone", "done_at", "relayed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    key: Mapped[str | None] = mapped_column(String(120), unique=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    relayed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # When the job's effect was seen to have happened (its rq job finished, or gave up); the
    # sweep hands relayed work without it back to the relay after a while (runtime/sweep.py).
    done_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # times the sweep handed it back


class SandboxRecord(Base):
    """What the local sandbox would have sent to Twilio: shown by the simulator."""

    __tablename__ = "sandbox_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # sms | call | call_update | number_update
    sid: Mapped[str] = mapped_column(String(64), index=True)
    to_address: Mapped[str | None] = mapped_column(String(32))
    from_address: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Coordinator(Base):
    """A person who runs the line from the web page."""

    __tablename__ = "coordinators"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="coordinator")  # admin | coordinator
    active: Mapped[bool] = mapped_column(default=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session cookie: a new one at sign-out, a password change or deactivation
    # ends every copy of every session this person had, wherever it was copied to.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    password_changed_at: Mapped[datetime | None]


class Block(Base):
    """A coordinator's decision that the line will not take a contact's calls for a while.

    Keyed on the contact, so nobody types or reads the caller's number to block them: a
    coordinator names the case code of a call or the contact's codename. A block ends at
    `expires_at`, or earlier when lifted; crisis words and STOP are honoured for blocked
    contacts all the same."""

    __tablename__ = "blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))

    contact: Mapped[Contact] = relationship()

