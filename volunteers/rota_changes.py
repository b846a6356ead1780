"""A coordinator's changes to one dated occurrence of a weekly shift: drop it (open, with a TAKE
code), cover it by someone else, swap two occurrences (each covered by the other's volunteer),
or undo a drop or cover. The rules of what a change means are in volunteers.rota.

Dropping here is the text DROP's change (dropped, a TAKE code, and the coordinators told if it
is still open 12 hours before it starts) without texting every volunteer an offer: the
coordinator chooses who to ask. Undoing deletes the occurrence's change (its TAKE code stops
working); a swap is undone one side at a time. Each change is written to the audit log in the
same transaction. Flushes, never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import audit, outbox
from helpline.audit import Actor
from volunteers import rota
from volunteers.commands import OPEN_SHIFT_ALERT_HOURS, new_code
from volunteers.models import Shift, ShiftChange
from volunteers.rota_csv import DAYS
from volunteers.rota_edits import RotaEditError, falls_on, shift, volunteer, when

CHANGE_FIELDS = ("occurs_on", "dropped", "covered_by_id", "code")


@dataclass(frozen=True)
class Dated:
    """One occurrence of a weekly shift: the shift, its local start date, and when it runs."""

    shift: Shift
    day: date
    starts_at: datetime
    ends_at: datetime

    def label(self, zone: str) -> str:
        """'Dana, Tue 1 Dec 2026 22:00-06:00'."""
        return f"{self.shift.volunteer.display_name}, {when(self.starts_at, self.ends_at, zone)}"


def occurrence(session: Session, shift_id: int, day: date, zone: str,
               field: str = "day") -> Dated:
    """The occurrence of the shift starting on local date `day`, or a RotaEditError saying
    why there is none."""
    weekly = shift(session, shift_id)
    if day.weekday() != weekly.weekday:
        raise RotaEditError(f"{weekly.volunteer.display_name}'s shift is on "
                            f"{DAYS[weekly.weekday]}s; {_long(day)} is a "
                            f"{DAYS[day.weekday()]}.", field)
    if not falls_on(weekly, day):
        raise RotaEditError(f"{weekly.volunteer.display_name}'s shift does not run on "
                            f"{_long(day)} (outside its first and last dates).", field)
    tz = ZoneInfo(zone)
    starts_at = rota.instant_of(day, weekly.starts, tz)
    ends_at = rota.instant_of(day + timedelta(days=1 if weekly.ends <= weekly.starts else 0),
                              weekly.ends, tz)
    if starts_at >= ends_at:
        raise RotaEditError("The clocks skip that shift's hours on that date (daylight "
                            "saving): there is nothing to change.", field)
    return Dated(weekly, day, starts_at, ends_at)


def drop(session: Session, by: Actor, shift_id: int, day: date, zone: str, now: datetime
         ) -> ShiftChange:
    """Leave one occurrence open (nobody on it, a TAKE code for whoever takes it)."""
    dated = occurrence(session, shift_id, day, zone)
    change, before = _change(session, dated)
    if change.dropped and change.covered_by_id is None:
        raise RotaEditError(f"It is already open: TAKE {change.code}.", "day")
    change.dropped, change.covered_by_id, change.covered_at = True, None, None
    change.code = change.code or new_code(session)
    session.flush()
    if dated.ends_at > now:
        run_at = max(now, dated.starts_at - timedelta(hours=OPEN_SHIFT_ALERT_HOURS))
        outbox.add(session, "check_open_shift", {"change_id": change.id}, run_at=run_at)
    _record(session, by, "shift.drop", change, before,
            f"{dated.label(zone)} dropped: open, TAKE {change.code}")
    return change


def cover(session: Session, by: Actor, shift_id: int, day: date, volunteer_id: int, zone: str,
          now: datetime) -> ShiftChange:
    """Put another active volunteer on one occurrence instead of the shift's own."""
    dated = occurrence(session, shift_id, day, zone)
    person = volunteer(session, volunteer_id)
    owner = dated.shift.volunteer
    if person.id == owner.id:
        raise RotaEditError(f"{owner.display_name} is this shift's own volunteer: choose "
                            "someone else to cover it, or undo the drop.", "volunteer")
    change, before = _change(session, dated)
    if change.covered_by_id == person.id:
        raise RotaEditError(f"{person.display_name} already covers it.", "volunteer")
    change.covered_by_id, change.covered_at = person.id, now
    session.flush()
    _record(session, by, "shift.cover", change, before,
            f"{person.display_name} covering for {dated.label(zone)}")
    return change


def undo(session: Session, by: Actor, shift_id: int, day: date, zone: str) -> Dated:
    """Give one occurrence back to the shift's own volunteer (delete its drop or cover)."""
    dated = occurrence(session, shift_id, day, zone)
    change = _existing(session, shift_id, day)
    if change is None:
        raise RotaEditError("Nothing to undo: that date has no drop or cover.", "day")
    _record(session, by, "shift.undo", change, audit.snapshot(change, CHANGE_FIELDS),
            f"{dated.label(zone)} back to {dated.shift.volunteer.display_name}", gone=True)
    session.delete(change)
    session.flush()
    return dated


def swap(session: Session, by: Actor, first: tuple[int, date], second: tuple[int, date],
         zone: str, now: datetime) -> tuple[Dated, Dated]:
    """Swap two occurrences of two volunteers' shifts: each is covered by the other's
    volunteer."""
    a = occurrence(session, *first, zone, field="first_day")
    b = occurrence(session, *second, zone, field="second_day")
    if a.shift.volunteer_id == b.shift.volunteer_id:
        raise RotaEditError(f"Both are {a.shift.volunteer.display_name}'s shifts: choose "
                            "another volunteer's shift to swap with.", "second_shift")
    volunteer(session, a.shift.volunteer_id, "first_shift")
    volunteer(session, b.shift.volunteer_id, "second_shift")
    summary = f"{a.label(zone)} swapped with {b.label(zone)}"
    for mine, theirs in ((a, b), (b, a)):
        change, before = _change(session, mine)
        change.covered_by_id, change.covered_at = theirs.shift.volunteer_id, now
        session.flush()
        _record(session, by, "shift.swap", change, before, summary)
    return a, b


def _existing(session: Session, shift_id: int, day: date) -> ShiftChange | None:
    return session.scalar(select(ShiftChange).where(ShiftChange.shift_id == shift_id,
                                                    ShiftChange.occurs_on == day))


def _change(session: Session, dated: Dated) -> tuple[ShiftChange, dict | None]:
    """The occurrence's change (a new one if it has none), and its fields before."""
    change = _existing(session, dated.shift.id, dated.day)
    if change is not None:
        return change, audit.snapshot(change, CHANGE_FIELDS)
    change = ShiftChange(shift_id=dated.shift.id, occurs_on=dated.day, dropped=False)
    session.add(change)
    return change, None


def _record(session: Session, by: Actor, action: str, change: ShiftChange,
            before: dict | None, summary: str, gone: bool = False) -> None:
    after = None if gone else audit.snapshot(change, CHANGE_FIELDS)
    audit.record(session, by, action, "shift", change.shift_id, before=before, after=after,
                 summary=summary)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
