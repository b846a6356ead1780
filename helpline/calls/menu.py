"""What a caller hears: the greeting, the language choice, the menu, meetings by ZIP, and a
volunteer's own phone menu. Returns TwiML; flushes, never commits.

Caller ID is easily faked, so a call from a volunteer's number says nothing personal and
changes nothing until it proves who is calling: either the carrier fully attests the number
(STIR/SHAKEN `StirVerstat` is TN-Validation-Passed-A), or the caller keys the PIN the volunteer
set by texting `PIN 4821` (checked against its hash, never logged, never in a URL). Two wrong
PINs, no PIN set, or PIN_LIMIT wrong PINs each within PIN_WINDOW of the one before (counted on
the volunteer's row, so every process sees it): the ordinary caller's greeting, as anyone gets.
The call that proved itself is kept on the volunteer (`proven_call_sid`); their menu's keys act
only within it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import case, or_, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from helpline import twiml
from helpline.calls import ringing, voicemail
from helpline.calls.flow import blocked
from helpline.calls.prompts import spoken
from helpline.contacts.directory import get_or_create_contact
from helpline.line import Line
from helpline.meetings import answers, geocode
from helpline.meetings import format as fmt
from helpline.meetings.requests import MeetingRequest
from helpline.models import Contact
from helpline.outbound import queue_text
from helpline.phones import parse_sender
from volunteers import commands as volunteer_commands
from volunteers import rota
from volunteers.commands import volunteer_with_phone
from volunteers.models import Volunteer

log = logging.getLogger(__name__)
MENU = "/twilio/voice/menu"
MEETINGS = "/twilio/voice/meetings"
TEXT_MEETINGS = "/twilio/voice/meetings/text"
TALK = "/twilio/voice/talk"
SWITCH_KEY = "9"  # the other language, when the line offers two
VOLUNTEER = "/twilio/voice/volunteer"
VOLUNTEER_PIN = "/twilio/voice/volunteer/pin"
FULL_ATTESTATION = "TN-Validation-Passed-A"  # the carrier vouches the caller owns the number
PIN_LIMIT, PIN_WINDOW = 5, timedelta(hours=1)  # wrong PINs before the line stops asking
PIN_MAX_DIGITS = 8


def menu_parts(line: Line, lang: str) -> list[tuple[str, str]]:
    """The menu in the caller's language, then the other language offered in its own voice."""
    parts = [(spoken("menu", line, lang), lang)]
    other = line.other_language(lang)
    if other is not None:
        parts.append((spoken("language_offer", line, other), other))
    return parts


def greeting(line: Line, lang: str = "en") -> str:
    """The greeting (the coordinator's recording or words, else the catalog's), then the menu,
    all inside one Gather: a caller who knows the menu can press a key at once."""
    recording = line.greeting_url.get(lang)
    parts = [] if recording else [(line.greeting_text.get(lang) or spoken("greeting", line, lang),
                                   lang)]
    return twiml.gather_spoken(parts + menu_parts(line, lang), f"{MENU}?try=1", digits=1,
                               play=recording)


def menu_choice(session: Session, call_sid: str, caller: str, digits: str, attempt: int,
                line: Line, now: datetime) -> str:
    """Act on the menu key; no or a wrong key repeats the menu once, then puts the caller
    through to a peer."""
    call = ringing.record_call(session, call_sid, caller, line)
    lang = call.language
    refused = blocked(session, call, line, now)
    if refused is not None:
        return refused
    if digits == "1":
        return twiml.redirect(TALK)
    if digits == "2":
        call.outcome = call.outcome or "info"
        return twiml.gather(spoken("zip_prompt", line, lang), f"{MEETINGS}?try=1", digits=5,
                            lang=lang, timeout=10)
    if digits == "3":
        call.outcome = call.outcome or "info"
        return twiml.say_and_hang_up(spoken("crisis", line, lang), lang)
    if digits == "0":
        return voicemail.leave_message(call, line)
    other = line.other_language(lang)
    if digits == SWITCH_KEY and other is not None:
        call.language = other  # and the texts the line sends them from now on
        session.get(Contact, call.contact_id).language = other
        return greeting(line, other)
    if attempt < 2:
        return twiml.gather_spoken(menu_parts(line, lang), f"{MENU}?try={attempt + 1}",
                                   digits=1)
    # Still nothing: a person who cannot choose is put through to a peer.
    return twiml.redirect(TALK)


def meetings_for_zip(session: Session, digits: str, attempt: int, line: Line, now: datetime,
                     lang: str = "en") -> str:
    """Read the next 3 meetings near the keyed ZIP and offer them by text."""
    place = geocode.by_zip(digits) if len(digits) == 5 else None
    if place is None:
        if attempt < 2:
            prompt = spoken("zip_unknown", line, lang) + " " + spoken("zip_prompt", line, lang)
            return twiml.gather(prompt, f"{MEETINGS}?try={attempt + 1}", digits=5, lang=lang,
                                timeout=10)
        return twiml.say_and_hang_up(spoken("goodbye", line, lang), lang)
    found = answers.next_near(session, place, line, now)
    if not found:
        return twiml.say_and_hang_up(spoken("meetings_none", line, lang), lang)
    sentences = [spoken("meetings_intro", line, lang, place=place.label)]
    sentences += [fmt.spoken(meeting, hit.starts_at, lang) for meeting, hit in found]
    return twiml.say_then_gather(sentences, spoken("meetings_text_prompt", line, lang),
                                 f"{TEXT_MEETINGS}?zip={digits}", digits=1, lang=lang,
                                 goodbye=spoken("goodbye", line, lang))


def text_meetings(session: Session, digits: str, zip5: str, caller: str, call_sid: str,
                  line: Line, now: datetime, lang: str = "en") -> str:
    """Pressed 1: text the caller the same list MEETINGS <zip> would give."""
    contact = get_or_create_contact(session, parse_sender(caller, line.region), lang)
    if digits != "1" or not contact.reachable:
        return twiml.say_and_hang_up(spoken("goodbye", line, lang), lang)
    body = answers.answer(session, contact, MeetingRequest("search", place_text=zip5), line, now)
    queue_text(session, to=contact.address, body=body, purpose="meetings",
               key=f"voice-meetings:{call_sid}", contact_id=contact.id)
    return twiml.say_and_hang_up(spoken("meetings_texted", line, lang), lang)


def answer_call(session: Session, call_sid: str, caller: str, line: Line, now: datetime,
                verstat: str = "") -> str:
    """A call from a volunteer's phone gets their menu when the carrier fully attests the
    number, else a request for their PIN (when they set one and are not locked out); anyone
    else, and a volunteer's number not proven, the ordinary caller's greeting."""
    volunteer = _volunteer_calling(session, caller, line)
    if volunteer is not None and verstat == FULL_ATTESTATION:
        return _volunteer_menu(volunteer, call_sid, line)
    if volunteer is not None and volunteer.pin_hash and not pin_locked(volunteer, now):
        return _ask_pin(line, "volunteer_pin", 1)
    return ordinary_call(session, call_sid, caller, line, now)


def ordinary_call(session: Session, call_sid: str, caller: str, line: Line,
                  now: datetime) -> str:
    """What anyone calling gets first: the call recorded (once), then polite words for a blocked
    caller, else the greeting in their language. Nothing here says whose number it is."""
    call = ringing.record_call(session, call_sid, caller, line)
    return blocked(session, call, line, now) or greeting(line, call.language)


def volunteer_pin(session: Session, call_sid: str, caller: str, digits: str, attempt: int,
                  line: Line, now: datetime) -> str:
    """The PIN keyed on a call from a volunteer's phone: right, their menu; wrong (or none),
    one more try, then the ordinary caller's greeting."""
    volunteer = _volunteer_calling(session, caller, line)
    if volunteer is None or not volunteer.pin_hash:
        return ordinary_call(session, call_sid, caller, line, now)
    if digits:
        if not _count_attempt(session, volunteer, now):
            log.info("volunteer pin locked volunteer=%s call_sid=%s", volunteer.id, call_sid)
            return ordinary_call(session, call_sid, caller, line, now)
        if check_password_hash(volunteer.pin_hash, digits):  # constant-time comparison
            volunteer.pin_failures, volunteer.pin_failed_at = 0, None
            return _volunteer_menu(volunteer, call_sid, line)
        log.info("volunteer pin wrong volunteer=%s call_sid=%s failures=%s", volunteer.id,
                 call_sid, volunteer.pin_failures)
    if attempt < 2 and not pin_locked(volunteer, now):
        return _ask_pin(line, "volunteer_pin_again" if digits else "volunteer_pin", attempt + 1)
    return ordinary_call(session, call_sid, caller, line, now)


def pin_locked(volunteer: Volunteer, now: datetime) -> bool:
    """PIN_LIMIT wrong PINs, each within PIN_WINDOW of the one before, the last one within it
    too: the line stops asking for this volunteer's PIN until PIN_WINDOW after the last."""
    return (volunteer.pin_failures >= PIN_LIMIT and volunteer.pin_failed_at is not None
            and now - volunteer.pin_failed_at < PIN_WINDOW)


def _count_attempt(session: Session, volunteer: Volunteer, now: datetime) -> bool:
    """Count a PIN entry as wrong before checking it (a right one clears the count), in one
    UPDATE, so calls at the same moment cannot try more than the limit; False when locked out.
    A wrong PIN more than PIN_WINDOW after the previous one starts the count again."""
    recent = Volunteer.pin_failed_at > now - PIN_WINDOW
    counted = session.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer.id,
               or_(Volunteer.pin_failures < PIN_LIMIT, Volunteer.pin_failed_at.is_(None),
                   ~recent))
        .values(pin_failures=case((recent, Volunteer.pin_failures + 1), else_=1),
                pin_failed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    session.refresh(volunteer)
    return counted


def _volunteer_calling(session: Session, caller: str, line: Line) -> Volunteer | None:
    """The active volunteer whose phone the call comes from (as caller ID claims it)."""
    sender = parse_sender(caller, line.region)
    return volunteer_with_phone(session, sender.address) if sender.kind == "phone" else None


def _ask_pin(line: Line, key: str, attempt: int) -> str:
    """Ask for the PIN, up to 8 digits ended by pound; no name, nothing personal."""
    lang = line.languages[0]
    return twiml.gather(spoken(key, line, lang), f"{VOLUNTEER_PIN}?try={attempt}",
                        digits=PIN_MAX_DIGITS, lang=lang, timeout=10)


def _volunteer_menu(volunteer: Volunteer, call_sid: str, line: Line, attempt: int = 1) -> str:
    """The volunteer's own menu, by name, for the call that proved it is theirs."""
    volunteer.proven_call_sid = call_sid
    lang = line.languages[0]
    return twiml.gather(spoken("volunteer_menu", line, lang, person=volunteer.display_name),
                        f"{VOLUNTEER}?try={attempt}", digits=1, lang=lang)


def volunteer_choice(session: Session, call_sid: str, caller: str, digits: str, attempt: int,
                     line: Line, now: datetime, lang: str = "en") -> str:
    """1 on duty, 2 off duty, 3 the next shift; nothing repeats the menu once. Only for the
    call that proved it is the volunteer's; any other gets the ordinary caller's greeting."""
    if not call_sid:
        return twiml.say_and_hang_up(spoken("goodbye", line, lang), lang)
    volunteer = _volunteer_calling(session, caller, line)
    if volunteer is None or volunteer.proven_call_sid != call_sid:
        return ordinary_call(session, call_sid, caller, line, now)
    if digits in ("1", "2"):
        volunteer_commands.handle(session, volunteer, "ON" if digits == "1" else "OFF", line, now)
        if digits == "1":
            ringing.ring_if_caller_waits(session, volunteer)
        key = "volunteer_on" if digits == "1" else "volunteer_off"
        return twiml.say_and_hang_up(spoken(key, line, lang), lang)
    if digits == "3":
        upcoming = rota.upcoming_for(session, volunteer.id, now, line.timezone, 1)
        if not upcoming:
            return twiml.say_and_hang_up(spoken("volunteer_no_shift", line, lang), lang)
        shift = volunteer_commands.label(upcoming[0].starts_at, upcoming[0].ends_at,
                                         line.timezone)
        return twiml.say_and_hang_up(spoken("volunteer_next_shift", line, lang, shift=shift),
                                     lang)
    if attempt < 2:
        return _volunteer_menu(volunteer, call_sid, line, attempt + 1)
    return twiml.say_and_hang_up(spoken("goodbye", line, lang), lang)
