"""Recognising texts that may signal danger, in English and Spanish, from the lexicon in
`danger_lexicon`: a danger phrase counts unless a benign context or a reassurance covers it
("crisis center hours", "not suicidal"), or the whole text is a story from long ago. Errs
towards answering with crisis resources; measured by bench/crisis_eval.py."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Contact, InboundMessage, OutboundMessage
from helpline.outbound import queue_text
from helpline.texts import danger_lexicon as lexicon
from volunteers.rota import on_duty

_DANGER = lexicon.compile_all(lexicon.DANGER)
_BENIGN = lexicon.compile_all([*lexicon.BENIGN, *lexicon.REASSURED])
_LONG_AGO = lexicon.compile_all(lexicon.LONG_AGO)
_NOW = lexicon.compile_all(lexicon.NOW)
PAGE_EVERY = timedelta(minutes=10)  # one texter's danger texts page the people on duty once
#: Emoji that carry a danger of their own, read as words the lexicon knows.
EMOJI = {"\U0001f52b": " emojigun ", "\U0001faa2": " emojirope ", "\u26b0": " emojicoffin ",
         "\U0001f52a": " emojiknife ", "\U0001f48a": " emojipills "}
#: Texting shorthand read as the words it stands for, so one phrase in the lexicon serves both.
SHORTHAND = {"q": "que", "k": "que", "xq": "porque", "pq": "porque", "x": "por", "d": "de",
             "tb": "tambien", "u": "you", "ur": "your", "r": "are", "pls": "please",
             "plz": "please", "tmrw": "tomorrow", "tmr": "tomorrow", "tonite": "tonight",
             "2nite": "tonight", "2night": "tonight", "cuz": "because", "bc": "because",
             "w": "with", "ppl": "people", "wat": "what"}


def plain(text: str) -> str:
    """Lowercase, accents stripped, curly apostrophes made straight."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(text: str) -> str:
    """The text as the lexicon reads it: plain, apostrophes dropped ("don't" is "dont"), every
    other mark a space, shorthand spelled out, one space between words."""
    named = "".join(EMOJI.get(ch, ch) for ch in text[:2000])
    spaced = re.sub(r"[^a-z0-9\s]", " ", plain(named).replace("'", "")).split()
    return " ".join(SHORTHAND.get(word, word) for word in spaced)


def sentences(text: str) -> list[str]:
    """The text's sentences, each as `words` reads it (a full stop, ?, !, ; or a new line ends
    one): "years ago" or "lol" speaks only for its own sentence."""
    return [said for part in re.split(r"[.!?;]+(?=\s|$)|\n+", text[:2000]) if (said := words(part))]


def danger_spans(text: str) -> list[tuple[int, str]]:
    """Each danger phrase the lexicon finds, with the sentence it stands in, after benign
    contexts and reassurances are taken out, and stories from long ago or jokes (unless the
    sentence says it is now)."""
    found = []
    for number, said in enumerate(sentences(text)):
        spans = [m.span() for m in _DANGER.finditer(said)]
        if not spans:
            continue
        harmless = [m.span() for m in _BENIGN.finditer(said)]
        spans = [s for s in spans if not any(s[0] < h[1] and h[0] < s[1] for h in harmless)]
        if spans and _LONG_AGO.search(said) and not _NOW.search(said):
            continue  # told from safety, long ago, or as a joke
        found += [(number, said[a:b]) for a, b in spans]
    return found


def signals_danger(text: str) -> bool:
    """True when the text may mean the texter, or someone with them, is in danger now."""
    return bool(danger_spans(text))


def alert_on_duty(session: Session, contact: Contact, line: Line, reason: str) -> int:
    """Text every volunteer on duty that this contact may be in danger (codename, no number),
    at most once every PAGE_EVERY for one contact; returns how many were told, now or then."""
    now = utcnow()
    already = _paged_since(session, contact, now - PAGE_EVERY, reason)
    if already:
        return already  # they were told minutes ago; a second page teaches them to ignore pages
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


def _paged_since(session: Session, contact: Contact, since: datetime, reason: str) -> int:
    """How many pages this contact's earlier danger texts since `since` caused."""
    earlier = session.scalars(select(InboundMessage.message_sid).where(
        InboundMessage.contact_id == contact.id, InboundMessage.intent == "crisis",
        InboundMessage.received_at >= since, InboundMessage.message_sid != reason))
    return sum(session.scalar(select(func.count()).select_from(OutboundMessage).where(
        OutboundMessage.key >= f"crisis-alert:{sid}:", OutboundMessage.key < f"crisis-alert:{sid};",
    )) or 0 for sid in earlier)
