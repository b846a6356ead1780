"""Reading a text as a meeting request: MEETINGS 19958, NA 64111 tonight, AA ONLINE, a bare ZIP,
REUNIONES 19958, MORE, DETAILS 2, REMIND 2."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from helpline.meetings.when import WORDS as TIME_WORDS

SEARCH = {"meetings", "meeting", "mtg", "mtgs", "mtngs", "reuniones", "reunion", "juntas"}
SPANISH = {"reuniones", "reunion", "juntas", "mas", "detalles", "detalle", "recordar",
           "recuerdame", "recordatorio", "hoy", "manana", "noche", "linea"}
PROGRAMS = {"aa": "AA", "na": "NA", "ca": "CA", "ma": "MA", "oa": "OA", "smart": "SMART",
            "alanon": "AL-ANON", "cma": "CMA", "hacoa": "HA"}
ONLINE = {"online", "virtual", "zoom", "linea"}
# Not "in", "de", "me", "or", "ca", "ma": they are also state codes (Indiana, Delaware...).
FILLER = {"near", "around", "at", "for", "cerca", "en", "the", "please", "pls", "any", "find",
          "whats", "what", "is", "are", "there", "un", "una", "por", "favor"}
STATE_LIKE = {"ca", "ma"}
MORE = {"more", "mas", "next"}
DETAILS = {"details", "detail", "detalles", "detalle", "addr", "address"}
REMIND = {"remind", "reminder", "recordar", "recuerdame", "recordatorio"}
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
#: Words parse_place must skip over when it looks for a place in the rest of the text.
NOT_PLACE = TIME_WORDS | (set(PROGRAMS) - STATE_LIKE) | ONLINE | FILLER | SEARCH


@dataclass(frozen=True)
class MeetingRequest:
    """What the texter asked of the meeting finder."""

    action: str  # search | more | details | remind
    number: int | None = None
    place_text: str = ""
    online: bool = False
    programs: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    spanish: bool = False


def words_of(body: str) -> list[str]:
    """Lower-case words without accents or punctuation."""
    plain = unicodedata.normalize("NFKD", body.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("-", "")
    return re.findall(r"[a-z0-9]+", plain)


def _follow_up(words: list[str]) -> MeetingRequest | None:
    if len(words) == 1 and words[0] in MORE:
        return MeetingRequest("more", spanish=words[0] == "mas")
    if len(words) == 2 and words[1].isdigit() and len(words[1]) <= 2:
        for action, keys in (("details", DETAILS), ("remind", REMIND)):
            if words[0] in keys:
                return MeetingRequest(action, int(words[1]), spanish=words[0] in SPANISH)
    return None


def parse(body: str) -> MeetingRequest | None:
    """The meeting request in this text, or None when it is not one."""
    words = words_of(body)
    if not words or len(words) > 12:
        return None
    follow_up = _follow_up(words)
    if follow_up is not None:
        return follow_up
    lead = next((i for i, w in enumerate(words) if w not in SEARCH and w not in PROGRAMS),
                len(words))
    only_filters = all(w in NOT_PLACE or _ZIP.fullmatch(w) for w in words)
    asked = lead > 0 or bool(set(words) & SEARCH)  # "I need a meeting near Lewes" too
    if not asked and not (_ZIP.search(body) and only_filters):
        return None
    # CA and MA name programs only up front ("CA 90210"); later they are states ("LA, CA").
    programs = {PROGRAMS[w] for i, w in enumerate(words)
                if w in PROGRAMS and (i < lead or w not in STATE_LIKE)}
    return MeetingRequest(
        "search",
        place_text=_place_text(body),
        online=bool(set(words) & ONLINE),
        programs=frozenset(programs),
        time_words=frozenset(w for w in words if w in TIME_WORDS),
        spanish=bool(set(words) & SPANISH),
    )


def _place_text(body: str) -> str:
    """The text with the leading keyword and program words removed (the place is in the rest)."""
    tokens = body.split()
    while tokens and words_of(tokens[0]) and words_of(tokens[0])[0] in SEARCH | set(PROGRAMS):
        tokens.pop(0)
    return " ".join(tokens)
