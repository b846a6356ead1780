"""A volunteer's text to the line: the rota's words (`volunteers.commands`), CALLBACK 7Q2 for a
caller's call-back, ON ringing them at once when a caller is waiting (and offering them the
conversations waiting), and their conversations: CLAIM K7, #K7 words, DONE, PASS, and plain
words relayed to the texter they are with. While they hold a conversation a text is a rota
word only when it is nothing but that word and its argument ("ON", "DROP 2"), so "on my way"
or "who are you with?" reaches the texter. Decisions only; the caller commits."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.calls import callbacks, ringing
from helpline.catalog.render import render
from helpline.conversations import lifecycle, offers, relay
from helpline.conversations.models import Conversation
from helpline.followups import consent
from helpline.line import Line
from volunteers import commands
from volunteers.models import Volunteer

#: A rota word on its own, as a volunteer holding a conversation must send it.
BARE_WORD = re.compile(
    r"^\s*(?:ON(?:\s+(?:until|till|til|hasta)\s+[\d:apm. ]+)?|OFF|SHIFTS?|WHO|COMMANDS|"
    r"DROP\s+\d{1,2}|TAKE\s+#?\w{2,8}|CALLBACK\s+#?\w{2,8})\s*[.!]*\s*$|^\s*PIN\b",
    re.IGNORECASE)


def handle(session: Session, volunteer: Volunteer, body: str, line: Line, now: datetime, *,
           message_sid: str = "", num_media: int = 0) -> str | None:
    """The reply to a volunteer's text (None: nothing to say, the words were relayed)."""
    if relay.is_conversation_word(body):
        reply = relay.volunteer_word(session, volunteer, body, line, now,
                                     message_sid=message_sid, num_media=num_media)
        for closed in session.scalars(select(Conversation).where(  # DONE: ask about check-ins
                Conversation.volunteer_id == volunteer.id, Conversation.closed_at == now,
                Conversation.closed_by == "volunteer")):
            consent.ask(session, closed, line, now)
        return reply
    if (num_media or not BARE_WORD.match(body)) and lifecycle.held_by(session, volunteer.id):
        return relay.from_volunteer(session, volunteer, body, line, now,
                                    message_sid=message_sid, num_media=num_media)
    command = commands.parse(body)
    if command.word == "CALLBACK":
        return _callback(session, volunteer, command.argument, now)
    reply = commands.handle(session, volunteer, body, line, now)
    if command.word == "ON":
        ringing.ring_if_caller_waits(session, volunteer)
        session.flush()
        offers.offer_to_newcomer(session, volunteer, line, now)
    return reply


def _callback(session: Session, volunteer: Volunteer, argument: str, now: datetime) -> str:
    """CALLBACK 7Q2: the first volunteer to claim it is rung and bridged to the caller."""
    code = re.sub(r"[^A-Z0-9]", "", argument.upper())[:8]
    result = callbacks.claim(session, code, volunteer.id, now) if code else "unknown"
    reply = {"won": "vm_calling_you", "taken": "vm_callback_taken"}.get(result,
                                                                        "vm_callback_unknown")
    return render(reply, commands.language(volunteer), code=code or "?")
