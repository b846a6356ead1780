"""The line's own wording of catalog texts: checked like the catalog's own (GSM-7 as written,
the same placeholders, at most 2 segments with long sample values)."""

from __future__ import annotations

from helpline import catalog
from helpline.catalog.render import _placeholders, _template_problems, segments, to_gsm7
from helpline.catalog.samples import LONG_VALUES
from helpline.settings.registry import SettingError

PREFIX = "text:"


def key(message: str, lang: str) -> str:
    """The stored key of one message in one language."""
    return f"{PREFIX}{message}:{lang}"


def parse_key(stored_key: str) -> tuple[str, str] | None:
    """(message, lang) of a stored text key, or None for another setting."""
    if not stored_key.startswith(PREFIX):
        return None
    message, _, lang = stored_key[len(PREFIX):].rpartition(":")
    return (message, lang) if message in catalog.MESSAGES and lang in ("en", "es") else None


def original(message: str, lang: str) -> str:
    """The catalog's own text."""
    entry = catalog.MESSAGES[message]
    return entry.get(lang) or entry["en"]


def check(message: str, lang: str, template: str) -> str:
    """The text as it will be stored (GSM-7, trimmed), or SettingError saying what is wrong."""
    if message not in catalog.MESSAGES or lang not in ("en", "es"):
        raise SettingError("There is no such text.")
    text = to_gsm7(template.replace("\r\n", "\n").strip())
    if not text:
        return original(message, lang)
    wanted = _names(original(message, lang))
    problems = _template_problems(message, text, LONG_VALUES)
    if problems:
        raise SettingError(_said(problems[0]))
    if _names(text) - wanted:
        extra = ", ".join(sorted("{" + n + "}" for n in _names(text) - wanted))
        raise SettingError(f"{extra} is not filled in for this text: use only "
                           f"{', '.join(sorted('{' + n + '}' for n in wanted)) or 'no braces'}.")
    return text


def segment_count(message: str, lang: str, template: str) -> int:
    """How many SMS segments the text takes with long sample values."""
    try:
        return segments(to_gsm7(template.format(**LONG_VALUES)))
    except (KeyError, IndexError, ValueError):
        return segments(to_gsm7(template))


def names_of(message: str) -> set[str]:
    """The {names} the catalog's English text of this message uses."""
    return _names(original(message, "en"))


def _names(template: str) -> set[str]:
    return _placeholders(template) - {""}


def _said(problem: str) -> str:
    if "segments" in problem:
        return "Too long: with a long name or place it takes more than 2 texts. Shorten it."
    if "GSM-7" in problem:
        return "Use only letters a phone's basic text alphabet has (no emoji)."
    if "placeholder" in problem or "malformed" in problem or "formatted" in problem:
        return "Check the {braces}: use them only around the names the original uses."
    return problem
