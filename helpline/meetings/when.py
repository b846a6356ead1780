"""Time words in a texter's request ("tonight", "tomorrow", "tue", "morning", "hoy") as a window
of instants in the texter's local time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
    "saturday": 5, "sun": 6, "sunday": 6,
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6,
}
PARTS = {  # part of the day: local hours [from, to)
    "morning": (5, 12), "afternoon": (12, 17), "evening": (17, 24), "tonight": (17, 24),
    "noche": (17, 24), "tarde": (12, 19),
}
TODAY = {"today", "hoy"}
TOMORROW = {"tomorrow", "tmrw", "tmw", "manana"}
NOW = {"now", "ahora"}
WORDS = set(DAYS) | set(PARTS) | TODAY | TOMORROW | NOW | {"esta", "this", "next"}
WEEK_AHEAD = timedelta(days=7)


@dataclass(frozen=True)
class Window:
    """From when to when the texter wants a meeting to start (UTC instants)."""

    start: datetime
    end: datetime
    label: str = ""  # the words that set it, for the reply


def _day_bounds(day: date, zone: ZoneInfo, hours: tuple[int, int] = (0, 24)) -> tuple:
    start = datetime.combine(day, time(hours[0]), zone)
    end = datetime.combine(day + timedelta(days=hours[1] // 24), time(hours[1] % 24), zone)
    return start, end - timedelta(seconds=1)


def _chosen_day(words: set[str], today: date) -> date | None:
    if words & TOMORROW:
        return today + timedelta(days=1)
    for word in words:
        if word in DAYS:
            return today + timedelta(days=(DAYS[word] - today.weekday()) % 7)
    return today if words & (TODAY | {"tonight"}) else None


def window(words: set[str], zone_name: str, now: datetime) -> Window:
    """The window the words ask for; without time words, the week ahead."""
    zone = ZoneInfo(zone_name)
    local_now = now.astimezone(zone)
    label = " ".join(sorted(words & WORDS - {"esta", "this", "next"}))
    if words & NOW:
        return Window(now - timedelta(days=1), now + timedelta(hours=2), label)
    day = _chosen_day(words, local_now.date())
    part = next((PARTS[w] for w in sorted(words) if w in PARTS), None)
    if day is None and part is None:
        return Window(now - timedelta(days=1), now + WEEK_AHEAD, label)
    if day is None:  # "morning" alone: today's, or tomorrow's once today's is over
        day = local_now.date()
        if _day_bounds(day, zone, part)[1] < local_now:
            day += timedelta(days=1)
    start, end = _day_bounds(day, zone, part or (0, 24))
    return Window(start.astimezone(now.tzinfo), end.astimezone(now.tzinfo), label)
