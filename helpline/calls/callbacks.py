"""Call-backs a caller asked for after leaving voicemail: the first volunteer to text
CALLBACK <code> wins, is rung from the helpline and bridged to the caller through the line, so
neither sees the other's number. A missed attempt opens the call-back again.
Domain functions: a Session and plain values in, TwiML or decisions out; the caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import VoiceResponse

from helpline import outbox, twiml
from helpline.calls.models import Call, Callback
from helpline.calls.prompts import spoken
from helpline.calls.voicemail import PATH
from helpline.catalog.render import render
from helpline.line import Line
from helpline.models import Contact
from helpline.outbound import queue_text
from volunteers import availability
from volunteers.models import Volunteer

BRIDGE = f"{PATH}/bridge"
LEG_MISSED = {"busy", "failed", "no-answer", "canceled", "completed"}  # completed while calling
DIAL_SECONDS = 30


def claim(session: Session, code: str, volunteer_id: int, now: datetime) -> str:
    """CALLBACK <code>: "won" for the first volunteer (a conditional update: the database
    decides, across processes), "taken" for everyone after, "unknown" for no such call-back."""
    callback = session.scalar(select(Callback).join(Call, Call.id == Callback.call_id)
                              .where(Call.case_code == code))
    if callback is None:  # a texter's call-back, by their conversation's code (newest first)
        callback = session.scalar(select(Callback).where(Callback.case_code == code)
                                  .order_by(Callback.id.desc()).limit(1))
    if callback is None:
        return "unknown"
    won = session.execute(
        update(Callback).where(Callback.id == callback.id, Callback.claimed_by_id.is_(None))
        .values(claimed_by_id=volunteer_id, claimed_at=now, status="claimed")
    ).rowcount == 1
    if won:
        outbox.add(session, "place_callback", {"callback_id": callback.id})
    return "won" if won else "taken"


def owe(session: Session, contact_id: int, case_code: str) -> Callback:
    """An open call-back to a texter who cannot be texted (opted out), by their conversation's
    case code: the first volunteer to text CALLBACK <code> is rung and bridged to them."""
    found = session.scalar(select(Callback).where(
        Callback.contact_id == contact_id, Callback.case_code == case_code,
        Callback.status.in_(("open", "claimed", "calling"))))
    if found is not None:
        return found
    callback = Callback(contact_id=contact_id, case_code=case_code)
    session.add(callback)
    session.flush()
    return callback


def case_of(session: Session, callback: Callback) -> tuple[str, int]:
    """The case code and contact id a call-back is for."""
    if callback.call_id is not None:
        call = session.get(Call, callback.call_id)
        return call.case_code, call.contact_id
    return callback.case_code, callback.contact_id


def start(session: Session, callback_id: int) -> str | None:
    """The phone of the volunteer to ring for this claimed call-back, once (None after)."""
    started = session.execute(
        update(Callback).where(Callback.id == callback_id, Callback.status == "claimed")
        .values(status="calling")
    ).rowcount == 1
    if not started:
        return None
    return session.get(Volunteer, session.get(Callback, callback_id).claimed_by_id).phone


def dialed(session: Session, callback_id: int, leg_sid: str) -> None:
    """Note the volunteer's leg (the bridge may have been fetched already)."""
    session.execute(
        update(Callback).where(Callback.id == callback_id, Callback.volunteer_leg_sid.is_(None),
                               Callback.status.in_(("calling", "done")))
        .values(volunteer_leg_sid=leg_sid))


def bridge(session: Session, callback_id: int, leg_sid: str, answered_by: str | None,
           line: Line, now: datetime) -> str:
    """The volunteer answered: name the case and dial the caller, the helpline as caller ID
    (the caller's number goes only to Twilio, inside this TwiML)."""
    callback = session.get(Callback, callback_id)
    if callback is None or callback.status != "calling" or \
            callback.volunteer_leg_sid not in (None, leg_sid):
        return twiml.say_and_hang_up(spoken("vm_bridge_gone", line))
    if answered_by and answered_by.startswith(("machine", "fax")):
        return twiml.hang_up()  # their voicemail: the leg's status opens the call-back again
    callback.status = "done"
    availability.mark_busy(session, callback.claimed_by_id, now)
    code, contact_id = case_of(session, callback)
    response = VoiceResponse()
    response.say(spoken("vm_bridge", line, code=code),
                 language=twiml.VOICE_LANGUAGES["en"])
    dial = response.dial(caller_id=line.number, timeout=DIAL_SECONDS, method="POST",
                         action=f"{BRIDGE}/done?callback={callback.id}")
    # Machine detection on the caller's side: their own voicemail is hung up on before it
    # hears a word, so nothing about the line is left on a phone someone else may check.
    dial.number(session.get(Contact, contact_id).address, machine_detection="Enable",
                url=f"{BRIDGE}/caller?callback={callback.id}", method="POST")
    return str(response)


def caller_answered(session: Session, callback_id: int, answered_by: str | None) -> str:
    """The caller's phone answered the call-back: a person is connected (an empty answer);
    their voicemail is hung up on in silence and the call-back waits again."""
    callback = session.get(Callback, callback_id)
    if callback is None or not (answered_by and answered_by.startswith(("machine", "fax"))):
        return twiml.connect()
    session.execute(update(Callback).where(Callback.id == callback_id, Callback.status == "done")
                    .values(status="machine"))
    return twiml.hang_up()


def bridge_done(session: Session, callback_id: int, dial_status: str, line: Line,
                now: datetime) -> str:
    """The dial to the caller ended, and with it the volunteer's call: they are free for
    callers again. If the caller did not pick up, the call-back waits again."""
    callback = session.get(Callback, callback_id)
    if callback is None:
        return twiml.hang_up()
    if callback.claimed_by_id is not None:
        availability.mark_free(session, callback.claimed_by_id, now)
    code = case_of(session, callback)[0]
    if callback.status == "machine":  # their voicemail answered: nothing was left on it
        reopen(session, callback, expected="machine")
        return twiml.say_and_hang_up(spoken("vm_caller_machine", line, code=code))
    if dial_status in ("completed", "answered"):
        return twiml.hang_up()
    reopen(session, callback, expected="done")
    return twiml.say_and_hang_up(spoken("vm_caller_missed", line, code=code))


def leg_ended(session: Session, callback_id: int, leg_sid: str | None, status: str,
              line: Line, now: datetime) -> bool:
    """The volunteer's phone ended. After the talk, they are free for callers again; without a
    bridge (missed, busy, their voicemail) the call-back waits again and they are told how to
    try again. True if it was opened again."""
    callback = session.get(Callback, callback_id)
    if callback is None or status not in LEG_MISSED or \
            callback.volunteer_leg_sid not in (None, leg_sid):
        return False
    if callback.status in ("done", "machine") and callback.claimed_by_id is not None:
        availability.mark_free(session, callback.claimed_by_id, now)
    return missed(session, callback, line)


def missed(session: Session, callback: Callback, line: Line) -> bool:
    """Ringing the volunteer failed: open the call-back again and tell them so."""
    volunteer_id, claimed_at = callback.claimed_by_id, callback.claimed_at
    if not reopen(session, callback, expected="calling"):
        return False
    volunteer = session.get(Volunteer, volunteer_id)
    code = case_of(session, callback)[0]
    lang = "es" if volunteer.language_codes[:1] == ["es"] else "en"
    queue_text(session, to=volunteer.phone, purpose="callback_missed",
               body=render("vm_callback_missed", lang, code=code),
               key=f"callback-missed:{callback.id}:{claimed_at.timestamp():.6f}",
               volunteer_id=volunteer.id)
    return True


def reopen(session: Session, callback: Callback, *, expected: str) -> bool:
    """Let anyone claim the call-back again, if it is still in the `expected` state."""
    reopened = session.execute(
        update(Callback).where(Callback.id == callback.id, Callback.status == expected,
                               Callback.claimed_at == callback.claimed_at)  # the same claim
        .values(status="open", claimed_by_id=None, claimed_at=None, volunteer_leg_sid=None)
    ).rowcount == 1
    session.refresh(callback)
    return reopened
