"""Voicemail, when nobody could take a call: the caller records a message or hears meeting and
crisis information; the volunteers on duty for texts and the coordinators are told by text,
with a case code and never a number; the caller may ask for a call-back (see callbacks.py).
Domain functions: a Session and plain values in, TwiML or decisions out; the caller commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import VoiceResponse

from helpline import outbox, twiml
from helpline.calls import ringing
from helpline.calls.models import Call, Callback, Voicemail
from helpline.calls.prompts import LANGUAGE_NAMES, spoken
from helpline.catalog.render import render
from helpline.contacts.redact import excerpt
from helpline.crisis import signals_danger
from helpline.line import Line
from helpline.models import Contact, Coordinator, OutboundMessage
from helpline.outbound import queue_text
from volunteers import availability, routing
from volunteers.models import Volunteer

PATH = "/twilio/voice/voicemail"
RECORDED, TRANSCRIBED, CALLBACK = f"{PATH}/recorded", f"{PATH}/transcription", f"{PATH}/callback"
MAX_SECONDS = 120
NOTIFY_DELAY = timedelta(seconds=60)  # then the notice goes out even if no transcription came
RECORDING_SID = re.compile(r"RE[0-9a-fA-F]{32}")  # also a safe file name


@dataclass(frozen=True)
class Recipient:
    """Someone the line texts about voicemails: a volunteer on duty or a coordinator."""

    key: str  # "v12" or "c3": part of each text's idempotency key
    phone: str
    lang: str
    volunteer_id: int | None = None


def choose(session: Session, call_sid: str, digits: str, line: Line) -> str:
    """After the wait: 2 hears meeting and crisis information; 1 (or no key) leaves a message."""
    call = ringing.find_call(session, call_sid)
    lang = call.language if call else "en"
    if call is None:
        return twiml.say_and_hang_up(spoken("vm_goodbye", line, lang), lang)
    if digits == "2":
        call.outcome = "info"
        return twiml.say_and_hang_up(spoken("vm_info", line, lang), lang)
    return _record(spoken("vm_record", line, lang), spoken("vm_goodbye", line, lang), lang)


def leave_message(call: Call, line: Line) -> str:
    """The caller pressed 0 in the menu: straight to the message, without waiting for a peer."""
    call.status = "voicemail"
    lang = call.language
    return _record(spoken("vm_record", line, lang), spoken("vm_goodbye", line, lang), lang)


def offer(call: Call, line: Line, sorry: str, outcome: str) -> str:
    """Nobody can take the call: say why, then offer a message (also with no key) or
    meeting and crisis information."""
    call.status = "voicemail"
    call.outcome = call.outcome if call.outcome == "voicemail" else outcome
    lang = call.language
    return twiml.say_then_gather([spoken(sorry, line, lang)], spoken("vm_offer", line, lang),
                                 f"{PATH}/choice", digits=1, lang=lang,
                                 goodbye=spoken("vm_goodbye", line, lang))


def _record(prompt: str, goodbye: str, lang: str) -> str:
    """A beep and up to two minutes of message; Twilio transcribes English only."""
    language = twiml.VOICE_LANGUAGES.get(lang, "en-US")
    response = VoiceResponse()
    response.say(prompt, language=language)
    response.record(action=RECORDED, method="POST", max_length=MAX_SECONDS, play_beep=True,
                    finish_on_key="#", transcribe=lang == "en",
                    transcribe_callback=TRANSCRIBED if lang == "en" else None)
    response.say(goodbye, language=language)  # reached only when nothing was recorded
    response.hangup()
    return str(response)


def recorded(session: Session, call_sid: str, recording_sid: str, recording_url: str,
             duration: int, line: Line, now: datetime) -> str:
    """The message is recorded: keep it (once per RecordingSid), then offer a call-back."""
    call = ringing.find_call(session, call_sid)
    lang = call.language if call else "en"
    if call is None or not RECORDING_SID.fullmatch(recording_sid):
        return twiml.say_and_hang_up(spoken("vm_goodbye", line, lang), lang)
    keep(session, call, recording_sid, recording_url, duration, now)
    call.outcome = "voicemail"
    if not _can_call_back(session, call):  # a hidden number: nobody could call it back
        return twiml.say_and_hang_up(spoken("vm_thanks_hidden", line, lang), lang)
    return twiml.say_then_gather([], spoken("vm_callback_offer", line, lang), CALLBACK, digits=1,
                                 lang=lang, goodbye=spoken("vm_goodbye", line, lang))


def keep(session: Session, call: Call, recording_sid: str, recording_url: str, duration: int,
         now: datetime) -> Voicemail:
    """The voicemail with this RecordingSid, stored on its first webhook with the jobs that fetch
    its audio and, in case no transcription comes, send its notice after NOTIFY_DELAY."""
    found = _by_recording(session, recording_sid)
    if found is not None:
        found.duration_seconds = found.duration_seconds or duration  # transcription came first
        return found
    voicemail = Voicemail(call_id=call.id, recording_sid=recording_sid,
                          recording_url=recording_url, duration_seconds=duration)
    try:
        with session.begin_nested():
            session.add(voicemail)
    except IntegrityError:  # the same webhook, concurrently
        return session.scalar(select(Voicemail).where(Voicemail.call_id == call.id))
    outbox.add(session, "fetch_voicemail_audio", {"voicemail_id": voicemail.id})
    outbox.add(session, "notify_voicemail", {"voicemail_id": voicemail.id},
               run_at=now + NOTIFY_DELAY)
    return voicemail


def _by_recording(session: Session, recording_sid: str) -> Voicemail | None:
    return session.scalar(select(Voicemail).where(Voicemail.recording_sid == recording_sid))


def transcribed(session: Session, call_sid: str, recording_sid: str, recording_url: str,
                text: str, status: str, now: datetime) -> bool:
    """Keep the transcription (once; "" when it failed) and send the notice now. True if new."""
    voicemail = _by_recording(session, recording_sid)
    if voicemail is None:  # it overtook the recording's own webhook
        call = ringing.find_call(session, call_sid)
        if call is None or not RECORDING_SID.fullmatch(recording_sid):
            return False
        voicemail = keep(session, call, recording_sid, recording_url, 0, now)
    words = text.strip() if status == "completed" else ""
    kept = session.execute(
        update(Voicemail).where(Voicemail.id == voicemail.id, Voicemail.transcription.is_(None))
        .values(transcription=words)
    ).rowcount == 1
    if kept:
        outbox.add(session, "notify_voicemail", {"voicemail_id": voicemail.id})
    return kept


def callback_choice(session: Session, call_sid: str, digits: str, line: Line,
                    now: datetime) -> str:
    """Pressed 1: ask for a call-back. Either way a kind goodbye with the crisis line."""
    call = ringing.find_call(session, call_sid)
    lang = call.language if call else "en"
    if call is None or digits != "1" or not _can_call_back(session, call):
        return twiml.say_and_hang_up(spoken("vm_goodbye", line, lang), lang)
    ask_callback(session, call, line, now)
    return twiml.say_and_hang_up(spoken("vm_callback_goodbye", line, lang), lang)


def _can_call_back(session: Session, call: Call) -> bool:
    """Only a caller whose number came through (not hidden, not a client) can be called back."""
    return session.get(Contact, call.contact_id).kind == "phone"


def ask_callback(session: Session, call: Call, line: Line, now: datetime) -> Callback:
    """The caller's call-back (once per call); if the notice went out already, a second text
    tells the same people how to claim it."""
    found = session.scalar(select(Callback).where(Callback.call_id == call.id))
    if found is not None:
        return found
    callback = Callback(call_id=call.id)
    try:
        with session.begin_nested():
            session.add(callback)
    except IntegrityError:  # the same webhook, concurrently
        return session.scalar(select(Callback).where(Callback.call_id == call.id))
    call.callback_requested = True
    # Lock the voicemail row: its notice either sees this call-back or was sent before it.
    voicemail = session.scalar(select(Voicemail).where(Voicemail.call_id == call.id)
                               .with_for_update().execution_options(populate_existing=True))
    if voicemail is None or voicemail.notified_at is not None:
        for person in recipients(session, line, now):
            queue_text(session, to=person.phone, purpose="callback_wanted",
                       body=render("vm_callback_wanted", person.lang, code=call.case_code,
                                         **line.text_params),
                       key=f"callback-wanted:{callback.id}:{person.key}",
                       volunteer_id=person.volunteer_id)
    return callback


def notify(session: Session, voicemail_id: int, line: Line, now: datetime) -> int:
    """Text the voicemail's notice, once (the database decides); how many people were texted.
    Words of danger make it urgent (the same recogniser as for texts) and it pages like a danger
    text, the backup group too; when they come in a transcription after the plain notice went
    out, the urgent notice follows it (once: its texts are keyed apart)."""
    claimed = session.execute(
        update(Voicemail).where(Voicemail.id == voicemail_id, Voicemail.notified_at.is_(None))
        .values(notified_at=now)
    ).rowcount == 1
    voicemail = session.get(Voicemail, voicemail_id)
    danger = signals_danger(voicemail.transcription or "")
    if not claimed and (not danger or _urgent_told(session, voicemail.id)):
        return 0
    key = "voicemail" if claimed else "voicemail-urgent"
    call = session.get(Call, voicemail.call_id)
    asked = session.scalar(select(Callback.id).where(Callback.call_id == call.id)) is not None
    urgent = "_urgent" if danger else ""
    people = recipients(session, line, now, with_backup=danger)
    for person in people:
        body = render(
            ("vm_notice_callback" if asked else "vm_notice") + urgent, person.lang,
            code=call.case_code,
            language=LANGUAGE_NAMES[person.lang].get(call.language, call.language),
            duration=minutes(voicemail.duration_seconds), words=excerpt(voicemail.transcription),
            **line.text_params)
        queue_text(session, to=person.phone, body=body,
                   purpose="voicemail_urgent" if danger else "voicemail_notice",
                   key=f"{key}:{voicemail.id}:{person.key}", volunteer_id=person.volunteer_id)
    return len(people)


def _urgent_told(session: Session, voicemail_id: int) -> bool:
    """An urgent notice about this voicemail was queued already."""
    return session.scalar(select(OutboundMessage.id).where(
        OutboundMessage.purpose == "voicemail_urgent",
        or_(OutboundMessage.key.like(f"voicemail:{voicemail_id}:%"),
            OutboundMessage.key.like(f"voicemail-urgent:{voicemail_id}:%"))).limit(1)) is not None


def recipients(session: Session, line: Line, now: datetime, *,
               with_backup: bool = False) -> list[Recipient]:
    """Volunteers on duty who take texts (and the backup group, when urgent), then active
    coordinators with a phone; one per phone."""
    found: dict[str, Recipient] = {}
    people = availability.available(session, now, line.timezone, for_="texts")
    if with_backup:
        people += routing.backup_group(session, for_="texts", at=now)
    for volunteer in people:
        found.setdefault(volunteer.phone, Recipient(f"v{volunteer.id}", volunteer.phone,
                                                    _lang(volunteer), volunteer.id))
    coordinators = session.scalars(select(Coordinator).where(
        Coordinator.active.is_(True), Coordinator.phone.is_not(None), Coordinator.phone != "")
        .order_by(Coordinator.id))
    for person in coordinators:
        found.setdefault(person.phone, Recipient(f"c{person.id}", person.phone, "en"))
    return list(found.values())


def _lang(volunteer: Volunteer) -> str:
    return "es" if volunteer.language_codes[:1] == ["es"] else "en"


def minutes(seconds: int) -> str:
    """0:42, 2:00."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def audio_file(recording_sid: str) -> str:
    """Where a recording's audio is kept, relative to the instance folder."""
    if not RECORDING_SID.fullmatch(recording_sid):
        raise ValueError("not a RecordingSid")
    return f"recordings/{recording_sid}.mp3"
