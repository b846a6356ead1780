"""How the recogniser reads a text: plain (lower case, no accents), emoji that carry danger named,
punctuation turned to spaces, texting shorthand spelled out. Shared by the lexicon and the
model."""

from __future__ import annotations

import re
import unicodedata

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
