"""What a texter's text means where they are (the keywords and danger words are read first, in
`inbound`): STOP and START, meeting words, answers about check-ins, words for the volunteer in
their conversation, a request for a person, a blocked texter, the welcome. Decisions only; the
caller commits."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from helpline import outbox
from helpline.catalog.render import render
from helpline.conversations import lifecycle, opening, relay
from helpline.conversations.asking import keyword
from helpline.conversations.models import Conversation
from helpline.followups import consent
from helpline.line import Line
from helpline.meetings import answers as meeting_answers
from helpline.meetings import requests as meeting_requests
from helpline.models import Block, Contact, InboundMessage, OutboundMessage
from helpline.texts import staff

log = logging.getLogger(__name__)

MEETING_WORDS = (meeting_requests.SEARCH | meeting_requests.MORE | meeting_requests.DETAILS
                 | meeting_requests.REMIND)
BLOCKED_REPLY_EVERY = timedelta(hours=24)
# A contact's block in force, open conversation and last check-in, in one round trip (built
# once: the webhook's hot path).
_STATE = select(
    select(Block.id).where(Block.contact_id == bindparam("contact"), Block.lifted_at.is_(None),
                           Block.expires_at > bindparam("now")).limit(1).scalar_subquery(),
    select(Conversation.id).where(Conversation.contact_id == bindparam("contact"),
                                  Conversation.status != "closed")
    .order_by(Conversation.id.desc()).limit(1).scalar_subquery(),
    select(func.max(OutboundMessage.sent_at)).where(
        OutboundMessage.contact_id == bindparam("contact"), OutboundMessage.purpose == "checkin")
    .scalar_subquery(),
)
CHECKIN_REPLY_WITHIN = timedelta(days=3)  # a text this soon after a check-in answers it


def stop(session: Session, contact: Contact, line: Line, now: datetime) -> None:
    """STOP: nothing more to them, starting now; their conversation closes, their check-in
    consent is withdrawn, and a staff member's STOP is told to the coordinators."""
    contact.opted_out_at = now
    stopped = outbox.cancel_for_contact(session, contact.id, address=contact.address)
    log.info("opt-out contact=%s cancelled_texts=%s", contact.id, stopped)
    with session.no_autoflush:
        conversation_id = session.execute(_STATE, {"contact": contact.id, "now": now}).one()[1]
    consent.withdraw(session, contact.id, now, "stop")
    if conversation_id is not None:
        lifecycle.close(session, session.get(Conversation, conversation_id), "opt_out", line, now)
    staff.stopped(session, contact, line, now)


def start(session: Session, contact: Contact, message: InboundMessage, body: str, line: Line,
          now: datetime) -> str | None:
    """START (or YES): back in, unless it is YES to a waiting check-in question."""
    answered = None if contact.opted_out else \
        consent.answer(session, contact, consent.word(body), line, now)
    if answered is not None:  # YES to the check-in question, not Twilio's opt-in
        message.intent = "checkin_answer"
        return answered
    contact.opted_out_at, contact.opted_in_at = None, now
    staff.started(session, contact, line, now)
    return None  # Twilio confirms START itself


def reply(session: Session, contact: Contact, message: InboundMessage, body: str, line: Line,
          now: datetime, *, message_sid: str, num_media: int) -> str | None:
    """A texter's text where they are: meeting words in any state; an answer about check-ins;
    words for the volunteer in their open conversation; a kind no when blocked; a request for
    a person (or a reply to a check-in) opens a conversation; anything else, the welcome."""
    intent = message.intent
    if intent == "meetings" and _meeting_words(body):  # answered in any state
        return meeting_answers.answer(session, contact, meeting_requests.parse(body), line, now)
    with session.no_autoflush:  # a read: the contact's pending change waits for the commit
        block_id, conversation_id, checked_in = session.execute(
            _STATE, {"contact": contact.id, "now": now}).one()
    blocked = block_id is not None
    conversation = None if blocked or conversation_id is None else \
        session.get(Conversation, conversation_id)
    said = consent.word(body)
    if said in consent.WORDS and not (conversation is not None and said in consent.NO):
        answered = consent.answer(session, contact, said, line, now)
        if answered is not None:
            message.intent = "checkin_answer"
            return answered
    if conversation is not None:
        message.intent = "talk"
        if keyword(body) == "DONE":
            done = relay.texter_done(session, conversation, line, now)
            consent.ask(session, conversation, line, now)
            return done
        return opening.talk(session, contact, body, line, now, conversation=conversation,
                            message_sid=message_sid, num_media=num_media)
    if intent == "meetings":
        return meeting_answers.answer(session, contact, meeting_requests.parse(body), line, now)
    if blocked:
        message.intent = "blocked"
        return _blocked(session, contact, line, now)
    if intent == "talk" or (checked_in is not None and now - checked_in < CHECKIN_REPLY_WITHIN):
        message.intent = "talk"  # asking for a person, or answering a check-in
        return opening.talk(session, contact, body, line, now, message_sid=message_sid,
                            num_media=num_media,
                            prefer=consent.checked_in_by(session, contact.id)
                            if checked_in is not None else None)
    return render("welcome", contact.language, **line.text_params)


def _meeting_words(body: str) -> bool:
    """A meeting request that starts with a meetings word (in a conversation, only those are
    answered by the meeting finder; every other text is for the volunteer)."""
    first = body.strip().split(None, 1)
    word = re.sub(r"[^a-z]", "", first[0].lower()) if first else ""
    return word in MEETING_WORDS and meeting_requests.parse(body) is not None


def _blocked(session: Session, contact: Contact, line: Line, now: datetime) -> str | None:
    """A blocked contact's text is kept but starts nothing and pages nobody; they are told
    kindly (with the crisis line) at most once a day."""
    told = session.scalar(select(InboundMessage.id).where(
        InboundMessage.contact_id == contact.id, InboundMessage.intent == "blocked",
        InboundMessage.received_at >= now - BLOCKED_REPLY_EVERY,
        InboundMessage.reply.is_not(None)).limit(1))
    if told is not None:
        return None
    return render("text_blocked", contact.language, **line.text_params)
