"""The commonest texts (HELP, and the welcome for a text meaning nothing in particular) take two
statements and one commit, and answer exactly as the full path would: in the texter's language,
nothing to someone who said STOP, the full path for everyone with something going on."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from helpline import db
from helpline.models import Contact, InboundMessage
from tests.factories import make_volunteer
from tests.webhooks import new_sid

TEXTER = "+13025550143"


def reply_of(response) -> str | None:
    import xml.etree.ElementTree as ET

    found = ET.fromstring(response.get_data(as_text=True)).find("Message")
    return None if found is None else found.text


@contextmanager
def statements():
    said: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        said.append(statement.split()[0].upper())

    engine = db.current().engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield said
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_help_and_the_welcome_take_two_statements_new_texter_or_not(app, twilio, session):
    twilio.text("+13025550999", "HELP")  # the settings check, made at most every few seconds
    app.config["SETTINGS_CHECK_SECONDS"] = 3600
    for body in ("HELP", "what is this", "HELP", "what is this"):
        with statements() as said:
            assert twilio.text(TEXTER, body).status_code == 200
        assert [s for s in said if s in ("INSERT", "UPDATE", "SELECT")] == ["INSERT", "INSERT"]
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
