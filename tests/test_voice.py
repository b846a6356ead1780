"""Voice webhooks: every caller hears who we are and where to get help now, then the call ends."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET

import pytest

from helpline import create_app
from helpline.routes.twilio import voice
from tests.conftest import PUBLIC_BASE_URL, app_config
from tests.twiml_check import twiml_problems
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks, new_sid

CALLER = "+13025550123"


def test_the_twiml_checker_spots_what_twilio_would_not_accept():
    assert twiml_problems("<Response><Say language='en-US'>Hi</Say><Hangup/></Response>") == []
    assert twiml_problems("<Response><Message>Hi</Message></Response>")
    assert twiml_problems("<Response><Say lang='en-US'>Hi</Say></Response>")
    assert twiml_problems("<Response><Say language='english'>Hi</Say></Response>")
    assert twiml_problems("<Response><Say></Say></Response>")
    assert twiml_problems("<Response><Hangup>bye</Hangup></Response>")
    assert twiml_problems("<Say>Hi</Say>")


def call_form(**extra) -> dict:
    return {"CallSid": new_sid("CA"), "AccountSid": "AC" + "0" * 32, "From": CALLER,
            "To": "+13025550100", "CallStatus": "ringing", "Direction": "inbound", **extra}


def spoken(response) -> ET.Element:
    """The one <Say> of a Say-then-Hangup answer, after checking the whole document."""
    assert response.status_code == 200
    assert response.content_type.startswith("text/xml")
    document = response.get_data(as_text=True)
    assert twiml_problems(document) == []
    root = ET.fromstring(document)
    assert root.tag == "Response"
    assert [child.tag for child in root] == ["Say", "Hangup"]
    return root[0]


def greeted(response) -> tuple[ET.Element, ET.Element]:
    """The greeting <Say> and the menu <Gather> it opens, after checking the whole answer: one
    Gather (a caller may press during the greeting) holding the greeting, the menu and the
    offer of Spanish, in Spanish."""
    assert response.status_code == 200
    document = response.get_data(as_text=True)
    assert twiml_problems(document) == []
    root = ET.fromstring(document)
    assert [child.tag for child in root] == ["Gather"]
    gather = root[0]
    assert [child.tag for child in gather] == ["Say", "Say", "Say"]
    assert gather[2].get("language") == "es-MX" and "9" in gather[2].text
    return gather[0], gather


def test_a_caller_hears_the_line_s_name_and_the_crisis_line_in_us_english_then_the_menu(
    twilio, app
):
    say, menu = greeted(twilio.post("/twilio/voice", call_form()))
    assert app.config["HELPLINE_NAME"] == "Test Helpline"
    assert "Test Helpline" in say.text
    assert "988" in say.text
    assert say.get("language") == "en-US"
    assert menu.get("numDigits") == "1" and menu.get("action") == "/twilio/voice/menu?try=1"
    assert "Press 2 for meetings" in menu[1].text and "Press 0" in menu[1].text


def test_the_greeting_follows_the_configured_crisis_and_emergency_numbers(
    database_url, redis_url, instance
):
    app = create_app(app_config(database_url, redis_url, HELPLINE_NAME="Harbor Line",
                                CRISIS_LINE="13 11 14", EMERGENCY_NUMBER="000"))
    hooks = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, PUBLIC_BASE_URL)
    say, _menu = greeted(hooks.post("/twilio/voice", call_form()))
    assert "Harbor Line" in say.text and "13 11 14" in say.text and "000" in say.text
    assert "988" not in say.text and "911" not in say.text


def test_the_voice_fallback_apologises_and_gives_the_crisis_and_emergency_numbers(twilio):
    say = spoken(twilio.post("/twilio/voice/fallback", call_form(ErrorCode="11200")))
    assert "988" in say.text and "911" in say.text
    assert say.get("language") == "en-US"


@pytest.mark.parametrize("path", ["/twilio/voice", "/twilio/voice/fallback"])
def test_an_unsigned_call_webhook_gets_no_twiml(twilio, path):
    response = twilio.post(path, call_form(), signed=False)
    assert response.status_code == 403
    assert "<Say" not in response.get_data(as_text=True)


def test_a_voice_handler_that_raises_still_answers_the_caller_with_the_fallback(
    twilio, monkeypatch, caplog
):
    def fails(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(voice.voice_menu, "greeting", fails)
    caplog.set_level(logging.INFO)
    form = call_form()

    say = spoken(twilio.post("/twilio/voice", form))

    assert "trouble" in say.text and "988" in say.text and "911" in say.text
    failures = [r for r in caplog.records
                if r.levelno == logging.ERROR and r.exc_info and form["CallSid"] in r.getMessage()]
    assert failures, "the failure must be logged with its traceback and the CallSid"
    assert isinstance(failures[0].exc_info[1], RuntimeError)
