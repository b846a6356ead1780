"""A volunteer's text to the line: the rota's words (`volunteers.commands`), CALLBACK 7Q2 for a
caller's call-back, and ON ringing them at once when a caller is waiting. Decisions only; the
caller commits."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from helpline.calls import callbacks, ringing
from helpline.catalog.render import render
from helpline.line import Line
from volunteers import commands
from volunteers.models import Volunteer


def handle(session: Session, volunteer: Volunteer, body: str, line: Line, now: datetime) -> str:
    """The reply to a volunteer's text."""
    command = commands.parse(body)
    if command.word == "CALLBACK":
        return _callback(session, volunteer, command.argument, now)
    reply = commands.handle(session, volunteer, body, line, now)
    if command.word == "ON":
        ringing.ring_if_caller_waits(session, volunteer)
    return reply


def _callback(session: Session, volunteer: Volunteer, argument: str, now: datetime) -> str:
    """CALLBACK 7Q2: the first volunteer to claim it is rung and bridged to the caller."""
    code = re.sub(r"[^A-Z0-9]", "", argument.upper())[:8]
    result = callbacks.claim(session, code, volunteer.id, now) if code else "unknown"
    reply = {"won": "vm_calling_you", "taken": "vm_callback_taken"}.get(result,
                                                                        "vm_callback_unknown")
    return render(reply, commands.language(volunteer), code=code or "?")
