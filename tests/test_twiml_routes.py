"""Every voice webhook, found in the app's URL map, answers TwiML Twilio accepts: with typical
forms, and with the fallback when the domain function behind it raises."""

from __future__ import annotations

import inspect
import logging
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from sqlalchemy import select

import helpline
from helpline.calls.models import Call, CallLeg
from helpline.cli import demo
from helpline.db import utcnow
from tests.factories import make_contact
from tests.twiml_check import twiml_problems
from tests.webhooks import new_sid
from volunteers.models import Volunteer

VOICE = "/twilio/voice"
#: Status and transcription callbacks: Twilio reads nothing from their answer (204).
CALLBACK = re.compile(r".*(status|transcription)")
#: Routes that call no domain function (nothing there to make fail).
NO_DOMAIN_CALL = {f"{VOICE}/fallback"}
CALLER = "+13025550123"
VOLUNTEER = demo.DEMO_VOLUNTEERS[0][1]
NEW_CALL = "new"  # a CallSid placeholder: a call the line has not seen before

#: Typical (query, form fields) for each known route; a route not listed gets GENERIC.
TYPICAL: dict[str, list[tuple[str, dict[str, str]]]] = {
    VOICE: [("", {"CallSid": NEW_CALL}), ("", {"From": VOLUNTEER})],
    f"{VOICE}/menu": [*[("?try=1", {"Digits": d}) for d in ("1", "2", "3", "", "7")],
                      ("?try=2", {"Digits": ""})],
    f"{VOICE}/meetings": [("?try=1", {"Digits": "19958"}), ("?try=1", {"Digits": "00000"}),
                          ("?try=2", {"Digits": "00000"}), ("?try=1", {"Digits": ""})],
    f"{VOICE}/meetings/text": [("?zip=19958", {"Digits": "1"}), ("?zip=19958", {"Digits": ""})],
    f"{VOICE}/volunteer": [*[("?try=1", {"From": VOLUNTEER, "Digits": d})
                             for d in ("1", "2", "3", "")],
                           ("?try=2", {"From": VOLUNTEER, "Digits": ""}),
                           ("?try=1", {"Digits": "1"})],
    f"{VOICE}/talk": [("", {"CallSid": NEW_CALL}), ("", {})],
    f"{VOICE}/queue/wait": [("", {"QueueTime": t}) for t in ("0", "30", "95")],
    f"{VOICE}/queue/done": [("", {"QueueResult": r, "QueueTime": "40"})
                            for r in ("bridged", "hangup", "leave", "error", "system-error")],
    f"{VOICE}/screen": [("?leg={leg}", {"AnsweredBy": a})
                        for a in ("human", "unknown", "machine_start", "fax")],
    f"{VOICE}/accept": [*[("?leg={leg}", {"Digits": d}) for d in ("1", "2", "")],
                        ("?leg=999999", {"Digits": "1"})],
    f"{VOICE}/fallback": [("", {"ErrorCode": "11200", "ErrorUrl": "https://x.example/v"})],
}
GENERIC = [("", {"Digits": "1", "QueueResult": "leave", "QueueTime": "30",
                 "RecordingSid": "RE" + "0" * 32, "RecordingUrl": "https://api.twilio.com/rec",
                 "RecordingDuration": "12", "RecordingStatus": "completed",
                 "TranscriptionText": "please call me back", "TranscriptionStatus": "completed"})]


def registered_app() -> Flask:
    """The app's own blueprints on a bare Flask app: its URL map, without a database."""
    app = Flask("helpline")
    helpline._register(app)
    return app


def voice_webhooks(app: Flask) -> dict[str, object]:
    """Each voice webhook, by path, with its view function."""
    return {rule.rule: app.view_functions[rule.endpoint] for rule in app.url_map.iter_rules()
            if rule.rule.startswith(VOICE) and "POST" in (rule.methods or ())}


def voice_routes(app: Flask) -> dict[str, object]:
    """The voice webhooks that answer TwiML (all but the callbacks)."""
    return {path: view for path, view in voice_webhooks(app).items()
            if not CALLBACK.fullmatch(path)}


_APP = registered_app()
ROUTES = voice_routes(_APP)
CALLBACKS = sorted(set(voice_webhooks(_APP)) - set(ROUTES))
CASES = [(path, query, form) for path in sorted(ROUTES)
         for query, form in TYPICAL.get(path, GENERIC)]


def domain_functions(view) -> list[tuple[object, str]]:
    """(module, name) of each `module.function(...)` the view calls in a domain module."""
    inner = inspect.unwrap(view)
    names = inner.__code__.co_names
    modules = [inner.__globals__.get(name) for name in names]
    return [(module, attr) for module in modules
            if inspect.ismodule(module) and module.__name__.startswith(("helpline.", "volunteers."))
            and not module.__name__.startswith("helpline.routes")
            for attr in names if inspect.isfunction(getattr(module, attr, None))]


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """SQLite only: what TwiML a route answers does not depend on the backend."""
    target = tmp_path / "helpline.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def line_in_use(session) -> dict[str, str]:
    """The demo line with a caller waiting and one volunteer's phone ringing for them."""
    demo.seed(session)
    call = Call(call_sid=new_sid("CA"), contact_id=make_contact(session, address=CALLER).id,
                case_code="3K9", status="ringing", queued_at=utcnow(), ring_round=1)
    session.add(call)
    session.flush()
    alex = session.scalar(select(Volunteer).where(Volunteer.phone == VOLUNTEER))
    leg = CallLeg(call_id=call.id, volunteer_id=alex.id, leg_sid=new_sid("CA"),
                  status="in-progress")
    session.add(leg)
    session.commit()
    return {"call_sid": call.call_sid, "leg": str(leg.id), "leg_sid": leg.leg_sid}


def post(twilio, state: dict[str, str], path: str, query: str, fields: dict[str, str]):
    """POST the route as Twilio would: the caller's call, or the volunteer's leg for ?leg=."""
    leg = "{leg}" in query
    form = {"CallSid": state["leg_sid"] if leg else state["call_sid"],
            "AccountSid": "AC" + "0" * 32, "From": "+13025550100" if leg else CALLER,
            "To": VOLUNTEER if leg else "+13025550100", "CallStatus": "in-progress",
            "Direction": "outbound-api" if leg else "inbound", "ApiVersion": "2010-04-01",
            **fields}
    if form["CallSid"] == NEW_CALL:
        form["CallSid"] = new_sid("CA")
    return twilio.post(path + query.format(leg=state["leg"]), form)


def answered_twiml(response) -> str:
    """The TwiML document of a 200 answer."""
    assert response.status_code == 200, response.status_code
    assert response.content_type.startswith("text/xml"), response.content_type
    return response.get_data(as_text=True)


def test_the_routes_checked_are_every_voice_webhook_of_the_app(app):
    assert set(voice_routes(app)) == set(ROUTES)
    assert {f"{VOICE}", f"{VOICE}/menu", f"{VOICE}/talk", f"{VOICE}/accept"} <= set(ROUTES)


@pytest.mark.parametrize("path", CALLBACKS)
def test_callbacks_answer_204_with_no_body(twilio, line_in_use, path):
    assert {f"{VOICE}/status", f"{VOICE}/leg-status"} <= set(CALLBACKS)
    response = post(twilio, line_in_use, path, "?leg={leg}",
                    {**GENERIC[0][1], "CallStatus": "completed"})
    assert (response.status_code, response.get_data()) == (204, b"")


def case_id(path: str, query: str, fields: dict[str, str]) -> str:
    """A readable test id: the route, its query and the fields that vary."""
    varied = "generic" if fields is GENERIC[0][1] else ",".join(
        f"{name}={value}" for name, value in fields.items()) or "no-fields"
    return f"{path[len(VOICE):] or '/'}{query} {varied}"


@pytest.mark.parametrize(("path", "query", "fields"), CASES,
                         ids=[case_id(*case) for case in CASES])
def test_a_typical_request_is_answered_with_twiml_twilio_accepts(twilio, line_in_use, caplog,
                                                                 path, query, fields):
    document = answered_twiml(post(twilio, line_in_use, path, query, fields))
    assert twiml_problems(document) == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("path", sorted(set(ROUTES) - NO_DOMAIN_CALL))
def test_a_route_whose_domain_function_raises_answers_the_fallback_not_a_500(
    twilio, line_in_use, monkeypatch, caplog, path
):
    targets = domain_functions(ROUTES[path])
    assert targets, f"{path} calls no domain function this test can find: name it here"
    for module, name in targets:
        monkeypatch.setattr(module, name, _raises)
    query, fields = TYPICAL.get(path, GENERIC)[0]
    document = answered_twiml(post(twilio, line_in_use, path, query, fields))
    assert twiml_problems(document) == []
    root = ET.fromstring(document)
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert "trouble" in root[0].text and "988" in root[0].text and "911" in root[0].text
    assert any(r.exc_info and isinstance(r.exc_info[1], RuntimeError) for r in caplog.records)


def test_the_fallback_answers_twiml_even_when_its_words_cannot_be_rendered(
    twilio, line_in_use, monkeypatch
):
    monkeypatch.setattr(helpline.calls.menu, "spoken", _raises)
    query, fields = TYPICAL[f"{VOICE}/fallback"][0]
    document = answered_twiml(post(twilio, line_in_use, f"{VOICE}/fallback", query, fields))
    assert twiml_problems(document) == []
    assert "988" in document and "911" in document


def _raises(*args, **kwargs):
    raise RuntimeError("boom")


def test_the_checker_knows_twilio_s_nesting_rules():
    assert twiml_problems("<Response><Gather numDigits='1' action='/a'><Say>Hi</Say><Pause "
                          "length='1'/><Play>https://x.example/a.mp3</Play></Gather></Response>"
                          ) == []
    assert twiml_problems("<Response><Dial><Queue>call-1</Queue></Dial></Response>") == []
    assert twiml_problems("<Response><Dial><Number>+13025550100</Number></Dial></Response>") == []
    assert twiml_problems("<Response><Enqueue waitUrl='/w'>call-1</Enqueue></Response>") == []
    assert twiml_problems("<Response><Gather><Dial>+1302</Dial></Gather></Response>")
    assert twiml_problems("<Response><Gather><Gather/></Gather></Response>")
    assert twiml_problems("<Response><Dial><Say>Hi</Say></Dial></Response>")
    assert twiml_problems("<Response><Queue>call-1</Queue></Response>")
    assert twiml_problems("<Response><Enqueue><Say>Hi</Say>call-1</Enqueue></Response>")
    assert twiml_problems("<Response><Enqueue/></Response>")
    assert twiml_problems("<Response><Dial/></Response>")
    assert twiml_problems("<Response><Dial><Queue/></Dial></Response>")
    assert twiml_problems("<Response><Dial><Queue method='PUT'>q</Queue></Dial></Response>")
    assert twiml_problems("<Response><Say><Play>x</Play></Say></Response>")
    assert twiml_problems("<Response><Gather numDigits='one'><Say>Hi</Say></Gather></Response>")
    assert twiml_problems("<Response><Gather actionOnEmptyResult='yes'/></Response>")
    assert twiml_problems("<Response><Redirect>/a b</Redirect></Response>")
    assert twiml_problems("<Response><Hangup/><Say>Hi</Say></Response>")
    assert twiml_problems("<Response><Record><Say>Hi</Say></Record></Response>")
    assert twiml_problems("not xml")
