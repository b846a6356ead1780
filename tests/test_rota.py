"""Who is on duty, from weekly shifts in the line's local time (the rota issue extends this)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from tests.factories import make_volunteer
from volunteers.models import Shift
from volunteers.rota import on_duty

ZONE = "America/New_York"


def at_local(y, m, d, hh, mm=0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def test_a_day_shift_covers_its_hours_only(session):
    v = make_volunteer(session, always_on=False)
    v.shifts.append(Shift(weekday=0, starts=time(9), ends=time(17)))  # Mondays
    session.flush()
    assert on_duty(session, at_local(2026, 11, 23, 9), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 23, 16, 59), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 23, 17), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 24, 10), ZONE) == []


def test_an_overnight_shift_covers_both_sides_of_midnight(session):
    v = make_volunteer(session, always_on=False)
    v.shifts.append(Shift(weekday=4, starts=time(22), ends=time(2)))  # Fri 22:00 - Sat 02:00
    session.flush()
    assert on_duty(session, at_local(2026, 11, 27, 23), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 28, 1, 30), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 28, 2), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 27, 21), ZONE) == []


def test_an_inactive_volunteer_is_never_on_duty(session):
    make_volunteer(session, active=False)
    assert on_duty(session, at_local(2026, 11, 23, 12), ZONE) == []


def test_a_shift_keeps_its_wall_clock_hours_across_the_dst_change(session):
    v = make_volunteer(session, always_on=False)
    v.shifts.append(Shift(weekday=6, starts=time(9), ends=time(10)))  # Sundays 09:00-10:00
    session.flush()
    # 2026-11-01 is the Sunday clocks go back in New York; 2026-10-25 is the Sunday before.
    assert on_duty(session, at_local(2026, 10, 25, 9, 30), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 1, 9, 30), ZONE) == [v]
    assert on_duty(session, datetime(2026, 11, 1, 13, 30, tzinfo=UTC), ZONE) == []  # 08:30 EST
