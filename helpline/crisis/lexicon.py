"""The words of danger, English and Spanish, gathered: the kinds of danger are in `english`
and `spanish`, what takes them back (benign contexts, reassurances, the distant past) in
`contexts`; all are regular expressions over `recognise.words` text.

Build the lexicon from what people text, not from the evaluation set: the held-out corpus in
tests/crisis_corpus/held_out*.csv is for measuring only (bench/crisis_eval.py)."""

from __future__ import annotations

import re

from helpline.crisis import english, english_sideways, spanish
from helpline.crisis.contexts import BENIGN, LONG_AGO, NOW, REASSURED

__all__ = ["BENIGN", "DANGER", "LONG_AGO", "NOW", "REASSURED", "compile_all"]


def compile_all(patterns: list[str]) -> re.Pattern[str]:
    """One regular expression matching any of `patterns` as whole words."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![a-z0-9])")


DANGER = [
    *english.SUICIDE_EN, *english.MEANS_EN, *english.SELF_HARM_EN, *english.OVERDOSE_EN,
    *english.OTHERS_EN, *english.GOODBYE_EN, *english.ALARM_EN, *english_sideways.SIDEWAYS_EN,
    *spanish.SUICIDE_ES, *spanish.MEANS_ES, *spanish.SELF_HARM_ES, *spanish.OVERDOSE_ES,
    *spanish.OTHERS_ES, *spanish.GOODBYE_ES, *spanish.ALARM_ES, *spanish.SIDEWAYS_ES,
]
