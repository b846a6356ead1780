"""What a caller hears: the greeting, the language choice, the menu, meetings by ZIP. Returns
TwiML; flushes, never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

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

MENU = "/twilio/voice/menu"
MEETINGS = "/twilio/voice/meetings"
TEXT_MEETINGS = "/twilio/voice/meetings/text"
TALK = "/twilio/voice/talk"
SWITCH_KEY = "9"  # the other language, when the line offers two


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


VOLUNTEER = "/twilio/voice/volunteer"


def answer_call(session: Session, call_sid: str, caller: str, line: Line,
                now: datetime) -> str:
    """A registered volunteer calling the line gets their own menu; a blocked caller polite
    words; anyone else the greeting, in their language. Every call is recorded here, once."""
    sender = parse_sender(caller, line.region)
    volunteer = volunteer_with_phone(session, sender.address) if sender.kind == "phone" else None
    if volunteer is None:
        call = ringing.record_call(session, call_sid, caller, line)
        return blocked(session, call, line, now) or greeting(line, call.language)
    lang = line.languages[0]
    return twiml.gather(spoken("volunteer_menu", line, lang, person=volunteer.display_name),
                        f"{VOLUNTEER}?try=1", digits=1, lang=lang)


def volunteer_choice(session: Session, caller: str, digits: str, attempt: int, line: Line,
                     now: datetime, lang: str = "en") -> str:
    """1 on duty, 2 off duty, 3 the next shift; nothing repeats the menu once."""
    volunteer = volunteer_with_phone(session, parse_sender(caller, line.region).address)
    if volunteer is None:
        return twiml.say_and_hang_up(spoken("goodbye", line, lang), lang)
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
        return twiml.gather(spoken("volunteer_menu", line, lang, person=volunteer.display_name),
                            f"{VOLUNTEER}?try={attempt + 1}", digits=1, lang=lang)
    return twiml.say_and_hang_up(spoken("goodbye", line, lang), lang)
