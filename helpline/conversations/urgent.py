"""A texter's words signal danger: their conversation (opened if none) is urgent. The volunteer
holding it gets "URGENT" with the words; if nobody holds it, everyone on duty, the backup group
and the coordinators are paged with the case code and codename, never a number. The crisis
resources themselves are the webhook's reply (`helpline.texts.crisis`), whatever happens here.

Whom to tell is decided here; how often (at most once in PAGE_EVERY per texter) by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from helpline.calls import callbacks
from helpline.catalog.render import render
from helpline.contacts.redact import blank_numbers, excerpt
from helpline.conversations import lifecycle, offers
from helpline.conversations.models import Conversation
from helpline.line import Line
from helpline.models import Contact
from helpline.outbound import queue_text
from volunteers import availability, routing
from volunteers.models import Volunteer


@dataclass(frozen=True)
class Told:
    """Who learned of the danger: the holder, volunteers on duty, the backup group and
    coordinators paged."""

    conversation: Conversation
    holder: bool = False
    volunteers: int = 0
    backups: int = 0
    coordinators: int = 0


def mark_urgent(session: Session, contact: Contact, words: str, now: datetime, *,
                message_sid: str, num_media: int = 0) -> Conversation:
    """The contact's open conversation, urgent from now on (a new one if none), with the
    danger text kept in it."""
    conversation = lifecycle.open_for(session, contact.id)
    if conversation is None:
        conversation = lifecycle.open_conversation(session, contact, now, urgent=True)
    conversation.urgent = True
    lifecycle.record(session, conversation, "texter", words, now, message_sid=message_sid,
                     num_media=num_media, relayed=conversation.status == "active")
    return conversation


def tell_holder(session: Session, conversation: Conversation, words: str, line: Line,
                key: str) -> bool:
    """The volunteer holding the conversation gets URGENT and the words (numbers blanked)."""
    holder = session.get(Volunteer, conversation.volunteer_id)
    if holder is None:
        return False
    contact = session.get(Contact, conversation.contact_id)
    body = render("conv_urgent_holder", lifecycle.volunteer_language(holder),
                  code=conversation.case_code, codename=contact.codename,
                  words=": " + " ".join(blank_numbers(words).split()), max_segments=11,
                  **line.text_params)
    queue_text(session, to=holder.phone, volunteer_id=holder.id, purpose="crisis_alert",
               key=key, body=body)
    return True


def page(session: Session, conversation: Conversation, words: str, line: Line, now: datetime,
         *, key_prefix: str) -> Told:
    """Nobody holds it: offer it urgently to everyone on duty and the backup group, and page
    the coordinators. Keys start with `key_prefix` (one page per danger text)."""
    contact = session.get(Contact, conversation.contact_id)
    on_duty = availability.available(session, now, line.timezone, for_="texts")
    seen = {v.id for v in on_duty}
    backups = [v for v in routing.backup_group(session, for_="texts", at=now) if v.id not in seen]
    message = "conv_offer_opted_out" if contact.opted_out else "conv_offer_urgent"
    if contact.opted_out:  # they cannot be texted: whoever texts CALLBACK <code> calls them
        callbacks.owe(session, contact.id, conversation.case_code)
    quoted = excerpt(words, offers.EXCERPT_CHARS)
    people = on_duty + backups
    told = 0
    for volunteer in people:
        lang = lifecycle.volunteer_language(volunteer)
        mark = "b" if volunteer.id not in seen else ""
        queue_text(session, to=volunteer.phone, volunteer_id=volunteer.id, purpose="crisis_alert",
                   key=f"{key_prefix}:{mark}{volunteer.id}",
                   body=render(message, lang, codename=contact.codename,
                               code=conversation.case_code, words=quoted,
                               language=lifecycle.language_name(conversation, lang),
                               **line.text_params))
        told += 1
    offers.record_offers(session, conversation, people, now)
    local = now.astimezone(ZoneInfo(line.timezone)).strftime("%H:%M")
    coordinators = offers.tell_coordinators(
        session, conversation, "conv_coordinator_urgent", line, key=key_prefix, time=local,
        count=str(told))
    return Told(conversation, volunteers=len(on_duty), backups=len(backups),
                coordinators=coordinators)
