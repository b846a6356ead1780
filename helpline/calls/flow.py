"""What a caller and the volunteers rung for them hear, from "talk to a peer" to the bridge.
Returns TwiML; flushes, never commits."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from helpline import outbox, twiml
from helpline.calls import blocks, ringing, voicemail
from helpline.calls.models import Call, CallLeg
from helpline.calls.prompts import LANGUAGE_NAMES, spoken
from helpline.line import Line
from volunteers import routing

log = logging.getLogger(__name__)
WAIT = "/twilio/voice/queue/wait"
AFTER_QUEUE = "/twilio/voice/queue/done"
FORWARD_DONE = "/twilio/voice/forward/done"
HOLD_SECONDS = 8  # the longest quiet between plays of the wait URL: how soon a waiting caller
# hears that nobody is left to ring


def talk(session: Session, call_sid: str, caller: str, line: Line, now: datetime) -> str:
    """The caller asked for a peer: queue them and reassure them while the worker rings the
    volunteers; with nobody to ring, put them through to the fallback number, or, with no
    fallback either, tell them nobody is on duty and offer a message."""
    call = ringing.record_call(session, call_sid, caller, line)
    refused = blocked(session, call, line, now)
    if refused is not None:
        return refused
    if call.queued_at is None:  # (a repeated webhook finds the forward's leg and reuses it)
        plan = routing.ring_order(session, now, line.timezone, language=call.language)
        if not plan.rounds:
            if plan.fallback_number:
                return forward(session, call, plan.fallback_number, line, now)
            return voicemail.offer(call, line, "after_hours", "after_hours")
    ringing.join_queue(session, call, now)
    return twiml.enqueue(spoken("queue_intro", line, call.language), ringing.queue_name(call),
                         wait_url=WAIT, action=AFTER_QUEUE, lang=call.language)


def blocked(session: Session, call: Call, line: Line, now: datetime) -> str | None:
    """The polite words for a caller a coordinator blocked (None when they are not blocked)."""
    found = blocks.active_block(session, call.contact_id, now)
    if found is None and call.outcome != "blocked":
        return None
    if call.outcome != "blocked":
        log.info("blocked caller call=%s block=%s", call.id, found.id)
    call.status, call.outcome = "blocked", "blocked"
    return twiml.say_and_hang_up(spoken("blocked", line, call.language), call.language)


def forward(session: Session, call: Call, number: str, line: Line, now: datetime) -> str:
    """Connect the caller to the line's fallback number, the helpline as caller ID."""
    leg = ringing.forward_leg(session, call, now)
    return twiml.dial_number(spoken("forwarding", line, call.language), number,
                             caller_id=line.number, action=f"{FORWARD_DONE}?leg={leg.id}",
                             lang=call.language, timeout=line.forward_seconds)


def forward_done(session: Session, leg_id: int, dial_status: str, dial_sid: str,
                 talked_seconds: int, caller_status: str, line: Line, now: datetime) -> str:
    """The fallback number's <Dial> ended: done if they talked; the caller hung up while it
    rang (`caller_status` is their call's status): abandoned; else offer a message."""
    leg = session.get(CallLeg, leg_id)
    if leg is None or leg.kind != "fallback":
        return twiml.say_and_hang_up(spoken("vm_goodbye", line))
    if ringing.forward_result(session, leg, dial_status, dial_sid, talked_seconds, now):
        return twiml.hang_up()
    if caller_status in ringing.CALL_FINAL or leg.call.ended_at is not None:
        if leg.call.outcome in (None, "abandoned"):
            log.info("caller hung up while the fallback number rang call=%s", leg.call_id)
            leg.call.outcome = "abandoned"
        return twiml.hang_up()
    outcome = "no_answer" if leg.call.queued_at else "after_hours"
    return voicemail.offer(leg.call, line, "vm_sorry", outcome)


def wait(session: Session, call_sid: str, queue_seconds: int, line: Line, max_wait: int) -> str:
    """Played while the caller waits: a few words, then quiet; out of the queue at max_wait."""
    call = ringing.find_call(session, call_sid)
    lang = call.language if call else "en"
    if queue_seconds >= max_wait or (call is not None and call.status not in ("queued",
                                                                                "ringing")):
        return twiml.leave_queue()
    words = "queue_hold" if queue_seconds < 10 else "queue_still"
    pause = max(1, min(HOLD_SECONDS, max_wait - queue_seconds))
    return twiml.hold(spoken(words, line, lang, wait=duration(max_wait, lang)), pause, lang)


def duration(seconds: int, lang: str) -> str:
    """A wait as a caller hears it: "90 seconds", "2 minutes" ("2 minutos")."""
    if seconds < 120:
        return f"{seconds} {'segundos' if lang == 'es' else 'seconds'}"
    minutes = round(seconds / 60)
    return f"{minutes} {'minutos' if lang == 'es' else 'minutes'}"


def after_queue(session: Session, call_sid: str, result: str, line: Line,
                now: datetime) -> str:
    """The caller left the queue: bridged and done, hung up, or nobody could answer."""
    call = ringing.find_call(session, call_sid)
    if call is None:
        return twiml.say_and_hang_up(spoken("nobody_free", line))
    if result == "bridged":
        return twiml.hang_up()
    _stop_ringing(session, call, keep_leg_id=None)
    if result in ("hangup", "system-error", "error") or call.answered_by_id is not None:
        ringing.call_ended(session, call, now)
        return twiml.hang_up()
    if call.status in ("forward", "forwarding"):  # every volunteer missed: the fallback number
        number = routing.settings(session).get("fallback_number")
        if number:
            return forward(session, call, number, line, now)
    # Nobody could answer in time: offer a voice message (also with no key) or information.
    return voicemail.offer(call, line, "vm_sorry", "no_answer")


def screen(session: Session, leg_id: int, answered_by: str | None, line: Line,
           accept_url: str) -> str:
    """A volunteer picked up: helpline call, which language, press 1 to accept."""
    leg = session.get(CallLeg, leg_id)
    if leg is None or leg.call.answered_by_id is not None:
        return twiml.say_and_hang_up(spoken("taken", line))
    if answered_by and answered_by.startswith(("machine", "fax")):
        leg.outcome = "machine"  # their voicemail: never leave the caller's details on it
        return twiml.hang_up()
    language = LANGUAGE_NAMES["en"].get(leg.call.language, leg.call.language)
    return twiml.gather(spoken("screen", line, language=language), accept_url, digits=1,
                        timeout=8, after=spoken("screen_missed", line))


def accept(session: Session, leg_id: int, digits: str, line: Line, now: datetime) -> str:
    """The volunteer pressed a key: 1 takes the call unless someone else did; else declines."""
    leg = session.get(CallLeg, leg_id)
    if leg is None:
        return twiml.say_and_hang_up(spoken("taken", line))
    if digits != "1":
        leg.outcome = "declined"
        return twiml.say_and_hang_up(spoken("screen_missed", line))
    if not ringing.claim(session, leg.call_id, leg.id, leg.volunteer_id, now):
        return twiml.say_and_hang_up(spoken("taken", line))
    _stop_ringing(session, leg.call, keep_leg_id=leg.id)
    if ringing.volunteer_legs_ringing(session, leg.volunteer_id, leg.id):  # for other callers
        outbox.add(session, "cancel_volunteer_legs",
                   {"volunteer_id": leg.volunteer_id, "keep_leg_id": leg.id})
    return twiml.bridge_to_queue(ringing.queue_name(leg.call))


def _stop_ringing(session: Session, call, keep_leg_id: int | None) -> None:
    """Cancel the other legs, after this transaction commits (the worker calls Twilio)."""
    if ringing.legs_to_cancel(call, keep_leg_id):
        outbox.add(session, "cancel_legs", {"call_id": call.id, "keep_leg_id": keep_leg_id})
