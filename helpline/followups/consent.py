"""Asking once, after a conversation, whether the texter wants check-ins, and reading the answer.

- The question goes out when a conversation closes (DONE from either side, or idle), unless the
  texter cannot be texted, is blocked, or has check-ins already.
- Only an explicit YES (or SI), in reply, within ANSWER_WITHIN of the question and while not
  opted out, records consent: the time, the exact words shown, the language, the conversation.
  YES is also one of Twilio's opt-in words: it is read as consent only while a question waits.
- NO to the question declines; NO, NO MORE, CANCEL CHECKINS (YA NO, CANCELAR) later withdraw
  consent and cancel the check-ins not sent yet, without opting out of the line. STOP ends
  everything, check-ins included, as always.
Decisions only: texts are queued through the outbox and the caller commits."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from helpline.calls.blocks import active_block
from helpline.catalog.render import render
from helpline.conversations.models import Conversation
from helpline.crisis.reading import plain
from helpline.followups import schedule
from helpline.followups.models import Consent
from helpline.line import Line
from helpline.models import Contact, OutboundMessage
from helpline.outbound import queue_text

ANSWER_WITHIN = timedelta(hours=24)
YES = {"YES", "Y", "SI", "YESPLEASE", "SIPORFAVOR"}
NO = {"NO", "NOPE", "NOTHANKS", "NOGRACIAS", "NOTHANKYOU"}
NO_MORE = {"NOMORE", "CANCELCHECKINS", "NOCHECKINS", "STOPCHECKINS", "YANO", "CANCELAR",
           "NOMAS"}
WORDS = YES | NO | NO_MORE


def word(body: str) -> str:
    """The text as one bare upper-case word ("No more." -> "NOMORE", "sí" -> "SI")."""
    return re.sub(r"[^A-Z]", "", plain(body).upper()) if len(body) < 30 else ""


def ask(session: Session, conversation: Conversation, line: Line, now: datetime) -> bool:
    """Ask the texter of this closed conversation, once; True if the question was queued."""
    contact = session.get(Contact, conversation.contact_id)
    if not contact.reachable or conversation.closed_by == "opt_out" or \
            active_block(session, contact.id, now) is not None:
        return False
    if session.scalar(select(Consent.id).where(Consent.conversation_id == conversation.id)):
        return False
    if any(c.active for c in _consents(session, contact.id)):
        return False  # check-ins are coming already: one question is enough
    question = render("checkin_question", conversation.language)
    session.add(Consent(contact_id=contact.id, conversation_id=conversation.id,
                        volunteer_id=conversation.volunteer_id, asked_at=now, question=question,
                        language=conversation.language))
    queue_text(session, to=contact.address, body=question, purpose="checkin_question",
               key=f"checkin-question:{conversation.id}", contact_id=contact.id)
    return True


def answer(session: Session, contact: Contact, said: str, line: Line,
           now: datetime) -> str | None:
    """The reply to YES / NO / NO MORE when it is an answer about check-ins; None when the word
    is not about check-ins now (YES is then Twilio's opt-in, NO an ordinary text)."""
    if said not in WORDS:
        return None
    consents = _consents(session, contact.id)
    waiting = next((c for c in consents if c.given_at is None and c.declined_at is None
                    and c.withdrawn_at is None and now - c.asked_at <= ANSWER_WITHIN), None)
    if said in YES:
        if waiting is None or contact.opted_out:
            return None
        waiting.given_at = now
        session.flush()
        schedule.plan(session, waiting, contact, line)
        return render("checkin_yes", waiting.language)
    if said in NO and waiting is not None:
        waiting.declined_at = now
        return render("checkin_declined", waiting.language)
    active = [c for c in consents if c.active]
    if not active and said in NO:
        return None  # an ordinary "no": for the conversation, or the welcome
    withdraw(session, contact.id, now, said.lower())
    return render("checkin_stopped", active[0].language if active else contact.language)


def withdraw(session: Session, contact_id: int, now: datetime, how: str) -> int:
    """Withdraw every consent of the contact and cancel the check-ins not sent yet."""
    session.execute(update(Consent).where(
        Consent.contact_id == contact_id, Consent.withdrawn_at.is_(None))
        .values(withdrawn_at=now, withdrawn_by=how[:20]))
    return session.execute(update(OutboundMessage).where(
        OutboundMessage.contact_id == contact_id, OutboundMessage.purpose == "checkin",
        OutboundMessage.status == "pending")
        .values(status="cancelled", status_rank=99, dropped_why="consent_withdrawn",
                updated_at=now)).rowcount


def checked_in_by(session: Session, contact_id: int) -> int | None:
    """The volunteer who held the conversation the latest check-ins follow, if any."""
    return session.scalar(select(Consent.volunteer_id).where(
        Consent.contact_id == contact_id, Consent.given_at.is_not(None))
        .order_by(Consent.id.desc()).limit(1))


def _consents(session: Session, contact_id: int) -> list[Consent]:
    return list(session.scalars(select(Consent).where(Consent.contact_id == contact_id)
                                .order_by(Consent.id.desc())))
