"""What callers and volunteers hear: voice catalog prompts filled in with the line's values."""

from __future__ import annotations

from helpline.catalog import VOICE
from helpline.line import Line

# A call's language as the listener would name it: LANGUAGE_NAMES[listener][call language].
LANGUAGE_NAMES = {"en": {"en": "English", "es": "Spanish"}, "es": {"en": "ingles", "es": "espanol"}}


def spoken(key: str, line: Line, lang: str = "en", **params: str) -> str:
    """A prompt from the voice catalog, filled in (English if it has no such language)."""
    entry = VOICE[key]
    return entry[lang if lang in entry else "en"].format(**line.text_params, **params)
