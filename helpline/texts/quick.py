"""The inbound text's commonest cases without the ORM: HELP, and a text that means nothing in
particular from someone with nothing going on (the welcome).

`inbound.handle_inbound` tries this first, on a connection of its own. One upsert of the
contact (created, or its last seen time and language brought up to date) returns everything
the decision needs: their language, whether they said STOP, whether they are a volunteer,
blocked, in a conversation or recently checked in on. The reply comes from memory (the
catalog), and one `INSERT … ON CONFLICT DO NOTHING` stores the text with it: a retried webhook
finds the text stored and gets the stored reply.

- On PostgreSQL the upsert, the decision and the store are one statement (data-modifying
  CTEs) run in autocommit: one round trip, atomic as any statement is. `_decide` below and
  the statement's `decided` say the same thing, once in Python and once in SQL; the tests
  run on both databases.
- On SQLite (no INSERT inside WITH) they are two statements and a commit.

Anything else (danger words, STOP and START, meeting words, a request for a person, a
volunteer, a blocked texter, a conversation, a check-in answer, a short code) returns a Miss.
A Miss after the upsert carries the contact's id, which is committed: the full path neither
looks the contact up by number nor writes its last seen time again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Boolean, Engine, Integer, String, bindparam, text
from sqlalchemy.exc import IntegrityError

from helpline import catalog, db
from helpline.catalog.render import render
from helpline.contacts.codenames import new_codename
from helpline.db import UTCDateTime
from helpline.followups import consent
from helpline.line import Line
from helpline.phones import Sender
from helpline.texts.texter import CHECKIN_REPLY_WITHIN

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Miss:
    """Not a case for the quick path: take the full one (with the contact, once upserted)."""

    contact_id: int | None = None


MISS = Miss()
_REPLY_KEYS = {"help": "help", "other": "welcome"}
_LANGUAGES = ("en", "es")  # the catalog's; the SQL below picks between their replies

# Plain SQL, built once: the webhook's hot path compiles nothing. The subqueries read the row
# being upserted.
_UPSERT_SQL = """
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
     WHERE o.contact_id = contacts.id AND o.purpose = 'checkin') AS checked_in"""
_STORE_SQL = """
INSERT INTO inbound_messages (message_sid, contact_id, to_number, body, num_media, intent,
                              language, reply, received_at)"""
_TYPES = (bindparam("now", type_=UTCDateTime()), bindparam("detected", type_=String()))
_COLUMNS = {"id": Integer(), "language": String(), "opted_out_at": UTCDateTime(),
            "volunteer": Boolean(), "blocked": Boolean(), "talking": Boolean(),
            "checked_in": UTCDateTime()}

_UPSERT = text(_UPSERT_SQL).bindparams(*_TYPES).columns(**_COLUMNS)
_STORE = text(_STORE_SQL + """
VALUES (:sid, :contact, :to, :body, :media, :intent, :language, :reply, :now)
ON CONFLICT (message_sid) DO NOTHING
RETURNING id""").bindparams(bindparam("now", type_=UTCDateTime()))
_ONE_STATEMENT_TEXT = f"""
WITH contact AS ({_UPSERT_SQL}
), decided AS (
    SELECT contact.*,
        CASE WHEN NOT :help AND opted_out_at IS NOT NULL THEN NULL
             WHEN language = 'es' THEN :reply_es ELSE :reply_en END AS reply,
        (NOT :help AND opted_out_at IS NULL AND (volunteer OR blocked OR talking
         OR COALESCE(checked_in > :checkin_since, FALSE))) AS miss
    FROM contact
), stored AS ({_STORE_SQL}
    SELECT :sid, id, :to, :body, :media, :intent, language, reply, :now
    FROM decided WHERE NOT miss
    ON CONFLICT (message_sid) DO NOTHING
    RETURNING id
)
SELECT id, language, miss, reply, EXISTS (SELECT 1 FROM stored) AS stored FROM decided
"""  # noqa: S608 (made of the constants above, once: no value is ever formatted in)
_ONE_STATEMENT_SQL = db.driver_sql(_ONE_STATEMENT_TEXT)
_STORED_REPLY_SQL = "SELECT reply FROM inbound_messages WHERE message_sid = %(sid)s"
_STORED_REPLY = text("SELECT reply FROM inbound_messages WHERE message_sid = :sid")


class _State(NamedTuple):
    """What the one statement returns."""

    id: int
    language: str
    miss: bool
    reply: str | None
    stored: bool


def reply(sender: Sender, intent: str, detected: str | None, message: dict, line: Line,
          now: datetime) -> str | None | Miss:
    """The reply to a text in one of the quick cases, stored with the text; a Miss otherwise.
    `intent` is `inbound.classify`'s, `detected` the language the words show (None: unsure),
    `message` the stored text's fields (sid, to, body, media). Commits what it did."""
    if sender.kind != "phone" or intent not in _REPLY_KEYS:
        return MISS
    if intent == "other" and consent.word(message["body"]) in consent.WORDS:
        return MISS  # perhaps an answer to a check-in question
    values = {"address": sender.address, "codename": new_codename(), "now": now,
              "language": detected or "en", "detected": detected}
    replies = {lang: _rendered(_REPLY_KEYS[intent], lang, line) for lang in _LANGUAGES}
    engine = db.current().engine
    handle = _in_one_statement if engine.dialect.name == "postgresql" else _in_two_statements
    for _attempt in range(2):
        try:
            state, answer = handle(engine, intent, values, replies, message)
            break
        except IntegrityError:  # a codename taken by another texter: draw again
            values["codename"] = new_codename()
    else:
        return MISS  # the full path draws with savepoints
    if not isinstance(answer, Miss):
        log.info("inbound message_sid=%s contact=%s kind=phone intent=%s lang=%s quick",
                 message["sid"], state.id, intent, state.language)
    return answer


def _in_one_statement(engine: Engine, intent: str, values: dict, replies: dict,
                      message: dict) -> tuple:
    """Upsert, decide and store in one statement, in autocommit: one round trip. On the
    driver's own connection: SQLAlchemy's result machinery would cost more than the rest."""
    with db.autocommit_driver(engine, _ONE_STATEMENT_SQL) as connection:
        cursor = connection.execute(_ONE_STATEMENT_SQL, {
            **values, **message, "help": intent == "help", "intent": intent,
            "reply_en": replies["en"], "reply_es": replies["es"],
            "checkin_since": values["now"] - CHECKIN_REPLY_WITHIN})
        state = _State(*cursor.fetchone())
        if state.miss:
            return state, Miss(state.id)
        if not state.stored:
            log.info("duplicate webhook message_sid=%s", message["sid"])
            return state, connection.execute(_STORED_REPLY_SQL, message).fetchone()[0]
        return state, state.reply


def _in_two_statements(engine: Engine, intent: str, values: dict, replies: dict,
                       message: dict) -> tuple:
    """Upsert, decide here, store; commit."""
    with engine.connect() as connection:
        state = connection.execute(_UPSERT, values).one()
        answer = _decide(intent, state, values["now"], replies)
        if not isinstance(answer, Miss):
            stored = connection.execute(_STORE, {
                **message, "contact": state.id, "intent": intent, "language": state.language,
                "reply": answer, "now": values["now"]}).first()
            if stored is None:
                log.info("duplicate webhook message_sid=%s", message["sid"])
                answer = connection.scalar(_STORED_REPLY, message)
        connection.commit()
    return state, answer


def _decide(intent: str, state, now: datetime, replies: dict) -> str | None | Miss:
    """HELP is answered whatever; after STOP nothing; anyone with something going on takes the
    full path; everyone else is welcomed. (`_ONE_STATEMENT_TEXT` says the same in SQL.)"""
    if intent != "help" and state.opted_out_at is not None:
        return None
    if intent != "help" and (state.volunteer or state.blocked or state.talking or (
            state.checked_in is not None and state.checked_in > now - CHECKIN_REPLY_WITHIN)):
        return Miss(state.id)
    return replies["es" if state.language == "es" else "en"]


def _rendered(key: str, lang: str, line: Line) -> str:
    return _render_once(key, lang, catalog.OVERRIDES.get((key, lang)),
                        catalog.OVERRIDES.get((key, "en")), tuple(line.text_params.items()))


@lru_cache(maxsize=256)
def _render_once(key: str, lang: str, _own: str | None, _own_en: str | None,
                 params: tuple) -> str:
    """A catalog reply, rendered once for each wording and line: the wording the line set on
    the settings page is part of the key, so a change is never served stale."""
    return render(key, lang, **dict(params))
