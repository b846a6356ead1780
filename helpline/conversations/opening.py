"""A texter asks for a person: a conversation opens with a case code, the volunteers on duty
are offered it, and the texter gets an honest answer: someone is being found (and roughly how
soon), or nobody is on duty now, when the next volunteer starts, and that their words are kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.conversations import lifecycle, offers, relay
from helpline.conversations.asking import asks_for_person
from helpline.conversations.models import Conversation
from helpline.line import Line
from helpline.models import Contact
from volunteers import availability


def talk(session: Session, contact: Contact, words: str, line: Line, now: datetime, *,
         message_sid: str, num_media: int = 0, conversation: Conversation | None = None,
         prefer: int | None = None) -> str | None:
    """The reply to a texter asking for a person, or writing in their open `conversation`
    (the caller has looked it up). A new conversation is offered first to the volunteer
    `prefer` (who held the texter's last one) when they are free for texts; the others are
    offered it after OFFER_STEP, by the clock's round."""
    if conversation is not None:
        reply = relay.from_texter(session, conversation, words, line, now,
                                  message_sid=message_sid, num_media=num_media)
        if reply is None and conversation.status == "waiting" and asks_for_person(words):
            return render("conv_still_waiting", contact.language, code=conversation.case_code,
                          **line.text_params)
        return reply
    conversation = lifecycle.open_conversation(session, contact, now)
    lifecycle.record(session, conversation, "texter", words, now, message_sid=message_sid,
                     num_media=num_media)
    params = dict(code=conversation.case_code, **line.text_params)
    first = [v for v in availability.available(session, now, line.timezone, for_="texts")
             if v.id == prefer] if prefer is not None else []
    if first and offers.with_room(session, first) and \
            offers.offer_to(session, conversation, first, line, now, words=words, done=set()):
        return render("conv_finding", contact.language, n=str(line.claim_minutes), **params)
    if offers.offer_next(session, conversation, line, now, words=words, new=True):
        return render("conv_finding", contact.language, n=str(line.claim_minutes), **params)
    start = offers.next_start(session, line, now, contact.language)
    if start is None:
        return render("conv_nobody_unknown", contact.language, **params)
    return render("conv_nobody", contact.language, start=start, **params)
