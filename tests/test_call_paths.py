"""The caller's other paths: the language choice, a coordinator's greeting, blocked callers,
0 for voicemail, after hours, the fallback number, and a caller nobody is left to ring."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import select

from helpline import config, create_app
from helpline.calls import blocks, ringing
from helpline.calls.models import Call, CallLeg
from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Contact, OutboxItem
from tests.conftest import PUBLIC_BASE_URL, app_config
from tests.factories import make_contact, make_volunteer
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks, caller_steps, new_sid
from volunteers.models import RotaSetting

CALLER = "+13025550123"
FALLBACK = "+13025550199"


def caller_of(client):
    """A caller's steps through signed webhooks: each answer checked and parsed."""
    return caller_steps(client, CALLER, "+13025550100", "AC" + "0" * 32)


@pytest.fixture
def caller(stub_twilio):
    return caller_of(stub_twilio)


def the_call(session, sid: str) -> Call:
    session.expire_all()
    return session.scalar(select(Call).where(Call.call_sid == sid))


def said(element: ET.Element) -> list[tuple[str, str]]:
    """Every <Say> under the element: (language, words)."""
    return [(say.get("language"), say.text) for say in element.iter("Say")]


def set_fallback(session, number: str | None) -> None:
    session.merge(RotaSetting(key="routing", value={"strategy": "everyone",
                                                    "fallback_number": number}))
    session.commit()


# The language choice.

def test_pressing_9_switches_the_call_and_the_caller_s_texts_to_spanish(caller, stub_session):
    english = caller("/twilio/voice")
    assert [lang for lang, _ in said(english)] == ["en-US", "en-US", "es-MX"]
    assert said(english)[2][1] == "Para español, marque 9."

    spanish = caller("/twilio/voice/menu?try=1", Digits="9")

    [gather] = list(spanish)
    assert gather.tag == "Gather" and gather.get("action") == "/twilio/voice/menu?try=1"
    words = said(spanish)
    assert [lang for lang, _ in words] == ["es-MX", "es-MX", "en-US"]
    assert "Gracias por llamar a Test Helpline" in words[0][1] and "988" in words[0][1]
    assert "Marque 1" in words[1][1] and words[2][1] == "For English, press 9."
    call = the_call(stub_session, caller.sid)
    assert call.language == "es"
    assert stub_session.get(Contact, call.contact_id).language == "es"
    # Everything after speaks Spanish: the meetings prompt, the wait.
    zip_prompt = caller("/twilio/voice/menu?try=1", Digits="2")
    assert said(zip_prompt)[0][0] == "es-MX"


def test_a_caller_known_to_speak_spanish_is_greeted_in_spanish_and_offered_english(
    caller, stub_session
):
    make_contact(stub_session, address=CALLER, language="es")
    stub_session.commit()
    words = said(caller("/twilio/voice"))
    assert [lang for lang, _ in words] == ["es-MX", "es-MX", "en-US"]
    assert the_call(stub_session, caller.sid).language == "es"


def test_no_key_repeats_the_menu_alone_once_then_puts_the_caller_through(caller,
                                                                          stub_session):
    make_volunteer(stub_session)
    stub_session.commit()
    greeting = said(caller("/twilio/voice"))
    again = caller("/twilio/voice/menu?try=1", Digits="")
    words = said(again)
    assert [w for _, w in words] == [greeting[1][1], greeting[2][1]]  # no greeting twice
    assert again[0].get("action") == "/twilio/voice/menu?try=2"
    through = caller("/twilio/voice/menu?try=2", Digits="7")
    assert [child.tag for child in through] == ["Redirect"]
    assert through[0].text == "/twilio/voice/talk"


def test_a_line_that_offers_one_language_offers_no_switch(database_url, redis_url, instance):
    app = create_app(app_config(database_url, redis_url, HELPLINE_LANGUAGES=("en",)))
    step = caller_of(TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, PUBLIC_BASE_URL))
    words = said(step("/twilio/voice"))
    assert [lang for lang, _ in words] == ["en-US", "en-US"]
    assert "9" not in words[1][1]
    retry = step("/twilio/voice/menu?try=1", Digits="9")
    assert retry[0].get("action") == "/twilio/voice/menu?try=2"  # 9 is just a wrong key


def test_a_spanish_only_line_greets_everyone_in_spanish(database_url, redis_url, instance):
    app = create_app(app_config(database_url, redis_url, HELPLINE_LANGUAGES=("es",)))
    step = caller_of(TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, PUBLIC_BASE_URL))
    assert [lang for lang, _ in said(step("/twilio/voice"))] == ["es-MX", "es-MX"]


def test_a_coordinator_s_recorded_greeting_plays_before_the_menu(database_url, redis_url,
                                                                 instance):
    url = "https://example.org/greeting-en.mp3"
    app = create_app(app_config(
        database_url, redis_url, VOICE_GREETING_URL={"en": url, "es": None},
        VOICE_GREETING={"en": None, "es": "Bienvenido a la linea de prueba."}))
    step = caller_of(TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, PUBLIC_BASE_URL))
    gather = step("/twilio/voice")[0]
    assert [child.tag for child in gather] == ["Play", "Say", "Say"]
    assert gather[0].text == url
    spanish = said(step("/twilio/voice/menu?try=1", Digits="9"))
    assert spanish[0] == ("es-MX", "Bienvenido a la linea de prueba.")


def test_the_greeting_settings_are_checked_when_the_app_starts():
    assert config.languages("es, en") == ("es", "en")
    with pytest.raises(config.ConfigError, match="HELPLINE_LANGUAGES"):
        config.languages("en,fr")
    with pytest.raises(config.ConfigError, match="HELPLINE_LANGUAGES"):
        config.languages(" , ")
    with pytest.raises(config.ConfigError, match="VOICE_GREETING_URL"):
        config.recording_url("VOICE_GREETING_URL", "greeting.mp3")
    assert config.recording_url("VOICE_GREETING_URL", "") is None


# Blocked callers.

def block_caller(session, *, days: float = 30) -> Contact:
    contact = make_contact(session, address=CALLER)
    blocks.block(session, contact, "Abusive to volunteers", utcnow(), days=days)
    session.commit()
    return contact


def test_a_blocked_caller_hears_a_polite_message_with_the_crisis_line_and_nobody_is_rung(
    caller, stub_session, stub_run_jobs, twilio_stub, caplog
):
    make_volunteer(stub_session)
    block_caller(stub_session)
    answer = caller("/twilio/voice")
    assert [child.tag for child in answer] == ["Say", "Hangup"]
    assert "cannot take your call" in answer[0].text
    assert "988" in answer[0].text and "911" in answer[0].text
    # Straight to the talk step (a stale menu, a replayed webhook): still refused.
    again = caller("/twilio/voice/talk")
    assert "cannot take your call" in again[0].text
    caller("/twilio/voice/status", CallStatus="completed")
    stub_run_jobs()
    assert twilio_stub.calls == []
    call = the_call(stub_session, caller.sid)
    assert (call.outcome, call.status, call.legs) == ("blocked", "done", [])
    assert CALLER not in caplog.text and "5550123" not in caplog.text


def test_an_expired_or_lifted_block_lets_the_caller_through(caller, stub_session):
    contact = block_caller(stub_session)
    block = blocks.active_block(stub_session, contact.id, utcnow())
    blocks.lift(stub_session, block.id, utcnow())
    stub_session.commit()
    assert [child.tag for child in caller("/twilio/voice")] == ["Gather"]
    assert blocks.active_block(stub_session, contact.id, utcnow()) is None
    expired = blocks.block(stub_session, contact, "Calm down period", utcnow(), days=1)
    expired.expires_at = utcnow() - timedelta(seconds=1)
    stub_session.commit()
    assert [child.tag for child in caller("/twilio/voice", CallSid=new_sid("CA"))] == ["Gather"]


# 0 for voicemail.

def test_0_in_the_menu_goes_straight_to_a_message_without_ringing_anyone(
    caller, stub_session, stub_run_jobs, twilio_stub
):
    make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice")
    record = caller("/twilio/voice/menu?try=1", Digits="0")
    assert [child.tag for child in record] == ["Say", "Record", "Say", "Hangup"]
    assert record[1].get("maxLength") == "120" and record[1].get("transcribe") == "true"
    sid = new_sid("RE")
    offer = caller("/twilio/voice/voicemail/recorded", RecordingSid=sid, RecordingDuration="9",
                   RecordingUrl=f"https://api.twilio.com/Recordings/{sid}")
    assert "call you back" in said(offer)[0][1]
    caller("/twilio/voice/status", CallStatus="completed")
    call = the_call(stub_session, caller.sid)
    assert (call.outcome, call.queued_at, call.legs) == ("voicemail", None, [])
    stub_run_jobs()
    assert twilio_stub.calls == []


# After hours and the fallback number.

def test_with_nobody_on_duty_and_no_fallback_the_caller_hears_so_and_is_offered_a_message(
    caller, stub_session, stub_run_jobs, twilio_stub
):
    make_volunteer(stub_session, always_on=False)  # on the rota, but not now
    stub_session.commit()
    caller("/twilio/voice")
    answer = caller("/twilio/voice/talk")
    words = [w for _, w in said(answer)]
    assert "No volunteer is on duty right now" in words[0] and "988" in words[0]
    assert "Press 1 to leave a voice message" in words[1]
    assert "Enqueue" not in [child.tag for child in answer]
    caller("/twilio/voice/status", CallStatus="completed")
    stub_run_jobs()
    assert twilio_stub.calls == []
    call = the_call(stub_session, caller.sid)
    assert (call.outcome, call.queued_at) == ("after_hours", None)


def test_after_hours_a_message_left_makes_the_outcome_voicemail(caller, stub_session):
    caller("/twilio/voice")
    caller("/twilio/voice/talk")
    caller("/twilio/voice/voicemail/choice", Digits="1")
    sid = new_sid("RE")
    caller("/twilio/voice/voicemail/recorded", RecordingSid=sid, RecordingDuration="5",
           RecordingUrl=f"https://api.twilio.com/Recordings/{sid}")
    caller("/twilio/voice/status", CallStatus="completed")
    assert the_call(stub_session, caller.sid).outcome == "voicemail"


def test_with_nobody_on_duty_the_fallback_number_is_dialled_showing_the_helpline_number(
    caller, stub_session, stub_app
):
    set_fallback(stub_session, FALLBACK)
    caller("/twilio/voice")
    answer = caller("/twilio/voice/talk")
    assert [child.tag for child in answer] == ["Say", "Dial"]
    dial = answer[1]
    assert dial.get("callerId") == stub_app.config["HELPLINE_NUMBER"]
    assert dial.get("timeout") == str(stub_app.config["FORWARD_RING_SECONDS"]) == "30"
    assert [(n.tag, n.text) for n in dial] == [("Number", FALLBACK)]
    [leg] = the_call(stub_session, caller.sid).legs
    assert (leg.kind, leg.volunteer_id, leg.round) == ("fallback", None, 0)
    assert dial.get("action") == f"/twilio/voice/forward/done?leg={leg.id}"
    # Twilio asks again (it never got our answer): the same forward, no second leg.
    again = caller("/twilio/voice/talk")
    assert [n.text for n in again.iter("Number")] == [FALLBACK]
    assert again.find("Dial").get("action") == dial.get("action")
    assert len(the_call(stub_session, caller.sid).legs) == 1
    # Twilio repeats the action: the first answer stands.
    for _ in range(2):
        done = caller(dial.get("action"), DialCallStatus="completed", DialCallSid=new_sid("CA"),
                      DialCallDuration="300")
        assert [child.tag for child in done] == ["Hangup"]
    caller("/twilio/voice/status", CallStatus="completed")
    call = the_call(stub_session, caller.sid)
    assert (call.outcome, call.answered_by_id) == ("forwarded", None)
    assert call.legs[0].outcome == "accepted" and call.talk_seconds >= 299


def test_a_fallback_number_that_does_not_answer_leads_to_the_message_offer(caller,
                                                                          stub_session):
    set_fallback(stub_session, FALLBACK)
    caller("/twilio/voice")
    dial = caller("/twilio/voice/talk")[1]
    offer = caller(dial.get("action"), DialCallStatus="no-answer", DialCallSid=new_sid("CA"),
                   DialCallDuration="0")
    assert "no volunteer could answer" in said(offer)[0][1]
    assert offer.find("Gather").get("action") == "/twilio/voice/voicemail/choice"
    caller("/twilio/voice/status", CallStatus="completed")
    call = the_call(stub_session, caller.sid)
    assert call.outcome == "after_hours" and call.legs[0].outcome == "no_answer"


@pytest.mark.parametrize("status_first", [False, True], ids=["action-first", "status-first"])
def test_a_caller_who_hangs_up_while_the_fallback_number_rings_abandoned_the_call(
    caller, stub_session, status_first
):
    set_fallback(stub_session, FALLBACK)
    caller("/twilio/voice")
    dial = caller("/twilio/voice/talk")[1]
    if status_first:  # Twilio's two requests may come either way round
        caller("/twilio/voice/status", CallStatus="completed")
    done = caller(dial.get("action"), DialCallStatus="canceled", DialCallSid=new_sid("CA"),
                  DialCallDuration="0", CallStatus="completed")
    assert [child.tag for child in done] == ["Hangup"]  # nobody is there to hear an offer
    if not status_first:
        caller("/twilio/voice/status", CallStatus="completed")
    call = the_call(stub_session, caller.sid)
    assert (call.outcome, call.status) == ("abandoned", "done")
    assert [(leg.kind, leg.status, leg.outcome) for leg in call.legs] == [
        ("fallback", "canceled", "no_answer")]


def test_when_every_volunteer_misses_the_caller_leaves_the_queue_for_the_fallback_number(
    caller, stub_session, stub_run_jobs, twilio_stub
):
    volunteer = make_volunteer(stub_session)
    set_fallback(stub_session, FALLBACK)
    caller("/twilio/voice")
    assert caller("/twilio/voice/talk").find("Enqueue") is not None
    stub_run_jobs()
    assert [c["To"] for c in twilio_stub.calls] == [volunteer.phone]
    hold = caller("/twilio/voice/queue/wait", QueueTime="3")
    assert hold.find("Pause") is not None
    [leg] = the_call(stub_session, caller.sid).legs
    caller(f"/twilio/voice/leg-status?leg={leg.id}", CallSid=leg.leg_sid, CallStatus="no-answer")
    stub_run_jobs()
    assert the_call(stub_session, caller.sid).status == "forward"
    assert [child.tag for child in caller("/twilio/voice/queue/wait", QueueTime="20")] == [
        "Leave"]
    after = caller("/twilio/voice/queue/done", QueueResult="leave")
    assert [n.text for n in after.iter("Number")] == [FALLBACK]
    kinds = [(leg.kind, leg.outcome) for leg in the_call(stub_session, caller.sid).legs]
    assert kinds == [("volunteer", "no_answer"), ("fallback", None)]


def test_when_every_volunteer_misses_and_there_is_no_fallback_the_caller_leaves_early(
    caller, stub_session, stub_run_jobs, twilio_stub, stub_app
):
    make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice")
    caller("/twilio/voice/talk")
    stub_run_jobs()
    [leg] = the_call(stub_session, caller.sid).legs
    caller(f"/twilio/voice/leg-status?leg={leg.id}", CallSid=leg.leg_sid, CallStatus="busy")
    stub_run_jobs()
    assert the_call(stub_session, caller.sid).status == "unreached"
    assert stub_app.config["CALL_MAX_WAIT_SECONDS"] > 20
    assert [child.tag for child in caller("/twilio/voice/queue/wait", QueueTime="20")] == [
        "Leave"]
    after = caller("/twilio/voice/queue/done", QueueResult="leave")
    assert "no volunteer could answer" in said(after)[0][1]
    assert the_call(stub_session, caller.sid).outcome == "no_answer"


def test_the_wait_music_is_never_a_long_silence(caller, stub_session):
    make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice/talk")
    pauses = {waited: caller("/twilio/voice/queue/wait", QueueTime=str(waited)).find("Pause")
              .get("length") for waited in (0, 5, 30, 60, 85, 89)}
    assert pauses == {0: "8", 5: "8", 30: "8", 60: "8", 85: "5", 89: "1"}


# Records and bad input.

def test_the_greeting_records_the_call_once_however_often_twilio_sends_it(caller,
                                                                           stub_session):
    for _ in range(3):
        caller("/twilio/voice")
    calls = stub_session.scalars(select(Call)).all()
    assert len(calls) == 1 and calls[0].status == "greeting"
    caller("/twilio/voice/status", CallStatus="completed")
    assert the_call(stub_session, caller.sid).outcome == "abandoned"


def test_a_call_webhook_without_a_call_sid_is_refused_with_400(stub_twilio, stub_session):
    response = stub_twilio.post("/twilio/voice", {"From": CALLER, "To": "+13025550100"})
    assert response.status_code == 400
    assert stub_session.scalars(select(Call)).all() == []


def test_legs_rung_for_a_call_record_who_and_the_kind(caller, stub_session, stub_run_jobs):
    volunteer = make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice/talk")
    stub_run_jobs()
    leg = stub_session.scalar(select(CallLeg))
    assert (leg.kind, leg.volunteer_id, leg.round) == ("volunteer", volunteer.id, 1)


def test_rota_routing_shows_and_sets_the_strategy_and_the_fallback_number(app, session):
    from volunteers import routing

    run = app.test_cli_runner().invoke
    shown = run(args=["rota", "routing"])
    assert shown.exit_code == 0 and "strategy: everyone" in shown.output
    assert "fallback number: none" in shown.output
    changed = run(args=["rota", "routing", "--strategy", "priority", "--fallback-number",
                        "(302) 555-0199"])
    assert changed.exit_code == 0, changed.output
    assert "fallback number: +13025550199" in changed.output
    session.expire_all()
    assert routing.settings(session) == {"strategy": "priority", "fallback_number": FALLBACK}
    assert run(args=["rota", "routing", "--fallback-number", "12"]).exit_code != 0
    assert run(args=["rota", "routing", "--strategy", "loudest"]).exit_code != 0
    cleared = run(args=["rota", "routing", "--no-fallback"])
    assert cleared.exit_code == 0 and "fallback number: none" in cleared.output
    session.expire_all()
    assert routing.settings(session) == {"strategy": "priority", "fallback_number": None}


def dialled(answer) -> str:
    """The number a fallback answer connects the caller to, after checking nothing reads it."""
    assert [child.tag for child in answer] == ["Say", "Dial", "Say", "Hangup"]
    spoken = " ".join(say.text for say in answer.findall("Say"))
    assert "988" in spoken and "911" in spoken
    assert "0 1 9 9" not in spoken and "0199" not in spoken  # maybe a person's own phone
    assert answer.find("Dial").get("callerId") == "+13025550100"
    return answer.find("Dial/Number").text


def test_a_failing_voice_handler_connects_the_caller_to_the_fallback_number_never_reading_it(
    caller, stub_session, monkeypatch
):
    from helpline.routes.twilio import voice

    set_fallback(stub_session, FALLBACK)

    def fails(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(voice.voice_menu, "greeting", fails)
    answer = caller("/twilio/voice")
    assert dialled(answer) == FALLBACK
    assert "connecting you to someone who can help" in answer[0].text


def test_the_fallback_remembers_the_number_when_the_database_is_down(
    caller, stub_session, monkeypatch
):
    from helpline import db
    from helpline.routes.twilio import voice

    set_fallback(stub_session, FALLBACK)
    caller("/twilio/voice/talk")  # the talk step reads the routing setting

    def down():
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(db.current(), "sessions", down)
    assert voice._fallback_number(read_database=True) == FALLBACK
    # Twilio's fallback URL (used when the app failed outright) reads nothing, and still knows.
    static = caller("/twilio/voice/fallback")
    assert dialled(static) == FALLBACK


def test_a_database_failure_in_a_voice_handler_answers_from_memory_at_once(
    caller, stub_session, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    from helpline.routes.twilio import voice

    set_fallback(stub_session, FALLBACK)
    caller("/twilio/voice/talk")
    reads = []
    monkeypatch.setattr(voice.routing, "settings", lambda session: reads.append(1) or {})

    def database_gone(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(voice.quick_calls, "answer", database_gone)  # the first statement
    answer = caller("/twilio/voice", CallSid=new_sid("CA"))
    assert dialled(answer) == FALLBACK and reads == []
    monkeypatch.setattr(voice.quick_calls, "answer", lambda *args: None)  # the full path's
    monkeypatch.setattr(voice.voice_menu, "answer_call", database_gone)
    answer = caller("/twilio/voice", CallSid=new_sid("CA"))
    assert dialled(answer) == FALLBACK and reads == []


def test_leg_status_callbacks_twice_or_out_of_order_leave_the_record_right(
    caller, stub_session, stub_run_jobs
):
    make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice/talk")
    stub_run_jobs()
    [leg] = the_call(stub_session, caller.sid).legs
    status = f"/twilio/voice/leg-status?leg={leg.id}"
    for event in ("in-progress", "ringing", "initiated", "in-progress"):
        caller(status, CallSid=leg.leg_sid, CallStatus=event, AnsweredBy="human")
    stub_session.expire_all()
    assert leg.status == "in-progress"
    for event in ("no-answer", "ringing", "completed", "no-answer"):
        caller(status, CallSid=leg.leg_sid, CallStatus=event)
    stub_session.expire_all()
    assert (leg.status, leg.outcome) == ("no-answer", "no_answer")
    ended = leg.ended_at
    caller(status, CallSid=leg.leg_sid, CallStatus="completed")
    stub_session.expire_all()
    assert leg.ended_at == ended


def test_the_wait_is_said_in_the_caller_s_words():
    from helpline.calls.flow import duration

    assert duration(90, "en") == "90 seconds" and duration(45, "es") == "45 segundos"
    assert duration(180, "en") == "3 minutes" and duration(300, "es") == "5 minutos"


# Hidden numbers.

ANONYMOUS = "+266696687"  # what Twilio sends as From for a caller who hides their number


def test_a_caller_with_a_hidden_number_can_leave_a_message_but_is_not_offered_a_call_back(
    caller, stub_session
):
    caller("/twilio/voice", From=ANONYMOUS)
    caller("/twilio/voice/menu?try=1", Digits="0", From=ANONYMOUS)
    sid = new_sid("RE")
    thanks = caller("/twilio/voice/voicemail/recorded", From=ANONYMOUS, RecordingSid=sid,
                    RecordingDuration="7", RecordingUrl=f"https://api.twilio.com/Recordings/{sid}")
    assert [child.tag for child in thanks] == ["Say", "Hangup"]
    assert "Your number was hidden, so we cannot call you back" in thanks[0].text
    assert "988" in thanks[0].text
    # Even a stale "press 1" never makes a call-back nobody could place.
    caller("/twilio/voice/voicemail/callback", From=ANONYMOUS, Digits="1")
    call = the_call(stub_session, caller.sid)
    assert (call.outcome, call.callback_requested) == ("voicemail", False)


def test_a_hidden_number_cannot_be_blocked_since_that_would_block_every_hidden_caller(
    caller, stub_session
):
    caller("/twilio/voice", From=ANONYMOUS)
    call = the_call(stub_session, caller.sid)
    contact = blocks.find_contact(stub_session, call.case_code, "US")
    with pytest.raises(blocks.BlockError, match="hidden"):
        blocks.block(stub_session, contact, "Prank calls", utcnow(), days=7)


# A volunteer who comes ON while a caller waits.

def set_strategy(session, strategy: str) -> None:
    session.merge(RotaSetting(key="routing", value={"strategy": strategy}))
    session.commit()


def rung(twilio_stub) -> list[str]:
    return [c["To"] for c in twilio_stub.calls]


def waiting_while_one_rings(caller, stub_session, stub_run_jobs):
    """A caller waits while the one volunteer on duty is rung; another is on the rota but off.
    Returns (the one rung, the one off)."""
    first = make_volunteer(stub_session)
    newcomer = make_volunteer(stub_session, always_on=False)
    stub_session.commit()
    caller("/twilio/voice")
    caller("/twilio/voice/talk")
    stub_run_jobs()
    return first, newcomer


def test_a_volunteer_who_texts_on_while_a_caller_waits_is_rung_at_once_and_can_take_it(
    caller, stub_session, stub_run_jobs, twilio_stub, stub_twilio
):
    first, newcomer = waiting_while_one_rings(caller, stub_session, stub_run_jobs)
    assert rung(twilio_stub) == [first.phone]

    stub_twilio.text(newcomer.phone, "ON")
    stub_run_jobs()
    assert rung(twilio_stub) == [first.phone, newcomer.phone]  # not after the first one missed
    call = the_call(stub_session, caller.sid)
    assert [(leg.volunteer_id, leg.round) for leg in call.legs] == [(first.id, 1),
                                                                     (newcomer.id, 1)]
    # The first one's phone rings out; the round is not over while the newcomer's rings.
    first_leg, new_leg = call.legs
    caller(f"/twilio/voice/leg-status?leg={first_leg.id}", CallSid=first_leg.leg_sid,
           CallStatus="no-answer")
    stub_run_jobs()
    assert the_call(stub_session, caller.sid).status == "ringing"
    screen = caller(f"/twilio/voice/screen?leg={new_leg.id}", CallSid=new_leg.leg_sid,
                    AnsweredBy="human")
    assert screen.find("Gather").get("action") == f"/twilio/voice/accept?leg={new_leg.id}"
    bridge = caller(f"/twilio/voice/accept?leg={new_leg.id}", CallSid=new_leg.leg_sid,
                    Digits="1")
    assert bridge.find("Dial/Queue").text == f"call-{call.id}"
    assert the_call(stub_session, caller.sid).answered_by_id == newcomer.id
    # Texting ON again changes nothing: they are not rung twice for this caller.
    stub_twilio.text(newcomer.phone, "ON")
    stub_run_jobs()
    assert rung(twilio_stub) == [first.phone, newcomer.phone]


def test_with_one_at_a_time_strategies_a_volunteer_who_comes_on_waits_for_the_next_round(
    caller, stub_session, stub_run_jobs, twilio_stub, stub_twilio
):
    set_strategy(stub_session, "priority")
    first, newcomer = waiting_while_one_rings(caller, stub_session, stub_run_jobs)
    stub_twilio.text(newcomer.phone, "ON")
    stub_run_jobs()
    assert rung(twilio_stub) == [first.phone]
    [leg] = the_call(stub_session, caller.sid).legs
    caller(f"/twilio/voice/leg-status?leg={leg.id}", CallSid=leg.leg_sid, CallStatus="no-answer")
    stub_run_jobs()
    assert rung(twilio_stub) == [first.phone, newcomer.phone]
    assert [leg.round for leg in the_call(stub_session, caller.sid).legs] == [1, 2]


@pytest.mark.parametrize("takes", ["texts", "calls"])
def test_coming_on_rings_nobody_for_a_volunteer_who_takes_texts_only_or_with_nobody_waiting(
    caller, stub_session, stub_run_jobs, twilio_stub, stub_twilio, takes
):
    first = make_volunteer(stub_session)
    newcomer = make_volunteer(stub_session, always_on=False, takes=takes)
    stub_session.commit()
    if takes == "texts":  # a caller waits, but this volunteer takes no calls
        caller("/twilio/voice")
        caller("/twilio/voice/talk")
    stub_twilio.text(newcomer.phone, "ON")
    stub_run_jobs()
    assert rung(twilio_stub) == ([first.phone] if takes == "texts" else [])
    assert stub_session.scalar(select(OutboxItem).where(OutboxItem.job == "ring_newcomer")) is None


# A volunteer talking to a caller is busy: rung for nobody else until that call ends.

def take(caller, stub_session, volunteer) -> None:
    """`volunteer` answers their ringing leg for this caller and presses 1."""
    [leg] = [leg for leg in the_call(stub_session, caller.sid).legs
             if leg.volunteer_id == volunteer.id]
    caller(f"/twilio/voice/screen?leg={leg.id}", CallSid=leg.leg_sid, AnsweredBy="human")
    bridged = caller(f"/twilio/voice/accept?leg={leg.id}", CallSid=leg.leg_sid, Digits="1")
    assert bridged.find("Dial/Queue") is not None


def busy_since(session, volunteer):
    session.expire_all()
    return session.get(type(volunteer), volunteer.id).busy_since


def test_a_volunteer_on_a_call_is_not_rung_for_the_next_caller_until_it_ends(
    stub_twilio, stub_session, stub_run_jobs, twilio_stub
):
    ana, ben = make_volunteer(stub_session), make_volunteer(stub_session)
    stub_session.commit()
    first = caller_of(stub_twilio)
    first("/twilio/voice/talk")
    stub_run_jobs()
    take(first, stub_session, ana)
    stub_run_jobs()  # ben's phone stops ringing
    assert busy_since(stub_session, ana) == the_call(stub_session, first.sid).answered_at

    second = caller_of(stub_twilio)
    second("/twilio/voice/talk", From="+13025550124")
    stub_run_jobs()
    assert [leg.volunteer_id for leg in the_call(stub_session, second.sid).legs] == [ben.id]
    take(second, stub_session, ben)

    first("/twilio/voice/status", CallStatus="completed")  # ana's caller hangs up
    assert busy_since(stub_session, ana) is None
    assert busy_since(stub_session, ben) is not None
    third = caller_of(stub_twilio)
    third("/twilio/voice/talk", From="+13025550125")
    stub_run_jobs()
    assert [leg.volunteer_id for leg in the_call(stub_session, third.sid).legs] == [ana.id]
    take(third, stub_session, ana)
    # Twilio repeats the first call's end after ana took the third: she stays busy.
    [first_leg] = [leg for leg in the_call(stub_session, first.sid).legs
                   if leg.volunteer_id == ana.id]
    first(f"/twilio/voice/leg-status?leg={first_leg.id}", CallSid=first_leg.leg_sid,
          CallStatus="completed")
    first("/twilio/voice/status", CallStatus="completed")
    assert busy_since(stub_session, ana) == the_call(stub_session, third.sid).answered_at
    # Her own leg ending frees her too (whichever of the two ends Twilio reports first).
    [third_leg] = the_call(stub_session, third.sid).legs
    third(f"/twilio/voice/leg-status?leg={third_leg.id}", CallSid=third_leg.leg_sid,
          CallStatus="completed")
    assert busy_since(stub_session, ana) is None


def test_a_busy_mark_hours_old_no_longer_keeps_a_volunteer_from_callers(
    caller, stub_session, stub_run_jobs, twilio_stub
):
    stale = make_volunteer(stub_session, busy_since=utcnow() - timedelta(hours=5))
    make_volunteer(stub_session, busy_since=utcnow() - timedelta(minutes=20))  # talking now
    stub_session.commit()
    caller("/twilio/voice/talk")
    stub_run_jobs()
    assert rung(twilio_stub) == [stale.phone]


def test_a_volunteer_who_takes_one_caller_stops_ringing_for_another_who_then_gets_the_rest(
    stub_twilio, stub_session, stub_run_jobs, twilio_stub
):
    ana, ben = make_volunteer(stub_session), make_volunteer(stub_session)
    stub_session.commit()
    first, second = caller_of(stub_twilio), caller_of(stub_twilio)
    first("/twilio/voice/talk")
    second("/twilio/voice/talk", From="+13025550124")
    stub_run_jobs()
    assert sorted(rung(twilio_stub)) == sorted([ana.phone, ben.phone] * 2)
    take(first, stub_session, ana)
    stub_run_jobs()
    [ana_for_second] = [leg for leg in the_call(stub_session, second.sid).legs
                        if leg.volunteer_id == ana.id]
    cancelled = {update["sid"]: update["Status"] for update in twilio_stub.call_updates}
    assert cancelled[ana_for_second.leg_sid] == "canceled"  # no call waiting on her live call
    assert ana_for_second.outcome == "busy"
    second(f"/twilio/voice/leg-status?leg={ana_for_second.id}", CallSid=ana_for_second.leg_sid,
           CallStatus="canceled")
    stub_run_jobs()
    assert the_call(stub_session, second.sid).status == "ringing"  # ben's phone still rings
    take(second, stub_session, ben)
    assert the_call(stub_session, second.sid).answered_by_id == ben.id


def test_a_leg_planned_before_its_volunteer_took_another_caller_is_never_dialled(
    stub_app, caller, stub_session, twilio_stub
):
    from helpline.jobs.calls import _ring
    from volunteers import availability

    ana = make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice/talk")  # the ring job is not run yet
    call = the_call(stub_session, caller.sid)
    with stub_app.app_context():
        [leg] = ringing.plan_round(stub_session, call, 1, Line.from_config(stub_app.config),
                                 utcnow())
        availability.mark_busy(stub_session, ana.id, utcnow())  # she took another caller meanwhile
        stub_session.commit()
        _ring(leg.id, ana.phone, 25)
    assert rung(twilio_stub) == []
    stub_session.expire_all()
    assert (leg.status, leg.outcome) == ("canceled", "busy")


def test_a_volunteer_twilio_cannot_ring_counts_as_a_miss_and_the_next_one_is_rung(
    caller, stub_session, stub_run_jobs, twilio_stub
):
    set_strategy(stub_session, "priority")
    broken = make_volunteer(stub_session, priority=1)
    working = make_volunteer(stub_session, priority=2)
    stub_session.commit()
    twilio_stub.fail_next(status=400, code=21211, path_contains="Calls")  # not a valid number
    caller("/twilio/voice/talk")
    stub_run_jobs()  # round 1 fails at Twilio ...
    stub_run_jobs()  # ... and its job asked for round 2
    assert rung(twilio_stub) == [working.phone]
    legs = the_call(stub_session, caller.sid).legs
    assert [(leg.volunteer_id, leg.round, leg.status, leg.outcome) for leg in legs] == [
        (broken.id, 1, "failed", "failed"), (working.id, 2, "initiated", None)]
