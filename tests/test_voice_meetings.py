"""A caller picks meetings from the menu, keys a ZIP, hears the next 3, and can get them by text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpline.models import OutboundMessage
from tests.meeting_fixtures import import_both
from tests.webhooks import new_sid

CALLER = "+13025550123"
NOW = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)


@pytest.fixture
def call(twilio):
    sid = new_sid("CA")

    def step(path: str, digits: str | None = None) -> ET.Element:
        form = {"CallSid": sid, "AccountSid": "AC" + "0" * 32, "From": CALLER,
                "To": "+13025550100", "CallStatus": "in-progress"}
        if digits is not None:
            form["Digits"] = digits
        response = twilio.post(path, form)
        assert response.status_code == 200
        return ET.fromstring(response.get_data(as_text=True))

    return step


@pytest.fixture
def feeds(session, monkeypatch):
    import_both(session)
    monkeypatch.setattr("helpline.routes.twilio.voice.utcnow", lambda: NOW)


def said(root: ET.Element) -> list[str]:
    return [say.text for say in root.iter("Say")]


def test_press_2_key_a_zip_hear_three_meetings_and_press_1_to_get_them_by_text(
    call, feeds, session
):
    greeting = call("/twilio/voice")
    assert greeting.find("Gather").get("action") == "/twilio/voice/menu?try=1"
    ask_zip = call("/twilio/voice/menu?try=1", "2")
    gather = ask_zip.find("Gather")
    assert gather.get("numDigits") == "5" and "zip code" in said(ask_zip)[0]
    meetings = call(gather.get("action"), "19958")
    sentences = said(meetings)
    assert sentences[0].startswith("Here are the next meetings near 19958 Lewes, DE")
    assert len([s for s in sentences[1:4] if " at " in s]) == 3
    offer = meetings.find("Gather")
    assert offer.get("action") == "/twilio/voice/meetings/text?zip=19958"
    sent = call(offer.get("action"), "1")
    assert "by text" in said(sent)[0]
    text = session.scalar(select(OutboundMessage))
    assert text.to_address == CALLER and text.body.startswith("Meetings near 19958")
    assert text.purpose == "meetings"


def test_pressing_1_twice_on_the_same_call_sends_one_text(call, feeds, session):
    call("/twilio/voice/meetings/text?zip=19958", "1")
    call("/twilio/voice/meetings/text?zip=19958", "1")
    assert len(session.scalars(select(OutboundMessage)).all()) == 1


def test_an_unknown_zip_is_asked_again_once_then_the_call_ends_kindly(call, feeds):
    again = call("/twilio/voice/meetings?try=1", "00000")
    assert "could not find that zip" in said(again)[0]
    assert again.find("Gather").get("action") == "/twilio/voice/meetings?try=2"
    goodbye = call("/twilio/voice/meetings?try=2", "00000")
    assert goodbye.find("Hangup") is not None and "Take care" in said(goodbye)[0]


def test_no_key_repeats_the_menu_once_then_puts_the_caller_through_to_a_peer(call):
    repeat = call("/twilio/voice/menu?try=1", "")
    assert repeat.find("Gather").get("action") == "/twilio/voice/menu?try=2"
    last = call("/twilio/voice/menu?try=2", "")
    assert last.find("Redirect").text == "/twilio/voice/talk"


def test_press_1_puts_the_caller_through_to_a_peer(call):
    assert call("/twilio/voice/menu?try=1", "1").find("Redirect").text == "/twilio/voice/talk"


def test_press_3_gives_the_crisis_line_and_emergency_number(call):
    crisis = " ".join(said(call("/twilio/voice/menu?try=1", "3")))
    assert "988" in crisis and "911" in crisis


def test_far_from_any_meeting_the_caller_hears_how_to_find_online_ones(call, feeds):
    none = said(call("/twilio/voice/meetings?try=1", "59001"))
    assert "MEETINGS ONLINE" in none[0]
