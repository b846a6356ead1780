"""Meeting feeds in (pure parsing: no database, no network): the entry points and the dispatcher.
Each format has its parser (`meeting_guide`, `bmlt`, `csv_feed`); the helpers they share live in
`fields`. A feed that cannot be read at all raises `FeedError`; an entry that cannot be imported
becomes a `Skipped` with its reason."""

from __future__ import annotations

import re
from typing import Any

from helpline.meetings import bmlt, csv_feed, meeting_guide
from helpline.meetings.fields import FeedError, load_json
from helpline.meetings.records import ParsedFeed

__all__ = ["FeedError", "detect_kind", "parse", "parse_bmlt", "parse_csv", "parse_meeting_guide"]


def parse_meeting_guide(
    data: bytes | str | list, *, program: str = "", timezone: str | None = None
) -> ParsedFeed:
    """Parse a Meeting Guide JSON feed (a list of meetings)."""
    return meeting_guide.parse_meeting_guide(data, program=program, timezone=timezone)


def parse_bmlt(
    data: bytes | str | list | dict, *, program: str = "NA", timezone: str | None = None
) -> ParsedFeed:
    """Parse BMLT GetSearchResults JSON (a list, or an object with "meetings")."""
    return bmlt.parse_bmlt(data, program=program, timezone=timezone)


def parse_csv(data: bytes | str, *, program: str = "", timezone: str | None = None) -> ParsedFeed:
    """Parse the helpline's documented meeting CSV (see `csv_feed`)."""
    return csv_feed.parse_csv(data, program=program, timezone=timezone)


def parse(kind: str, data: Any, **kwargs: Any) -> ParsedFeed:
    """Parse `data` as a feed of `kind`: "meeting-guide", "bmlt" or "csv"."""
    parsers = {"meeting-guide": parse_meeting_guide, "bmlt": parse_bmlt, "csv": parse_csv}
    parser = parsers.get(str(kind).strip().lower())
    if parser is None:
        raise FeedError(f"unknown feed kind {kind!r}: expected one of {', '.join(parsers)}")
    return parser(data, **kwargs)


def detect_kind(data: bytes | str, filename: str = "") -> str:
    """Guess a feed's kind from its file name (or URL) and content; never raises."""
    if re.split(r"[?#]", filename or "")[0].lower().endswith(".csv"):
        return "csv"
    try:
        loaded = load_json(data)
    except FeedError:
        return "csv" if _looks_like_csv(data) else "meeting-guide"
    if isinstance(loaded, dict) and isinstance(loaded.get("meetings"), list):
        return "bmlt"
    if isinstance(loaded, list) and loaded and isinstance(loaded[0], dict):
        return "bmlt" if "id_bigint" in loaded[0] else "meeting-guide"
    return "meeting-guide"


def _looks_like_csv(data: bytes | str) -> bool:
    """Whether the first line reads like a CSV header naming the required columns."""
    head = data[:2000].decode("utf-8", "replace") if isinstance(data, bytes) else str(data)[:2000]
    first = head.lstrip("\ufeff").splitlines()[0].lower() if head.strip() else ""
    columns = {c.strip().strip('"') for c in first.split(",")}
    return {"name", "day", "time"} <= columns
