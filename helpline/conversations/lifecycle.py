"""A conversation's life: opened by a texter, claimed by the first volunteer (a conditional
update: one winner across processes), handed back with PASS, closed with DONE or after a quiet
while. Decisions only: texts are queued through the outbox and the caller commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from helpline.calls.prompts import LANGUAGE_NAMES
from helpline.catalog.render import render
from helpline.conversations.models import OPEN, Conversation, ConversationMessage
from helpline.line import Line
from helpline.models import Contact
from helpline.outbound import queue_text
from volunteers import commands
from volunteers.models import Volunteer

CODE_LETTERS = "ACDEFHJKMNPRTUVWXY"  # no B/8, I/1, O/0, S/5, G/6, L, Q, Z/2 look-alikes
# The one rule for the language a volunteer is texted in (their first: Spanish, else English).
volunteer_language = commands.language


def language_name(conversation: Conversation, listener: str) -> str:
    """The texter's language as the listener names it."""
    names = LANGUAGE_NAMES.get(listener, LANGUAGE_NAMES["en"])  # as calls name a caller's
    return names.get(conversation.language, conversation.language)


def open_for(session: Session, contact_id: int) -> Conversation | None:
    """The contact's open conversation (waiting or active), if any."""
    return session.scalar(select(Conversation).where(
        Conversation.contact_id == contact_id, Conversation.status.in_(OPEN))
        .order_by(Conversation.id.desc()).limit(1))


def find_open(session: Session, code: str) -> Conversation | None:
    """The open conversation with this case code ("k7", "#K7" and "K7" are the same)."""
    code = normal_code(code)
    if not code:
        return None
    return session.scalar(select(Conversation).where(
        Conversation.case_code == code, Conversation.status.in_(OPEN)))


def normal_code(code: str) -> str:
    """A typed case code as stored: upper case, no '#', spaces or punctuation."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:8]


def held_by(session: Session, volunteer_id: int) -> list[Conversation]:
    """The volunteer's active conversations, the most recently used first."""
    return list(session.scalars(select(Conversation).where(
        Conversation.volunteer_id == volunteer_id, Conversation.status == "active")
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())))


def held_counts(session: Session) -> dict[int, int]:
    """How many active conversations each volunteer holds."""
    rows = session.execute(select(Conversation.volunteer_id, func.count()).where(
        Conversation.status == "active").group_by(Conversation.volunteer_id))
    return {volunteer_id: count for volunteer_id, count in rows if volunteer_id is not None}


def open_conversation(session: Session, contact: Contact, now: datetime, *,
                      urgent: bool = False) -> Conversation:
    """A new waiting conversation for this contact, with a short case code free among the open
    ones (two processes picking the same code: the unique index decides, the loser retries)."""
    for attempt in range(40):
        conversation = Conversation(
            case_code=_code(attempt), contact_id=contact.id, language=contact.language,
            urgent=urgent, opened_at=now, waiting_since=now, last_message_at=now,
        )
        try:
            with session.begin_nested():
                session.add(conversation)
            return conversation
        except IntegrityError:
            continue
    raise RuntimeError("no free case code after 40 attempts")


def _code(attempt: int) -> str:
    """"K7" (162 of them); after a collision "K7M", after three "K7M4": a busy line never runs
    out, and with more than 162 conversations open a new one pays one more draw, not ten."""
    code = f"{secrets.choice(CODE_LETTERS)}{secrets.randbelow(9) + 1}"
    if attempt >= 1:
        code += secrets.choice(CODE_LETTERS)
    if attempt >= 3:
        code += str(secrets.randbelow(10))
    return code


def record(session: Session, conversation: Conversation, sender: str, body: str,
           now: datetime, *, volunteer_id: int | None = None, message_sid: str | None = None,
           num_media: int = 0, relayed: bool = False) -> ConversationMessage:
    """Keep one message of the conversation, and when each side last spoke."""
    message = ConversationMessage(
        conversation_id=conversation.id, sender=sender, volunteer_id=volunteer_id, body=body,
        message_sid=message_sid, num_media=num_media, relayed=relayed, created_at=now)
    session.add(message)
    conversation.last_message_at = now
    if sender == "texter":
        conversation.texter_last_at = now
    else:
        conversation.volunteer_last_at = now
    return message


def take(session: Session, conversation: Conversation, volunteer: Volunteer,
         now: datetime) -> bool:
    """The claim itself: True for exactly one volunteer, however many claim at once."""
    won = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.status == "waiting",
               Conversation.volunteer_id.is_(None))
        .values(status="active", volunteer_id=volunteer.id, claimed_at=now,
                last_message_at=now, volunteer_last_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    session.refresh(conversation)
    return won


def hand_back(session: Session, conversation: Conversation, now: datetime) -> None:
    """PASS: waiting again, in a new offer round (everyone may be offered it again)."""
    conversation.status, conversation.volunteer_id = "waiting", None
    conversation.offer_round += 1
    conversation.waiting_since, conversation.last_offer_at = now, None
    conversation.escalated_at = None


def close(session: Session, conversation: Conversation, by: str, line: Line,
          now: datetime) -> None:
    """Close it and tell the side that did not close it (the texter by case code, the
    volunteer by codename; never a number)."""
    holder = session.get(Volunteer, conversation.volunteer_id) if conversation.volunteer_id \
        else None
    contact = session.get(Contact, conversation.contact_id)
    conversation.status, conversation.closed_at, conversation.closed_by = "closed", now, by
    params = dict(code=conversation.case_code, codename=contact.codename, **line.text_params)
    if by in ("volunteer", "idle") and holder is not None:
        key = "conv_closed_by_volunteer" if by == "volunteer" else "conv_idle_texter"
        queue_text(session, to=contact.address, contact_id=contact.id, purpose="conversation",
                   key=f"conv-closed:{conversation.id}:texter",
                   body=render(key, conversation.language, person=holder.display_name,
                               **params))
    if by in ("texter", "idle", "opt_out") and holder is not None:
        key = {"texter": "conv_texter_done", "idle": "conv_idle_volunteer",
               "opt_out": "conv_texter_stopped"}[by]
        queue_text(session, to=holder.phone, volunteer_id=holder.id, purpose="conversation",
                   key=f"conv-closed:{conversation.id}:volunteer",
                   body=render(key, volunteer_language(holder), **params))


def close_idle(session: Session, line: Line, now: datetime) -> list[Conversation]:
    """Close every active conversation quiet for the line's idle hours, telling both sides.
    A waiting one stays open: it is kept for the next volunteer, however long that takes."""
    quiet_since = now - timedelta(hours=line.idle_hours)
    idle = list(session.scalars(select(Conversation).where(
        Conversation.status == "active", Conversation.last_message_at < quiet_since)))
    for conversation in idle:
        close(session, conversation, "idle", line, now)
    return idle
