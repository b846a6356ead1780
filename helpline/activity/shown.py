"""How instants and waits read on the coordinator's pages: the line's local time, minutes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def clock(at: datetime | None, zone: str, fmt: str = "%a %H:%M") -> str:
    """An instant in the line's zone ("Tue 14:02"); "" for none."""
    return at.astimezone(ZoneInfo(zone)).strftime(fmt) if at else ""


def when(at: datetime | None, zone: str) -> str:
    """An instant with its date, for lists that go back further than a week."""
    return clock(at, zone, "%a %-d %b %Y %H:%M")


def duration(seconds: float | None) -> str:
    """"4:10" under an hour, "2 h 05 min" from an hour; "" when there was no wait."""
    if seconds is None:
        return ""
    whole = max(0, int(round(seconds)))
    if whole >= 3600:
        return f"{whole // 3600} h {whole % 3600 // 60:02d} min"
    return f"{whole // 60}:{whole % 60:02d}"


def between(start: datetime | None, end: datetime | None) -> float | None:
    """Seconds from start to end, or None when either is missing."""
    return (end - start).total_seconds() if start and end else None
