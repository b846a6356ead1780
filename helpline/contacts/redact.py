"""Phone numbers in free text (a voicemail's transcription, a relayed text) blanked out, so a
number said or typed never reaches the other side."""

from __future__ import annotations

import re

# Digits however a transcription writes them: numerals, or words ("three oh two", "cinco"),
# with any spacing or punctuation between them. Six or more in a row are a phone number said
# in the message ("302, 555, 0199", "three oh two five five five ...").
_DIGIT_WORDS = {
    "zero": 1, "oh": 1, "o": 1, "one": 1, "two": 1, "three": 1, "four": 1, "five": 1, "six": 1,
    "seven": 1, "eight": 1, "nine": 1, "cero": 1, "uno": 1, "dos": 1, "tres": 1, "cuatro": 1,
    "cinco": 1, "seis": 1, "siete": 1, "ocho": 1, "nueve": 1, "double": 1, "triple": 2,
}
_DIGIT_TOKEN = r"(?:\+?\d+|" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r")"
DIGIT_RUN = re.compile(rf"(?<![\w]){_DIGIT_TOKEN}(?:[\s,.()/+-]+{_DIGIT_TOKEN})*(?![\w])",
                       re.IGNORECASE)
NUMBER_DIGITS = 6


def blank_numbers(text: str) -> str:
    """The text with every run of six or more digits, written or spelled, as "(number)"."""
    def blank(run: re.Match) -> str:
        tokens = re.findall(_DIGIT_TOKEN, run.group(0), re.IGNORECASE)
        digits = sum(len(t.lstrip("+")) if t[-1].isdigit() else _DIGIT_WORDS[t.lower()]
                     for t in tokens)
        return "(number)" if digits >= NUMBER_DIGITS else run.group(0)
    return DIGIT_RUN.sub(blank, text)


def excerpt(text: str | None, chars: int = 80) -> str:
    """": 'the first words...'" of a text, numbers blanked out, at most `chars` quoted; "."
    without any words."""
    shown = " ".join(blank_numbers(text or "").split())
    if not shown:
        return "."
    if len(shown) > chars:
        shown = shown[:chars - 3].rsplit(" ", 1)[0] + "..."
    return f": '{shown}'"
