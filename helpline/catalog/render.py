"""Render every automated SMS text: catalog lookup, GSM-7 transliteration, segment fitting.

Carriers bill (and some split or mangle) messages by segment.  A single character outside the
GSM 03.38 default alphabet switches the whole message to UCS-2, cutting a segment from 160 to
70 characters, so every outgoing text is forced into GSM-7 here before it is sent.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# GSM 03.38 default alphabet, in table order (0x00-0x7F), without 0x1B (the escape code).
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each character is sent as ESC + code, so it costs 2 septets.
GSM7_EXTENSION: frozenset[str] = frozenset("\f^{}\\[]~|€")

_GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION
# Characters to_gsm7 keeps as they are: GSM-7 minus the control characters \r and \f.
_KEEP = _GSM7_ALL - {"\r", "\f"}

_SINGLE_GSM7, _MULTI_GSM7 = 160, 153
_SINGLE_UCS2, _MULTI_UCS2 = 70, 67
_ELLIPSIS = "..."
_CATALOG_MAX_SEGMENTS = 2
_REQUIRED_LANGUAGES = ("en", "es")


def _expand(groups: dict[str, str]) -> dict[str, str]:
    """Turn {replacement: characters} into {character: replacement}."""
    return {char: repl for repl, chars in groups.items() for char in chars}


_TRANSLIT: dict[str, str] = _expand(
    {
        "'": "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u02b9\u02bc`\u00b4",
        '"': "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb",
        "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212"  # dashes, minus
        "\u2022\u2023\u2219\u25aa\u25cf\u25e6\u00b7",  # bullets, middle dot
        "...": "\u2026",
        " ": "\t\v\f",
        "\n": "\u2028\u2029\x85",
        "/": "\u2044\u00f7",
        "x": "\u00d7",
        "oe": "\u0153",
        "OE": "\u0152",
        "d": "\u00f0\u0111",
        "D": "\u00d0\u0110",
        "th": "\u00fe",
        "Th": "\u00de",
        "l": "\u0142",
        "L": "\u0141",
        "h": "\u0127",
        "H": "\u0126",
        "i": "\u0131",
        "(c)": "\u00a9",
        "(R)": "\u00ae",
    }
)
_SPACE_RUNS = re.compile(" {2,}")


def is_gsm7(text: str) -> bool:
    """True if every character of text is in the GSM-7 default alphabet or its extension."""
    return all(char in _GSM7_ALL for char in text)


@lru_cache(maxsize=4096)
def _char_to_gsm7(char: str) -> str:
    """GSM-7 replacement for one character ("" when it has no sensible GSM-7 form)."""
    if char in _KEEP:
        return char
    if char in _TRANSLIT:
        return _TRANSLIT[char]
    if unicodedata.category(char) == "Zs":
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed == char:
        return ""
    # NFKD output is already fully decomposed, so this recursion is one level deep.
    return "".join(_char_to_gsm7(part) for part in decomposed if not unicodedata.combining(part))


def to_gsm7(text: str) -> str:
    """Transliterate any text to pure GSM-7, dropping what has no sensible GSM-7 form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # NFC first so a decomposed "e" + combining acute becomes the GSM-7 letter é.
    converted = "".join(map(_char_to_gsm7, unicodedata.normalize("NFC", text)))
    return _SPACE_RUNS.sub(" ", converted).strip(" \n")


def _pack(costs: Iterable[int], single: int, multi: int) -> int:
    """Count segments for per-character costs, never splitting one character's units."""
    costs = list(costs)
    if not costs:
        return 0
    if sum(costs) <= single:
        return 1
    count, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            count, used = count + 1, 0
        used += cost
    return count


def segments(text: str) -> int:
    """Number of SMS segments needed to send text (0 for the empty string)."""
    if is_gsm7(text):
        return _pack((2 if c in GSM7_EXTENSION else 1 for c in text), _SINGLE_GSM7, _MULTI_GSM7)
    return _pack((2 if ord(c) > 0xFFFF else 1 for c in text), _SINGLE_UCS2, _MULTI_UCS2)


def _longest_prefix(text: str, max_segments: int) -> int:
    """Largest n such that text[:n] + "..." fits in max_segments (segments grow with n)."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if segments(text[:mid] + _ELLIPSIS) <= max_segments:
            low = mid
        else:
            high = mid - 1
    return low


def fit(text: str, max_segments: int = 2) -> str:
    """Return text if it fits in max_segments, else cut it at a word boundary and add "..."."""
    if max_segments < 1:
        raise ValueError(f"max_segments must be at least 1, not {max_segments}")
    if segments(text) <= max_segments:
        return text
    end = _longest_prefix(text, max_segments)
    cut = text[:end]
    if not text[end].isspace():  # the cut falls inside a word: back off to its start
        boundary = max(cut.rfind(" "), cut.rfind("\n"))
        if boundary > 0:
            cut = cut[:boundary]
    return cut.rstrip(" \n,;:.-") + _ELLIPSIS


def _base_language(lang: str) -> str:
    """Primary language subtag: "es-MX", "es_MX" and "ES" all give "es"."""
    return str(lang or "en").strip().replace("_", "-").split("-", 1)[0].lower()


def _param(value: str) -> str:
    """A value transliterated, keeping one leading or trailing space it was given with
    (" until 22:00" in "ON duty now{until}")."""
    core = to_gsm7(value)
    if not core:
        return ""
    return (" " if value.startswith(" ") else "") + core + (" " if value.endswith(" ") else "")


def _compose(template: str, params: dict[str, object]) -> str:
    """Format template with GSM-7-transliterated str params and transliterate the result."""
    clean = {name: _param(v) if isinstance(v, str) else v for name, v in params.items()}
    return to_gsm7(template.format(**clean))


def render(key: str, lang: str = "en", *, max_segments: int = 2, **params: object) -> str:
    """Render catalog message key in lang (falling back to English) as GSM-7 that fits."""
    from helpline import catalog

    entry, base = catalog.MESSAGES[key], _base_language(lang)
    own = getattr(catalog, "OVERRIDES", {})  # the line's own wording (settings page)
    template = own.get((key, base)) or entry.get(base) or own.get((key, "en")) or entry["en"]
    return fit(_compose(template, params), max_segments)


def _placeholders(template: str) -> set[str]:
    """Root names of the placeholders in template; raises ValueError if it is malformed."""
    fields = (field for _, field, _, _ in string.Formatter().parse(template) if field is not None)
    return {re.split(r"[.\[]", field, maxsplit=1)[0] for field in fields}


def _template_problems(label: str, template: object, params: dict[str, str]) -> list[str]:
    """Problems with one catalog template, each as a human-readable string."""
    if not isinstance(template, str):
        return [f"{label}: template is {type(template).__name__}, not str"]
    problems = []
    if not is_gsm7(template):
        bad = "".join(sorted(set(template) - _GSM7_ALL))
        problems.append(f"{label}: not GSM-7 as written, contains {bad!r}")
    try:
        names = _placeholders(template)
    except ValueError as exc:
        return [*problems, f"{label}: malformed template ({exc})"]
    unnamed = sorted(n for n in names if not n or n.isdigit())
    missing = sorted(names - set(params) - set(unnamed))
    problems += [f"{label}: positional placeholder {{{n}}}; use a name" for n in unnamed]
    problems += [f"{label}: sample params lack placeholder {{{n}}}" for n in missing]
    if unnamed or missing:
        return problems
    try:
        needed = segments(_compose(template, params))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
        return [*problems, f"{label}: cannot be formatted ({exc!r})"]
    if needed > _CATALOG_MAX_SEGMENTS:
        problems.append(
            f"{label}: needs {needed} SMS segments with the sample params "
            f"(max {_CATALOG_MAX_SEGMENTS})"
        )
    return problems


def catalog_problems(params: dict[str, str]) -> list[str]:
    """Every problem in catalog.MESSAGES with the given sample params ([] if none)."""
    from helpline import catalog

    problems: list[str] = []
    for key, entry in catalog.MESSAGES.items():
        if not isinstance(entry, dict):
            problems.append(f"{key}: entry is {type(entry).__name__}, not a dict of languages")
            continue
        absent = [lang for lang in _REQUIRED_LANGUAGES if lang not in entry]
        problems += [f"{key}: no {lang!r} text" for lang in absent]
        for lang, template in entry.items():
            problems += _template_problems(f"{key}[{lang}]", template, params)
    return problems
