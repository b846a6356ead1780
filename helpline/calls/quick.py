"""A call's first answer without the ORM, for the commonest call: someone who is neither a
volunteer nor blocked calls for the first time in this call (not a webhook Twilio repeated).

The voice webhook tries this first. The contact is upserted (created, or its last seen time
brought up to date) unless the number is an active volunteer's, the block check rides along,
and the call is recorded with a new case code, all in one statement in autocommit on
PostgreSQL (one round trip), two and a commit on SQLite. The greeting then comes from memory.
Anyone else (a volunteer's number, a blocked caller, a repeated webhook, a number that is not a
phone) gets None, and the full path (`menu.answer_call`) answers them as before."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, bindparam, text
from sqlalchemy.exc import IntegrityError

from helpline import db
from helpline.calls.ringing import case_code
from helpline.contacts.codenames import new_codename
from helpline.db import UTCDateTime
from helpline.line import Line
from helpline.phones import Sender

_CONTACT = """
INSERT INTO contacts (address, kind, codename, language, created_at, last_seen_at)
SELECT CAST(:address AS VARCHAR(32)), 'phone', :codename, 'en', :now, :now
WHERE NOT EXISTS (SELECT 1 FROM volunteers v
                  WHERE v.phone = CAST(:address AS VARCHAR(32)) AND v.active = TRUE)
ON CONFLICT (address) DO UPDATE SET last_seen_at = excluded.last_seen_at
RETURNING id, language,
    EXISTS (SELECT 1 FROM blocks b WHERE b.contact_id = contacts.id
            AND b.lifted_at IS NULL AND b.expires_at > :now) AS blocked"""
# The call's INSERT, written once for both databases: on PostgreSQL it reads the contact from
# the CTE above; on SQLite from the values the first statement returned.
_CALL = """
INSERT INTO calls (call_sid, contact_id, case_code, language, status, created_at, ring_round,
                   callback_requested)
SELECT :sid, {contact}, :code,
       CASE WHEN {language} IN (:first, :last) THEN {language} ELSE :first END,
       'greeting', :now, 0, FALSE
{source}
ON CONFLICT (call_sid) DO NOTHING
RETURNING id, case_code, language"""
_ONE_STATEMENT_SQL = db.driver_sql(
    f"WITH contact AS ({_CONTACT}\n), call AS ("
    + _CALL.format(contact="id", language="language",
                   source="FROM contact WHERE NOT blocked")
    + "\n)\nSELECT id, case_code, language FROM call")
_NOW = bindparam("now", type_=UTCDateTime())
_UPSERT = text(_CONTACT).bindparams(_NOW)
_RECORD = text(_CALL.format(contact=":contact", language=":language",
                            source="WHERE TRUE")).bindparams(_NOW)


def answer(call_sid: str, caller: Sender, line: Line, now: datetime) -> tuple[int, str] | None:
    """The call recorded: its id and the language to greet them in; None when this is a call
    for the full path. Commits what it did."""
    if caller.kind != "phone":
        return None
    values = {"address": caller.address, "sid": call_sid, "now": now,
              "first": line.languages[0], "last": line.languages[-1]}
    engine = db.current().engine
    record = _in_one_statement if engine.dialect.name == "postgresql" else _in_two_statements
    for attempt in range(8):
        try:
            recorded = record(engine, {**values, "codename": new_codename(),
                                       "code": case_code(attempt)})
            break
        except IntegrityError:  # a codename or case code taken: draw again (longer)
            continue
    else:
        return None
    if recorded is None:
        return None
    call_id, _code, language = recorded
    return call_id, language


def _in_one_statement(engine: Engine, values: dict) -> tuple | None:
    with db.autocommit_driver(engine, _ONE_STATEMENT_SQL) as connection:
        return connection.execute(_ONE_STATEMENT_SQL, values).fetchone()


def _in_two_statements(engine: Engine, values: dict) -> tuple | None:
    with engine.connect() as connection:
        contact = connection.execute(_UPSERT, values).first()
        recorded = None
        if contact is not None and not contact.blocked:
            recorded = connection.execute(_RECORD, {
                **values, "contact": contact.id, "language": contact.language}).first()
        connection.commit()
    return None if recorded is None else tuple(recorded)
