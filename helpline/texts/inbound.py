"""Inbound texts: record each once, honour the keywords, decide the reply."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from helpline import params
from helpline.catalog.render import render
from helpline.contacts.directory import get_or_create_contact
from helpline.conversations import lifecycle
from helpline.conversations.asking import asks_for_person
from helpline.db import utcnow
from helpline.line import Line
from helpline.meetings import requests as meeting_requests
from helpline.models import Contact, InboundMessage
from helpline.phones import parse_sender
from helpline.texts import crisis, quick, texter, volunteer_words
from volunteers.commands import volunteer_with_phone

log = logging.getLogger(__name__)

OPT_OUT = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
OPT_IN = {"START", "YES", "UNSTOP"}
HELP = {"HELP", "INFO", "AYUDA"}
_SPANISH = {"hola", "ayuda", "reuniones", "reunion", "hablar", "espanol", "necesito", "quiero",
            "estoy", "gracias", "buenas", "ayudame", "por", "favor"}
_ENGLISH = {"hello", "hi", "help", "meetings", "meeting", "talk", "more", "details", "remind",
            "please", "need", "want", "the", "is", "where", "what", "near", "tonight", "today"}
PIN_TEXT = re.compile(r"^(\s*pin\b)(.*)$", re.IGNORECASE | re.DOTALL)
_SID = re.compile(r"^[A-Za-z]{2}[0-9a-fA-F]{32}$")
MAX_BODY = 1600


class BadWebhook(ValueError):
    """The request lacks what every Twilio SMS webhook carries."""


@dataclass(frozen=True)
class InboundText:
    """What the SMS webhook told us, cleaned."""

    message_sid: str
    sender: str
    to: str
    body: str
    num_media: int

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> InboundText:
        """Read Twilio's form fields; raise BadWebhook when MessageSid or From is unusable."""
        sid = (form.get("MessageSid") or form.get("SmsSid") or "").strip()
        if not _SID.match(sid):
            raise BadWebhook("MessageSid missing or malformed")
        if not (form.get("From") or "").strip():
            raise BadWebhook("From missing")
        return cls(
            message_sid=sid,
            sender=form["From"],
            to=params.text(form.get("To"), 32),
            body=params.text(form.get("Body"), MAX_BODY),
            num_media=params.media_count(form.get("NumMedia")),
        )


def kept_body(body: str) -> str:
    """The body as stored: a volunteer's PIN is never kept ("PIN 4821" is kept as "PIN ****")."""
    if PIN_TEXT.match(body):
        return PIN_TEXT.sub(lambda m: m.group(1) + re.sub(r"\d", "*", m.group(2)), body)
    return body


def keyword(body: str) -> str:
    """The whole message as a bare upper-case word, as carriers match opt-out keywords."""
    return re.sub(r"[^\w]", "", body.strip().upper()) if len(body) < 40 else ""


def detect_language(body: str, current: str) -> str:
    """Spanish when the text reads as Spanish, English when it reads as English, else as before."""
    words = set(re.findall(r"[a-z]+", crisis.plain(body)))
    if words & {"english", "ingles"}:
        return "en"
    if words & _SPANISH:
        return "es"
    return "en" if words & _ENGLISH else current


def classify(body: str) -> str:
    """The intent of a text: opt_out, crisis, opt_in, help, meetings, talk or other."""
    word = keyword(body)
    if word in OPT_OUT:
        return "opt_out"
    if crisis.signals_danger(body):
        return "crisis"
    if word in OPT_IN:
        return "opt_in"
    if word in HELP:
        return "help"
    if meeting_requests.parse(body) is not None:
        return "meetings"
    if asks_for_person(body):
        return "talk"
    return "other"


def handle_inbound(text: InboundText, line: Line,
                   open_session: Callable[[], Session]) -> str | None:
    """Record one inbound text exactly once and return the reply (None: say nothing): the
    commonest texts in one statement on PostgreSQL (`quick`, no session opened), the rest here
    in the session `open_session` gives."""
    sender = parse_sender(text.sender, line.region)
    intent = classify(text.body)
    answer = quick.reply(sender, intent, detect_language(text.body, "") or None, {
        "sid": text.message_sid, "to": text.to, "body": kept_body(text.body),
        "media": text.num_media}, line, utcnow())
    if not isinstance(answer, quick.Miss):
        return answer
    session = open_session()
    earlier = _recorded(session, text.message_sid)
    if earlier is not None:
        log.info("duplicate webhook message_sid=%s", text.message_sid)
        return earlier.reply
    contact = session.get(Contact, answer.contact_id) if answer.contact_id \
        else get_or_create_contact(session, sender)
    volunteer = None
    if contact.kind == "phone" and intent in ("meetings", "talk", "crisis", "other"):
        with session.no_autoflush:  # a read; the contact's pending change can wait
            volunteer = volunteer_with_phone(session, contact.address)
    if volunteer is not None and (intent != "crisis" or lifecycle.held_by(session, volunteer.id)):
        # A registered volunteer's texts run their part of the rota and their conversations:
        # danger words from one who is with a texter are usually a question to that texter
        # and are relayed; from one who is not, they get the crisis reply like anyone's.
        intent = "volunteer"
    message = InboundMessage(
        message_sid=text.message_sid, contact_id=contact.id, to_number=text.to,
        body=kept_body(text.body), num_media=text.num_media, intent=intent,
        language=contact.language,
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        # The same webhook is being handled concurrently; whoever stored it first answers.
        return _recorded(session, text.message_sid).reply
    contact.language = message.language = detect_language(text.body, contact.language)
    message.reply = _act(session, contact, message, line, text)
    log.info(
        "inbound message_sid=%s contact=%s kind=%s intent=%s lang=%s",
        text.message_sid, contact.id, contact.kind, message.intent, contact.language,
    )
    return message.reply


def record_unhandled(session: Session, text: InboundText, line: Line, reply: str) -> None:
    """Keep a text whose handling failed, so no message is lost (intent 'error')."""
    if _recorded(session, text.message_sid) is not None:
        return
    contact = get_or_create_contact(session, parse_sender(text.sender, line.region))
    session.add(InboundMessage(
        message_sid=text.message_sid, contact_id=contact.id, to_number=text.to,
        body=kept_body(text.body), num_media=text.num_media, intent="error",
        language=contact.language, reply=reply,
    ))


def _recorded(session: Session, message_sid: str) -> InboundMessage | None:
    """The stored message with this sid, if any."""
    return session.scalar(select(InboundMessage).where(InboundMessage.message_sid == message_sid))


def _act(session: Session, contact: Contact, message: InboundMessage, line: Line,
         text: InboundText) -> str | None:
    """Apply the keyword's effect and render the reply (the message's intent may be refined):
    STOP and START, danger words and HELP first, in any state; then a volunteer's words; then
    what a texter's text means where they are (`texter.reply`)."""
    intent = message.intent
    if contact.kind != "phone":
        return None  # short codes and sender ids cannot read a reply
    now = utcnow()
    if intent == "opt_out":
        texter.stop(session, contact, line, now)
        return None  # the carrier/Twilio already confirmed the opt-out
    if intent == "opt_in":
        return texter.start(session, contact, message, text.body, line, now)
    if intent == "crisis":  # in any state: resources at once; never claim a page not made
        return crisis.respond(session, contact, line, text.body, text.message_sid, now,
                              num_media=text.num_media)
    if intent == "help":
        return render("help", contact.language, **line.text_params)
    if contact.opted_out:
        return None
    if intent == "volunteer" and (lifecycle.open_for(session, contact.id) is None or
                                  _holds_any(session, contact)):
        volunteer = volunteer_with_phone(session, contact.address)
        return volunteer_words.handle(session, volunteer, text.body, line, now,
                                      message_sid=text.message_sid, num_media=text.num_media)
    if intent == "volunteer":  # a volunteer who texted danger words is a texter for now
        message.intent = "talk"
    return texter.reply(session, contact, message, text.body, line, now,
                        message_sid=text.message_sid, num_media=text.num_media)


def _holds_any(session: Session, contact: Contact) -> bool:
    """True when this contact is a volunteer holding a conversation."""
    volunteer = volunteer_with_phone(session, contact.address)
    return volunteer is not None and bool(lifecycle.held_by(session, volunteer.id))
