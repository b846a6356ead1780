"""The search preview: the reply a first-time texter gets for "MEETINGS <words>" at a chosen
time, made by the very function that answers texters (`answers.answer`), inside a savepoint
that is rolled back: the stand-in texter and their saved search are never kept."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from helpline.catalog.render import is_gsm7, segments
from helpline.line import Line
from helpline.meetings import answers, requests
from helpline.models import Contact

KEYWORD = "MEETINGS"


@dataclass(frozen=True)
class Preview:
    """What the texter sends and what the line replies (None: not a meeting search)."""

    sent: str
    reply: str | None
    segments: int = 0
    gsm7: bool = True
    reads_as: str = "meetings"


def body_for(words: str) -> str:
    """The text a texter sends: the keyword, then the words (a ZIP, a town, "tonight"...)."""
    return f"{KEYWORD} {' '.join(words.split())}"


def reply(session: Session, body: str, line: Line, now: datetime,
          language: str = "en") -> Preview:
    """The reply to `body` from a new texter writing in `language`, as if sent at `now`."""
    request = requests.parse(body)
    if request is None:
        return Preview(body, None, reads_as="other")
    token = secrets.token_hex(6)
    savepoint = session.begin_nested()
    try:
        texter = Contact(address=f"preview-{token}", kind="phone", codename=f"Preview {token}",
                         language=language)
        session.add(texter)
        session.flush()
        text = answers.answer(session, texter, request, line, now)
    finally:
        savepoint.rollback()
    return Preview(body, text, segments(text), is_gsm7(text))
