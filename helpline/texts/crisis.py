"""What the line does when a text signals danger: page the people on duty, at most once in
PAGE_EVERY for one texter. The recognising itself is `helpline.crisis`."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.crisis.recognise import plain, signals_danger
from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Contact, InboundMessage, OutboundMessage
from helpline.outbound import queue_text
from volunteers.rota import on_duty

__all__ = ["PAGE_EVERY", "alert_on_duty", "plain", "signals_danger"]
PAGE_EVERY = timedelta(minutes=10)  # one texter's danger texts page the people on duty once


def alert_on_duty(session: Session, contact: Contact, line: Line, reason: str) -> int:
    """Text every volunteer on duty that this contact may be in danger (codename, no number),
    at most once every PAGE_EVERY for one contact; returns how many were told, now or then."""
    now = utcnow()
    already = _paged_since(session, contact, now - PAGE_EVERY, reason)
    if already:
        return already  # they were told minutes ago; a second page teaches them to ignore pages
    local = now.astimezone(ZoneInfo(line.timezone)).strftime("%H:%M")
    volunteers = on_duty(session, now, line.timezone)
    for volunteer in volunteers:
        lang = "es" if volunteer.language_codes[:1] == ["es"] else "en"
        body = render(
            "volunteer_crisis_alert", lang, codename=contact.codename, time=local,
            **line.text_params,
        )
        queue_text(
            session, to=volunteer.phone, body=body, purpose="crisis_alert",
            key=f"crisis-alert:{reason}:{volunteer.id}", volunteer_id=volunteer.id,
        )
    return len(volunteers)


def _paged_since(session: Session, contact: Contact, since: datetime, reason: str) -> int:
    """How many pages this contact's earlier danger texts since `since` caused."""
    earlier = session.scalars(select(InboundMessage.message_sid).where(
        InboundMessage.contact_id == contact.id, InboundMessage.intent == "crisis",
        InboundMessage.received_at >= since, InboundMessage.message_sid != reason))
    return sum(session.scalar(select(func.count()).select_from(OutboundMessage).where(
        OutboundMessage.key >= f"crisis-alert:{sid}:", OutboundMessage.key < f"crisis-alert:{sid};",
    )) or 0 for sid in earlier)
