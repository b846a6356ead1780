"""Recognising texts that may signal danger, in English and Spanish: the lexicon in
`crisis.lexicon` (a danger phrase counts unless a benign context or a reassurance covers it,
"crisis center hours", "not suicidal", or its sentence is a story from long ago or a joke), and
beside it a small model trained on the tuning corpus (`crisis.model`) for what the lexicon has
no phrase for. Errs towards danger; measured by bench/crisis_eval.py. Pure text: no database,
no network."""

from __future__ import annotations

import re

from helpline.crisis import lexicon, model
from helpline.crisis.reading import EMOJI, SHORTHAND, plain, words

__all__ = ["EMOJI", "SHORTHAND", "danger_spans", "lexicon_says", "plain", "signals_danger",
           "words"]

_DANGER = lexicon.compile_all(lexicon.DANGER)
_BENIGN = lexicon.compile_all([*lexicon.BENIGN, *lexicon.REASSURED])
_LONG_AGO = lexicon.compile_all(lexicon.LONG_AGO)
_NOW = lexicon.compile_all(lexicon.NOW)


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


def lexicon_says(text: str) -> bool:
    """The lexicon's opinion alone."""
    return bool(danger_spans(text))


_EXTRA: list[tuple[str, ...]] = []  # the line's own phrases, as word tuples (settings page)


def set_extra_phrases(phrases: tuple[str, ...] | list[str]) -> None:
    """The line's own danger phrases (from its settings): any text that has one, word for word,
    signals danger, whatever the lexicon and the model say."""
    _EXTRA[:] = [tuple(found) for phrase in phrases if (found := words(phrase).split())]


def _has_extra_phrase(text: str) -> bool:
    if not _EXTRA:
        return False
    said = words(text[:2000]).split()
    return any(said[i:i + len(p)] == list(p) for p in _EXTRA for i in range(len(said)))


def signals_danger(text: str) -> bool:
    """True when the text may mean the texter, or someone with them, is in danger now: the
    lexicon finds a danger phrase not taken back, or the model is sure (`model.THRESHOLD`), or
    it has one of the line's own danger phrases."""
    return lexicon_says(text) or model.signals_danger(text) or _has_extra_phrase(text)
