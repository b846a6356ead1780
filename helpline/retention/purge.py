"""Purging what people said once the retention period (`RETENTION_DAYS`, default 30) has passed.

What goes: the bodies of texts in and out (relayed conversation texts, offers and pages that
quote a texter included), the replies kept for retried webhooks, conversation messages, and a
voicemail's transcription and audio (our copy and Twilio's). What stays: everything reports
need (times, intents, statuses, case codes, outcomes, durations).

A texter whose conversation is still open, or closed less than the period ago, keeps everything
until it has been closed for the period (texts to volunteers that quote texters are kept from
the oldest such conversation's start: they are not tied to a contact). Work is done in batches,
each its own short transaction, so a first run over a large backlog never holds the line up;
deleting a recording at Twilio happens between transactions, never inside one.
Domain functions: a Session and plain values in; the caller commits each batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from helpline.calls.models import Call, Voicemail
from helpline.conversations.models import Conversation, ConversationMessage
from helpline.models import InboundMessage, OutboundMessage

BATCH = 2000
#: Texts to volunteers and coordinators that may quote a texter's words.
QUOTING = ("relay", "conversation_offer", "crisis_alert", "voicemail_notice", "voicemail_urgent",
           "conversation_alert", "callback_wanted")


@dataclass(frozen=True)
class Kept:
    """What the period protects right now."""

    contacts: frozenset[int]  # texters with a conversation open or closed within the period
    quoting_since: datetime | None  # texts to staff from here on may quote them


def protected(session: Session, cutoff: datetime) -> Kept:
    """Who is protected at `cutoff` (the start of the retention period)."""
    recent = or_(Conversation.status != "closed", Conversation.closed_at >= cutoff)
    contacts = frozenset(session.scalars(select(Conversation.contact_id).where(recent)))
    since = session.scalar(select(func.min(Conversation.opened_at)).where(recent))
    return Kept(contacts, since)


def purge_texts(session: Session, cutoff: datetime, kept: Kept, batch: int = BATCH) -> int:
    """One batch of inbound texts older than `cutoff`: body and kept reply gone. How many."""
    query = select(InboundMessage.id).where(
        InboundMessage.received_at < cutoff,
        or_(InboundMessage.body != "", InboundMessage.reply.is_not(None)))
    if kept.contacts:
        query = query.where(InboundMessage.contact_id.not_in(kept.contacts))
    ids = list(session.scalars(query.limit(batch)))
    if ids:
        session.execute(update(InboundMessage).where(InboundMessage.id.in_(ids))
                        .values(body="", reply=None).execution_options(synchronize_session=False))
    return len(ids)


def purge_sent(session: Session, cutoff: datetime, kept: Kept, batch: int = BATCH) -> int:
    """One batch of texts the line sent before `cutoff` (not those still waiting to go)."""
    query = select(OutboundMessage.id).where(
        OutboundMessage.created_at < cutoff, OutboundMessage.body != "",
        OutboundMessage.status.not_in(("pending", "claimed")))
    if kept.contacts:
        query = query.where(or_(OutboundMessage.contact_id.is_(None),
                                OutboundMessage.contact_id.not_in(kept.contacts)))
    if kept.quoting_since is not None:
        query = query.where(or_(OutboundMessage.contact_id.is_not(None),
                                OutboundMessage.purpose.not_in(QUOTING),
                                OutboundMessage.created_at < kept.quoting_since))
    ids = list(session.scalars(query.limit(batch)))
    if ids:
        session.execute(update(OutboundMessage).where(OutboundMessage.id.in_(ids))
                        .values(body="").execution_options(synchronize_session=False))
    return len(ids)


def purge_conversations(session: Session, cutoff: datetime, batch: int = BATCH) -> int:
    """One batch of messages of conversations closed before `cutoff`."""
    closed = select(Conversation.id).where(Conversation.status == "closed",
                                           Conversation.closed_at < cutoff)
    ids = list(session.scalars(select(ConversationMessage.id).where(
        ConversationMessage.conversation_id.in_(closed), ConversationMessage.body != "")
        .limit(batch)))
    if ids:
        session.execute(update(ConversationMessage).where(ConversationMessage.id.in_(ids))
                        .values(body="").execution_options(synchronize_session=False))
    return len(ids)


@dataclass(frozen=True)
class Recording:
    """A voicemail due for purging: what to delete before its words are blanked."""

    voicemail_id: int
    recording_sid: str
    audio_path: str | None


def voicemails_due(session: Session, cutoff: datetime, kept: Kept,
                   batch: int = BATCH) -> list[Recording]:
    """Voicemails left before `cutoff` and not purged yet (not those of protected texters)."""
    query = (select(Voicemail.id, Voicemail.recording_sid, Voicemail.audio_path)
             .join(Call, Call.id == Voicemail.call_id)
             .where(Voicemail.created_at < cutoff, Voicemail.purged_at.is_(None)))
    if kept.contacts:
        query = query.where(Call.contact_id.not_in(kept.contacts))
    return [Recording(*row) for row in session.execute(query.order_by(Voicemail.id).limit(batch))]


def delete_audio(instance_path: str, recording: Recording) -> None:
    """Our copy of the audio, if we kept one."""
    if recording.audio_path:
        (Path(instance_path) / recording.audio_path).unlink(missing_ok=True)


def mark_purged(session: Session, voicemail_id: int, now: datetime) -> None:
    """The voicemail's words and audio are gone (here and at Twilio)."""
    session.execute(update(Voicemail).where(Voicemail.id == voicemail_id)
                    .values(transcription="", audio_path=None, purged_at=now))
