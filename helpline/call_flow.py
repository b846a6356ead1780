"""What a caller and the volunteers rung for them hear, from "talk to a peer" to the bridge.
Returns TwiML; flushes, never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from helpline import calls, outbox, twiml
from helpline.calls_models import CallLeg
from helpline.catalog import VOICE
from helpline.line import Line

WAIT = "/twilio/voice/queue/wait"
AFTER_QUEUE = "/twilio/voice/queue/done"
VOICEMAIL_CHOICE = "/twilio/voice/voicemail/choice"
LANGUAGE_NAMES = {"en": {"en": "English", "es": "Spanish"}, "es": {"en": "ingles", "es": "espanol"}}


def spoken(key: str, line: Line, lang: str = "en", **params: str) -> str:
    """A prompt from the voice catalog, filled in."""
    return VOICE[key][lang if lang in VOICE[key] else "en"].format(**line.text_params, **params)


def talk(session: Session, call_sid: str, caller: str, line: Line, now: datetime) -> str:
    """The caller asked for a peer: queue them (the worker rings volunteers) and reassure them."""
    call = calls.record_call(session, call_sid, caller, line)
    calls.join_queue(session, call, now)
    return twiml.enqueue(spoken("queue_intro", line, call.language), calls.queue_name(call),
                         wait_url=WAIT, action=AFTER_QUEUE, lang=call.language)


def wait(session: Session, call_sid: str, queue_seconds: int, line: Line, max_wait: int) -> str:
    """Played while the caller waits: a few words, then quiet; out of the queue at max_wait."""
    call = calls.find_call(session, call_sid)
    lang = call.language if call else "en"
    if queue_seconds >= max_wait or (call is not None and call.status not in ("queued",
                                                                                "ringing")):
        return twiml.leave_queue()
    words = "queue_hold" if queue_seconds < 10 else "queue_still"
    pause = max(1, min(20, max_wait - queue_seconds))
    return twiml.hold(spoken(words, line, lang), pause, lang)


def after_queue(session: Session, call_sid: str, result: str, line: Line,
                now: datetime) -> str:
    """The caller left the queue: bridged and done, hung up, or nobody could answer."""
    call = calls.find_call(session, call_sid)
    if call is None:
        return twiml.say_and_hang_up(spoken("nobody_free", line))
    if result == "bridged":
        return twiml.hang_up()
    _stop_ringing(session, call, keep_leg_id=None)
    if result in ("hangup", "system-error", "error") or call.answered_by_id is not None:
        calls.call_ended(session, call, now)
        return twiml.hang_up()
    # Nobody could answer in time: offer a voice message (also with no key) or information.
    call.status = "voicemail"
    call.outcome = call.outcome or "no_answer"
    lang = call.language
    return twiml.say_then_gather([spoken("vm_sorry", line, lang)], spoken("vm_offer", line, lang),
                                 VOICEMAIL_CHOICE, digits=1, lang=lang,
                                 goodbye=spoken("vm_goodbye", line, lang))


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
    if not calls.claim(session, leg.call_id, leg.id, leg.volunteer_id, now):
        return twiml.say_and_hang_up(spoken("taken", line))
    _stop_ringing(session, leg.call, keep_leg_id=leg.id)
    return twiml.bridge_to_queue(calls.queue_name(leg.call))


def _stop_ringing(session: Session, call, keep_leg_id: int | None) -> None:
    """Cancel the other legs, after this transaction commits (the worker calls Twilio)."""
    if calls.legs_to_cancel(call, keep_leg_id):
        outbox.add(session, "cancel_legs", {"call_id": call.id, "keep_leg_id": keep_leg_id})
