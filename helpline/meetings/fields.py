"""The field helpers the feed parsers share: `meeting_guide` (Meeting Guide JSON), `bmlt` (BMLT
GetSearchResults) and `csv_feed` (the helpline's CSV) import them; this module imports none of
them. A feed that cannot be read at all raises `FeedError`; an entry that cannot be imported
raises `EntryError` and becomes a `Skipped` with its reason."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from datetime import time
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from helpline.meetings.records import MeetingRecord, ParsedFeed, Skipped


class FeedError(ValueError):
    """The feed as a whole cannot be read (not JSON, not a list of meetings, no CSV header)."""


class EntryError(ValueError):
    """One entry cannot be imported; the message is the reason shown to the operator."""


def load_json(data: Any) -> Any:
    """Decoded JSON from bytes or text; lists and dicts pass through; FeedError otherwise."""
    if isinstance(data, list | dict):
        return data
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FeedError(f"the feed is not UTF-8 text ({error.reason})") from None
    if not isinstance(data, str):
        raise FeedError(f"the feed must be JSON text, not {type(data).__name__}")
    try:
        return json.loads(data.lstrip("\ufeff"))
    except (ValueError, RecursionError) as error:
        raise FeedError(f"the feed is not valid JSON: {error}") from None


def entries(loaded: Any, what: str) -> list[dict]:
    """The feed's entries; FeedError unless a list holding at least one object (or empty)."""
    if not isinstance(loaded, list):
        raise FeedError(f"{what} must be a JSON list of meetings, not {_json_type(loaded)}")
    if loaded and not any(isinstance(entry, dict) for entry in loaded):
        raise FeedError(f"{what} must be a list of meeting objects, not of {_json_type(loaded[0])}")
    return loaded


def _json_type(value: Any) -> str:
    """A JSON name for a Python value's type, for error messages."""
    if isinstance(value, bool) or value is None:
        return "a boolean" if value is not None else "null"
    names = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def collect(
    items: list, build: Callable[[dict], MeetingRecord], slug_key: str, name_key: str
) -> ParsedFeed:
    """A record built from each entry; entries that cannot be built are Skipped with why."""
    result, seen = ParsedFeed(), {}
    for index, entry in enumerate(items, start=1):
        label = f"#{index}"
        try:
            if not isinstance(entry, dict):
                raise EntryError(f"entry #{index} is {_json_type(entry)}, not a meeting object")
            label = text(entry.get(slug_key)) or text(entry.get(name_key)) or label
            record = build(entry)
            claim_slug(seen, record.slug, f"entry #{index}")
        except EntryError as error:
            result.skipped.append(Skipped(label, str(error)))
        else:
            result.meetings.append(record)
    return result


def claim_slug(seen: dict[str, str], slug: str, where: str) -> None:
    """Record a slug as used; EntryError when an earlier entry already had it."""
    if slug in seen:
        raise EntryError(f"duplicate slug {slug!r} (already used by {seen[slug]})")
    seen[slug] = where


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def text(value: Any) -> str:
    """A stripped single-line string from any JSON value ("" for null, lists, objects, NaN)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        value = int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, int):
        return str(value) if value.bit_length() < 3000 else ""
    if isinstance(value, float):
        return str(value)
    if not isinstance(value, str):
        return ""
    return _SPACE.sub(" ", _BREAK.sub(" ", value)).strip()


def shown(value: Any, limit: int = 40) -> str:
    """A short repr of a feed value for a skip reason."""
    try:
        shown_value = repr(value)
    except (ValueError, RecursionError):
        shown_value = f"<{type(value).__name__}>"
    return shown_value if len(shown_value) <= limit else shown_value[: limit - 3] + "..."


def joined(*parts: str) -> str:
    """Non-empty parts, each once, one per line."""
    return "\n".join(dict.fromkeys(part for part in parts if part))


def number(value: Any) -> float | None:
    """A finite float from a JSON number or numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int):
        value = float(value) if abs(value) < 1e300 else math.inf
    return value if isinstance(value, float) and math.isfinite(value) else None


def coordinates(latitude: Any, longitude: Any) -> tuple[float | None, float | None]:
    """A plausible (latitude, longitude) pair, or (None, None); 0,0 counts as missing."""
    lat, lon = number(latitude), number(longitude)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return (None, None) if lat == 0 and lon == 0 else (lat, lon)


def flag(value: Any) -> bool | None:
    """True/False from booleans, 1/0, "yes"/"no", "true"/"false"; None when unclear."""
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in ("1", "yes", "y", "true", "on"):
        return True
    if word in ("0", "no", "n", "false", "off"):
        return False
    return None


_CLOCK = re.compile(
    r"^(\d{1,2})(?:[:.h](\d{2})(?::(\d{2}))?)?\s*(?:([ap])\.?\s*m?\.?)?$", re.IGNORECASE
)
_MILITARY = re.compile(r"^(\d{1,2})(\d{2})$")


def required_time(entry: dict, field: str) -> time:
    """The entry's start time; EntryError saying what was wrong when it has none usable."""
    start = parse_time(entry.get(field))
    if start is None:
        raw = entry.get(field)
        raise EntryError(f"unparseable {field} {shown(raw)}" if text(raw) else f"no {field}")
    return start


def parse_time(value: Any) -> time | None:
    """A wall-clock time from "19:00", "19:00:00", "7:00 PM", "7 pm", "19.00", "1900", "noon"."""
    raw = text(value).lower()
    if raw in ("noon", "midday"):
        return time(12, 0)
    if raw == "midnight":
        return time(0, 0)
    match = _CLOCK.match(raw) or _MILITARY.match(raw)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    second = int(match.group(3) or 0) if match.re is _CLOCK else 0
    meridiem = match.group(4).lower() if match.re is _CLOCK and match.group(4) else ""
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif (hour, minute, second) == (24, 0, 0):
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute)


DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_from_name(word: str) -> int | None:
    """Python weekday (Monday 0) from an English day name or its first three letters."""
    word = word.strip().lower().rstrip(".")
    for index, name in enumerate(DAY_NAMES):
        if len(word) >= 3 and name.startswith(word):
            return index
    return None


def weekday(value: Any, sunday: int) -> int:
    """Python weekday (Monday 0) from a day name or a number counted from `sunday` (0 or 1)."""
    raw = text(value)
    named = weekday_from_name(raw) if raw and not raw.lstrip("-").isdigit() else None
    if named is not None:
        return named
    day = number(raw) if raw else None
    if day is None or not day.is_integer() or not sunday <= day <= sunday + 6:
        expected = f"a day name or {sunday} (Sunday) to {sunday + 6} (Saturday)"
        raise EntryError(f"invalid day {shown(value)}: expected {expected}")
    return (int(day) - sunday - 1) % 7


def weekdays(value: Any, sunday: int) -> tuple[int, ...]:
    """Sorted distinct Python weekdays from one day value or a list of them."""
    values = value if isinstance(value, list | tuple) else [value]
    values = [item for item in values if text(item) or isinstance(item, list | dict)]
    if not values:
        raise EntryError("no day (an appointment meeting, not on a weekly schedule)")
    return tuple(sorted({weekday(item, sunday) for item in values}))


_TYPE_ALIASES = {"OPEN": "O", "CLOSED": "C"}


def meeting_types(value: Any) -> tuple[str, ...]:
    """Upper-case type codes from a list, a comma string, or a string like "[open]"."""
    if isinstance(value, str):
        items: list[Any] = re.split(r"[,;|]", value)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = [value]
    codes: list[str] = []
    for item in items:
        code = text(item).strip("[]\"' ").upper()
        code = _TYPE_ALIASES.get(code, code)
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def web_url(value: Any) -> str:
    """The value when it is an http(s) URL with a host, else ""."""
    url = text(value)
    if " " in url:
        return ""
    try:
        parts = urlsplit(url)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return ""
    return url if valid else ""


def dial_string(value: Any) -> str:
    """The value when it holds a dialable number (10+ digits, TSML UI's rule), else ""."""
    phone = text(value)
    return phone if len(re.sub(r"\D", "", phone)) >= 10 else ""


def attendance(online: bool, closed: bool, approximate: bool) -> tuple[str, bool]:
    """(attendance, temporarily_closed) as TSML UI derives them from online, TC, approximate."""
    in_person = not closed and not approximate
    if online:
        return ("hybrid" if in_person else "online"), False
    return "in_person", closed


def timezone_name(value: Any) -> str | None:
    """The value when it names an IANA timezone, else None."""
    name = text(value)
    return name if name and len(name) <= 64 and _known_zone(name) else None


@lru_cache(maxsize=512)
def _known_zone(name: str) -> bool:
    """Whether zoneinfo can load this key (it raises several kinds of error for odd keys)."""
    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


def stable_slug(name: str, days: tuple[int, ...], start: time) -> str:
    """A slug derived from name, days and time, the same on every import."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    day_part = "-".join(DAY_NAMES[day][:3] for day in days)
    return f"{words or 'meeting'}-{day_part}-{start:%H%M}"


US_NAMES = {"US", "USA", "U.S.", "U.S.A.", "UNITED STATES", "UNITED STATES OF AMERICA"}


def postal_code(value: Any, country: str) -> str:
    """A postal code as text; a US ZIP given as a JSON number gets its leading zeros back."""
    code = text(value)
    if isinstance(value, int) and country.upper() in US_NAMES and code.isdigit():
        return code.zfill(5)
    return code
