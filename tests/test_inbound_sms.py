"""Inbound texts: recorded exactly once, keywords honoured, replies kind and short."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from helpline.catalog.render import is_gsm7, segments
from helpline.db import utcnow
from helpline.models import Contact, InboundMessage, OutboundMessage, OutboxItem
from tests.factories import make_volunteer
from tests.webhooks import new_sid

CALLER = "+13025550123"


def reply_of(response) -> str | None:
    """The text of the TwiML <Message>, or None for an empty <Response/>."""
    root = ET.fromstring(response.get_data(as_text=True))
    assert root.tag == "Response"
    messages = root.findall("Message")
    assert len(messages) <= 1
    return messages[0].text if messages else None


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_help_reply_names_the_line_its_purpose_the_crisis_line_and_how_to_stop(twilio, session):
    response = twilio.text(CALLER, "HELP")
    assert response.status_code == 200
    assert response.content_type.startswith("text/xml")
    reply = reply_of(response)
    assert "Test Helpline" in reply and "988" in reply and "STOP" in reply
    assert "peer support" in reply
    message = session.scalar(select(InboundMessage))
    assert message.intent == "help"


def test_info_and_lowercase_help_with_spaces_get_the_help_reply(twilio):
    assert "STOP" in reply_of(twilio.text(CALLER, "info"))
    assert "STOP" in reply_of(twilio.text(CALLER, "  help! "))


def test_any_other_text_gets_the_welcome_menu(twilio):
    reply = reply_of(twilio.text(CALLER, "hi there"))
    assert "MEETINGS" in reply and "TALK" in reply and "CRISIS" in reply


def test_a_spanish_text_gets_a_spanish_reply_and_sets_the_language(twilio, session):
    reply = reply_of(twilio.text(CALLER, "Hola, buenas"))
    assert "REUNIONES" in reply
    assert session.scalar(select(Contact)).language == "es"
    assert "REUNIONES" in reply_of(twilio.text(CALLER, "ok"))
    assert "Gracias por escribir" in reply_of(twilio.text(CALLER, "necesito ayuda"))


@pytest.mark.parametrize(
    "word", ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "stop"]
)
def test_opt_out_words_record_the_opt_out_and_reply_nothing(twilio, session, word):
    response = twilio.text(CALLER, word)
    assert response.status_code == 200
    assert reply_of(response) is None
    assert session.scalar(select(Contact)).opted_out_at is not None


def test_start_after_stop_opts_back_in(twilio, session):
    twilio.text(CALLER, "STOP")
    assert reply_of(twilio.text(CALLER, "hello")) is None  # opted out: nothing but keywords
    assert reply_of(twilio.text(CALLER, "START")) is None  # Twilio confirms START itself
    contact = session.scalar(select(Contact))
    assert contact.opted_out_at is None and contact.opted_in_at is not None
    assert "MEETINGS" in reply_of(twilio.text(CALLER, "hello"))


def test_help_still_answers_an_opted_out_contact(twilio):
    twilio.text(CALLER, "STOP")
    assert "STOP" in reply_of(twilio.text(CALLER, "HELP"))


def test_stop_cancels_texts_already_scheduled(twilio, session, run_jobs):
    from datetime import timedelta

    from helpline.db import utcnow
    from helpline.outbound import queue_text

    twilio.text(CALLER, "hello")
    contact = session.scalar(select(Contact))
    queue_text(session, to=contact.address, body="Checking in", purpose="check_in", key="c1",
               contact_id=contact.id, run_at=utcnow() - timedelta(seconds=1))
    session.commit()
    twilio.text(CALLER, "STOP")
    run_jobs()
    session.expire_all()
    text = session.scalar(select(OutboundMessage))
    assert text.status == "cancelled" and text.sent_at is None
    assert session.scalar(select(OutboxItem)).cancelled_at is not None


def test_ten_deliveries_of_one_message_sid_leave_one_row_and_the_same_reply(twilio, session):
    sid = new_sid()
    replies = {reply_of(twilio.text(CALLER, "HELP", sid=sid)) for _ in range(10)}
    assert len(replies) == 1 and "STOP" in replies.pop()
    assert count(session, InboundMessage) == 1
    assert count(session, Contact) == 1


def test_a_retried_crisis_text_alerts_volunteers_once(twilio, session):
    make_volunteer(session)
    session.commit()
    sid = new_sid()
    for _ in range(3):
        assert "988" in reply_of(twilio.text(CALLER, "I want to kill myself", sid=sid))
    assert count(session, OutboundMessage) == 1


def test_crisis_words_get_crisis_resources_and_page_on_duty_volunteers_without_the_number(
    twilio, session, run_jobs
):
    on, off = make_volunteer(session), make_volunteer(session, always_on=False)
    session.commit()
    reply = reply_of(twilio.text(CALLER, "i think i took too much, overdose"))
    assert "988" in reply and "911" in reply
    run_jobs()
    alerts = session.scalars(select(OutboundMessage)).all()
    assert [a.to_address for a in alerts] == [on.phone]
    assert off.phone not in {a.to_address for a in alerts}
    contact = session.scalar(select(Contact))
    assert contact.codename in alerts[0].body
    assert "0123" not in alerts[0].body and CALLER not in alerts[0].body
    assert alerts[0].provider_sid is not None


def test_the_crisis_reply_says_a_peer_is_told_only_when_one_was(twilio, session):
    nobody = reply_of(twilio.text(CALLER, "i want to die"))
    assert "988" in nobody and "911" in nobody
    assert "letting a peer" not in nobody and "No peer volunteer is on duty" in nobody
    assert count(session, OutboundMessage) == 0
    make_volunteer(session)
    session.commit()
    paged = reply_of(twilio.text(CALLER, "i want to die tonight"))
    assert "We are letting a peer on duty know" in paged
    assert count(session, OutboundMessage) == 1
    spanish = reply_of(twilio.text("+13025550177", "me quiero morir"))
    assert "Avisamos a un companero de turno" in spanish


def test_one_texters_danger_texts_page_the_people_on_duty_once_in_ten_minutes(twilio, session):
    make_volunteer(session)
    session.commit()
    for body in ("i want to die", "i have the pills right here", "kms"):
        reply = reply_of(twilio.text(CALLER, body))
        assert "988" in reply and "We are letting a peer on duty know" in reply
    assert count(session, OutboundMessage) == 1
    reply_of(twilio.text("+13025550166", "i want to die"))  # someone else is paged for at once
    assert count(session, OutboundMessage) == 2
    session.execute(update(InboundMessage).values(received_at=utcnow() - timedelta(minutes=11)))
    session.commit()
    reply_of(twilio.text(CALLER, "still here, still want to die"))
    assert count(session, OutboundMessage) == 3


def test_crisis_words_win_even_from_an_opted_out_contact(twilio):
    twilio.text(CALLER, "STOP")
    assert "988" in reply_of(twilio.text(CALLER, "quiero morir"))


def test_missing_from_is_a_400_and_nothing_is_stored(twilio, session):
    response = twilio.post("/twilio/sms", {"MessageSid": new_sid(), "Body": "hi"})
    assert response.status_code == 400
    assert count(session, InboundMessage) == 0


def test_missing_message_sid_is_a_400(twilio):
    assert twilio.post("/twilio/sms", {"From": CALLER, "Body": "hi"}).status_code == 400


def test_missing_body_gets_the_welcome(twilio, session):
    assert "MEETINGS" in reply_of(twilio.text(CALLER, None))
    assert session.scalar(select(InboundMessage)).body == ""


def test_a_1600_character_text_with_emoji_and_nul_bytes_is_stored_and_answered(twilio, session):
    body = ("I need help 🙏🏽 with \x00 everything " * 60)[:1600]
    response = twilio.text(CALLER, body)
    assert response.status_code == 200
    reply = reply_of(response)
    assert is_gsm7(reply) and segments(reply) <= 2
    stored = session.scalar(select(InboundMessage)).body
    assert "\x00" not in stored and "🙏🏽" in stored and len(stored) <= 1600


def test_a_short_code_sender_is_recorded_and_not_replied_to(twilio, session):
    assert reply_of(twilio.text("88022", "Your code is 1234")) is None
    contact = session.scalar(select(Contact))
    assert (contact.kind, contact.address) == ("shortcode", "88022")


def test_an_alphanumeric_sender_is_recorded_and_not_replied_to(twilio, session):
    assert reply_of(twilio.text("MyBank", "Alert")) is None
    assert session.scalar(select(Contact)).kind == "alphanumeric"


def test_an_unparseable_sender_is_recorded_and_not_replied_to(twilio, session):
    response = twilio.text("+1 (000) nonsense", "hello")
    assert response.status_code == 200 and reply_of(response) is None
    assert session.scalar(select(Contact)).kind == "invalid"
    assert count(session, InboundMessage) == 1


def test_a_national_format_number_is_stored_as_e164(twilio, session):
    twilio.text("(302) 555-0123", "hello")
    assert session.scalar(select(Contact)).address == CALLER


def test_an_unknown_content_type_is_refused_with_415(twilio):
    response = twilio.client.post("/twilio/sms", data='{"From": "x"}',
                                  content_type="application/json")
    assert response.status_code == 415


def test_every_reply_is_gsm7_in_at_most_two_segments(twilio):
    bodies = ["HELP", "hello", "hola", "I want to die", "ayuda", "Café “Serenity”", "TALK"]
    for n, body in enumerate(bodies):
        reply = reply_of(twilio.text(f"+1302555{n:04d}", body))
        assert is_gsm7(reply) and 0 < segments(reply) <= 2, body


@pytest.mark.parametrize(("path", "body"), [("full", "can I talk to someone please"),
                                             ("quick", "hello")])
def test_a_text_whose_handling_fails_gets_a_kind_reply_and_is_still_stored(
    twilio, session, monkeypatch, path, body
):
    from helpline.texts import inbound, quick

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(*{"full": (inbound, "_act"), "quick": (quick, "_rendered")}[path], broken)
    sid = new_sid()
    response = twilio.text(CALLER, body, sid=sid)
    assert response.status_code == 200
    reply = reply_of(response)
    assert "988" in reply and "try again" in reply
    stored = session.scalar(select(InboundMessage))
    assert (stored.message_sid, stored.intent, stored.body) == (sid, "error", body)
    assert reply_of(twilio.text(CALLER, body, sid=sid)) == reply  # a retry: same answer
    assert count(session, InboundMessage) == 1
