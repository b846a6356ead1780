"""Voice webhooks: every caller hears who we are and where to get help now, then the call ends."""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET

import pytest

from helpline import create_app
from helpline.routes import voice
from tests.conftest import PUBLIC_BASE_URL, app_config
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks, new_sid

CALLER = "+13025550123"

#: Twilio's TwiML voice verbs allowed directly under <Response>, with their documented attributes
#: (https://www.twilio.com/docs/voice/twiml).
VERB_ATTRIBUTES: dict[str, set[str]] = {
    "Say": {"voice", "language", "loop"},
    "Play": {"loop", "digits"},
    "Pause": {"length"},
    "Gather": {"action", "actionOnEmptyResult", "enhanced", "finishOnKey", "hints", "input",
               "language", "method", "numDigits", "partialResultCallback",
               "partialResultCallbackMethod", "profanityFilter", "speechModel", "speechTimeout",
               "timeout"},
    "Dial": {"action", "answerOnBridge", "callerId", "events", "hangupOnStar", "method", "record",
             "recordingStatusCallback", "recordingStatusCallbackEvent",
             "recordingStatusCallbackMethod", "recordingTrack", "referMethod", "referUrl",
             "ringTone", "sequential", "timeLimit", "timeout", "trim"},
    "Enqueue": {"action", "maxQueueSize", "method", "waitUrl", "waitUrlMethod", "workflowSid"},
    "Leave": set(),
    "Hangup": set(),
    "Redirect": {"method"},
    "Reject": {"reason"},
    "Record": {"action", "finishOnKey", "maxLength", "method", "playBeep",
               "recordingStatusCallback", "recordingStatusCallbackEvent",
               "recordingStatusCallbackMethod", "timeout", "transcribe", "transcribeCallback",
               "trim"},
}
#: Verbs whose content is text Twilio acts on (and that must therefore not be empty).
TEXT_VERBS = {"Say", "Play", "Redirect"}
#: Verbs that take neither text nor nested elements.
EMPTY_VERBS = {"Pause", "Leave", "Hangup", "Reject"}
SAY_TEXT_LIMIT = 4096  # characters Twilio reads from one <Say>


def twiml_problems(document: str) -> list[str]:
    """Everything in a voice TwiML document that Twilio's documented verbs do not allow."""
    problems = []
    root = ET.fromstring(document)
    if root.tag != "Response":
        return [f"root is <{root.tag}>, not <Response>"]
    if root.attrib:
        problems.append(f"<Response> has attributes {sorted(root.attrib)}")
    if (root.text or "").strip():
        problems.append("<Response> has bare text")
    for verb in root:
        if verb.tag not in VERB_ATTRIBUTES:
            problems.append(f"<{verb.tag}> is not a TwiML voice verb")
            continue
        unknown = set(verb.attrib) - VERB_ATTRIBUTES[verb.tag]
        if unknown:
            problems.append(f"<{verb.tag}> has undocumented attributes {sorted(unknown)}")
        if (verb.tail or "").strip():
            problems.append(f"bare text after <{verb.tag}>")
        text = (verb.text or "").strip()
        if verb.tag in TEXT_VERBS and not text:
            problems.append(f"<{verb.tag}> is empty")
        if verb.tag in EMPTY_VERBS and (text or len(verb)):
            problems.append(f"<{verb.tag}> must be empty")
        if verb.tag == "Gather":
            problems += _gather_problems(verb)
        if verb.tag == "Say":
            if len(verb):
                problems.append("<Say> has nested elements (SSML is not used here)")
            if len(verb.text or "") > SAY_TEXT_LIMIT:
                problems.append("<Say> text is longer than Twilio reads")
            language = verb.get("language")
            if language is not None and not re.fullmatch(r"[a-z]{2,3}-[A-Z]{2}", language):
                problems.append(f"<Say language={language!r}> is not a language-LOCALE code")
            loop = verb.get("loop")
            if loop is not None and not loop.isdigit():
                problems.append(f"<Say loop={loop!r}> is not a non-negative integer")
    return problems


def test_the_twiml_checker_spots_what_twilio_would_not_accept():
    assert twiml_problems("<Response><Say language='en-US'>Hi</Say><Hangup/></Response>") == []
    assert twiml_problems("<Response><Message>Hi</Message></Response>")
    assert twiml_problems("<Response><Say lang='en-US'>Hi</Say></Response>")
    assert twiml_problems("<Response><Say language='english'>Hi</Say></Response>")
    assert twiml_problems("<Response><Say></Say></Response>")
    assert twiml_problems("<Response><Hangup>bye</Hangup></Response>")
    assert twiml_problems("<Say>Hi</Say>")


def _gather_problems(gather: ET.Element) -> list[str]:
    """<Gather> may nest only <Say>, <Play> and <Pause>."""
    problems = [f"<{child.tag}> cannot be nested in <Gather>"
                for child in gather if child.tag not in {"Say", "Play", "Pause"}]
    if not all(part.isdigit() for part in [gather.get("numDigits", "1")]):
        problems.append("<Gather numDigits> is not a number")
    return problems


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
    """The greeting <Say> and the menu <Gather> of the answer to a call, after checking it."""
    assert response.status_code == 200
    document = response.get_data(as_text=True)
    assert twiml_problems(document) == []
    root = ET.fromstring(document)
    assert [child.tag for child in root] == ["Say", "Gather", "Hangup"]
    return root[0], root[1]


def test_a_caller_hears_the_line_s_name_and_the_crisis_line_in_us_english_then_the_menu(
    twilio, app
):
    say, menu = greeted(twilio.post("/twilio/voice", call_form()))
    assert app.config["HELPLINE_NAME"] == "Test Helpline"
    assert "Test Helpline" in say.text
    assert "988" in say.text
    assert say.get("language") == "en-US"
    assert menu.get("numDigits") == "1" and menu.get("action") == "/twilio/voice/menu?try=1"
    assert "Press 2 for meetings" in menu[0].text


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
