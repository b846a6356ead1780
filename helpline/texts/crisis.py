"""What the line does when a text signals danger, in any state (no conversation, waiting,
active, closed, opted out, blocked): the crisis resources at once in the reply; the texter's
conversation (opened if none) marked urgent; the volunteer holding it told "URGENT" with the
words; if nobody holds it, everyone on duty, the backup group and the coordinators paged, at
most once in PAGE_EVERY for one texter. The reply never claims a page that did not happen.
The recognising itself is `helpline.crisis`; whom to tell is `helpline.conversations.urgent`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.conversations import urgent
from helpline.crisis.recognise import plain, signals_danger
from helpline.line import Line
from helpline.models import Contact, InboundMessage, OutboundMessage

__all__ = ["PAGE_EVERY", "plain", "respond", "signals_danger"]
PAGE_EVERY = timedelta(minutes=10)  # one texter's danger texts page people once in this long


def respond(session: Session, contact: Contact, line: Line, body: str, message_sid: str,
            now: datetime, *, num_media: int = 0) -> str:
    """Mark the texter's conversation urgent, tell whoever should know, and return the crisis
    reply in the texter's language, saying a peer was told only when one was."""
    conversation = urgent.mark_urgent(session, contact, body, now, message_sid=message_sid,
                                      num_media=num_media)
    key = f"crisis-alert:{message_sid}"
    if conversation.status == "active" and urgent.tell_holder(
            session, conversation, body, line, key=f"{key}:{conversation.volunteer_id}"):
        told = urgent.Told(conversation, holder=True)
    else:
        told = _paged_since(session, contact, now - PAGE_EVERY, message_sid, conversation) \
            or urgent.page(session, conversation, body, line, now, key_prefix=key)
    if told.holder or told.volunteers:
        message = "crisis"
    elif told.backups or told.coordinators:
        message = "crisis_someone_told"
    else:
        message = "crisis_nobody_on_duty"
    return render(message, contact.language, **line.text_params)


def _paged_since(session: Session, contact: Contact, since: datetime, message_sid: str,
                 conversation) -> urgent.Told | None:
    """Who this contact's earlier danger texts since `since` had paged (None: nobody)."""
    earlier = list(session.scalars(select(InboundMessage.message_sid).where(
        InboundMessage.contact_id == contact.id, InboundMessage.intent == "crisis",
        InboundMessage.received_at >= since, InboundMessage.message_sid != message_sid)))
    counts = {"": 0, "b": 0, "c": 0}  # on duty, backup group, coordinators (see urgent.page)
    for sid in earlier:
        keys = session.scalars(select(OutboundMessage.key).where(
            OutboundMessage.key >= f"crisis-alert:{sid}:",
            OutboundMessage.key < f"crisis-alert:{sid};"))
        for key in keys:
            counts[key.rsplit(":", 1)[1].rstrip("0123456789")] += 1
    if not any(counts.values()):
        return None
    return urgent.Told(conversation, volunteers=counts[""], backups=counts["b"],
                       coordinators=counts["c"])
