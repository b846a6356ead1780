"""The next meetings: soonest first within a radius that widens when the area is sparse.

Times are exact instants: each meeting's wall-clock time is expanded in its own timezone, so a
19:00 meeting stays at 19:00 local across a daylight-saving change. For speed, candidates are
first ranked by wall-clock minutes (off by at most the DST shift), then only the leaders get the
exact expansion.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from helpline.meetings.geocode import miles
from helpline.meetings.index import CELL, WEEK, Entry, MeetingIndex, cell_of

RADII = (5.0, 10.0, 25.0, 50.0)  # miles
GRACE = timedelta(minutes=15)  # a meeting that started this long ago still counts
SOON = timedelta(hours=24)
ENOUGH = 3  # meetings starting soon before we stop widening
SLACK = timedelta(hours=2)  # more than any DST shift


@dataclass(frozen=True)
class Query:
    """What to look for: near a point (or online), in a window of instants, with filters."""

    start: datetime
    end: datetime
    latitude: float | None = None
    longitude: float | None = None
    online: bool = False
    programs: frozenset[str] = frozenset()
    language: str | None = None


@dataclass(frozen=True)
class Hit:
    """One meeting's next occurrence."""

    meeting_id: int
    starts_at: datetime
    miles: float | None


@dataclass
class Found:
    """The hits, soonest first, and the radius they came from (None: online)."""

    hits: list[Hit] = field(default_factory=list)
    radius: float | None = None


def next_start(entry: Entry, after: datetime) -> datetime | None:
    """The first instant at or after `after` when this meeting starts, expanded in its zone."""
    zone = ZoneInfo(entry.timezone)
    first_day = after.astimezone(zone).date()
    for offset in range(8):
        day = first_day + timedelta(days=offset)
        if day.weekday() in entry.weekdays:
            # Round-trip through UTC so a time in the spring-forward gap lands just after it.
            starts = datetime.combine(day, entry.start, zone).astimezone(UTC)
            if starts >= after:
                return starts
    return None


def _minute_of_week(moment: datetime, zone: str) -> int:
    """The local minute of the week, rounded up: a meeting at 19:00 has begun by 19:00:30."""
    local = moment.astimezone(ZoneInfo(zone))
    late = 1 if (local.second or local.microsecond) else 0
    return (local.weekday() * 1440 + local.hour * 60 + local.minute + late) % WEEK


def _matches(entry: Entry, query: Query) -> bool:
    if query.programs and entry.program not in query.programs:
        return False
    return query.language is None or query.language in entry.languages


def _leaders(scored: list[tuple[timedelta, Entry, float | None]], after: datetime,
             query: Query, limit: int) -> list[Hit]:
    """Exact times for the candidates that can still make the top `limit`, soonest first."""
    scored = [item for item in scored if after + item[0] <= query.end + SLACK]
    scored.sort(key=lambda item: item[0])
    if len(scored) > limit:
        cutoff = scored[limit - 1][0] + SLACK
        scored = [item for item in scored if item[0] <= cutoff]
    hits = []
    for _, entry, distance in scored:
        starts = next_start(entry, after)
        if starts is not None and starts <= query.end:
            hits.append(Hit(entry.id, starts, distance))
    hits.sort(key=lambda hit: (hit.starts_at, hit.miles or 0.0, hit.meeting_id))
    return hits[:limit]


def _approx_wait(entry: Entry, now_minutes: dict[str, int], after: datetime) -> timedelta:
    if entry.timezone not in now_minutes:
        now_minutes[entry.timezone] = _minute_of_week(after, entry.timezone)
    here = now_minutes[entry.timezone]
    return timedelta(minutes=min((m - here) % WEEK for m in entry.minutes_of_week))


def _within(index: MeetingIndex, query: Query, radius: float) -> list[tuple[Entry, float]]:
    lat, lon = query.latitude, query.longitude
    dlat = radius / 69.0 / CELL
    dlon = radius / (69.17 * max(math.cos(math.radians(lat)), 0.01)) / CELL
    (row, col) = cell_of(lat, lon)
    found = []
    for r in range(row - math.ceil(dlat), row + math.ceil(dlat) + 1):
        for c in range(col - math.ceil(dlon), col + math.ceil(dlon) + 1):
            for entry in index.cells.get((r, c), ()):
                distance = miles(lat, lon, entry.latitude, entry.longitude)
                if distance <= radius and _matches(entry, query):
                    found.append((entry, distance))
    return found


def nearby(index: MeetingIndex, query: Query, now: datetime, limit: int = 30) -> Found:
    """In-person meetings near the query's point, widening the radius until enough are soon."""
    after = max(query.start, now - GRACE)
    soon = min(query.end, now + SOON)
    hits: list[Hit] = []
    for radius in RADII:
        minutes: dict[str, int] = {}
        scored = [(_approx_wait(e, minutes, after), e, d) for e, d in _within(index, query, radius)]
        hits = _leaders(scored, after, query, max(limit, ENOUGH))
        if sum(1 for hit in hits if hit.starts_at <= soon) >= ENOUGH:
            break
    return Found(hits[:limit], radius)


def online(index: MeetingIndex, query: Query, now: datetime, limit: int = 30) -> Found:
    """Online meetings starting soonest, whatever their timezone."""
    after = max(query.start, now - GRACE)
    scored: list[tuple[timedelta, Entry, None]] = []
    for zone, timeline in index.online.items():
        scored.extend(_walk(timeline, _minute_of_week(after, zone), query, limit))
    return Found(_leaders(scored, after, query, limit), None)


def _walk(timeline: list[tuple[int, int, Entry]], here: int, query: Query, limit: int):
    """From `here` on, the matching entries of one zone's week that could be among the first."""
    start, seen, cutoff = bisect_left(timeline, (here, -1)), set(), None
    for step in range(len(timeline)):
        minute, entry_id, entry = timeline[(start + step) % len(timeline)]
        wait = timedelta(minutes=(minute - here) % WEEK)
        if cutoff is not None and wait > cutoff:
            break
        if entry_id in seen or not _matches(entry, query):
            continue
        seen.add(entry_id)
        yield wait, entry, None
        if len(seen) == limit:
            cutoff = wait + SLACK


def find(index: MeetingIndex, query: Query, now: datetime, limit: int = 30) -> Found:
    """Nearby in-person meetings, or online ones when asked or when there is no place."""
    if query.online or query.latitude is None:
        return online(index, query, now, limit)
    return nearby(index, query, now, limit)
