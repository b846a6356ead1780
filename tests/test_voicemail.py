"""Nobody could answer: the caller leaves a voice message (or hears information), the people on
duty are told by text with a case code and never the caller's number, and the first volunteer
to text CALLBACK is rung from the helpline and bridged to the caller through the line."""

from __future__ import annotations

import logging
import re
import threading
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from helpline import catalog, db, telephony
from helpline.accounts.coordinators import create_coordinator
from helpline.calls import callbacks, voicemail
from helpline.calls.models import Call, Callback, Voicemail
from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Coordinator, OutboundMessage, OutboxItem
from tests.conftest import HELPLINE_NUMBER, emptied
from tests.factories import make_contact, make_volunteer
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, recording_audio, wait_for
from tests.webhooks import caller_steps, new_sid
from volunteers.models import Volunteer

CALLER = "+13025550187"
CALLER_DIGITS = ("3025550187", "555-0187", "555 0187")  # anywhere, even inside +13025550187
CALLER_LAST_FOUR = re.compile(r"(?<![0-9A-Za-z])0187(?![0-9A-Za-z])")


def shows_caller(text: str) -> list[str]:
    """The ways of writing the caller's number found in `text`. The last four digits count only
    standing alone: "0187" inside a SID such as CAf96001874... is a random run of hex."""
    return [digits for digits in CALLER_DIGITS if digits in text] + CALLER_LAST_FOUR.findall(text)


def test_the_number_check_finds_the_number_written_any_way_but_not_inside_a_sid():
    assert shows_caller(f"to={CALLER}") == ["3025550187"]
    assert shows_caller("call me at 302 555 0187") == ["555 0187", "0187"]
    assert shows_caller("number ending 0187.") == ["0187"]
    assert shows_caller("sid=CAf96001874833419e82e0942c13cef6a1") == []


VOICE = "/twilio/voice/voicemail"
WORDS = "I need someone to talk to about my drinking. You can call me at 302 555 0187."
EMAIL, PASSWORD = "lead@example.org", "a long pass phrase"


@pytest.fixture
def caller(stub_twilio):
    return caller_steps(stub_twilio, CALLER, HELPLINE_NUMBER, STUB_ACCOUNT_SID)


@pytest.fixture
def drain(stub_run_jobs):
    """Relay and run jobs until nothing due is left (jobs queue texts, texts are jobs too)."""

    def run() -> None:
        for _ in range(8):
            if stub_run_jobs() == 0:
                return
        raise AssertionError("jobs kept coming")

    return run


@pytest.fixture
def people(stub_session):
    """Who should and should not hear about a voicemail."""
    group = {
        "texter": make_volunteer(stub_session, takes="texts"),
        "both": make_volunteer(stub_session, takes="both"),
        "calls_only": make_volunteer(stub_session, takes="calls"),
        "off_duty": make_volunteer(stub_session, always_on=False),
    }
    for email, phone, active in [(EMAIL, "+12155559001", True),
                                 ("nophone@example.org", None, True),
                                 ("gone@example.org", "+12155559002", False)]:
        create_coordinator(stub_session, email, PASSWORD, role="coordinator")
        stub_session.execute(update(Coordinator).where(Coordinator.email == email)
                             .values(phone=phone, active=active))
    stub_session.commit()
    return group


def recording(sid: str) -> dict[str, str]:
    return {"RecordingSid": sid, "RecordingUrl": (
        f"https://api.twilio.com/2010-04-01/Accounts/{STUB_ACCOUNT_SID}/Recordings/{sid}")}


def leave_message(caller, seconds: str = "42") -> str:
    """Queue, wait in vain, press 1, record: the recording's sid."""
    caller("/twilio/voice/talk")
    assert [child.tag for child in caller("/twilio/voice/queue/wait", QueueTime="90")] == ["Leave"]
    offer = caller("/twilio/voice/queue/done", QueueResult="leave")
    assert offer.find("Gather").get("action") == f"{VOICE}/choice"
    assert caller(f"{VOICE}/choice", Digits="1").find("Record") is not None
    sid = new_sid("RE")
    caller(f"{VOICE}/recorded", RecordingDuration=seconds, **recording(sid))
    return sid


def transcribe(caller, recording_sid: str, text: str = WORDS, status: str = "completed"):
    return caller(f"{VOICE}/transcription", TranscriptionSid=new_sid("TR"),
                  TranscriptionText=text, TranscriptionStatus=status, **recording(recording_sid))


def the_call(session) -> Call:
    session.expire_all()
    return session.scalar(select(Call))


def texts_to(twilio_stub) -> dict[str, list[str]]:
    sent: dict[str, list[str]] = {}
    for message in twilio_stub.messages:
        sent.setdefault(message["To"], []).append(message["Body"])
    return sent


def sms_reply(stub_twilio, phone: str, body: str) -> str:
    response = stub_twilio.text(phone, body)
    assert response.status_code == 200
    return ET.fromstring(response.get_data(as_text=True)).find("Message").text


def make_notices_due(session) -> None:
    session.execute(update(OutboxItem).where(OutboxItem.job == "notify_voicemail",
                                             OutboxItem.relayed_at.is_(None))
                    .values(run_at=utcnow()))


# --- the whole "nobody answers" path ----------------------------------------------------------


def test_nobody_answers_the_caller_leaves_a_message_the_people_on_duty_hear_by_code_and_one_calls_back(  # noqa: E501
    caller, stub_twilio, stub_session, drain, twilio_stub, people, caplog
):
    caplog.set_level(logging.INFO)
    caller("/twilio/voice/talk")
    drain()  # volunteers who take calls are rung, and nobody answers
    assert {c["To"] for c in twilio_stub.calls} == {people["both"].phone,
                                                    people["calls_only"].phone}
    assert [child.tag for child in caller("/twilio/voice/queue/wait", QueueTime="90")] == ["Leave"]

    offer = caller("/twilio/voice/queue/done", QueueResult="leave")
    assert "988" in offer.find("Say").text
    assert offer.find("Gather").get("action") == f"{VOICE}/choice"
    assert "Press 1 to leave a voice message" in offer.find("Gather/Say").text
    assert "Press 2 to hear meeting and crisis information" in offer.find("Gather/Say").text

    record = caller(f"{VOICE}/choice", Digits="1").find("Record")
    assert dict(record.attrib) == {
        "action": f"{VOICE}/recorded", "method": "POST", "maxLength": "120", "playBeep": "true",
        "finishOnKey": "#", "transcribe": "true", "transcribeCallback": f"{VOICE}/transcription"}

    sid = new_sid("RE")
    after = caller(f"{VOICE}/recorded", RecordingDuration="42", **recording(sid))
    assert after.find("Gather").get("action") == f"{VOICE}/callback"
    assert "Press 1 if you would like a volunteer to call you back" in after.find(
        "Gather/Say").text
    assert the_call(stub_session).outcome == "voicemail"
    assert transcribe(caller, sid) is None  # 204
    drain()

    code = the_call(stub_session).case_code
    notice = (f"Test Helpline voicemail {code} (English, 0:42): 'I need someone to talk to about "
              f"my drinking. You can call me at (number).'")
    coordinator_phone = "+12155559001"
    assert texts_to(twilio_stub) == {people["texter"].phone: [notice],
                                     people["both"].phone: [notice], coordinator_phone: [notice]}
    assert twilio_stub.recording_fetches == [sid]

    goodbye = caller(f"{VOICE}/callback", Digits="1")
    assert "call you back" in goodbye.find("Say").text and "988" in goodbye.find("Say").text
    assert goodbye[-1].tag == "Hangup"
    drain()
    wanted = (f"Test Helpline: the caller who left voicemail {code} wants a call-back: text "
              f"CALLBACK {code}.")
    for phone in (people["texter"].phone, people["both"].phone, coordinator_phone):
        assert texts_to(twilio_stub)[phone] == [notice, wanted]

    assert sms_reply(stub_twilio, people["texter"].phone, f"CALLBACK {code}") == (
        "Calling you now: answer and you will be connected to the caller (caller ID shows the "
        "helpline).")
    assert "already taken" in sms_reply(stub_twilio, people["both"].phone, f"callback {code}")
    drain()
    [ring] = [c for c in twilio_stub.calls if f"{VOICE}/bridge" in c["Url"]]
    assert (ring["To"], ring["From"]) == (people["texter"].phone, HELPLINE_NUMBER)
    callback = stub_session.scalar(select(Callback))
    assert ring["Url"] == f"https://helpline.example.org{VOICE}/bridge?callback={callback.id}"
    assert (callback.claimed_by_id, callback.volunteer_leg_sid) == (people["texter"].id,
                                                                     ring["sid"])

    bridge = caller(f"{VOICE}/bridge?callback={callback.id}", CallSid=ring["sid"],
                    From=HELPLINE_NUMBER, To=people["texter"].phone, AnsweredBy="human")
    assert bridge.find("Say").text == f"Connecting you to the caller for case {code}."
    assert bridge.find("Dial").get("callerId") == HELPLINE_NUMBER
    assert bridge.find("Dial/Number").text == CALLER
    replayed = caller(f"{VOICE}/bridge?callback={callback.id}", CallSid=ring["sid"],
                      AnsweredBy="human")
    assert replayed.find("Dial") is None  # the caller is dialled once
    stub_session.expire_all()
    assert people["texter"].busy_since is not None  # rung for no caller while they talk
    caller(f"{VOICE}/bridge/done?callback={callback.id}", CallSid=ring["sid"],
           DialCallStatus="completed")
    stub_session.expire_all()
    assert people["texter"].busy_since is None
    caller(f"{VOICE}/bridge-status?callback={callback.id}", CallSid=ring["sid"],
           CallStatus="completed")
    stub_session.expire_all()
    assert callback.status == "done"  # talked: not offered again
    drain()
    assert texts_to(twilio_stub)[people["texter"].phone] == [notice, wanted]

    every_text = " ".join(m["Body"] for m in twilio_stub.messages)
    assert shows_caller(every_text) == []
    assert shows_caller(caplog.text) == []


# --- the caller's side ------------------------------------------------------------------------


def test_no_key_at_the_offer_leaves_a_voice_message(caller):
    caller("/twilio/voice/talk")
    caller("/twilio/voice/queue/done", QueueResult="leave")
    assert caller(f"{VOICE}/choice", Digits="").find("Record") is not None


def test_press_2_hears_how_to_find_meetings_and_the_crisis_line_and_leaves_no_message(
    caller, stub_session
):
    caller("/twilio/voice/talk")
    caller("/twilio/voice/queue/done", QueueResult="leave")
    info = caller(f"{VOICE}/choice", Digits="2")
    said = info.find("Say").text
    assert "MEETINGS" in said and "press 2 in the menu" in said and "988" in said
    assert [child.tag for child in info] == ["Say", "Hangup"]
    assert the_call(stub_session).outcome == "info"
    assert stub_session.scalar(select(Voicemail)) is None


def test_a_caller_who_speaks_spanish_hears_spanish_and_is_not_sent_to_english_transcription(
    caller, stub_session
):
    make_contact(stub_session, address=CALLER, language="es")
    stub_session.commit()
    caller("/twilio/voice/talk")
    offer = caller("/twilio/voice/queue/done", QueueResult="leave")
    assert "Marque 1 para dejar un mensaje de voz" in offer.find("Gather/Say").text
    record = caller(f"{VOICE}/choice", Digits="1").find("Record")
    assert record.get("transcribe") == "false" and record.get("transcribeCallback") is None


def test_a_message_with_nothing_recorded_still_ends_kindly_with_the_crisis_line(caller):
    caller("/twilio/voice/talk")
    caller("/twilio/voice/queue/done", QueueResult="leave")
    document = caller(f"{VOICE}/choice", Digits="1")
    assert [child.tag for child in document] == ["Say", "Record", "Say", "Hangup"]
    assert "988" in document.findall("Say")[-1].text


@pytest.mark.parametrize("key", ["vm_sorry", "vm_goodbye", "vm_callback_goodbye", "vm_info",
                                 "vm_thanks_hidden", "after_hours", "blocked"])
def test_every_voicemail_prompt_that_ends_a_call_gives_the_crisis_line(key):
    for lang in ("en", "es"):
        assert "988" in catalog.VOICE[key][lang].format(crisis="988", emergency="911",
                                                        name="Line", code="7K2")


# --- storing once, notifying once -------------------------------------------------------------


def test_duplicate_recording_and_transcription_webhooks_change_nothing(
    caller, stub_session, drain, twilio_stub, people
):
    sid = leave_message(caller)
    caller(f"{VOICE}/recorded", RecordingDuration="42", **recording(sid))
    caller(f"{VOICE}/recorded", RecordingDuration="99", **recording(sid))
    transcribe(caller, sid)
    transcribe(caller, sid, text="something else entirely")
    [kept] = stub_session.scalars(select(Voicemail))
    assert (kept.duration_seconds, kept.transcription) == (42, WORDS)
    jobs = sorted(stub_session.scalars(select(OutboxItem.job).where(
        OutboxItem.job.in_(("notify_voicemail", "fetch_voicemail_audio")))))
    assert jobs == ["fetch_voicemail_audio", "notify_voicemail", "notify_voicemail"]

    drain()
    notified_at = stub_session.scalar(select(Voicemail.notified_at))
    newcomer = make_volunteer(stub_session, takes="texts")  # on duty after the notice went out
    stub_session.commit()
    make_notices_due(stub_session)  # the delayed notice, a minute later
    drain()
    assert sorted(len(bodies) for bodies in texts_to(twilio_stub).values()) == [1, 1, 1]
    assert newcomer.phone not in texts_to(twilio_stub)
    assert stub_session.scalar(select(Voicemail.notified_at)) == notified_at
    assert twilio_stub.recording_fetches == [sid]


def test_without_a_transcription_the_notice_goes_out_a_minute_later_without_words(
    caller, stub_session, drain, twilio_stub, people
):
    sid = leave_message(caller, seconds="125")
    delayed = stub_session.scalar(select(OutboxItem).where(OutboxItem.job == "notify_voicemail"))
    assert timedelta(seconds=55) < delayed.run_at - delayed.created_at < timedelta(seconds=65)
    drain()
    assert twilio_stub.messages == []  # not yet: a transcription may still come
    make_notices_due(stub_session)
    drain()
    code = the_call(stub_session).case_code
    assert texts_to(twilio_stub)[people["texter"].phone] == [
        f"Test Helpline voicemail {code} (English, 2:05)."]
    transcribe(caller, sid)  # too late to say more: notified once
    drain()
    assert len(twilio_stub.messages) == 3


def test_danger_words_in_a_late_transcription_page_as_urgent_after_the_plain_notice(
    caller, stub_session, drain, twilio_stub, people
):
    sid = leave_message(caller, seconds="125")
    make_notices_due(stub_session)
    drain()
    assert len(twilio_stub.messages) == 3  # the plain notice, before any words came
    transcribe(caller, sid, "i have the pills lined up and i wanted to say goodbye")
    drain()
    transcribe(caller, sid, "i have the pills lined up and i wanted to say goodbye")
    drain()
    code = the_call(stub_session).case_code
    urgent = [body for sent in texts_to(twilio_stub).values() for body in sent
              if body.startswith("URGENT") and code in body]
    assert len(urgent) == 3 and len(twilio_stub.messages) == 6  # once each, not twice


def test_a_failed_transcription_notifies_at_once_without_words(caller, stub_session, drain,
                                                               twilio_stub, people):
    sid = leave_message(caller)
    transcribe(caller, sid, text="", status="failed")
    drain()
    code = the_call(stub_session).case_code
    assert texts_to(twilio_stub)[people["both"].phone] == [
        f"Test Helpline voicemail {code} (English, 0:42)."]


def test_when_the_caller_asks_before_the_notice_goes_out_the_notice_says_how_to_call_back(
    caller, stub_session, drain, twilio_stub, people
):
    sid = leave_message(caller)
    caller(f"{VOICE}/callback", Digits="1")
    caller(f"{VOICE}/callback", Digits="1")  # Twilio may repeat a webhook
    transcribe(caller, sid, text="Please call me back.")
    drain()
    code = the_call(stub_session).case_code
    assert texts_to(twilio_stub)[people["texter"].phone] == [
        f"Test Helpline voicemail {code} (English, 0:42): 'Please call me back.' Caller wants a "
        f"call-back: text CALLBACK {code}."]
    assert len(list(stub_session.scalars(select(Callback)))) == 1
    assert the_call(stub_session).callback_requested


def test_a_voicemail_with_words_of_danger_is_an_urgent_notice_to_everyone_told(
    caller, stub_session, drain, twilio_stub, people
):
    backup = make_volunteer(stub_session, always_on=False, backup=True, takes="texts")
    stub_session.commit()
    sid = leave_message(caller)
    caller(f"{VOICE}/callback", Digits="")
    transcribe(caller, sid, "I took all my pills and I just wanted to say goodbye")
    drain()
    code = the_call(stub_session).case_code
    bodies = [body for sent in texts_to(twilio_stub).values() for body in sent
              if f"voicemail {code}" in body]
    # The volunteers on duty who take texts, the backup group (paged like a danger text) and
    # the coordinator.
    assert len(bodies) == 4
    assert any(body for body in texts_to(twilio_stub)[backup.phone] if f"voicemail {code}" in body)
    urgent = "URGENT, may be in danger: Test Helpline voicemail"
    assert all(body.startswith(urgent) for body in bodies)


def test_an_ordinary_voicemail_is_not_urgent(caller, stub_session, drain, twilio_stub, people):
    backup = make_volunteer(stub_session, always_on=False, backup=True, takes="texts")
    stub_session.commit()
    sid = leave_message(caller)
    caller(f"{VOICE}/callback", Digits="")
    transcribe(caller, sid, "hi I was hoping to find a meeting near Lewes tomorrow")
    drain()
    assert not any("URGENT" in body for sent in texts_to(twilio_stub).values() for body in sent)
    assert backup.phone not in texts_to(twilio_stub)


def test_no_key_after_the_message_asks_for_no_call_back(caller, stub_session):
    leave_message(caller)
    goodbye = caller(f"{VOICE}/callback", Digits="")
    assert "988" in goodbye.find("Say").text
    assert stub_session.scalar(select(Callback)) is None


def test_a_long_transcription_is_cut_at_a_word_and_numbers_in_it_are_blanked():
    said = "My number is 215-555-0143 " + "and I really need to talk to someone tonight " * 4
    shown = voicemail.excerpt(said)
    assert shown.startswith(": 'My number is (number) and I really") and shown.endswith("...'")
    assert len(shown) <= 80 + 4 and "0143" not in shown
    assert voicemail.excerpt(None) == voicemail.excerpt("  ") == "."


@pytest.mark.parametrize("said", [
    "call me at 302, 555, 0199 please", "call me at (302) 555.0199 please",
    "call me at +1 302 555 0199 please", "call me at three oh two five five five one two one two",
    "call me at five five five oh one nine nine please",
    "llamame al tres cero dos cinco cinco cinco",
    "call me at 5 5 5 0 1 9 9", "call me at double five five oh one nine nine",
])
def test_a_number_is_blanked_however_it_is_spaced_or_spelled(said):
    shown = voicemail.excerpt(said)
    assert "(number)" in shown
    assert not any(word in shown.lower() for word in ("555", "0199", "five", "cinco", "nine"))


@pytest.mark.parametrize("said", [
    "i need one person for two days", "my room is 12", "sober 180 days and 2 years",
    "O no I am so sad", "I have three kids and two jobs",
])
def test_ordinary_words_and_short_numbers_are_left_as_said(said):
    assert voicemail.excerpt(said) == f": '{said}'"


# --- the recording's audio --------------------------------------------------------------------


def sign_in(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_the_audio_needs_a_sign_in_and_then_serves_the_fetched_recording(
    caller, stub_app, stub_session, drain, people, instance
):
    sid = leave_message(caller)
    drain()
    kept = stub_session.scalar(select(Voicemail))
    assert kept.audio_path == f"recordings/{sid}.mp3"
    assert (instance / "recordings" / f"{sid}.mp3").read_bytes() == recording_audio(sid)

    client = stub_app.test_client()
    stranger = client.get(f"/voicemails/{kept.id}/audio")
    assert stranger.status_code == 302 and "/login" in stranger.headers["Location"]
    sign_in(client)
    heard = client.get(f"/voicemails/{kept.id}/audio")
    assert heard.status_code == 200 and heard.mimetype == "audio/mpeg"
    assert heard.data == recording_audio(sid)
    assert "no-store" in heard.headers["Cache-Control"]
    assert client.get(f"/voicemails/{kept.id + 1}/audio").status_code == 404


def test_audio_not_on_this_machine_is_fetched_from_twilio_on_demand(
    caller, stub_app, stub_session, people, instance, twilio_stub
):
    sid = leave_message(caller)  # the worker has not fetched it (or did so on another machine)
    kept = stub_session.scalar(select(Voicemail))
    client = stub_app.test_client()
    sign_in(client)
    heard = client.get(f"/voicemails/{kept.id}/audio")
    assert heard.status_code == 200 and heard.data == recording_audio(sid)
    assert "no-store" in heard.headers["Cache-Control"]
    assert twilio_stub.recording_fetches == [sid]
    assert client.get(f"/voicemails/{kept.id}/audio").data == recording_audio(sid)
    assert twilio_stub.recording_fetches == [sid]  # kept here for next time
    stub_session.execute(update(Voicemail).values(purged_at=utcnow()))
    stub_session.commit()
    assert client.get(f"/voicemails/{kept.id}/audio").status_code == 404  # retention: gone


def test_the_gateway_fetches_a_recording_with_the_account_credentials(twilio_stub):
    sid = new_sid("RE")
    url = recording(sid)["RecordingUrl"]
    good = telephony.TwilioGateway(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, twilio_stub.base_url, 2.0)
    assert good.fetch_recording(url) == recording_audio(sid)
    assert twilio_stub.requests[-1]["path"].endswith(f"/Recordings/{sid}.mp3")
    wrong = telephony.TwilioGateway(STUB_ACCOUNT_SID, "wrong", twilio_stub.base_url, 2.0)
    with pytest.raises(telephony.ProviderError) as refused:
        wrong.fetch_recording(url)
    assert (refused.value.status, refused.value.retryable) == (401, False)
    assert twilio_stub.recording_fetches == [sid]


def test_the_gateway_never_sends_the_credentials_to_a_host_that_is_not_twilio(twilio_stub):
    gateway = telephony.TwilioGateway(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, twilio_stub.base_url, 2.0)
    for url in ("https://evil.example/Recordings/RE1", "http://api.twilio.com/Recordings/RE1",
                "https://api.twilio.com.evil.example/Recordings/RE1"):
        with pytest.raises(telephony.ProviderError):
            gateway.fetch_recording(url)
    assert twilio_stub.requests == []
    assert telephony.SandboxGateway().fetch_recording("https://api.twilio.com/x") == b""


# --- call-backs -------------------------------------------------------------------------------


@pytest.fixture
def asked(caller, stub_session, drain, people):
    """A caller left a message and asked for a call-back; the notices went out."""
    leave_message(caller)
    caller(f"{VOICE}/callback", Digits="1")
    make_notices_due(stub_session)
    drain()
    return the_call(stub_session).case_code


def claimed(stub_twilio, stub_session, drain, twilio_stub, people, code: str):
    """The texter volunteer claims the call-back and is rung: (the ring request, the row)."""
    sms_reply(stub_twilio, people["texter"].phone, f"CALLBACK {code}")
    drain()
    [ring] = [c for c in twilio_stub.calls if f"{VOICE}/bridge" in c["Url"]]
    return ring, stub_session.scalar(select(Callback))


def test_callback_with_an_unknown_code_says_so(stub_twilio, people, asked):
    assert "There is no call-back 9X9 waiting" in sms_reply(stub_twilio, people["texter"].phone,
                                                            "CALLBACK 9X9")


def test_a_missed_call_to_the_volunteer_opens_the_call_back_again_and_tells_them(
    caller, stub_twilio, stub_session, drain, twilio_stub, people, asked
):
    ring, callback = claimed(stub_twilio, stub_session, drain, twilio_stub, people, asked)
    caller(f"{VOICE}/bridge-status?callback={callback.id}", CallSid=ring["sid"],
           CallStatus="no-answer")
    stub_session.expire_all()
    assert (callback.status, callback.claimed_by_id) == ("open", None)
    drain()
    assert texts_to(twilio_stub)[people["texter"].phone][-1] == (
        f"We could not connect call-back {asked}. Text CALLBACK {asked} when you can answer.")
    assert "Calling you now" in sms_reply(stub_twilio, people["both"].phone, f"CALLBACK {asked}")
    drain()
    assert [c["To"] for c in twilio_stub.calls if f"{VOICE}/bridge" in c["Url"]] == [
        people["texter"].phone, people["both"].phone]


def test_a_volunteers_voicemail_picking_up_is_hung_up_on_and_never_dials_the_caller(
    caller, stub_twilio, stub_session, drain, twilio_stub, people, asked
):
    ring, callback = claimed(stub_twilio, stub_session, drain, twilio_stub, people, asked)
    machine = caller(f"{VOICE}/bridge?callback={callback.id}", CallSid=ring["sid"],
                     From=HELPLINE_NUMBER, AnsweredBy="machine_start")
    assert [child.tag for child in machine] == ["Hangup"]
    caller(f"{VOICE}/bridge-status?callback={callback.id}", CallSid=ring["sid"],
           CallStatus="completed")
    stub_session.expire_all()
    assert callback.status == "open"


def test_when_the_caller_does_not_pick_up_the_volunteer_hears_so_and_it_waits_again(
    caller, stub_twilio, stub_session, drain, twilio_stub, people, asked
):
    ring, callback = claimed(stub_twilio, stub_session, drain, twilio_stub, people, asked)
    bridged = caller(f"{VOICE}/bridge?callback={callback.id}", CallSid=ring["sid"],
                     AnsweredBy="human")
    again = caller(bridged.find("Dial").get("action"), CallSid=ring["sid"],
                   DialCallStatus="no-answer")
    assert f"Text CALLBACK {asked} to try again" in again.find("Say").text
    caller(f"{VOICE}/bridge-status?callback={callback.id}", CallSid=ring["sid"],
           CallStatus="completed")
    stub_session.expire_all()
    assert (callback.status, callback.claimed_by_id) == ("open", None)
    late = caller(f"{VOICE}/bridge?callback={callback.id}", CallSid=ring["sid"],
                  AnsweredBy="human")
    assert late.find("Dial") is None  # a replayed bridge request never dials again


def test_the_caller_s_own_voicemail_is_hung_up_on_in_silence_and_the_call_back_waits_again(
    caller, stub_twilio, stub_session, drain, twilio_stub, people, asked
):
    ring, callback = claimed(stub_twilio, stub_session, drain, twilio_stub, people, asked)
    volunteer = stub_session.get(Volunteer, callback.claimed_by_id)
    bridged = caller(f"{VOICE}/bridge?callback={callback.id}", CallSid=ring["sid"],
                     AnsweredBy="human")
    number = bridged.find("Dial/Number")
    assert number.get("machineDetection") == "Enable"
    assert number.get("url") == f"{VOICE}/bridge/caller?callback={callback.id}"
    # A person answers: connected at once (an empty answer), nothing said to them.
    person = caller(number.get("url"), CallSid=new_sid("CA"), AnsweredBy="human")
    assert list(person) == []
    # Their voicemail answers: hung up on before a word, the volunteer told, open again.
    machine = caller(number.get("url"), CallSid=new_sid("CA"), AnsweredBy="machine_end_beep")
    assert [child.tag for child in machine] == ["Hangup"]
    done = caller(bridged.find("Dial").get("action"), CallSid=ring["sid"],
                  DialCallStatus="completed")
    assert "voicemail answered, and nothing was left on it" in done.find("Say").text
    assert f"CALLBACK {asked}" in done.find("Say").text
    caller(f"{VOICE}/bridge-status?callback={callback.id}", CallSid=ring["sid"],
           CallStatus="completed")
    stub_session.expire_all()
    assert (callback.status, callback.claimed_by_id) == ("open", None)
    assert volunteer.busy_since is None  # their call ended with the dial: free for callers


@pytest.mark.postgres
def test_two_volunteers_claiming_at_the_same_moment_exactly_one_wins(postgres_url):
    emptied(postgres_url)
    engine = db.make_engine(postgres_url)
    with Session(engine) as session:
        first, second = make_volunteer(session), make_volunteer(session)
        contact = make_contact(session)
        call = Call(call_sid=new_sid("CA"), contact_id=contact.id, case_code="7K2")
        session.add(call)
        session.flush()
        session.add(Callback(call_id=call.id))
        session.commit()
        ids = first.id, second.id
    answers: dict[str, str] = {}
    with Session(engine) as one, Session(engine) as two:
        answers["one"] = callbacks.claim(one, "7K2", ids[0], utcnow())  # holds the row
        racer = threading.Thread(
            target=lambda: answers.update(two=callbacks.claim(two, "7K2", ids[1], utcnow())))
        racer.start()
        one.commit()
        racer.join(timeout=20)
        two.commit()
    assert answers == {"one": "won", "two": "taken"}
    with Session(engine) as session:
        assert session.scalar(select(Callback.claimed_by_id)) == ids[0]
        assert session.scalar(select(OutboxItem.job)) == "place_callback"
    engine.dispose()


@pytest.mark.postgres
def test_a_call_back_asked_while_the_notice_is_going_out_still_reaches_the_people_on_duty(
    postgres_url,
):
    emptied(postgres_url)
    engine = db.make_engine(postgres_url)
    line = Line(name="Test Helpline", number=HELPLINE_NUMBER, region="US",
                timezone="America/New_York", crisis_line="988", emergency_number="911")
    with Session(engine) as session:
        volunteer = make_volunteer(session, takes="texts")
        call = Call(call_sid=new_sid("CA"), contact_id=make_contact(session).id, case_code="7K2")
        session.add(call)
        session.flush()
        message = Voicemail(call_id=call.id, recording_sid=new_sid("RE"), recording_url="u")
        session.add(message)
        session.commit()
        call_id, message_id, phone = call.id, message.id, volunteer.phone
    watcher = engine.connect().execution_options(isolation_level="AUTOCOMMIT")  # fresh views
    with Session(engine) as notifier, Session(engine) as asker, watcher:
        assert voicemail.notify(notifier, message_id, line, utcnow()) == 1  # no call-back yet

        def ask() -> None:
            voicemail.ask_callback(asker, asker.get(Call, call_id), line, utcnow())
            asker.commit()

        racer = threading.Thread(target=ask)
        racer.start()
        try:  # the caller's request reads the voicemail while the notice is not committed
            wait_for(lambda: not racer.is_alive() or watcher.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()")))
        finally:
            notifier.commit()
            racer.join(timeout=20)
    with Session(engine) as session:
        bodies = session.scalars(select(OutboundMessage.body).where(
            OutboundMessage.to_address == phone).order_by(OutboundMessage.id)).all()
    assert len(bodies) == 2 and "wants a call-back: text CALLBACK 7K2" in bodies[1]
    engine.dispose()
