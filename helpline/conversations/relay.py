"""Texts relayed both ways through the line's number, and the volunteer's conversation words:
CLAIM K7, #K7 words, DONE, PASS. A texter's text goes to the volunteer holding their
conversation as "#K7 Robin: ..."; a volunteer's text goes to the conversation they last wrote
in as "Sam: ...", unless a texter in another of theirs wrote since (then they are asked which).
Phone numbers typed on either side are blanked; pictures and files are not relayed.
Decisions only: texts are queued through the outbox and the caller commits."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.catalog.render import render, to_gsm7
from helpline.contacts.redact import blank_numbers
from helpline.conversations import asking, lifecycle, offers
from helpline.conversations.models import Conversation, ConversationMessage, ConversationOffer
from helpline.line import Line
from helpline.models import Contact
from helpline.outbound import queue_text
from volunteers.models import Volunteer

MAX_RELAYED = 1600  # Twilio's limit for one message
CATCH_UP = 3  # after a PASS, the new volunteer reads the texter's last words
HASH_CODE = re.compile(r"^\s*#\s*([A-Za-z0-9]{2,8})\b[\s:,.-]*(.*)$", re.S)


def relayed_words(words: str) -> str:
    """What the other side reads: numbers blanked, GSM-7, within Twilio's length."""
    return to_gsm7(blank_numbers(words.strip()))[:MAX_RELAYED]


# ---- the texter's side -------------------------------------------------------------------

def from_texter(session: Session, conversation: Conversation, words: str, line: Line,
                now: datetime, *, message_sid: str, num_media: int = 0) -> str | None:
    """A texter's text in their open conversation: kept, and relayed to the volunteer holding
    it. The reply: a note when a picture was not passed on, else nothing."""
    active = conversation.status == "active"
    lifecycle.record(session, conversation, "texter", words, now, message_sid=message_sid,
                     num_media=num_media, relayed=active and bool(words.strip()))
    if active and words.strip():
        to_holder(session, conversation, words, key=f"relay:{message_sid}")
    if num_media:
        return render("conv_words_only", conversation.language)
    return None


def to_holder(session: Session, conversation: Conversation, words: str, *, key: str) -> None:
    """Queue '#K7 Robin: words' to the volunteer holding the conversation."""
    holder = session.get(Volunteer, conversation.volunteer_id)
    contact = session.get(Contact, conversation.contact_id)
    queue_text(session, to=holder.phone, volunteer_id=holder.id, purpose="relay", key=key,
               body=f"#{conversation.case_code} {contact.codename}: {relayed_words(words)}")


def texter_done(session: Session, conversation: Conversation, line: Line, now: datetime) -> str:
    """DONE from the texter: closed, the volunteer told; the reply thanks them."""
    lifecycle.close(session, conversation, "texter", line, now)
    return render("conv_closed_by_texter", conversation.language, code=conversation.case_code,
                  **line.text_params)


# ---- the volunteer's side ----------------------------------------------------------------

def is_conversation_word(body: str) -> bool:
    """CLAIM, DONE, PASS or a #code: the volunteer's conversation words."""
    first = body.strip().split(None, 1)
    word = re.sub(r"[^A-Z]", "", first[0].upper()) if first else ""
    return word in ("CLAIM", "DONE", "PASS") or body.lstrip().startswith("#")


def volunteer_word(session: Session, volunteer: Volunteer, body: str, line: Line,
                   now: datetime, *, message_sid: str, num_media: int = 0) -> str | None:
    """CLAIM K7, DONE [K7], PASS [K7] or '#K7 words'."""
    lang = lifecycle.volunteer_language(volunteer)
    named = HASH_CODE.match(body)
    if named:
        conversation = _held(session, volunteer, named.group(1))
        if conversation is None:
            code = lifecycle.normal_code(named.group(1))
            return render("conv_not_yours", lang, code=code)
        return to_texter(session, volunteer, conversation, named.group(2), line, now,
                         message_sid=message_sid, num_media=num_media)
    word, _, argument = body.strip().partition(" ")
    word = re.sub(r"[^A-Z]", "", word.upper())
    if word == "CLAIM":
        return claim(session, volunteer, argument, line, now)
    held = lifecycle.held_by(session, volunteer.id)
    if argument.strip():
        conversation = _held(session, volunteer, argument)
        if conversation is None:
            return render("conv_not_yours", lang, code=lifecycle.normal_code(argument) or "?")
    elif len(held) == 1:
        conversation = held[0]
    elif not held:
        return render("conv_none_held", lang)
    else:
        return which(session, held, lang)
    if word == "DONE":
        lifecycle.close(session, conversation, "volunteer", line, now)
        return render("conv_volunteer_done", lang, code=conversation.case_code)
    return pass_back(session, volunteer, conversation, line, now)


def from_volunteer(session: Session, volunteer: Volunteer, words: str, line: Line,
                   now: datetime, *, message_sid: str, num_media: int = 0) -> str | None:
    """A volunteer's plain text while they hold conversations: to the one they last wrote in,
    or a question when a texter in another one wrote since."""
    held = lifecycle.held_by(session, volunteer.id)
    target = _target(held)
    if target is None:
        return which(session, held, lifecycle.volunteer_language(volunteer))
    return to_texter(session, volunteer, target, words, line, now, message_sid=message_sid,
                     num_media=num_media)


def to_texter(session: Session, volunteer: Volunteer, conversation: Conversation, words: str,
              line: Line, now: datetime, *, message_sid: str, num_media: int = 0) -> str | None:
    """Relay a volunteer's words to the texter as 'Sam: words'."""
    has_words = bool(words.strip())
    lifecycle.record(session, conversation, "volunteer", words, now, volunteer_id=volunteer.id,
                     message_sid=message_sid, num_media=num_media, relayed=has_words)
    if has_words:
        contact = session.get(Contact, conversation.contact_id)
        queue_text(session, to=contact.address, contact_id=contact.id, purpose="relay",
                   key=f"relay:{message_sid}",
                   body=f"{to_gsm7(volunteer.display_name)}: {relayed_words(words)}")
    if num_media:
        return render("conv_words_only", lifecycle.volunteer_language(volunteer))
    return None


def which(session: Session, held: list[Conversation], lang: str) -> str:
    """Ask the volunteer which conversation they mean."""
    names = {c.id: session.get(Contact, c.contact_id).codename for c in held}
    people = ", ".join(f"#{c.case_code} {names[c.id]}" for c in held[:4])
    return render("conv_which", lang, count=str(len(held)), people=people,
                  code=held[0].case_code)


def _target(held: list[Conversation]) -> Conversation | None:
    """The conversation a plain text goes to (None: ambiguous, or none held)."""
    if len(held) <= 1:
        return held[0] if held else None
    def mine(c: Conversation) -> datetime:
        return c.volunteer_last_at or c.claimed_at or c.opened_at
    latest = max(held, key=mine)
    newer = [c for c in held if c is not latest and c.texter_last_at is not None
             and c.texter_last_at > mine(latest)]
    return None if newer else latest


def _held(session: Session, volunteer: Volunteer, code: str) -> Conversation | None:
    conversation = lifecycle.find_open(session, code)
    if conversation is None or conversation.volunteer_id != volunteer.id:
        return None
    return conversation


def claim(session: Session, volunteer: Volunteer, code: str, line: Line, now: datetime) -> str:
    """CLAIM K7: the first volunteer wins; the texter is told who is with them (display name),
    the others offered it are told it is taken, and what the texter wrote while waiting goes
    to the winner."""
    lang = lifecycle.volunteer_language(volunteer)
    conversation = lifecycle.find_open(session, code)
    shown = lifecycle.normal_code(code) or "?"
    if conversation is None:
        return render("conv_gone", lang, code=shown)
    contact = session.get(Contact, conversation.contact_id)
    params = dict(code=conversation.case_code, codename=contact.codename,
                  language=lifecycle.language_name(conversation, lang))
    if conversation.volunteer_id == volunteer.id:
        return render("conv_claimed", lang, **params)
    if conversation.status != "waiting":
        return render("conv_taken", lang, code=conversation.case_code)
    if len(lifecycle.held_by(session, volunteer.id)) >= max(volunteer.max_conversations, 0):
        return render("conv_at_cap", lang, count=str(volunteer.max_conversations))
    if not lifecycle.take(session, conversation, volunteer, now):
        return render("conv_taken", lang, code=conversation.case_code)
    queue_text(session, to=contact.address, contact_id=contact.id, purpose="conversation",
               key=f"conv-connected:{conversation.id}:{conversation.offer_round}",
               body=render("conv_connected", conversation.language, code=conversation.case_code,
                           person=volunteer.display_name))
    _tell_taken(session, conversation, volunteer)
    for message in _catch_up(session, conversation):
        message.relayed = True
        to_holder(session, conversation, message.body,
                  key=f"relay-held:{message.id}:{volunteer.id}")
    return render("conv_claimed", lang, **params)


def _catch_up(session: Session, conversation: Conversation) -> list[ConversationMessage]:
    """What the one who claims should read first: what the texter wrote while waiting, and
    after a PASS also their last CATCH_UP words from before, oldest first."""
    texter = (ConversationMessage.conversation_id == conversation.id,
              ConversationMessage.sender == "texter", ConversationMessage.body != "")
    found = {m.id: m for m in session.scalars(select(ConversationMessage).where(
        *texter, ConversationMessage.relayed.is_(False)))}
    if conversation.offer_round > 1:
        found.update((m.id, m) for m in session.scalars(select(ConversationMessage).where(
            *texter).order_by(ConversationMessage.id.desc()).limit(CATCH_UP)))
    return [found[i] for i in sorted(found) if asking.keyword(found[i].body) not in asking.WORDS]


def _tell_taken(session: Session, conversation: Conversation, winner: Volunteer) -> None:
    others = session.scalars(select(Volunteer).join(
        ConversationOffer, ConversationOffer.volunteer_id == Volunteer.id).where(
        ConversationOffer.conversation_id == conversation.id,
        ConversationOffer.round == conversation.offer_round, Volunteer.id != winner.id))
    for other in others:
        queue_text(session, to=other.phone, volunteer_id=other.id, purpose="conversation_offer",
                   key=f"conv-taken:{conversation.id}:{conversation.offer_round}:{other.id}",
                   body=render("conv_taken", lifecycle.volunteer_language(other),
                               code=conversation.case_code))


def pass_back(session: Session, volunteer: Volunteer, conversation: Conversation, line: Line,
              now: datetime) -> str:
    """PASS: back to the pool; the texter is told another peer is being found; offered again
    (not to the one who passed it)."""
    lifecycle.hand_back(session, conversation, now)
    contact = session.get(Contact, conversation.contact_id)
    queue_text(session, to=contact.address, contact_id=contact.id, purpose="conversation",
               key=f"conv-passed:{conversation.id}:{conversation.offer_round}",
               body=render("conv_passed", conversation.language, code=conversation.case_code,
                           **line.text_params))
    offers.record_offers(session, conversation, [volunteer], now)
    conversation.last_offer_at = None
    if conversation.urgent:
        offers.offer_everyone(session, conversation, line, now)
    else:
        offers.offer_next(session, conversation, line, now)
    return render("conv_volunteer_passed", lifecycle.volunteer_language(volunteer),
                  code=conversation.case_code)
