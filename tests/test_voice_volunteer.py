"""A volunteer calling the line from their own phone, on a call that proves it is theirs (full
STIR/SHAKEN attestation here; the PIN in test_volunteer_pin.py), gets a volunteer menu."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from tests.factories import make_volunteer
from tests.webhooks import new_sid
from volunteers.models import Presence, Shift

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 10:00 in New York
ATTESTED = "TN-Validation-Passed-A"


@pytest.fixture
def dana(session, monkeypatch):
    monkeypatch.setattr("helpline.routes.twilio.voice.utcnow", lambda: NOW)
    volunteer = make_volunteer(session, always_on=False, display_name="Dana")
    volunteer.shifts.append(Shift(weekday=3, starts=time(22), ends=time(2)))
    session.commit()
    return volunteer


def call(twilio, phone: str, path: str, digits: str | None = None, *, sid: str | None = None,
         **fields: str) -> ET.Element:
    form = {"CallSid": sid or new_sid("CA"), "From": phone, "To": "+13025550100",
            "AccountSid": "AC" + "0" * 32, "CallStatus": "in-progress", **fields}
    if digits is not None:
        form["Digits"] = digits
    response = twilio.post(path, form)
    assert response.status_code == 200
    return ET.fromstring(response.get_data(as_text=True))


def proven_call(twilio, phone: str) -> str:
    """A call from the volunteer's phone that the carrier fully attests; its CallSid."""
    sid = new_sid("CA")
    menu = call(twilio, phone, "/twilio/voice", sid=sid, StirVerstat=ATTESTED)
    assert menu.find("Gather").get("action") == "/twilio/voice/volunteer?try=1"
    return sid


def said(root: ET.Element) -> str:
    return " ".join(say.text for say in root.iter("Say"))


def test_a_volunteer_calling_hears_their_menu_not_the_callers_greeting(twilio, dana):
    menu = call(twilio, dana.phone, "/twilio/voice", StirVerstat=ATTESTED)
    assert "Hello Dana" in said(menu) and "Press 1 to go on duty" in said(menu)
    assert menu.find("Gather").get("action") == "/twilio/voice/volunteer?try=1"
    assert "Thank you for calling" in said(call(twilio, "+13025550123", "/twilio/voice"))


def test_pressing_1_puts_the_volunteer_on_duty_and_2_takes_them_off(twilio, session, dana):
    sid = proven_call(twilio, dana.phone)
    assert "on duty" in said(call(twilio, dana.phone, "/twilio/voice/volunteer?try=1", "1",
                                  sid=sid))
    assert [p.state for p in session.scalars(select(Presence))] == ["on"]
    sid = proven_call(twilio, dana.phone)
    assert "off duty" in said(call(twilio, dana.phone, "/twilio/voice/volunteer?try=1", "2",
                                   sid=sid))
    assert [p.state for p in session.scalars(select(Presence).order_by(Presence.id))] == [
        "on", "off"]


def test_pressing_3_reads_the_next_shift(twilio, dana):
    sid = proven_call(twilio, dana.phone)
    assert "Thu Nov 26 22:00-02:00" in said(
        call(twilio, dana.phone, "/twilio/voice/volunteer?try=1", "3", sid=sid))


def test_no_key_repeats_the_volunteer_menu_once(twilio, dana):
    sid = proven_call(twilio, dana.phone)
    again = call(twilio, dana.phone, "/twilio/voice/volunteer?try=1", "", sid=sid)
    assert again.find("Gather").get("action") == "/twilio/voice/volunteer?try=2"
    assert call(twilio, dana.phone, "/twilio/voice/volunteer?try=2", "",
                sid=sid).find("Hangup") is not None


def test_the_menu_keys_act_only_on_the_call_that_proved_itself(twilio, session, dana):
    proven_call(twilio, dana.phone)
    other_call = call(twilio, dana.phone, "/twilio/voice/volunteer?try=1", "1")
    assert "Dana" not in ET.tostring(other_call, encoding="unicode")
    assert "on duty" not in said(other_call)
    assert session.scalars(select(Presence)).all() == []
