"""A caller reaches a peer: queue, legs rung through the Twilio stub, the first to press 1 is
bridged, the other legs stop, and the call record is right."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from helpline.calls.models import Call, CallLeg
from tests.factories import make_volunteer
from tests.webhooks import caller_steps

CALLER = "+13025550123"


@pytest.fixture
def caller(stub_twilio):
    return caller_steps(stub_twilio, CALLER, "+13025550100", "AC" + "0" * 32)


def legs(session) -> list[CallLeg]:
    session.expire_all()
    return list(session.scalars(select(CallLeg).order_by(CallLeg.id)))


def test_two_volunteers_rung_the_second_accepts_is_bridged_and_the_first_leg_stops(
    caller, stub_session, stub_run_jobs, twilio_stub
):
    first, second = make_volunteer(stub_session), make_volunteer(stub_session)
    stub_session.commit()

    assert caller("/twilio/voice").find("Gather") is not None
    assert caller("/twilio/voice/menu?try=1", Digits="1").find("Redirect").text == \
        "/twilio/voice/talk"
    queued = caller("/twilio/voice/talk")
    call = stub_session.scalar(select(Call))
    assert queued.find("Enqueue").text == f"call-{call.id}"
    assert queued.find("Enqueue").get("waitUrl") == "/twilio/voice/queue/wait"

    stub_run_jobs()
    rung = {c["To"]: c for c in twilio_stub.calls}
    assert set(rung) == {first.phone, second.phone}
    for leg_request in rung.values():
        assert leg_request["From"] == "+13025550100"  # the helpline, never the caller
        assert leg_request["MachineDetection"] == "Enable"
        assert leg_request["Timeout"] == "25"  # VOLUNTEER_RING_SECONDS: then the next round
        assert leg_request["Url"].startswith("https://helpline.example.org/twilio/voice/screen")
        assert "initiated" in leg_request["StatusCallbackEvent"]
    first_leg, second_leg = legs(stub_session)
    assert {first_leg.leg_sid, second_leg.leg_sid} == {c["sid"] for c in twilio_stub.calls}

    screen = caller(f"/twilio/voice/screen?leg={second_leg.id}", CallSid=second_leg.leg_sid,
                    From="+13025550100", AnsweredBy="human")
    assert "Press 1 to accept" in screen.find("Gather/Say").text
    assert CALLER not in ET.tostring(screen, encoding="unicode")
    bridge = caller(f"/twilio/voice/accept?leg={second_leg.id}", CallSid=second_leg.leg_sid,
                    Digits="1")
    assert bridge.find("Dial/Queue").text == f"call-{call.id}"

    stub_run_jobs()
    assert [(u["sid"], u["Status"]) for u in twilio_stub.call_updates] == [
        (first_leg.leg_sid, "canceled")]
    caller(f"/twilio/voice/leg-status?leg={first_leg.id}", CallSid=first_leg.leg_sid,
           CallStatus="canceled")
    assert caller("/twilio/voice/queue/done", QueueResult="bridged").find("Hangup") is not None
    caller("/twilio/voice/status", CallStatus="completed", CallDuration="300")
    caller("/twilio/voice/status", CallStatus="completed")  # Twilio may say it twice

    stub_session.expire_all()
    call = stub_session.get(Call, call.id)
    assert (call.outcome, call.answered_by_id) == ("answered", second.id)
    assert call.queued_at <= call.answered_at <= call.ended_at
    assert call.wait_seconds is not None and call.talk_seconds is not None
    assert {leg.volunteer_id: leg.outcome for leg in legs(stub_session)} == {
        first.id: "cancelled", second.id: "accepted"}


def test_a_late_presser_hears_that_another_volunteer_took_it(caller, stub_session,
                                                             stub_run_jobs):
    make_volunteer(stub_session), make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice/talk")
    stub_run_jobs()
    one, two = legs(stub_session)
    caller(f"/twilio/voice/accept?leg={one.id}", CallSid=one.leg_sid, Digits="1")
    late = caller(f"/twilio/voice/accept?leg={two.id}", CallSid=two.leg_sid, Digits="1")
    assert "Another volunteer already took this call" in late.find("Say").text
    assert [leg.outcome for leg in legs(stub_session)] == ["accepted", "late"]


def test_a_voicemail_pickup_is_hung_up_on_and_nobody_hears_the_caller(caller, stub_session,
                                                                      stub_run_jobs):
    make_volunteer(stub_session)
    stub_session.commit()
    caller("/twilio/voice/talk")
    stub_run_jobs()
    [leg] = legs(stub_session)
    machine = caller(f"/twilio/voice/screen?leg={leg.id}", CallSid=leg.leg_sid,
                     AnsweredBy="machine_start")
    assert [child.tag for child in machine] == ["Hangup"]
    assert legs(stub_session)[0].outcome == "machine"


def test_when_the_first_round_misses_the_next_volunteer_is_rung(caller, stub_session,
                                                                 stub_run_jobs, twilio_stub):
    from volunteers.models import RotaSetting

    first = make_volunteer(stub_session, priority=1)
    second = make_volunteer(stub_session, priority=2)
    stub_session.add(RotaSetting(key="routing", value={"strategy": "priority"}))
    stub_session.commit()
    caller("/twilio/voice/talk")
    stub_run_jobs()
    assert [c["To"] for c in twilio_stub.calls] == [first.phone]
    [leg] = legs(stub_session)
    caller(f"/twilio/voice/leg-status?leg={leg.id}", CallSid=leg.leg_sid, CallStatus="no-answer")
    stub_run_jobs()
    assert [c["To"] for c in twilio_stub.calls] == [first.phone, second.phone]
    assert [(leg.round, leg.outcome) for leg in legs(stub_session)] == [(1, "no_answer"),
                                                                       (2, None)]


def test_after_the_maximum_wait_the_caller_leaves_the_queue_and_hears_what_to_do(
    caller, stub_session
):
    make_volunteer(stub_session)
    caller("/twilio/voice/talk")
    holding = caller("/twilio/voice/queue/wait", QueueTime="5")
    assert "next in line" in holding.find("Say").text
    assert "within 90 seconds, you can leave a message" in holding.find("Say").text
    assert [child.tag for child in caller("/twilio/voice/queue/wait", QueueTime="90")] == [
        "Leave"]
    after = caller("/twilio/voice/queue/done", QueueResult="leave")
    assert "988" in after.find("Say").text


def test_a_volunteer_rings_as_long_as_the_saved_setting_says(
    caller, stub_app, stub_session, stub_run_jobs, twilio_stub
):
    from helpline import settings
    from helpline.audit import COMMAND_LINE
    from helpline.runtime.settings_sync import defaults

    make_volunteer(stub_session)
    settings.save(stub_session, COMMAND_LINE, "VOLUNTEER_RING_SECONDS", "40", defaults(stub_app))
    stub_session.commit()
    caller("/twilio/voice")
    caller("/twilio/voice/menu?try=1", Digits="1")
    caller("/twilio/voice/talk")
    stub_run_jobs()
    assert [c["Timeout"] for c in twilio_stub.calls] == ["40"]
