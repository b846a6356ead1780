"""The inbound text's commonest cases in two statements and one commit: HELP, and a text that
means nothing in particular from someone with nothing going on (the welcome).

`inbound.handle_inbound` tries this first. One upsert of the contact (created, or its last seen
time and language brought up to date) returns in the same round trip everything the decision
needs: their language, whether they said STOP, whether they are a volunteer, blocked, in a
conversation or recently checked in on. The reply is then decided from memory (the catalog),
and one `INSERT … ON CONFLICT DO NOTHING` stores the text with it: a retried webhook finds the
text stored and gets the stored reply. Anything else (danger words, STOP and START, meeting
words, a request for a person, a volunteer, a blocked texter, a conversation, a check-in
answer, a short code) returns a Miss and takes the full path in the same transaction; a Miss
after the upsert carries the contact's id, so that path neither looks the contact up by number
nor writes its last seen time again.

Only decisions on the session's connection; the caller commits."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, Integer, String, bindparam, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.contacts.codenames import new_codename
from helpline.db import UTCDateTime
from helpline.followups import consent
from helpline.line import Line
from helpline.models import InboundMessage
from helpline.phones import Sender
from helpline.texts.texter import CHECKIN_REPLY_WITHIN

log = logging.getLogger(__name__)
@dataclass(frozen=True)
class Miss:
    """Not a case for the quick path: take the full one (with the contact, once upserted)."""

    contact_id: int | None = None


MISS = Miss()

# Plain SQL that PostgreSQL and SQLite (3.35+) both read, built once: the webhook's hot path
# compiles nothing. The subqueries read the row being upserted.
_UPSERT = text("""
INSERT INTO contacts (address, kind, codename, language, created_at, last_seen_at)
VALUES (:address, 'phone', :codename, :language, :now, :now)
ON CONFLICT (address) DO UPDATE SET last_seen_at = excluded.last_seen_at,
    language = COALESCE(:detected, contacts.language)
RETURNING id, language, opted_out_at,
    EXISTS (SELECT 1 FROM volunteers v
            WHERE v.phone = contacts.address AND v.active = TRUE) AS volunteer,
    EXISTS (SELECT 1 FROM blocks b WHERE b.contact_id = contacts.id
            AND b.lifted_at IS NULL AND b.expires_at > :now) AS blocked,
    EXISTS (SELECT 1 FROM conversations c
            WHERE c.contact_id = contacts.id AND c.status <> 'closed') AS talking,
    (SELECT max(o.sent_at) FROM outbound_messages o
     WHERE o.contact_id = contacts.id AND o.purpose = 'checkin') AS checked_in
""").bindparams(bindparam("now", type_=UTCDateTime()),
                bindparam("detected", type_=String())).columns(
    id=Integer(), language=String(), opted_out_at=UTCDateTime(), volunteer=Boolean(),
    blocked=Boolean(), talking=Boolean(), checked_in=UTCDateTime())
_STORE = text("""
INSERT INTO inbound_messages (message_sid, contact_id, to_number, body, num_media, intent,
                              language, reply, received_at)
VALUES (:sid, :contact, :to, :body, :media, :intent, :language, :reply, :now)
ON CONFLICT (message_sid) DO NOTHING
RETURNING id
""").bindparams(bindparam("now", type_=UTCDateTime()))
_STORED_REPLY = select(InboundMessage.reply).where(InboundMessage.message_sid == bindparam("sid"))


def reply(session: Session, sender: Sender, intent: str, detected: str | None,
          message: dict, line: Line, now: datetime) -> str | None | Miss:
    """The reply to a text in one of the quick cases, stored with the text; a Miss otherwise.
    `intent` is `inbound.classify`'s, `detected` the language the words show (None: unsure),
    `message` the stored text's fields (sid, to, body, media)."""
    if sender.kind != "phone" or intent not in ("help", "other"):
        return MISS
    if intent == "other" and consent.word(message["body"]) in consent.WORDS:
        return MISS  # perhaps an answer to a check-in question
    try:
        with session.no_autoflush:
            state = session.execute(_UPSERT, {
                "address": sender.address, "codename": new_codename(), "now": now,
                "language": detected or "en", "detected": detected}).one()
    except IntegrityError:  # a codename taken: the full path retries with savepoints
        session.rollback()
        return MISS
    if intent == "help":
        answer = render("help", state.language, **line.text_params)
    elif state.opted_out_at is not None:
        answer = None
    elif state.volunteer or state.blocked or state.talking or _checked_in_lately(state, now):
        return Miss(state.id)
    else:
        answer = render("welcome", state.language, **line.text_params)
    stored = session.execute(_STORE, {
        **message, "contact": state.id, "intent": intent, "language": state.language,
        "reply": answer, "now": now}).first()
    if stored is None:  # the same webhook again: whoever stored it first answered
        log.info("duplicate webhook message_sid=%s", message["sid"])
        return session.scalar(_STORED_REPLY, {"sid": message["sid"]})
    log.info("inbound message_sid=%s contact=%s kind=phone intent=%s lang=%s quick",
             message["sid"], state.id, intent, state.language)
    return answer


def _checked_in_lately(state, now: datetime) -> bool:
    checked_in = state.checked_in
    return checked_in is not None and now - checked_in < CHECKIN_REPLY_WITHIN
