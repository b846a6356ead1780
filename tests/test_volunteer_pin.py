"""Caller ID can be faked: a call from a volunteer's number says nothing personal and changes
nothing until it proves who is calling, by full attestation or the PIN they set by text."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from helpline import db
from tests.factories import make_volunteer
from tests.webhooks import new_sid
from volunteers.commands import acceptable_pin
from volunteers.models import Presence, Volunteer

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 10:00 in New York
PIN = "4821"
GREETING = "/twilio/voice/menu?try=1"  # the ordinary caller's greeting and menu


@pytest.fixture
def clock(monkeypatch):
    """The voice webhooks' time, moved on by the test."""
    now = {"at": NOW}
    monkeypatch.setattr("helpline.routes.twilio.voice.utcnow", lambda: now["at"])
    return now


@pytest.fixture
def dana(session, clock):
    volunteer = make_volunteer(session, always_on=False, display_name="Dana")
    session.commit()
    return volunteer


class Call:
    """One call's webhooks from a phone, under one CallSid."""

    def __init__(self, twilio, phone: str, **first_fields: str) -> None:
        self.twilio, self.phone, self.sid = twilio, phone, new_sid("CA")
        self.answer = self.post("/twilio/voice", **first_fields)

    def post(self, path: str, digits: str | None = None, **fields: str) -> ET.Element:
        form = {"CallSid": self.sid, "From": self.phone, "To": "+13025550100",
                "AccountSid": "AC" + "0" * 32, "CallStatus": "in-progress", **fields}
        if digits is not None:
            form["Digits"] = digits
        response = self.twilio.post(path, form)
        assert response.status_code == 200
        self.answer = ET.fromstring(response.get_data(as_text=True))
        return self.answer

    def key_pin(self, digits: str) -> ET.Element:
        """Key a PIN where the line asked for one."""
        return self.post(self.action, digits)

    @property
    def action(self) -> str:
        return self.answer.find("Gather").get("action")

    @property
    def words(self) -> str:
        return " ".join(say.text for say in self.answer.iter("Say"))

    @property
    def document(self) -> str:
        return ET.tostring(self.answer, encoding="unicode")


def text(twilio, phone: str, body: str) -> str:
    response = twilio.text(phone, body)
    assert response.status_code == 200
    [message] = ET.fromstring(response.get_data(as_text=True)).findall("Message")
    return message.text


def stored(volunteer_id: int) -> Volunteer:
    """The volunteer as the database has them now, read in a session of its own."""
    with db.current().sessions() as fresh:
        volunteer = fresh.get(Volunteer, volunteer_id)
        fresh.expunge(volunteer)
        return volunteer


def presence(session) -> list[str]:
    session.expire_all()
    return [p.state for p in session.scalars(select(Presence).order_by(Presence.id))]


@pytest.mark.parametrize("verstat", [None, "", "TN-Validation-Passed-B", "TN-Validation-Passed-C",
                                     "TN-Validation-Failed-A", "No-TN-Validation"])
def test_a_call_from_a_volunteers_number_without_full_attestation_or_pin_is_an_ordinary_call(
    twilio, session, dana, verstat
):
    fields = {} if verstat is None else {"StirVerstat": verstat}
    spoofed = Call(twilio, dana.phone, **fields)
    stranger = Call(twilio, "+13025550123")
    assert spoofed.action == GREETING and spoofed.words == stranger.words
    assert "Dana" not in spoofed.document and "volunteer" not in spoofed.words.lower()
    assert spoofed.post(GREETING, "1").find("Redirect").text == "/twilio/voice/talk"
    assert presence(session) == []


def test_a_spoofed_call_cannot_use_the_volunteer_menu_it_was_never_offered(twilio, session, dana):
    spoofed = Call(twilio, dana.phone)
    for key in ("1", "2", "3"):
        answer = spoofed.post("/twilio/voice/volunteer?try=1", key)
        assert "Dana" not in spoofed.document and "duty" not in spoofed.words
        assert answer.find("Gather").get("action") == GREETING
    assert presence(session) == []


def test_a_fully_attested_call_gets_the_volunteer_menu_at_once(twilio, session, dana):
    attested = Call(twilio, dana.phone, StirVerstat="TN-Validation-Passed-A")
    assert "Hello Dana" in attested.words and attested.action == "/twilio/voice/volunteer?try=1"
    assert "on duty" in attested.post(attested.action, "1").find("Say").text
    assert presence(session) == ["on"]


def test_a_pin_set_by_text_opens_the_menu_and_1_puts_the_volunteer_on_duty(twilio, session,
                                                                          dana):
    reply = text(twilio, dana.phone, f"PIN {PIN}")
    assert "PIN is set" in reply and PIN not in reply
    call = Call(twilio, dana.phone)
    assert "Enter your volunteer PIN, then press pound" in call.words
    assert "Dana" not in call.document and PIN not in call.action
    gather = call.answer.find("Gather")
    assert call.action == "/twilio/voice/volunteer/pin?try=1"
    assert gather.get("numDigits") == "8" and gather.get("finishOnKey", "#") == "#"
    call.key_pin(PIN)
    assert "Hello Dana" in call.words and call.action == "/twilio/voice/volunteer?try=1"
    assert "on duty" in call.post(call.action, "1").find("Say").text
    assert presence(session) == ["on"]


def test_only_a_hash_of_the_pin_is_stored(twilio, dana):
    text(twilio, dana.phone, f"PIN {PIN}")
    kept = stored(dana.id)
    assert kept.pin_hash and PIN not in kept.pin_hash and kept.pin_hash.startswith(
        ("scrypt:", "pbkdf2:"))
    assert check_password_hash(kept.pin_hash, PIN) and not check_password_hash(kept.pin_hash,
                                                                                "4822")


def test_a_new_pin_replaces_the_old_one(twilio, session, dana):
    text(twilio, dana.phone, f"PIN {PIN}")
    text(twilio, dana.phone, "PIN 97315")
    call = Call(twilio, dana.phone)
    call.key_pin(PIN)
    assert "did not match" in call.words
    call.key_pin("97315")
    assert "Hello Dana" in call.words


def test_a_wrong_pin_gets_one_more_try_then_the_ordinary_greeting(twilio, session, dana):
    text(twilio, dana.phone, f"PIN {PIN}")
    call = Call(twilio, dana.phone)
    call.key_pin("1357")
    assert "did not match" in call.words and call.action == "/twilio/voice/volunteer/pin?try=2"
    assert "Dana" not in call.document
    call.key_pin("2468")
    assert call.action == GREETING and call.words == Call(twilio, "+13025550123").words
    assert "Dana" not in call.document
    call.post("/twilio/voice/volunteer?try=1", "1")
    assert "duty" not in call.words and presence(session) == []


def test_a_right_pin_on_the_second_try_opens_the_menu_and_clears_the_count(twilio, dana):
    text(twilio, dana.phone, f"PIN {PIN}")
    call = Call(twilio, dana.phone)
    call.key_pin("1357")
    assert stored(dana.id).pin_failures == 1
    call.key_pin(PIN)
    assert "Hello Dana" in call.words and stored(dana.id).pin_failures == 0


def test_keying_nothing_asks_again_once_and_counts_no_wrong_pin(twilio, dana):
    text(twilio, dana.phone, f"PIN {PIN}")
    call = Call(twilio, dana.phone)
    call.key_pin("")
    assert "Enter your volunteer PIN" in call.words and "did not match" not in call.words
    call.key_pin("")
    assert call.action == GREETING and stored(dana.id).pin_failures == 0


@pytest.mark.parametrize("body", ["PIN 0000", "PIN 1111", "PIN 1234", "PIN 4321", "PIN 7890",
                                  "PIN 98765", "PIN 123", "PIN 123456789", "PIN abcd", "PIN",
                                  "PIN 48 21", "PIN \uff14\uff18\uff12\uff11",
                                  "PIN \u0664\u0668\u0662\u0661", "PIN 4821\u00b2"])
def test_a_pin_not_4_to_8_plain_digits_or_too_easy_is_refused_kindly(twilio, dana, body):
    reply = text(twilio, dana.phone, body)
    assert "4 to 8 digits" in reply and "0000" in reply and "1234" in reply
    assert stored(dana.id).pin_hash is None


def test_which_pins_are_acceptable():
    assert all(acceptable_pin(pin) for pin in ("4821", "0007", "13579", "12345670", "1235",
                                               "11112222"))
    assert not any(acceptable_pin(pin) for pin in ("0000", "99999999", "1234", "3456789",
                                                   "8765", "9012", "7890", "0987", "482",
                                                   "482194821", "", "48a1", "\uff14821"))


def test_a_volunteer_without_a_pin_is_told_by_the_command_list_how_to_set_one(twilio, dana):
    assert "PIN 4821" in text(twilio, dana.phone, "COMMANDS")


def test_five_wrong_pins_in_an_hour_stop_the_line_asking_until_an_hour_after_the_last(
    twilio, session, dana, clock
):
    text(twilio, dana.phone, f"PIN {PIN}")
    for wrong in ("1357", "2468"):
        Call(twilio, dana.phone).key_pin(wrong)
        clock["at"] += timedelta(minutes=10)
    call = Call(twilio, dana.phone)
    call.key_pin("1111")
    call.key_pin("2222")
    clock["at"] += timedelta(minutes=10)
    call = Call(twilio, dana.phone)
    call.key_pin("3333")  # the fifth: no second try on this call
    assert call.action == GREETING and stored(dana.id).pin_failures == 5

    locked = Call(twilio, dana.phone)
    assert locked.action == GREETING and "PIN" not in locked.words and "Dana" not in locked.document
    locked.post("/twilio/voice/volunteer/pin?try=1", PIN)  # even the right PIN, if sent anyway
    assert locked.action == GREETING and "Dana" not in locked.document
    locked.post("/twilio/voice/volunteer?try=1", "1")
    assert presence(session) == [] and stored(dana.id).pin_failures == 5

    clock["at"] += timedelta(minutes=59)
    assert Call(twilio, dana.phone).action == GREETING
    clock["at"] += timedelta(minutes=2)
    later = Call(twilio, dana.phone)
    assert later.action == "/twilio/voice/volunteer/pin?try=1"
    later.key_pin(PIN)
    assert "Hello Dana" in later.words and stored(dana.id).pin_failures == 0


def test_wrong_pins_more_than_an_hour_apart_never_lock_the_volunteer_out(twilio, dana, clock):
    text(twilio, dana.phone, f"PIN {PIN}")
    for _ in range(7):
        Call(twilio, dana.phone).key_pin("1357")
        clock["at"] += timedelta(minutes=61)
    assert stored(dana.id).pin_failures == 1
    call = Call(twilio, dana.phone)
    call.key_pin(PIN)
    assert "Hello Dana" in call.words


def test_the_pin_is_never_logged(twilio, dana, caplog):
    caplog.set_level(logging.DEBUG)
    text(twilio, dana.phone, f"PIN {PIN}")
    call = Call(twilio, dana.phone)
    call.key_pin("97315")
    call.key_pin(PIN)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "volunteer pin wrong" in logged
    assert PIN not in logged and "97315" not in logged


def test_the_pin_text_itself_is_never_stored(twilio, session, dana):
    from helpline.models import InboundMessage
    text(twilio, dana.phone, "PIN 4821")
    text(twilio, dana.phone, "pin 9 3 7 5 1")
    bodies = session.scalars(select(InboundMessage.body).order_by(InboundMessage.id)).all()
    assert bodies == ["PIN ****", "pin * * * * *"]
