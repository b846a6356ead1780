"""Recognising texts that may signal danger. Errs towards answering with crisis resources."""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Contact
from helpline.outbound import queue_text
from volunteers.rota import on_duty

_PATTERNS = [
    # English
    r"suicid\w*", r"kill(ing)? my ?self", r"end(ing)? (my|it) (life|all)", r"end it",
    r"(want|wanna|going) to die", r"wanna die", r"don'?t want to (live|be alive|be here)",
    r"better off dead", r"no reason to live", r"hurt(ing)? my ?self", r"self[- ]?harm",
    r"cut(ting)? my ?self", r"overdos\w*", r"o\.?d\.?(ing|'d|ed)?", r"crisis",
    r"emergency", r"relaps\w* .*(die|dying)", r"can'?t go on",
    # Spanish (accents are stripped before matching)
    r"suicid\w*", r"matarme", r"quitarme la vida", r"quiero morir(me)?", r"me quiero morir",
    r"no quiero vivir", r"sobredosis", r"hacerme dano", r"lastimarme", r"crisis", r"emergencia",
]
_CRISIS = re.compile(r"\b(" + "|".join(_PATTERNS) + r")\b", re.IGNORECASE)


def plain(text: str) -> str:
    """Lowercase, accents stripped, curly apostrophes made straight."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def signals_danger(text: str) -> bool:
    """True when the text contains words that may mean the person is in danger."""
    return bool(_CRISIS.search(plain(text)))


def alert_on_duty(session: Session, contact: Contact, line: Line, reason: str) -> int:
    """Text every volunteer on duty that this contact may be in danger (codename, no number)."""
    now = utcnow()
    local = now.astimezone(ZoneInfo(line.timezone)).strftime("%H:%M")
    volunteers = on_duty(session, now, line.timezone)
    for volunteer in volunteers:
        lang = "es" if volunteer.language_codes[:1] == ["es"] else "en"
        body = render(
            "volunteer_crisis_alert", lang, codename=contact.codename, time=local,
            **line.text_params,
        )
        queue_text(
            session, to=volunteer.phone, body=body, purpose="crisis_alert",
            key=f"crisis-alert:{reason}:{volunteer.id}", volunteer_id=volunteer.id,
        )
    return len(volunteers)
