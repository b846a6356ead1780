"""The rota week as the /rota page draws it: seven calendar days of the line's zone, Monday
first, each listing the occurrences that touch it (volunteers.rota.occurrences, after drops and
covers, extra shifts included). One that runs past midnight is drawn on every day it touches:
"22:00 → (Wed 06:00)" where it starts, "(from Tue 22:00) → 06:00" where it ends.

A day is a calendar day, not 24 hours: the day the clocks go back has 25 hours and the day they
go forward 23. Times are local; on those days they carry the zone's abbreviation, and a wall
time that happens twice means its first pass, as everywhere in volunteers.rota.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from volunteers import rota
from volunteers.models import ExtraShift, Shift
from volunteers.rota import Occurrence

WEEK_VALUE = re.compile(r"(\d{4})-W(\d{1,2})")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # weeks outside these are not a coordinator's
_TICK = timedelta(microseconds=1)
_HOUR = timedelta(hours=1)


# Which week


def parse_week(value: str) -> date | None:
    """The Monday of an ISO week written '2026-W49'; None when the value is not one."""
    match = WEEK_VALUE.fullmatch(value.strip())
    if not match or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return None
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:  # week 0, or week 53 of a year with 52
        return None


def week_value(day: date) -> str:
    """The ISO week holding `day`, as '2026-W49'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def this_monday(now: datetime, zone: str) -> date:
    """The Monday of the week holding `now` in the line's zone."""
    today = now.astimezone(ZoneInfo(zone)).date()
    return today - timedelta(days=today.weekday())


# The week drawn


@dataclass(frozen=True)
class Entry:
    """One occurrence as drawn on one day: all of it, its start, its end, or its middle."""

    occurrence: Occurrence
    part: str  # whole | start | end | middle
    times: str  # "22:00 → (Wed 06:00)"
    day_label: str  # its start day: "Tue 1 Dec"
    note: str | None

    @property
    def state(self) -> str:
        """extra, open (dropped, nobody on it), covered, or on (its own volunteer)."""
        o = self.occurrence
        if o.extra_shift_id is not None:
            return "extra"
        if o.volunteer is None:
            return "open"
        return "covered" if o.volunteer_id != o.original_volunteer.id else "on"

    @property
    def who(self) -> str | None:
        """The display name of who is on it, if anyone."""
        return self.occurrence.volunteer.display_name if self.occurrence.volunteer else None

    @property
    def owner(self) -> str:
        """The display name of whose shift it is."""
        return self.occurrence.original_volunteer.display_name

    @property
    def inactive(self) -> bool:
        """Whether who is on it is deactivated (so nobody really is)."""
        return self.occurrence.volunteer is not None and not self.occurrence.volunteer.active

    @property
    def changed(self) -> bool:
        """Whether a drop or cover applies to this occurrence (so it can be undone)."""
        return self.occurrence.dropped or self.occurrence.covered

    @property
    def starts_here(self) -> bool:
        """Whether this is the day it starts (where the page offers its actions)."""
        return self.part in ("whole", "start")


@dataclass(frozen=True)
class Day:
    """One local calendar day of the week and what is on it."""

    day: date
    hours: float  # real hours: 23, 24 or 25 where the clocks change by an hour
    abbreviations: tuple[str, ...]  # the zone's at its start and, if it changes, at its end
    entries: list[Entry]

    @property
    def heading(self) -> str:
        """'Tuesday 1 December'."""
        return f"{self.day:%A} {self.day.day} {self.day:%B}"

    @property
    def clocks(self) -> str | None:
        """What the clocks do this day, when they change."""
        if len(self.abbreviations) < 2 and self.hours == 24:
            return None
        way = "go back" if self.hours > 24 else "go forward"
        return (f"The clocks {way} today: this day has {self.hours:g} hours "
                f"({', then '.join(self.abbreviations)}).")


@dataclass(frozen=True)
class Week:
    """The week from `monday` in the line's zone."""

    monday: date
    zone: str
    days: list[Day]

    @property
    def title(self) -> str:
        """'week 49 of 2026'."""
        year, week, _ = self.monday.isocalendar()
        return f"week {week} of {year}"

    @property
    def value(self) -> str:
        """'2026-W49', for ?week=."""
        return week_value(self.monday)

    @property
    def previous(self) -> str:
        """The week before, for ?week=."""
        return week_value(self.monday - timedelta(days=7))

    @property
    def next(self) -> str:
        """The week after, for ?week=."""
        return week_value(self.monday + timedelta(days=7))

    @property
    def abbreviations(self) -> str:
        """The zone's abbreviations this week: 'EST', or 'EDT, then EST'."""
        seen = dict.fromkeys(a for day in self.days for a in day.abbreviations)
        return ", then ".join(seen)


def build_week(session: Session, monday: date, zone: str) -> Week:
    """The week from `monday` as the page draws it."""
    tz = ZoneInfo(zone)
    midnights = [rota.instant_of(monday + timedelta(days=n), time(0), tz) for n in range(8)]
    found = rota.occurrences(session, midnights[0], midnights[7], zone)
    notes = _notes(session, found)
    drawn = defaultdict(list)
    for o in found:
        first = o.starts_at.astimezone(tz).date()
        last = (o.ends_at - _TICK).astimezone(tz).date()
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if monday <= day < monday + timedelta(days=7):
                drawn[day].append(_entry(o, day, first, last, tz, notes))
    days = []
    for n in range(7):
        start, end = midnights[n], midnights[n + 1]
        names = tuple(dict.fromkeys(f"{t.astimezone(tz):%Z}" for t in (start, end - _TICK)))
        days.append(Day(monday + timedelta(days=n), (end - start) / _HOUR, names,
                        drawn[monday + timedelta(days=n)]))
    return Week(monday, zone, days)


def _entry(o: Occurrence, day: date, first: date, last: date, tz: ZoneInfo, notes: dict
           ) -> Entry:
    start, end = o.starts_at.astimezone(tz), o.ends_at.astimezone(tz)
    if first == last:
        part, times = "whole", f"{_clock(start)}–{_clock(end, midnight_is_24=True)}"
    elif day == first:
        part, times = "start", f"{_clock(start)} → ({end:%a} {_clock(end)})"
    elif day == last:
        part, times = "end", f"(from {start:%a} {_clock(start)}) → {_clock(end)}"
    else:
        part, times = "middle", f"(from {start:%a} {_clock(start)}) → ({end:%a} {_clock(end)})"
    note = notes.get(("extra", o.extra_shift_id) if o.shift_id is None else ("shift", o.shift_id))
    return Entry(o, part, times, f"{first:%a} {first.day} {first:%b}", note)


def _clock(local: datetime, midnight_is_24: bool = False) -> str:
    """'22:00', or '01:30 EDT' on a day the clocks change; a shift ending at midnight ends at
    '24:00' when drawn on the day before."""
    shown = "24:00" if midnight_is_24 and local.time() == time(0) else f"{local:%H:%M}"
    day = local.date() - timedelta(days=1) if shown == "24:00" else local.date()
    return f"{shown} {local:%Z}" if _clocks_change(day, local.tzinfo) else shown


@lru_cache(maxsize=1024)
def _clocks_change(day: date, tz: ZoneInfo) -> bool:
    """Whether the zone's offset changes during this local day."""
    start, end = (rota.instant_of(d, time(0), tz) for d in (day, day + timedelta(days=1)))
    return start.astimezone(tz).utcoffset() != (end - _TICK).astimezone(tz).utcoffset()


def _notes(session: Session, found: list[Occurrence]) -> dict[tuple[str, int], str]:
    """The coordinators' notes of these occurrences' shifts and extra shifts."""
    shift_ids = {o.shift_id for o in found if o.shift_id is not None}
    extra_ids = {o.extra_shift_id for o in found if o.extra_shift_id is not None}
    notes = {}
    if shift_ids:
        rows = session.execute(select(Shift.id, Shift.note).where(Shift.id.in_(shift_ids)))
        notes |= {("shift", row.id): row.note for row in rows if row.note}
    if extra_ids:
        rows = session.execute(select(ExtraShift.id, ExtraShift.note)
                               .where(ExtraShift.id.in_(extra_ids)))
        notes |= {("extra", row.id): row.note for row in rows if row.note}
    return notes
