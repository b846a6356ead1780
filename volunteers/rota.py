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
with `busy_since` set is on duty but not `available` (volunteers.availability).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from volunteers.models import ExtraShift, Shift, ShiftChange, Volunteer
from volunteers.rota_index import RotaIndex, current_index
from volunteers.rota_index import rota_changed as rota_changed  # writers in raw SQL call it here

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
