"""A coordinator's edits of the rota: weekly shifts and one-off extra shifts added, edited and
deleted. Each edit is checked first (a RotaEditError says what is wrong, and with which field)
and written to the audit log in the same transaction. Flushes, never commits.

Checks, beyond the obvious ones (a known, active volunteer; first date <= last date; a note of
at most NOTE_CHARS): a weekly shift may not overlap another weekly shift of the same volunteer
(wall clock, as the CSV importer refuses, but only where their first/last dates let both
happen), and an extra shift may not overlap anything the volunteer is already on.

Deleting a weekly shift deletes its dated changes (drops, covers, its side of a swap) with it,
as the CSV importer does; editing one deletes the changes whose dates it no longer falls on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from helpline import audit
from helpline.audit import Actor
from volunteers import rota
from volunteers.models import ExtraShift, Shift, ShiftChange, Volunteer
from volunteers.rota_csv import DAYS

NOTE_CHARS = 200
SHIFT_FIELDS = ("volunteer_id", "weekday", "starts", "ends", "first_date", "last_date", "note")
EXTRA_FIELDS = ("volunteer_id", "starts_at", "ends_at", "note")
_DAY = 86_400


class RotaEditError(ValueError):
    """An edit the rota cannot take; `field` names the form field it is about, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ShiftFields:
    """A weekly shift as a coordinator enters it."""

    volunteer_id: int
    weekday: int
    starts: time
    ends: time
    first_date: date | None = None
    last_date: date | None = None
    note: str | None = None


# Reading


def active_volunteers(session: Session) -> list[Volunteer]:
    """Active volunteers by display name, for the page's choices."""
    found = session.scalars(select(Volunteer).where(Volunteer.active.is_(True)))
    return sorted(found, key=lambda v: (v.display_name.casefold(), v.id))


def volunteer(session: Session, volunteer_id: int, field: str = "volunteer") -> Volunteer:
    """The active volunteer with this id."""
    found = session.get(Volunteer, volunteer_id)
    if found is None or not found.active:
        raise RotaEditError("Choose one of the active volunteers.", field)
    return found


def shift(session: Session, shift_id: int) -> Shift:
    """The weekly shift with this id."""
    found = session.get(Shift, shift_id)
    if found is None:
        raise RotaEditError("That weekly shift is not on the rota (any more).")
    return found


def weekly_shifts(session: Session) -> list[Shift]:
    """Every weekly shift, by volunteer name, day and time (for choosing one)."""
    found = session.scalars(select(Shift).options(joinedload(Shift.volunteer)))
    return sorted(found, key=lambda s: (s.volunteer.display_name.casefold(), s.weekday,
                                        s.starts, s.id))


def describe(shift: Shift) -> str:
    """'Dana, Tue 22:00-06:00', with its dates when it has some."""
    dates = ""
    if shift.first_date:
        dates += f" from {_short(shift.first_date)}"
    if shift.last_date:
        dates += f" until {_short(shift.last_date)}"
    return f"{shift.volunteer.display_name}, {DAYS[shift.weekday][:3]} " \
           f"{_hhmm(shift.starts)}-{_hhmm(shift.ends)}{dates}"


def upcoming_changes(session: Session, shift_id: int, today: date) -> list[ShiftChange]:
    """The shift's dated changes from `today` on, by date (what deleting it would remove)."""
    return list(session.scalars(select(ShiftChange).where(
        ShiftChange.shift_id == shift_id, ShiftChange.occurs_on >= today)
        .order_by(ShiftChange.occurs_on)))


# Weekly shifts


def add_shift(session: Session, by: Actor, fields: ShiftFields) -> Shift:
    """Add a weekly shift."""
    volunteer(session, fields.volunteer_id)
    fields = _checked(session, fields)
    added = Shift(**asdict(fields))
    session.add(added)
    session.flush()
    audit.record(session, by, "shift.add", "shift", added.id,
                 after=audit.snapshot(added, SHIFT_FIELDS), summary=describe(added))
    return added


def edit_shift(session: Session, by: Actor, shift_id: int, fields: ShiftFields
               ) -> tuple[Shift, int]:
    """Change a weekly shift; its changes on dates it no longer falls on are deleted. Returns
    the shift and how many changes were deleted."""
    edited = shift(session, shift_id)
    if fields.volunteer_id != edited.volunteer_id:
        volunteer(session, fields.volunteer_id)
    fields = _checked(session, fields, shift_id)
    before = audit.snapshot(edited, SHIFT_FIELDS)
    for name, value in asdict(fields).items():
        setattr(edited, name, value)
    session.flush()
    session.expire(edited, ["volunteer"])
    stale = [c.id for c in session.scalars(select(ShiftChange).where(
        ShiftChange.shift_id == edited.id)) if not falls_on(edited, c.occurs_on)]
    if stale:
        session.execute(delete(ShiftChange).where(ShiftChange.id.in_(stale)))
    summary = describe(edited) + (f" ({_changes(len(stale))} removed)" if stale else "")
    audit.record(session, by, "shift.edit", "shift", edited.id, before=before,
                 after=audit.snapshot(edited, SHIFT_FIELDS), summary=summary)
    return edited, len(stale)


def delete_shift(session: Session, by: Actor, shift_id: int) -> str:
    """Delete a weekly shift and its dated changes; says what was deleted."""
    doomed = shift(session, shift_id)
    before, summary = audit.snapshot(doomed, SHIFT_FIELDS), describe(doomed)
    removed = session.execute(delete(ShiftChange).where(
        ShiftChange.shift_id == doomed.id)).rowcount
    session.delete(doomed)
    session.flush()
    if removed:
        summary += f" (with {_changes(removed)})"
    audit.record(session, by, "shift.delete", "shift", shift_id, before=before, summary=summary)
    return summary


def falls_on(weekly: Shift | ShiftFields, day: date) -> bool:
    """Whether the shift has an occurrence starting on local date `day` (by its dates)."""
    return day.weekday() == weekly.weekday and not (
        (weekly.first_date and day < weekly.first_date)
        or (weekly.last_date and day > weekly.last_date))


def _checked(session: Session, fields: ShiftFields, shift_id: int | None = None) -> ShiftFields:
    """The fields tidied (a blank note is none), or a RotaEditError for the first problem."""
    note = (fields.note or "").strip() or None
    if not 0 <= fields.weekday <= 6:
        raise RotaEditError("Choose a day of the week.", "weekday")
    if note and len(note) > NOTE_CHARS:
        raise RotaEditError(f"Keep the note under {NOTE_CHARS} characters.", "note")
    first, last = fields.first_date, fields.last_date
    if first and last and first > last:
        raise RotaEditError("The last date is before the first date.", "last_date")
    if first and last and not any(falls_on(fields, first + timedelta(days=n))
                                  for n in range(min(7, (last - first).days + 1))):
        raise RotaEditError(f"There is no {DAYS[fields.weekday]} from {_short(first)} to "
                            f"{_short(last)}, so the shift would never happen.", "last_date")
    others = session.scalars(select(Shift).where(Shift.volunteer_id == fields.volunteer_id,
                                                 Shift.id != (shift_id or 0)))
    for other in others:
        if _clash(fields, other):
            raise RotaEditError(f"This overlaps {describe(other)}: one volunteer cannot be on "
                                "two shifts at once. Change the times or that shift.", "starts")
    return ShiftFields(**{**asdict(fields), "note": note})


def _wall(weekly) -> tuple[int, int]:
    """Seconds from midnight to the start, and the length in seconds (wall clock)."""
    begin, finish = (t.hour * 3600 + t.minute * 60 + t.second for t in (weekly.starts,
                                                                        weekly.ends))
    return begin, (finish - begin) % _DAY or _DAY


def _clash(a, b) -> bool:
    """Whether an occurrence of weekly shift `a` overlaps one of `b` (wall clock, like the CSV
    importer's check), on dates both of them have."""
    (a_start, a_length), (b_start, b_length) = _wall(a), _wall(b)
    for days in (-1, 0, 1):  # b's occurrence starting `days` after a's (each lasts <= 24 h)
        b_at = days * _DAY + b_start
        if (a.weekday + days) % 7 == b.weekday and b_at < a_start + a_length \
                and a_start < b_at + b_length and _dates_meet(a, b, days):
            return True
    return False


def _dates_meet(a, b, days: int) -> bool:
    """Whether some date D has an occurrence of `a` and D + days one of `b`."""
    lows = [d.toordinal() for d in (a.first_date, b.first_date and b.first_date
                                    - timedelta(days=days)) if d]
    highs = [d.toordinal() for d in (a.last_date, b.last_date and b.last_date
                                     - timedelta(days=days)) if d]
    if not lows or not highs:
        return True  # open-ended on one side: every weekday comes round
    low, high = max(lows), min(highs)
    return any(date.fromordinal(n).weekday() == a.weekday for n in range(low, min(high, low + 6)
                                                                          + 1))


# Extra shifts


def add_extra(session: Session, by: Actor, volunteer_id: int, day: date, starts: time,
              ends: time, note: str | None, zone: str) -> ExtraShift:
    """Add a one-off shift from local `starts` on `day` to `ends` (the next day when it is not
    later), as UTC instants; refused when it overlaps what the volunteer is already on."""
    person = volunteer(session, volunteer_id)
    note = (note or "").strip() or None
    if note and len(note) > NOTE_CHARS:
        raise RotaEditError(f"Keep the note under {NOTE_CHARS} characters.", "note")
    tz = ZoneInfo(zone)
    starts_at = rota.instant_of(day, starts, tz)
    ends_at = rota.instant_of(day + timedelta(days=1 if ends <= starts else 0), ends, tz)
    if starts_at >= ends_at:
        raise RotaEditError("The clocks skip that time on that date (daylight saving): the "
                            "shift would be empty.", "ends")
    for found in rota.occurrences(session, starts_at, ends_at, zone):
        if found.volunteer_id == person.id:
            raise RotaEditError(f"{person.display_name} is already on the rota then "
                                f"({when(found.starts_at, found.ends_at, zone)}).", "starts")
    extra = ExtraShift(volunteer_id=person.id, starts_at=starts_at, ends_at=ends_at, note=note)
    session.add(extra)
    session.flush()
    audit.record(session, by, "extra_shift.add", "extra_shift", extra.id,
                 after=audit.snapshot(extra, EXTRA_FIELDS),
                 summary=f"{person.display_name}, {when(starts_at, ends_at, zone)}")
    return extra


def delete_extra(session: Session, by: Actor, extra_id: int, zone: str) -> str:
    """Delete an extra shift; says which."""
    extra = session.get(ExtraShift, extra_id)
    if extra is None:
        raise RotaEditError("That extra shift is not on the rota (any more).")
    summary = f"{extra.volunteer.display_name}, {when(extra.starts_at, extra.ends_at, zone)}"
    audit.record(session, by, "extra_shift.delete", "extra_shift", extra.id,
                 before=audit.snapshot(extra, EXTRA_FIELDS), summary=summary)
    session.delete(extra)
    session.flush()
    return summary


# Words


def when(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    """'Tue 1 Dec 22:00-06:00' in the line's time."""
    start, end = starts_at.astimezone(ZoneInfo(zone)), ends_at.astimezone(ZoneInfo(zone))
    return f"{_short(start.date())} {start:%H:%M}-{end:%H:%M}"


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _hhmm(clock: time) -> str:
    return f"{clock:%H:%M:%S}" if clock.second else f"{clock:%H:%M}"


def _changes(n: int) -> str:
    return f"{n} dated change" + ("" if n == 1 else "s")
