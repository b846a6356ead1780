"""A call's first answer: for someone neither a volunteer nor blocked, one statement in
autocommit on PostgreSQL (two and a commit on SQLite) records the call and the greeting comes
from memory; everyone else is answered by the full path exactly as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpline import db
from helpline.calls import blocks, quick, ringing
from helpline.calls.models import Call
from helpline.models import Contact
from tests.factories import make_contact, make_volunteer
from tests.statements import statements
from tests.webhooks import caller_steps, new_sid

CALLER = "+13025550177"
LINE = "+13025550100"


def call(twilio, caller=CALLER, sid=None, **fields):
    step = caller_steps(twilio, caller, LINE, "AC" + "0" * 32)
    return step("/twilio/voice", **({"CallSid": sid} if sid else {}), **fields)


def test_a_first_call_is_recorded_in_one_statement_and_greeted(twilio, session):
    call(twilio, "+13025550999")  # the settings check, made at most every few seconds
    one = db.current().engine.dialect.name == "postgresql"
    sid = new_sid("CA")
    with statements() as said:
        answer = call(twilio, sid=sid)
    assert said == (["AUTOCOMMIT WITH"] if one else ["BEGIN", "INSERT", "INSERT"])
    assert answer.find("Gather").get("action") == "/twilio/voice/menu?try=1"
    recorded = session.scalar(select(Call).where(Call.call_sid == sid))
    assert (recorded.status, recorded.language, len(recorded.case_code)) == ("greeting", "en", 3)
    assert session.scalar(select(Contact.address).where(Contact.id == recorded.contact_id)) \
        == CALLER


def test_a_repeated_webhook_keeps_one_call_and_the_same_case_code(twilio, session):
    sid = new_sid("CA")
    first = call(twilio, sid=sid)
    again = call(twilio, sid=sid)
    assert [e.tag for e in first] == [e.tag for e in again]
    assert len(session.scalars(select(Call)).all()) == 1


def test_a_spanish_speaker_is_greeted_in_spanish_where_the_line_offers_it(app, twilio,
                                                                          session):
    make_contact(session, address=CALLER, language="es")
    session.commit()
    call(twilio)
    assert session.scalar(select(Call.language)) == "es"
    app.config["HELPLINE_LANGUAGES"] = ("en",)
    call(twilio)
    assert sorted(session.scalars(select(Call.language))) == ["en", "es"]


def test_a_blocked_caller_gets_the_full_path_s_polite_words(twilio, session):
    now = datetime.now(UTC)
    blocks.block(session, make_contact(session, address=CALLER), "prank calls", now, days=1)
    session.commit()
    answer = call(twilio)
    assert answer.find("Gather") is None and answer.find("Hangup") is not None
    assert session.scalar(select(Call.outcome)) == "blocked"


def test_a_volunteer_s_number_takes_their_own_path_and_is_not_made_a_contact(twilio, session):
    dana = make_volunteer(session, display_name="Dana")
    session.commit()
    answer = call(twilio, dana.phone, StirVerstat="TN-Validation-Passed-A")
    assert answer.find("Gather").get("action") == "/twilio/voice/volunteer?try=1"
    assert session.scalar(select(Contact).where(Contact.address == dana.phone)) is None
    assert session.scalar(select(Call)) is None


def test_a_case_code_taken_is_drawn_again(twilio, session, monkeypatch):
    taken = make_contact(session)
    session.add(Call(call_sid=new_sid("CA"), contact_id=taken.id, case_code="7Q2"))
    session.commit()
    drawn = iter(["7Q2", "7Q2K"])
    monkeypatch.setattr(quick, "case_code", lambda attempt: next(drawn))
    sid = new_sid("CA")
    call(twilio, sid=sid)
    assert session.scalar(select(Call.case_code).where(Call.call_sid == sid)) == "7Q2K"


def test_case_codes_grow_after_collisions_so_a_busy_line_never_runs_out():
    assert [len(ringing.case_code(attempt)) for attempt in (0, 1, 2, 3, 39)] == [3, 4, 5, 6, 6]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_call_is_greeted_after_the_database_dropped_every_connection(twilio, session):
    """A connection that died a moment ago (not pinged: it was not idle) fails its statement;
    the webhook tries once more on a new connection instead of answering the fallback."""
    import psycopg

    url = db.current().engine.url.set(drivername="postgresql")
    for _ in range(2):
        call(twilio)  # connections in the pool, just used
        with psycopg.connect(url.render_as_string(hide_password=False),
                             autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        answer = call(twilio)
        assert answer.find("Gather").get("action") == "/twilio/voice/menu?try=1"
    session.rollback()
    assert len(session.scalars(select(Call)).all()) == 4
