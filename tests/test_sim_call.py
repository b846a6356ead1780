"""`sim call`: a coordinator rehearses a call through the real voice webhooks, in-process on the
sandbox, with the demo line's volunteers answering (or not)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from helpline import create_app
from helpline.calls.models import Call, CallLeg
from helpline.cli import demo
from tests.conftest import app_config

CALLER = "+13025550123"


@pytest.fixture
def sim(app, session):
    """Run `sim call CALLER` with these options on the demo line; its output."""
    demo.seed(session)
    session.commit()

    def run(*options: str) -> str:
        result = app.test_cli_runner().invoke(args=["sim", "call", CALLER, *options])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_the_meetings_path_reads_meetings_near_the_zip_and_texts_them(sim, session):
    output = sim("--keys", "2,19958,1")
    assert "caller presses: 2" in output and "caller presses: 19958" in output
    assert "caller hears: Here are the next meetings near 19958 Lewes, DE." in output
    assert f"> text to {CALLER}: Meetings near 19958" in output
    assert "[waiting in queue]" not in output
    call = session.scalar(select(Call))  # recorded from the greeting on, never queued
    assert (call.outcome, call.queued_at, call.legs) == ("info", None, [])


def test_the_talk_path_rings_the_volunteer_on_duty_who_presses_1_and_is_connected(sim, session):
    output = sim("--keys", "1")
    lines = output.splitlines()
    assert lines.index("[waiting in queue]") < lines.index("[connected to a volunteer]")
    assert "hears: Helpline call, English. Press 1 to accept." in output
    call = session.scalar(select(Call))
    [leg] = session.scalars(select(CallLeg)).all()
    assert (call.outcome, call.answered_by_id, leg.outcome) == (
        "answered", leg.volunteer_id, "accepted")
    assert output.rstrip().endswith(f"call {call.case_code}: answered, answered by "
                                    f"{demo_name(session, leg.volunteer_id)}")


def test_the_talk_path_with_nobody_answering_leaves_the_queue_once_nobody_is_left_to_ring(
    sim, session, app
):
    output = sim("--keys", "1", "--nobody-answers")
    assert "does not answer]" in output and "[connected to a volunteer]" not in output
    waited = int(re.search(r"\[out of the queue after (\d+) s\]", output).group(1))
    assert waited < app.config["CALL_MAX_WAIT_SECONDS"] and waited <= 16
    assert "no volunteer could answer right now" in output
    call = session.scalar(select(Call))
    assert call.answered_by_id is None and call.outcome not in (None, "answered")
    assert [leg.outcome for leg in session.scalars(select(CallLeg))] == ["no_answer"]


def test_sim_call_refuses_to_run_when_twilio_is_configured(database_url, redis_url, instance):
    app = create_app(app_config(database_url, redis_url, TWILIO_SANDBOX=False))
    result = app.test_cli_runner().invoke(args=["sim", "call", CALLER, "--keys", "1"])
    assert result.exit_code != 0 and "sandbox only" in result.output


def demo_name(session, volunteer_id: int) -> str:
    from volunteers.models import Volunteer

    return session.get(Volunteer, volunteer_id).display_name


def test_a_caller_who_presses_9_hears_the_rest_of_the_call_in_spanish(sim, session):
    output = sim("--keys", "9,1")
    assert "caller hears: Para español, marque 9." in output
    assert "caller hears: Gracias por llamar a Test Helpline" in output
    assert "hears: Helpline call, Spanish. Press 1 to accept." in output
    assert session.scalar(select(Call)).language == "es"


def test_with_nobody_on_duty_the_caller_is_put_through_to_the_fallback_number(sim, session):
    from volunteers.models import RotaSetting, Volunteer

    for volunteer in session.scalars(select(Volunteer)):
        volunteer.active = False
    session.merge(RotaSetting(key="routing", value={"fallback_number": "+13025550199"}))
    session.commit()
    output = sim("--keys", "1")
    assert "[put through to the fallback number, caller ID +13025550100]" in output
    assert "[waiting in queue]" not in output
    call = session.scalar(select(Call))
    assert call.outcome == "forwarded"
    assert output.rstrip().endswith(f"call {call.case_code}: forwarded")


def test_a_blocked_caller_hears_the_polite_message_in_the_simulator(sim, session):
    from helpline.calls import blocks
    from helpline.db import utcnow
    from tests.factories import make_contact

    blocks.block(session, make_contact(session, address=CALLER), "Testing", utcnow(), days=1)
    session.commit()
    output = sim("--keys", "1")
    assert "cannot take your call right now" in output and "988" in output
    assert session.scalar(select(Call)).outcome == "blocked"


def test_rings_placed_a_moment_later_by_a_worker_beside_the_simulator_are_answered(
    sim, session, monkeypatch
):
    import time

    from helpline.cli import sim_call
    from helpline.runtime import relay

    started: list[float] = []
    real = relay.run_inline

    def worker_holds_the_jobs_a_while() -> int:  # as `make run`'s worker would
        started.append(started[0] if started else time.monotonic())
        return real() if time.monotonic() - started[0] > 0.5 else 0

    monkeypatch.setattr(sim_call.relay, "run_inline", worker_holds_the_jobs_a_while)
    monkeypatch.setattr(sim_call.CallSimulation, "worker_running", lambda self: True)
    output = sim("--keys", "1")
    assert "[nobody to ring]" not in output and "[connected to a volunteer]" in output
    assert session.scalar(select(Call)).outcome == "answered"
