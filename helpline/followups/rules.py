"""The rules every scheduled text is held to again when it comes due (check-ins and meeting
reminders alike): dropped, and marked why, when the texter has opted out or is blocked; a
check-in also when consent was withdrawn, or while the texter is in a conversation (no "how
are you" while they are talking to someone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.calls.blocks import active_block
from helpline.conversations.models import OPEN, Conversation
from helpline.followups.models import Consent
from helpline.models import Contact, OutboundMessage

SCHEDULED = ("checkin", "meeting_reminder")


def why_not(session: Session, text: OutboundMessage, contact: Contact | None,
            now: datetime) -> str | None:
    """Why this text must not go out now (None: it may)."""
    if contact is None:
        return None
    if contact.opted_out:
        return "opted_out"
    if text.purpose not in SCHEDULED:
        return None
    if active_block(session, contact.id, now) is not None:
        return "blocked"
    if text.purpose != "checkin":
        return None
    consent = session.get(Consent, _consent_id(text.key))
    if consent is None or not consent.active:
        return "no_consent"
    if session.scalar(select(Conversation.id).where(
            Conversation.contact_id == contact.id, Conversation.status.in_(OPEN)).limit(1)):
        return "conversation_open"
    return None


def _consent_id(key: str) -> int:
    """checkin:<consent id>:<n>."""
    parts = key.split(":")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else 0
