"""The rota held in memory for `volunteers.rota.on_duty`: weekly shifts by hour of the week,
extra shifts and presence rows as spans of instants, and the version that says when to read them
again (bumped by session hooks on every ORM write, or by `rota_changed` after raw SQL).

The rules the spans follow are in volunteers.rota's docstring.
"""

from __future__ import annotations

import gc
import math
import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import event, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from volunteers.models import ExtraShift, Presence, RotaSetting, Shift, Volunteer

_US_PER_HOUR, _US_PER_DAY = 3_600_000_000, 86_400_000_000
_LONGEST_SHIFT = timedelta(hours=27)  # 24 wall-clock hours plus the largest DST change
_LONG_SECONDS = 7 * 86400
_WEEKS_KEPT = 64


def _us(clock: time) -> int:
    return ((clock.hour * 60 + clock.minute) * 60 + clock.second) * 1_000_000 + clock.microsecond


class _Spans:
    """Spans of instants, found by an instant inside them: [start, end, item] lists of POSIX
    timestamps, bucketed by hour; the few longer than a week (or open) are kept apart."""

    def __init__(self) -> None:
        self.hours: dict[int, list[list]] = defaultdict(list)
        self.long: list[list] = []

    def add(self, start: datetime, end: datetime | None, item: tuple) -> list:
        """Hold `item` from start until end (None: until cut)."""
        span = [start.timestamp(), math.inf if end is None else end.timestamp(), item]
        self._place(span)
        return span

    def cut(self, span: list, end: datetime) -> None:
        """End a span sooner."""
        was_long = span[1] - span[0] > _LONG_SECONDS
        span[1] = min(span[1], end.timestamp())
        if was_long and span[1] - span[0] <= _LONG_SECONDS:
            self._place(span)  # placed before it leaves the long ones: never missing
            self.long.remove(span)

    def _place(self, span: list) -> None:
        start, end = span[0], span[1]
        if end - start > _LONG_SECONDS:
            self.long.append(span)
        elif end > start:
            for hour in range(int(start // 3600), math.ceil(end / 3600)):
                self.hours[hour].append(span)

    def at(self, at: datetime) -> list[tuple]:
        """The items held at instant `at`."""
        moment = at.timestamp()
        return [span[2] for span in (*self.hours.get(int(moment // 3600), ()), *self.long)
                if span[0] <= moment < span[1]]


class _Presence:
    """Presence rows as spans (volunteers.rota's docstring), built row by row in (since, id)
    order per volunteer, so that newer rows are merged in without reading the others again."""

    def __init__(self, longest: timedelta) -> None:
        self.longest, self.spans, self.last_id = longest, _Spans(), 0
        self.last: dict[int, tuple] = {}  # volunteer -> (since, id) of their latest row
        self.holding: dict[tuple[int, bool], list] = {}  # (volunteer, on) -> spans of their
        # rows of that state that still hold at their latest row's since (a later open row of
        # the other state may end them)

    def merge(self, rows: list) -> bool:
        """Add rows newer than any held (in (since, id) order); False (nothing added) if one is
        older than a row already held for its volunteer."""
        if any(row.volunteer_id in self.last and (row.since, row.id) < self.last[row.volunteer_id]
               for row in rows):
            return False
        for row in rows:
            self._add(row)
        return True

    def _add(self, row) -> None:
        on, volunteer, since = row.state == "on", row.volunteer_id, row.since.timestamp()
        self.last[volunteer], self.last_id = (row.since, row.id), max(self.last_id, row.id)
        if row.until is None:  # an open row ends every row of the other state
            for span in self.holding.pop((volunteer, not on), ()):
                self.spans.cut(span, row.since)
        end = row.until if row.until is not None else None if on else row.since + self.longest
        item = (row.since, on, row.until is None and not on, volunteer, row.id)
        span = self.spans.add(row.since, end, item)
        mine = [s for s in self.holding.get((volunteer, on), ()) if s[1] > since]
        self.holding[volunteer, on] = [*mine, span]


class _Schedule:
    """Weekly shifts as wall-clock pieces, arranged by hour of the week one week at a time;
    extra shifts as spans of instants."""

    def __init__(self, shifts: list, extras: list) -> None:
        self.pieces = [piece for row in shifts for piece in _pieces(row)]
        self.weeks: dict[int, list[list[tuple]]] = {}  # Monday's ordinal -> hours of the week
        self.longest = max([_LONGEST_SHIFT, *(e.ends_at - e.starts_at for e in extras)])
        self.extras = _Spans()
        for e in extras:
            self.extras.add(e.starts_at, e.ends_at, (e.starts_at, e.id, e.volunteer_id))

    def at(self, key: datetime) -> list[tuple]:
        """(shift id, volunteer id, occurs_on, starts) of weekly occurrences holding wall time
        `key` (see wall_key), before changes."""
        clock, day = _us(key.time()), key.toordinal()
        hours = self._week(day - key.weekday())
        return [(e[5], e[6], date.fromordinal(day - e[4]), e[7])
                for e in hours[key.weekday() * 24 + key.hour]
                if e[0] <= clock < e[1] and e[2] <= day <= e[3]]

    def _week(self, monday: int) -> list[list[tuple]]:
        """The pieces in effect in the week from `monday`, by hour of that week (cached)."""
        hours = self.weeks.get(monday)
        if hours is None:
            if len(self.weeks) >= _WEEKS_KEPT:
                self.weeks.clear()  # rare: "now" asks about one or two weeks
            hours = [[] for _ in range(7 * 24)]
            for piece in self.pieces:
                weekday, low, high, first, last = piece[:5]
                if first <= monday + weekday <= last:
                    for hour in range(low // _US_PER_HOUR, (high - 1) // _US_PER_HOUR + 1):
                        hours[weekday * 24 + hour].append(piece[1:])
            self.weeks[monday] = hours
        return hours


def _pieces(row) -> list[tuple]:
    """A shift as wall-clock pieces of one day of the week: (weekday, low, high, first, last,
    days back to its start, shift id, volunteer id, starts); low and high are microseconds of
    the day, first and last the ordinals of the days it may hold (its dates, moved by days back).
    """
    begin, finish = _us(row.starts), _us(row.ends)
    first = row.first_date.toordinal() if row.first_date else 0
    last = row.last_date.toordinal() if row.last_date else date.max.toordinal()
    pieces = [(row.weekday, begin, finish if finish > begin else _US_PER_DAY, first, last, 0)]
    if 0 < finish <= begin:  # the part after midnight, on the next day of the week
        pieces.append(((row.weekday + 1) % 7, 0, finish, first + 1, last + 1, 1))
    return [(*piece, row.id, row.volunteer_id, row.starts) for piece in pieces]


@dataclass(frozen=True)
class RotaIndex:
    """The rota of one database held in memory, as of `version`."""

    version: tuple
    schedule: _Schedule
    presence: _Presence


# Keeping the index current: every insert, edit or removal of a shift, an extra shift or a
# presence row through the ORM first bumps a token in rota_settings (the session hooks below).
# The bump comes before the row is written and locks the token's row until commit, so rows of
# one kind commit in id order and a presence index can merge "rows after the last id it holds".
# The maximum ids catch most inserts written in raw SQL; such writes should call rota_changed.

_SCHEDULE = "rota_index.schedule"
_PRESENCE_ADDED, _PRESENCE_EDITED = "rota_index.presence_added", "rota_index.presence_edited"


def _token(key: str):
    return select(RotaSetting.value).where(RotaSetting.key == key).scalar_subquery()


_VERSION = select(
    select(func.max(Shift.id)).scalar_subquery(),
    select(func.max(ExtraShift.id)).scalar_subquery(),
    _token(_SCHEDULE),
    select(func.max(Presence.id)).scalar_subquery(),
    _token(_PRESENCE_ADDED),
    _token(_PRESENCE_EDITED),
    select(Volunteer.calendar_token).order_by(Volunteer.id.desc()).limit(1).scalar_subquery(),
)


def version_of(session: Session) -> tuple:
    """((schedule), (presence added), presence edited, database): one small statement. The last
    changes when the database is emptied and refilled (the newest volunteer's random token)."""
    shifts, extras, schedule, presence, added, edited, newest = session.execute(_VERSION).one()
    return (shifts, extras, schedule), (presence, added), edited, newest


def rota_changed(session: Session, *, presence: bool = False) -> None:
    """Say that shifts or extra shifts (or, with presence=True, presence rows) were written in
    raw SQL, so every process reads them again. Writes through the ORM say it by themselves."""
    _bump(session, _PRESENCE_EDITED if presence else _SCHEDULE)


def _bump(session: Session, key: str) -> None:
    table = RotaSetting.__table__
    dialect = session.get_bind().dialect.name
    upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(table).values(
        key=key, value={"token": secrets.token_hex(8)})
    session.connection().execute(upsert.on_conflict_do_update(
        index_elements=[table.c.key], set_={"value": upsert.excluded.value}))


def _key_for(model: type, added: bool) -> str | None:
    if model in (Shift, ExtraShift):
        return _SCHEDULE
    if model is Presence:
        return _PRESENCE_ADDED if added else _PRESENCE_EDITED
    return None


@event.listens_for(Session, "before_flush")
def _rows_written(session: Session, _context, _instances) -> None:
    keys = {_key_for(type(row), True) for row in session.new}
    keys |= {_key_for(type(row), False) for row in (*session.dirty, *session.deleted)}
    for key in sorted(keys - {None}):
        _bump(session, key)


@event.listens_for(Session, "do_orm_execute")
def _rows_bulk_written(state) -> None:
    mapper = state.bind_mapper
    if mapper is not None and (state.is_insert or state.is_update or state.is_delete):
        key = _key_for(mapper.class_, state.is_insert)
        if key is not None:
            _bump(state.session, key)


_PRESENCE_ROWS = select(Presence.id, Presence.volunteer_id, Presence.state, Presence.since,
                        Presence.until).order_by(Presence.volunteer_id, Presence.since,
                                                 Presence.id)


def _read_schedule(session: Session) -> _Schedule:
    shifts = session.execute(select(Shift.id, Shift.volunteer_id, Shift.weekday, Shift.starts,
                                    Shift.ends, Shift.first_date, Shift.last_date)).all()
    extras = session.execute(select(ExtraShift.id, ExtraShift.volunteer_id, ExtraShift.starts_at,
                                    ExtraShift.ends_at)).all()
    return _Schedule(shifts, extras)


def _read_presence(session: Session, longest: timedelta, held: _Presence | None) -> _Presence:
    """`held` with the newer rows merged in if it can be, else every row read afresh."""
    if held is not None and held.longest >= longest:
        newer = session.execute(_PRESENCE_ROWS.where(Presence.id > held.last_id)).all()
        if held.merge(newer):
            return held
    fresh = _Presence(longest)
    fresh.merge(session.execute(_PRESENCE_ROWS).all())
    return fresh


def _refreshed(session: Session, index: RotaIndex | None, version: tuple) -> RotaIndex:
    """The index at `version`, keeping what of `index` is still right."""
    same_database = index is not None and index.version[3] == version[3]
    schedule = index.schedule if same_database and index.version[0] == version[0] else None
    schedule = schedule or _read_schedule(session)
    keep = same_database and index.version[2] == version[2]
    presence = _read_presence(session, schedule.longest, index.presence if keep else None)
    return RotaIndex(version, schedule, presence)


_lock = threading.Lock()
_current: dict[str, RotaIndex] = {}


def current_index(session: Session) -> RotaIndex:
    """This process's index for the session's database, brought up to date: the schedule read
    again when shifts or extra shifts changed, new presence rows merged in."""
    key, version = str(session.get_bind().url), version_of(session)
    index = _current.get(key)
    if index is None or index.version != version:
        with _lock:
            index = _current.get(key)
            if index is None or index.version != version:
                collecting = gc.isenabled()
                gc.disable()  # the collector would walk every new object, all of which survive
                try:
                    index = _current[key] = _refreshed(session, index, version)
                finally:
                    if collecting:
                        gc.enable()
    return index
