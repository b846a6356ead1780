"""Recognising texts that may signal danger, in English and Spanish, from the lexicon in
`crisis.lexicon`: a danger phrase counts unless a benign context or a reassurance covers it
("crisis center hours", "not suicidal"), or its sentence is a story from long ago or a joke.
Errs towards danger; measured by bench/crisis_eval.py. Pure text: no database, no network."""

from __future__ import annotations

import re
import unicodedata

from helpline.crisis import lexicon

_DANGER = lexicon.compile_all(lexicon.DANGER)
_BENIGN = lexicon.compile_all([*lexicon.BENIGN, *lexicon.REASSURED])
_LONG_AGO = lexicon.compile_all(lexicon.LONG_AGO)
_NOW = lexicon.compile_all(lexicon.NOW)
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
