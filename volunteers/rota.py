"""Who is on duty: weekly shifts, dated changes, extra shifts and presence, DST-correct.

The rules, which the docs and the other modules rely on:

Shifts. A Shift repeats weekly on `weekday` (Monday is 0) from wall-clock `starts` to `ends` in
the line's zone; `ends <= starts` ends the next day (00:00-00:00 is a whole day). Its occurrence
on local date D (`occurs_on`, always the local START date) exists when first_date <= D <=
last_date. A ShiftChange for (shift, D) with `covered_by_id` puts that volunteer on it instead
of the shift's own; `dropped` without a cover leaves nobody on it. An ExtraShift is a one-off
occurrence between two UTC instants.

Wall clock to instants. An occurrence runs from `datetime.combine(D, starts, zone)` to the same
of its end date and `ends`, where
- a wall time that happens twice (fall back: 01:30 on 1 Nov 2026 in New York) means its FIRST
  pass, for starts and ends alike: 01:00-02:00 that night is two real hours (both 01:00 hours),
  and a shift ending at 01:30 hands over to one starting at 01:30 with no gap and no overlap;
- a wall time the clocks skip (spring forward: 02:00-02:59 on 8 Mar 2026) means the instant the
  clocks jump (03:00 EDT): 02:00-03:00 that night is empty and has no occurrence, 01:00-03:00
  is one real hour (01:00-02:00 EST), 02:30-04:00 is 03:00-04:00 EDT.

Presence. ON and OFF each add a row (editing or removing rows works too, but costs a rebuild).
A volunteer's rows, in (since, id) order, each hold from `since` until
- `until`, when set;
- for ON without `until`: for ever;
- for OFF without `until`: the end of the shift occurrence they were on at `since` (the latest
  end if several); said while on no occurrence, it holds no time at all;
and in any case no later than the `since` of their next row WITHOUT `until` of the other state:
"OFF" ends any ON (timed or not), "ON" any OFF. At an instant the latest row (by since, then
id) holding it decides: ON puts the volunteer on duty, OFF takes them off. So a timed row
overrides for its time only: "OFF until 12:30" during an open ON (or a shift) is a break, after
which the ON (or the shift) applies again.

On duty at t: active, and (on an occurrence at t after changes, or ON) and not OFF. A volunteer
with `busy_since` set is on duty but not `available`.
"""

from __future__ import annotations

import gc
import math
import secrets
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, event, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from volunteers.models import ExtraShift, Presence, RotaSetting, Shift, ShiftChange, Volunteer

CHANNELS = ("calls", "texts")
_US_PER_HOUR, _US_PER_DAY = 3_600_000_000, 86_400_000_000
_LONGEST_SHIFT = timedelta(hours=27)  # 24 wall-clock hours plus the largest DST change
_LONG_SECONDS = 7 * 86400
_WEEKS_KEPT = 64
_TICK = timedelta(microseconds=1)


# Wall clock and instants


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime given where an aware instant is required")
    return at.astimezone(UTC)


def _clock_change(before: datetime, after: datetime, zone: ZoneInfo) -> datetime:
    """When the clocks changed between two instants with different UTC offsets: the first
    whole second after `before` with `after`'s offset (zones change on whole seconds)."""
    target = after.astimezone(zone).utcoffset()
    start = before.replace(microsecond=0)
    low, high = 0, math.ceil((after - start).total_seconds())
    while high - low > 1:
        middle = (low + high) // 2
        if (start + timedelta(seconds=middle)).astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return start + timedelta(seconds=high)


@lru_cache(maxsize=65536)
def instant_of(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time: a repeated time's first pass; a skipped time's
    instant of the jump (see the module docstring)."""
    local = datetime.combine(day, clock, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    return _clock_change(local.replace(fold=1).astimezone(UTC), instant, zone)


def wall_key(at: datetime, zone: ZoneInfo) -> datetime:
    """The latest local wall time whose instant is at or before `at`: an occurrence from wall
    time a to wall time b holds `at` exactly when a <= wall_key(at) < b."""
    local = _utc(at).astimezone(zone)
    if not local.fold:
        return local.replace(tzinfo=None)
    # The second pass of a repeated hour: every repeated wall time already began (first pass),
    # and the next one to begin is where the repeat ends.
    first_pass = local.replace(fold=0)
    change = _clock_change(first_pass.astimezone(UTC), _utc(at), zone)
    return (change + first_pass.utcoffset()).replace(tzinfo=None) - _TICK


# Occurrences


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence of a weekly shift, or an extra shift, after its changes."""

    starts_at: datetime
    ends_at: datetime
    occurs_on: date  # local start date
    volunteer: Volunteer | None  # who is on it; None when dropped and not covered
    original_volunteer: Volunteer  # whose shift it is
    shift_id: int | None = None
    extra_shift_id: int | None = None
    dropped: bool = False
    covered: bool = False
    code: str | None = None  # the change's code, for TAKE

    @property
    def volunteer_id(self) -> int | None:
        """The id of who is on it, if anyone."""
        return self.volunteer.id if self.volunteer is not None else None


def occurrences(session: Session, start: datetime, end: datetime, zone: str) -> list[Occurrence]:
    """Every occurrence overlapping [start, end), by start: weekly ones after their changes
    (dropped ones too, with volunteer None) and extra shifts. Empty ones are left out."""
    return _expand(session, _utc(start), _utc(end), ZoneInfo(zone))


def upcoming_for(session: Session, volunteer_id: int, now: datetime, zone: str,
                 count: int = 3) -> list[Occurrence]:
    """The volunteer's next `count` occurrences not yet over (one in progress comes first):
    their own, ones they cover and extra ones, not ones they dropped or someone covers."""
    now = _utc(now)
    for days in (8, 36, 122, 400):
        found = [o for o in _expand(session, now, now + timedelta(days=days), ZoneInfo(zone),
                                    volunteer_id) if o.volunteer_id == volunteer_id]
        if len(found) >= count:
            break
    return found[:count]


def _expand(session: Session, start: datetime, end: datetime, zone: ZoneInfo,
            volunteer_id: int | None = None) -> list[Occurrence]:
    first_day = start.astimezone(zone).date() - timedelta(days=1)
    last_day = end.astimezone(zone).date()
    shifts = _shift_rows(session, first_day, last_day, volunteer_id)
    changes = _change_rows(session, first_day, last_day,
                           [row.id for row in shifts] if volunteer_id else None)
    weekly = defaultdict(list)
    for row in shifts:
        weekly[row.weekday].append(row)
    found = []  # (starts_at, ends_at, day, shift row or None, change or extra row)
    for offset in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        for row in weekly[day.weekday()]:
            if (row.first_date and day < row.first_date) or (row.last_date and day > row.last_date):
                continue
            starts_at = instant_of(day, row.starts, zone)
            ends_at = instant_of(day + timedelta(days=1 if row.ends <= row.starts else 0),
                                 row.ends, zone)
            if starts_at < ends_at and starts_at < end and ends_at > start:
                found.append((starts_at, ends_at, day, row, changes.get((row.id, day))))
    extras = select(ExtraShift.id, ExtraShift.volunteer_id, ExtraShift.starts_at,
                    ExtraShift.ends_at).where(ExtraShift.starts_at < end,
                                              ExtraShift.ends_at > start)
    if volunteer_id is not None:
        extras = extras.where(ExtraShift.volunteer_id == volunteer_id)
    for extra in session.execute(extras):
        found.append((extra.starts_at, extra.ends_at, extra.starts_at.astimezone(zone).date(),
                      None, extra))
    people = _people(session, found)
    result = [_occurrence(item, people) for item in found]
    result.sort(key=lambda o: (o.starts_at, o.ends_at, o.shift_id is None,
                               o.shift_id or o.extra_shift_id))
    return result


def _shift_rows(session: Session, first_day: date, last_day: date, volunteer_id: int | None):
    query = select(Shift.id, Shift.volunteer_id, Shift.weekday, Shift.starts, Shift.ends,
                   Shift.first_date, Shift.last_date).where(
        or_(Shift.first_date.is_(None), Shift.first_date <= last_day),
        or_(Shift.last_date.is_(None), Shift.last_date >= first_day))
    if volunteer_id is not None:
        covering = select(ShiftChange.shift_id).where(
            ShiftChange.covered_by_id == volunteer_id,
            ShiftChange.occurs_on.between(first_day, last_day))
        query = query.where(or_(Shift.volunteer_id == volunteer_id, Shift.id.in_(covering)))
    return session.execute(query).all()


def _change_rows(session: Session, first_day: date, last_day: date, shift_ids: list | None):
    query = select(ShiftChange.shift_id, ShiftChange.occurs_on, ShiftChange.dropped,
                   ShiftChange.covered_by_id, ShiftChange.code).where(
        ShiftChange.occurs_on.between(first_day, last_day))
    if shift_ids is not None:
        query = query.where(ShiftChange.shift_id.in_(shift_ids))
    return {(row.shift_id, row.occurs_on): row for row in session.execute(query)}


def _people(session: Session, found: list) -> dict[int, Volunteer]:
    ids = set()
    for _, _, _, row, other in found:
        ids.add(other.volunteer_id if row is None else row.volunteer_id)
        if row is not None and other is not None and other.covered_by_id:
            ids.add(other.covered_by_id)
    if not ids:
        return {}
    return {v.id: v for v in session.scalars(select(Volunteer).where(Volunteer.id.in_(ids)))}


def _occurrence(item: tuple, people: dict[int, Volunteer]) -> Occurrence:
    starts_at, ends_at, day, row, other = item
    if row is None:  # an extra shift
        volunteer = people[other.volunteer_id]
        return Occurrence(starts_at, ends_at, day, volunteer, volunteer, extra_shift_id=other.id)
    actual = _actual(row.volunteer_id, other)
    return Occurrence(
        starts_at, ends_at, day, people.get(actual), people[row.volunteer_id], shift_id=row.id,
        dropped=bool(other and other.dropped), covered=bool(other and other.covered_by_id),
        code=other.code if other else None,
    )


def _actual(volunteer_id: int, change) -> int | None:
    """Who is on an occurrence of a shift of `volunteer_id` after its change (if any)."""
    if change is None:
        return volunteer_id
    if change.covered_by_id:
        return change.covered_by_id
    return None if change.dropped else volunteer_id


# Who is on duty now


def on_duty(session: Session, at: datetime, zone: str) -> list[Volunteer]:
    """Active volunteers on duty at instant `at` (rules in the module docstring), by id."""
    ids = _on_duty_ids(session, at, zone)
    if not ids:
        return []
    return list(session.scalars(_ACTIVE, {"ids": sorted(ids)}))


_ACTIVE = select(Volunteer).where(
    Volunteer.id.in_(bindparam("ids", expanding=True)), Volunteer.active.is_(True)
).order_by(Volunteer.id)


def available(session: Session, at: datetime, zone: str, *, for_: str = "calls"
              ) -> list[Volunteer]:
    """Volunteers on duty at `at`, not busy, who take this channel ("calls" or "texts")."""
    if for_ not in CHANNELS:
        raise ValueError(f"for_ must be one of {CHANNELS}, not {for_!r}")
    return [v for v in on_duty(session, at, zone)
            if v.busy_since is None and v.takes in (for_, "both")]


def _on_duty_ids(session: Session, at: datetime, zone: str) -> set[int]:
    """The ids of volunteers on duty at `at` by the rota and presence, active or not."""
    at, tz = _utc(at), ZoneInfo(zone)
    index = current_index(session)
    slots = index.schedule.at(wall_key(at, tz))
    changes = _changes_at(session, slots)
    starts: dict[int, list] = defaultdict(list)  # volunteer -> their occurrences' starts
    for shift_id, volunteer_id, occurs_on, clock in slots:
        actual = _actual(volunteer_id, changes.get((shift_id, occurs_on)))
        if actual is not None:
            starts[actual].append((occurs_on, clock))
    for starts_at, _, volunteer_id in index.schedule.extras.at(at):
        starts[volunteer_id].append(starts_at)
    said = _presence_at(index, at, starts, tz)
    return {v for v in starts if said.get(v, True)} | {v for v, on in said.items() if on}


def _changes_at(session: Session, slots: list[tuple]) -> dict:
    if not slots:
        return {}
    rows = session.execute(_CHANGES, {"shifts": sorted({slot[0] for slot in slots}),
                                      "days": sorted({slot[2] for slot in slots})})
    return {(row.shift_id, row.occurs_on): row for row in rows}


_CHANGES = select(
    ShiftChange.shift_id, ShiftChange.occurs_on, ShiftChange.dropped, ShiftChange.covered_by_id
).where(ShiftChange.shift_id.in_(bindparam("shifts", expanding=True)),
        ShiftChange.occurs_on.in_(bindparam("days", expanding=True)))


def _presence_at(index: RotaIndex, at: datetime, starts: dict[int, list], zone: ZoneInfo
                 ) -> dict[int, bool]:
    """What each volunteer's latest presence row holding `at` says (True: ON)."""
    latest: dict[int, tuple] = {}
    for since, on, open_off, volunteer_id, row_id in index.presence.spans.at(at):
        if open_off and not any(
            (item if isinstance(item, datetime) else instant_of(*item, zone)) <= since
            for item in starts.get(volunteer_id, ())
        ):
            continue  # said OFF before this occurrence began (or while on none)
        if volunteer_id not in latest or (since, row_id) > latest[volunteer_id][0]:
            latest[volunteer_id] = ((since, row_id), on)
    return {volunteer_id: on for volunteer_id, (_, on) in latest.items()}


# The in-memory index


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
    """Presence rows as spans (module docstring), built row by row in (since, id) order per
    volunteer, so that newer rows are merged in without reading the others again."""

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
