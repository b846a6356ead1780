"""The commonest texts (HELP, and the welcome for a text meaning nothing in particular) take one
statement in autocommit on PostgreSQL (two and a commit on SQLite), and answer exactly as the
full path would: in the texter's language, nothing to someone who said STOP, the full path for
everyone with something going on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from helpline import db
from helpline.models import Contact, InboundMessage
from tests.factories import make_volunteer
from tests.statements import statements
from tests.webhooks import new_sid

TEXTER = "+13025550143"


def reply_of(response) -> str | None:
    import xml.etree.ElementTree as ET

    found = ET.fromstring(response.get_data(as_text=True)).find("Message")
    return None if found is None else found.text


def test_help_and_the_welcome_take_one_statement_new_texter_or_not(app, twilio, session):
    twilio.text("+13025550999", "HELP")  # the settings check, made at most every few seconds
    app.config["SETTINGS_CHECK_SECONDS"] = 3600
    one = db.current().engine.dialect.name == "postgresql"
    for body in ("HELP", "what is this", "HELP", "what is this"):
        with statements() as said:
            assert twilio.text(TEXTER, body).status_code == 200
        assert said == (["AUTOCOMMIT WITH"] if one else ["BEGIN", "INSERT", "INSERT"])
    assert session.scalar(select(Contact.last_seen_at)) is not None
    assert [m.intent for m in session.scalars(select(InboundMessage))] == [
        "help", "help", "other", "help", "other"]


def test_the_texter_s_language_follows_their_words(twilio, session):
    assert "Hola" in reply_of(twilio.text(TEXTER, "hola"))
    assert session.scalar(select(Contact.language)) == "es"
    assert "Hola" in reply_of(twilio.text(TEXTER, "???"))  # no words to go by: as before
    assert "Hi" in reply_of(twilio.text(TEXTER, "hello"))
    assert session.scalar(select(Contact.language)) == "en"


def test_a_retried_webhook_gets_the_first_answer_and_is_stored_once(twilio, session):
    sid = new_sid()
    first = reply_of(twilio.text(TEXTER, "hello", sid=sid))
    assert reply_of(twilio.text(TEXTER, "hola", sid=sid)) == first
    assert len(session.scalars(select(InboundMessage)).all()) == 1


def test_after_stop_a_plain_text_is_kept_and_answered_with_nothing(twilio, session):
    twilio.text(TEXTER, "STOP")
    assert reply_of(twilio.text(TEXTER, "hello")) is None
    assert "STOP" in reply_of(twilio.text(TEXTER, "HELP"))  # HELP is answered whatever
    assert [m.intent for m in session.scalars(select(InboundMessage))] == [
        "opt_out", "other", "help"]


def test_a_volunteer_s_plain_text_takes_their_own_path(twilio, session):
    dana = make_volunteer(session, display_name="Dana")
    session.commit()
    with statements() as said:
        twilio.text(dana.phone, "what is this")
    assert len(said) > 3
    assert session.scalar(select(InboundMessage.intent)) == "volunteer"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_texts_are_answered_after_the_database_dropped_every_connection(twilio, session):
    """The pool pings only connections idle for a second: one that died just now fails its
    statement, and the webhook tries once more on a new connection, for either path."""
    import psycopg

    url = db.current().engine.url.set(drivername="postgresql")
    for body in ("HELP", "can I talk to someone", "hello"):
        twilio.text(TEXTER, "HELP")  # connections in the pool, just used
        with psycopg.connect(url.render_as_string(hide_password=False),
                             autocommit=True) as admin:
            killed = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]
        assert killed >= 1
        response = twilio.text(TEXTER, body)
        assert response.status_code == 200
        assert "try again" not in (reply_of(response) or ""), body
    session.rollback()
    assert len(session.scalars(select(InboundMessage)).all()) == 6


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_idle_connection_is_pinged_and_a_busy_one_is_not(app):
    """`db.make_engine`'s pool: a round trip to check a connection only after a second idle."""
    engine = db.current().engine
    pings: list[int] = []
    ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda connection: pings.append(1) or ping(connection)
    try:
        with engine.connect():
            pass
        with engine.connect():
            pass
        assert pings == []
        for connection in engine.pool._pool.queue:  # as if they had sat for a while
            connection.info["checked_in"] -= db.IDLE_PING_SECONDS + 1
        with engine.connect():
            pass
        assert pings == [1]
    finally:
        engine.dialect.do_ping = ping
