"""Who is on duty: weekly shifts expanded in the line's local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from volunteers.models import Shift, Volunteer


def _covers(shift: Shift, day: date, clock: time, *, spill: bool) -> bool:
    """Whether a shift that starts on `day` covers wall-clock `clock` (on `day`, or the next day
    when `spill`)."""
    if shift.first_date and day < shift.first_date:
        return False
    if shift.last_date and day > shift.last_date:
        return False
    overnight = shift.ends <= shift.starts
    if spill:
        return overnight and clock < shift.ends
    return shift.starts <= clock and (overnight or clock < shift.ends)


def on_duty(session: Session, at: datetime, zone: str) -> list[Volunteer]:
    """Active volunteers whose shift covers instant `at`, compared in the line's wall-clock time."""
    local = at.astimezone(ZoneInfo(zone))
    today, clock = local.date(), local.time().replace(tzinfo=None)
    yesterday = today - timedelta(days=1)
    weekdays = [today.weekday(), yesterday.weekday()]
    rows = session.scalars(
        select(Shift).join(Shift.volunteer)
        .where(Volunteer.active.is_(True), Shift.weekday.in_(weekdays))
    ).all()
    found = {
        shift.volunteer_id: shift.volunteer
        for shift in rows
        if (shift.weekday == today.weekday() and _covers(shift, today, clock, spill=False))
        or (shift.weekday == yesterday.weekday() and _covers(shift, yesterday, clock, spill=True))
    }
    return sorted(found.values(), key=lambda v: v.id)
