"""An in-memory index of every meeting, so a texter's search never waits on the database.

Built once per process from the meetings table and rebuilt when an import changes it (a cheap
version check per search). In-person meetings sit in a grid of 0.25-degree cells; online ones are
kept per timezone sorted by minute of the week, so "the next online meetings" is a bisect.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.meetings.models import Meeting, MeetingSource

CELL = 0.25  # degrees; about 17 miles of latitude
WEEK = 7 * 24 * 60


@dataclass(frozen=True)
class Entry:
    """What a search needs to know of one meeting."""

    id: int
    latitude: float | None
    longitude: float | None
    timezone: str
    weekdays: tuple[int, ...]
    start: time
    minutes_of_week: tuple[int, ...]
    program: str
    attendance: str
    temporarily_closed: bool
    languages: frozenset[str]

    @property
    def in_person(self) -> bool:
        """Open to walk in: in person or hybrid, and not temporarily closed."""
        return self.attendance in ("in_person", "hybrid") and not self.temporarily_closed

    @property
    def online(self) -> bool:
        """Joinable online or by phone."""
        return self.attendance in ("online", "hybrid")


def cell_of(latitude: float, longitude: float) -> tuple[int, int]:
    """The grid cell a point falls in."""
    return int(latitude // CELL), int(longitude // CELL)


class MeetingIndex:
    """Every meeting, arranged for fast 'near here' and 'online soon' lookups."""

    def __init__(self, entries: list[Entry], version: tuple) -> None:
        self.version, self.size = version, len(entries)
        self.cells: dict[tuple[int, int], list[Entry]] = defaultdict(list)
        self.online: dict[str, list[tuple[int, int, Entry]]] = defaultdict(list)
        self.by_id = {entry.id: entry for entry in entries}
        for entry in entries:
            if entry.in_person and entry.latitude is not None and entry.longitude is not None:
                self.cells[cell_of(entry.latitude, entry.longitude)].append(entry)
            if entry.online:
                for minute in entry.minutes_of_week:
                    self.online[entry.timezone].append((minute, entry.id, entry))
        for timeline in self.online.values():
            timeline.sort(key=lambda item: item[:2])


def _entry(row) -> Entry:
    weekdays = tuple(int(day) for day in row.weekdays.split(",") if day != "")
    start_minute = row.start.hour * 60 + row.start.minute
    return Entry(
        id=row.id, latitude=row.latitude, longitude=row.longitude, timezone=row.timezone,
        weekdays=weekdays, start=row.start,
        minutes_of_week=tuple(day * 1440 + start_minute for day in weekdays),
        program=row.program, attendance=row.attendance,
        temporarily_closed=row.temporarily_closed,
        languages=frozenset(code for code in row.languages.split(",") if code),
    )


_VERSION = select(
    select(func.count(MeetingSource.id)).scalar_subquery(),
    select(func.max(MeetingSource.last_success_at)).scalar_subquery(),
    select(func.max(Meeting.id)).scalar_subquery(),
)


def version_of(session: Session) -> tuple:
    """Changes whenever an import adds, replaces or removes meetings (re-imports get new ids).
    One small statement, run before every search."""
    return tuple(session.execute(_VERSION).one())


def build(session: Session) -> MeetingIndex:
    """Read every meeting into a fresh index."""
    version = version_of(session)
    columns = (Meeting.id, Meeting.latitude, Meeting.longitude, Meeting.timezone,
               Meeting.weekdays, Meeting.start, Meeting.program, Meeting.attendance,
               Meeting.temporarily_closed, Meeting.languages)
    rows = session.execute(select(*columns)).all()
    collecting = gc.isenabled()
    gc.disable()  # nearly half the build is the collector walking objects that all survive
    try:
        return MeetingIndex([_entry(row) for row in rows], version)
    finally:
        if collecting:
            gc.enable()


_lock = threading.Lock()
_current: dict[str, MeetingIndex] = {}


def current(session: Session) -> MeetingIndex:
    """This process's index for the session's database, rebuilt if the meetings changed."""
    key = str(session.get_bind().url)
    version = version_of(session)
    index = _current.get(key)
    if index is None or index.version != version:
        with _lock:
            index = _current.get(key)
            if index is None or index.version != version:
                index = _current[key] = build(session)
    return index
