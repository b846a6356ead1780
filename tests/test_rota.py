"""Who is on duty: weekly shifts in the line's local time, dated changes, extra shifts,
presence and coverage, DST-correct (New York changes clocks on 8 Mar and 1 Nov 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, text

from tests.factories import make_volunteer
from volunteers import coverage
from volunteers.availability import available
from volunteers.models import ExtraShift, Presence, Shift, ShiftChange
from volunteers.rota import occurrences, on_duty, rota_changed, upcoming_for

ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)


def at_local(y, m, d, hh, mm=0) -> datetime:
    """A local wall time as a UTC instant (a repeated time: its first pass)."""
    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


def utc(y, m, d, hh=0, mm=0, ss=0, us=0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=UTC)


def add_shift(session, volunteer, weekday, starts, ends, **dates) -> Shift:
    shift = Shift(weekday=weekday, starts=starts, ends=ends, **dates)
    volunteer.shifts.append(shift)
    session.flush()
    return shift


def say(session, volunteer, state, since, until=None) -> Presence:
    row = Presence(volunteer_id=volunteer.id, state=state, since=since, until=until)
    session.add(row)
    session.flush()
    return row


def ids(volunteers) -> list[int]:
    return [v.id for v in volunteers]


# Weekly shifts


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


def test_several_volunteers_on_duty_come_sorted_by_id(session):
    first, second = make_volunteer(session, always_on=False), make_volunteer(session)
    add_shift(session, first, 0, time(8), time(12))
    assert on_duty(session, at_local(2026, 11, 23, 10), ZONE) == [first, second]


def test_a_naive_instant_is_refused(session):
    with pytest.raises(ValueError, match="naive"):
        on_duty(session, datetime(2026, 11, 23, 10), ZONE)


# The hour that happens twice: 1 Nov 2026, 01:00-01:59 EDT (05:00-06:00 UTC) then EST (06-07)


def test_a_shift_in_the_repeated_hour_covers_both_passes_of_it(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 6, time(1), time(2))  # Sundays 01:00-02:00
    assert on_duty(session, utc(2026, 11, 1, 4, 59), ZONE) == []  # 00:59 EDT
    assert on_duty(session, utc(2026, 11, 1, 5), ZONE) == [v]  # 01:00 EDT
    assert on_duty(session, utc(2026, 11, 1, 6, 30), ZONE) == [v]  # 01:30 EST, second pass
    assert on_duty(session, utc(2026, 11, 1, 6, 59, 59, 500000), ZONE) == [v]
    assert on_duty(session, utc(2026, 11, 1, 7), ZONE) == []  # 02:00 EST
    [night] = occurrences(session, utc(2026, 11, 1), utc(2026, 11, 2), ZONE)
    assert (night.starts_at, night.ends_at) == (utc(2026, 11, 1, 5), utc(2026, 11, 1, 7))


def test_a_shift_ending_in_the_repeated_hour_hands_over_at_its_first_pass(session):
    evening, night = make_volunteer(session, always_on=False), make_volunteer(
        session, always_on=False)
    add_shift(session, evening, 5, time(22), time(1, 30))  # Sat 22:00 - Sun 01:30
    add_shift(session, night, 6, time(1, 30), time(6))  # Sun 01:30 - 06:00
    assert on_duty(session, utc(2026, 11, 1, 5, 29), ZONE) == [evening]  # 01:29 EDT
    assert on_duty(session, utc(2026, 11, 1, 5, 30), ZONE) == [night]  # 01:30 EDT
    assert on_duty(session, utc(2026, 11, 1, 6, 15), ZONE) == [night]  # 01:15 EST
    assert on_duty(session, utc(2026, 11, 1, 10, 59), ZONE) == [night]  # 05:59 EST


def test_an_overnight_shift_across_the_fall_back_night_lasts_an_hour_longer(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 5, time(22), time(6))  # Sat 22:00 - Sun 06:00
    [o] = occurrences(session, utc(2026, 11, 1, 6), utc(2026, 11, 1, 7), ZONE)
    assert (o.starts_at, o.ends_at, o.occurs_on) == (
        utc(2026, 11, 1, 2), utc(2026, 11, 1, 11), date(2026, 10, 31))  # 9 real hours
    assert on_duty(session, utc(2026, 11, 1, 6, 30), ZONE) == [v]
    assert on_duty(session, utc(2026, 11, 1, 10, 59), ZONE) == [v]
    assert on_duty(session, utc(2026, 11, 1, 11), ZONE) == []


# The hour that never happens: 8 Mar 2026, 02:00 EST is 03:00 EDT (07:00 UTC)


def test_a_shift_in_the_skipped_hour_has_no_occurrence_that_night(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 6, time(2), time(3))  # Sundays 02:00-03:00
    assert occurrences(session, utc(2026, 3, 8), utc(2026, 3, 9), ZONE) == []
    assert on_duty(session, utc(2026, 3, 8, 6, 59), ZONE) == []  # 01:59 EST
    assert on_duty(session, utc(2026, 3, 8, 7), ZONE) == []  # 03:00 EDT
    assert on_duty(session, at_local(2026, 3, 15, 2, 30), ZONE) == [v]  # a week later


def test_a_shift_across_the_skipped_hour_covers_one_real_hour(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 6, time(1), time(3))  # Sundays 01:00-03:00
    [o] = occurrences(session, utc(2026, 3, 8), utc(2026, 3, 9), ZONE)
    assert (o.starts_at, o.ends_at) == (utc(2026, 3, 8, 6), utc(2026, 3, 8, 7))
    assert on_duty(session, utc(2026, 3, 8, 6, 59, 59), ZONE) == [v]
    assert on_duty(session, utc(2026, 3, 8, 7), ZONE) == []


def test_a_shift_starting_in_the_skipped_hour_starts_when_the_clocks_jump(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 6, time(2, 30), time(4))  # Sundays 02:30-04:00
    assert on_duty(session, utc(2026, 3, 8, 6, 59), ZONE) == []  # 01:59 EST
    assert on_duty(session, utc(2026, 3, 8, 7, 10), ZONE) == [v]  # 03:10 EDT
    [o] = occurrences(session, utc(2026, 3, 8), utc(2026, 3, 9), ZONE)
    assert (o.starts_at, o.ends_at) == (utc(2026, 3, 8, 7), utc(2026, 3, 8, 8))


def test_an_overnight_shift_across_the_spring_forward_night_lasts_an_hour_less(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 5, time(22), time(6))  # Sat 22:00 - Sun 06:00
    [o] = occurrences(session, utc(2026, 3, 8, 6), utc(2026, 3, 8, 7), ZONE)
    assert (o.starts_at, o.ends_at) == (utc(2026, 3, 8, 3), utc(2026, 3, 8, 10))  # 7 hours
    assert on_duty(session, utc(2026, 3, 8, 9, 59), ZONE) == [v]
    assert on_duty(session, utc(2026, 3, 8, 10), ZONE) == []


def test_on_duty_agrees_with_the_occurrences_every_ten_minutes_of_both_dst_weekends(session):
    clocks = [time(0), time(1), time(1, 30), time(2), time(2, 30), time(3), time(6), time(22)]
    people = []
    for n, starts in enumerate(clocks):
        person = make_volunteer(session, always_on=False)
        ends = clocks[(n + 3) % len(clocks)]  # some overnight, some across the DST hours
        for weekday in (5, 6):
            add_shift(session, person, weekday, starts, ends)
        people.append(person)
    for saturday in (utc(2026, 3, 7, 5), utc(2026, 10, 31, 4)):  # local midnight
        found = occurrences(session, saturday, saturday + timedelta(days=2), ZONE)
        for step in range(2 * 24 * 6 + 6):
            at = saturday + timedelta(minutes=10 * step)
            expected = sorted({o.volunteer_id for o in found if o.starts_at <= at < o.ends_at})
            assert ids(on_duty(session, at, ZONE)) == expected, at


# First and last dates


def test_first_and_last_dates_bound_a_shift_by_the_local_start_date_of_each_occurrence(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 4, time(22), time(2),  # Fri 22:00 - Sat 02:00
              first_date=date(2026, 11, 20), last_date=date(2026, 11, 27))
    assert on_duty(session, at_local(2026, 11, 14, 1), ZONE) == []  # began Fri 13th
    assert on_duty(session, at_local(2026, 11, 21, 1), ZONE) == [v]  # began on the first date
    assert on_duty(session, at_local(2026, 11, 28, 1), ZONE) == [v]  # began on the last date
    assert on_duty(session, at_local(2026, 12, 4, 23), ZONE) == []


# Dated changes and extra shifts


def test_a_dropped_occurrence_takes_its_volunteer_off_that_date_only(session):
    v = make_volunteer(session, always_on=False)
    shift = add_shift(session, v, 0, time(9), time(17))
    session.add(ShiftChange(shift_id=shift.id, occurs_on=date(2026, 11, 23), dropped=True))
    session.flush()
    assert on_duty(session, at_local(2026, 11, 23, 10), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 30, 10), ZONE) == [v]


def test_a_covered_overnight_occurrence_puts_the_other_volunteer_on_after_midnight_too(session):
    v, cover = make_volunteer(session, always_on=False), make_volunteer(session, always_on=False)
    shift = add_shift(session, v, 4, time(22), time(2))  # Fri 22:00 - Sat 02:00
    session.add(ShiftChange(shift_id=shift.id, occurs_on=date(2026, 11, 27), dropped=True,
                            covered_by_id=cover.id))
    session.flush()
    assert on_duty(session, at_local(2026, 11, 27, 23), ZONE) == [cover]
    assert on_duty(session, at_local(2026, 11, 28, 1), ZONE) == [cover]
    assert on_duty(session, at_local(2026, 12, 5, 1), ZONE) == [v]


def test_a_swap_puts_each_volunteer_on_the_others_occurrence(session):
    ann, bob = make_volunteer(session, always_on=False), make_volunteer(session, always_on=False)
    mondays, tuesdays = add_shift(session, ann, 0, time(9), time(12)), add_shift(
        session, bob, 1, time(9), time(12))
    session.add_all([
        ShiftChange(shift_id=mondays.id, occurs_on=date(2026, 11, 23), covered_by_id=bob.id),
        ShiftChange(shift_id=tuesdays.id, occurs_on=date(2026, 11, 24), covered_by_id=ann.id),
    ])
    session.flush()
    assert on_duty(session, at_local(2026, 11, 23, 10), ZONE) == [bob]
    assert on_duty(session, at_local(2026, 11, 24, 10), ZONE) == [ann]
    assert on_duty(session, at_local(2026, 11, 30, 10), ZONE) == [ann]


def test_an_extra_shift_puts_its_volunteer_on_between_its_instants(session):
    v = make_volunteer(session, always_on=False)
    session.add(ExtraShift(volunteer_id=v.id, starts_at=at_local(2026, 11, 26, 18),
                           ends_at=at_local(2026, 11, 26, 22)))
    session.flush()
    assert on_duty(session, at_local(2026, 11, 26, 17, 59), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 26, 18), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 26, 22), ZONE) == []


def test_occurrences_show_who_is_on_each_after_its_change(session):
    ann, bob = make_volunteer(session, always_on=False), make_volunteer(session, always_on=False)
    shift = add_shift(session, ann, 0, time(9), time(12))
    session.add_all([
        ShiftChange(shift_id=shift.id, occurs_on=date(2026, 11, 23), dropped=True, code="4K2"),
        ShiftChange(shift_id=shift.id, occurs_on=date(2026, 11, 30), covered_by_id=bob.id),
        ExtraShift(volunteer_id=bob.id, starts_at=at_local(2026, 11, 25, 18),
                   ends_at=at_local(2026, 11, 25, 20)),
    ])
    session.flush()
    dropped, extra, covered = occurrences(session, at_local(2026, 11, 23, 0),
                                          at_local(2026, 12, 1, 0), ZONE)
    assert (dropped.volunteer, dropped.original_volunteer, dropped.dropped, dropped.covered,
            dropped.code, dropped.occurs_on) == (None, ann, True, False, "4K2", date(2026, 11, 23))
    assert (extra.volunteer, extra.extra_shift_id is not None, extra.shift_id) == (bob, True, None)
    assert (covered.volunteer, covered.original_volunteer, covered.covered,
            covered.starts_at) == (bob, ann, True, at_local(2026, 11, 30, 9))


# Presence


def test_on_until_a_time_puts_a_volunteer_on_duty_outside_their_shift_until_then(session):
    v = make_volunteer(session, always_on=False)
    say(session, v, "on", at_local(2026, 11, 23, 20), until=at_local(2026, 11, 23, 22))
    assert on_duty(session, at_local(2026, 11, 23, 19, 59), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 21), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 23, 22), ZONE) == []


def test_on_without_until_lasts_until_they_say_off(session):
    v = make_volunteer(session, always_on=False)
    say(session, v, "on", at_local(2026, 11, 23, 20))
    assert on_duty(session, at_local(2026, 11, 25, 3), ZONE) == [v]
    say(session, v, "off", at_local(2026, 11, 25, 4))
    assert on_duty(session, at_local(2026, 11, 25, 3, 59), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 25, 4), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 26, 12), ZONE) == []


def test_off_during_a_shift_is_a_break_until_the_end_of_that_occurrence(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(9), time(17))
    add_shift(session, v, 0, time(17), time(20))  # back to back: a new occurrence at 17:00
    say(session, v, "off", at_local(2026, 11, 23, 12))
    assert on_duty(session, at_local(2026, 11, 23, 11, 59), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 23, 12), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 16, 59), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 17), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 30, 12), ZONE) == [v]


def test_on_after_an_open_off_ends_the_break(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(9), time(17))
    say(session, v, "off", at_local(2026, 11, 23, 12))
    say(session, v, "on", at_local(2026, 11, 23, 13))
    assert on_duty(session, at_local(2026, 11, 23, 12, 30), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 13, 30), ZONE) == [v]


def test_off_for_a_while_is_a_break_after_which_the_shift_applies_again(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(9), time(17))
    say(session, v, "off", at_local(2026, 11, 23, 12), until=at_local(2026, 11, 23, 12, 20))
    assert on_duty(session, at_local(2026, 11, 23, 12, 10), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 12, 20), ZONE) == [v]


def test_a_timed_off_during_an_open_on_pauses_it_only(session):
    v = make_volunteer(session, always_on=False)
    say(session, v, "on", at_local(2026, 11, 23, 20))
    say(session, v, "off", at_local(2026, 11, 23, 21), until=at_local(2026, 11, 23, 21, 30))
    assert on_duty(session, at_local(2026, 11, 23, 21, 10), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 21, 30), ZONE) == [v]


def test_off_said_outside_a_shift_ends_an_open_on_and_not_the_next_shift(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 1, time(9), time(17))  # Tuesdays
    say(session, v, "on", at_local(2026, 11, 23, 6))
    say(session, v, "off", at_local(2026, 11, 23, 8))
    assert on_duty(session, at_local(2026, 11, 23, 7), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 23, 8), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 24, 9), ZONE) == [v]


def test_off_ends_an_on_until_a_time_at_once(session):
    v = make_volunteer(session, always_on=False)
    say(session, v, "on", at_local(2026, 11, 23, 20), until=at_local(2026, 11, 23, 23))
    say(session, v, "off", at_local(2026, 11, 23, 21))
    assert on_duty(session, at_local(2026, 11, 23, 20, 59), ZONE) == [v]
    assert on_duty(session, at_local(2026, 11, 23, 21), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 22), ZONE) == []


def test_of_two_presence_rows_said_at_the_same_instant_the_later_one_decides(session):
    v = make_volunteer(session, always_on=False)
    say(session, v, "on", at_local(2026, 11, 23, 20), until=at_local(2026, 11, 23, 22))
    say(session, v, "off", at_local(2026, 11, 23, 20), until=at_local(2026, 11, 23, 21))
    assert on_duty(session, at_local(2026, 11, 23, 20, 30), ZONE) == []
    assert on_duty(session, at_local(2026, 11, 23, 21, 30), ZONE) == [v]


def test_an_inactive_volunteer_saying_on_is_not_on_duty(session):
    v = make_volunteer(session, always_on=False, active=False)
    say(session, v, "on", at_local(2026, 11, 23, 20))
    assert on_duty(session, at_local(2026, 11, 23, 21), ZONE) == []


# Available


def test_a_busy_volunteer_is_on_duty_but_not_available(session):
    busy = make_volunteer(session, busy_since=at_local(2026, 11, 23, 9, 50))
    free = make_volunteer(session)
    at = at_local(2026, 11, 23, 10)
    assert on_duty(session, at, ZONE) == [busy, free]
    assert available(session, at, ZONE) == [free]


def test_available_lists_only_volunteers_who_take_that_channel(session):
    calls, texts, both = (make_volunteer(session, takes=kind)
                          for kind in ("calls", "texts", "both"))
    at = at_local(2026, 11, 23, 10)
    assert available(session, at, ZONE, for_="calls") == [calls, both]
    assert available(session, at, ZONE, for_="texts") == [texts, both]
    with pytest.raises(ValueError):
        available(session, at, ZONE, for_="both")


# The next shifts of a volunteer


def test_upcoming_for_lists_the_next_three_skipping_a_dropped_one_and_including_a_cover(
        session):
    v, other = make_volunteer(session, always_on=False), make_volunteer(session, always_on=False)
    mondays = add_shift(session, v, 0, time(9), time(12))
    fridays = add_shift(session, other, 4, time(22), time(2))
    session.add_all([
        ShiftChange(shift_id=mondays.id, occurs_on=date(2026, 11, 30), dropped=True),
        ShiftChange(shift_id=fridays.id, occurs_on=date(2026, 12, 4), covered_by_id=v.id),
    ])
    session.flush()
    found = upcoming_for(session, v.id, at_local(2026, 11, 23, 12), ZONE)
    assert [(o.occurs_on, o.starts_at, o.covered) for o in found] == [
        (date(2026, 12, 4), at_local(2026, 12, 4, 22), True),
        (date(2026, 12, 7), at_local(2026, 12, 7, 9), False),
        (date(2026, 12, 14), at_local(2026, 12, 14, 9), False),
    ]


def test_upcoming_for_starts_with_one_in_progress_and_includes_extra_shifts(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(9), time(12))
    session.add(ExtraShift(volunteer_id=v.id, starts_at=at_local(2026, 11, 25, 18),
                           ends_at=at_local(2026, 11, 25, 20)))
    session.flush()
    found = upcoming_for(session, v.id, at_local(2026, 11, 23, 11), ZONE, count=2)
    assert [(o.occurs_on, o.extra_shift_id is not None) for o in found] == [
        (date(2026, 11, 23), False), (date(2026, 11, 25), True)]


def test_upcoming_for_looks_months_ahead_for_a_shift_that_starts_later(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(9), time(12), first_date=date(2027, 2, 1))
    [first] = upcoming_for(session, v.id, at_local(2026, 11, 23, 11), ZONE, count=1)
    assert first.occurs_on == date(2027, 2, 1)


# Keeping up with edits (each process holds the rota in memory)


def test_on_duty_sees_shifts_edited_and_removed_after_it_was_asked(session):
    v = make_volunteer(session, always_on=False)
    shift = add_shift(session, v, 0, time(9), time(17))
    add_shift(session, v, 1, time(9), time(17))  # the newest: removing the other keeps max(id)
    at = at_local(2026, 11, 23, 18)
    assert on_duty(session, at, ZONE) == []
    shift.ends = time(19)
    session.flush()
    assert on_duty(session, at, ZONE) == [v]
    session.execute(delete(Shift).where(Shift.id == shift.id))
    assert on_duty(session, at, ZONE) == []


def test_on_duty_sees_presence_added_and_edited_after_it_was_asked(session):
    v = make_volunteer(session, always_on=False)
    at = at_local(2026, 11, 23, 21)
    assert on_duty(session, at, ZONE) == []
    row = say(session, v, "on", at_local(2026, 11, 23, 20))
    assert on_duty(session, at, ZONE) == [v]
    row.until = at_local(2026, 11, 23, 20, 30)
    session.flush()
    assert on_duty(session, at, ZONE) == []


def test_on_duty_sees_a_presence_row_inserted_in_raw_sql(session):
    v = make_volunteer(session, always_on=False)
    at = at_local(2026, 11, 23, 21)
    assert on_duty(session, at, ZONE) == []
    session.execute(text("INSERT INTO presence (volunteer_id, state, since) VALUES (:v, 'on', :s)"),
                    {"v": v.id, "s": at_local(2026, 11, 23, 20).replace(tzinfo=None)})
    assert on_duty(session, at, ZONE) == [v]


def test_a_shift_edited_in_raw_sql_is_seen_once_rota_changed_is_called(session):
    v = make_volunteer(session, always_on=False)
    shift = add_shift(session, v, 0, time(9), time(17))
    at = at_local(2026, 11, 24, 10)  # a Tuesday
    assert on_duty(session, at, ZONE) == []
    session.execute(text("UPDATE shifts SET weekday = 1 WHERE id = :id"), {"id": shift.id})
    rota_changed(session)
    assert on_duty(session, at, ZONE) == [v]


# Coverage


def test_gaps_over_a_day_are_the_hours_nobody_holds_whole(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(0), time(9))
    add_shift(session, v, 0, time(9), time(12, 30))  # back to back with the first
    add_shift(session, v, 0, time(13), time(0))
    found = coverage.gaps(session, at_local(2026, 11, 23, 0), at_local(2026, 11, 24, 0), ZONE)
    assert [(g.label, g.count) for g in found] == [("Mon 23 Nov 12:00 EST", 0)]
    assert (found[0].starts_at, found[0].ends_at) == (at_local(2026, 11, 23, 12),
                                                      at_local(2026, 11, 23, 13))


def test_gaps_count_covers_and_extra_shifts_but_not_drops_inactive_volunteers_or_presence(
        session):
    ann, bob = make_volunteer(session, always_on=False), make_volunteer(session, always_on=False)
    gone = make_volunteer(session, always_on=False, active=False)
    mondays = add_shift(session, ann, 0, time(9), time(11))  # 9, 10
    add_shift(session, ann, 0, time(11), time(12))  # 11: dropped below
    add_shift(session, gone, 0, time(12), time(13))  # 12: inactive
    tuesday = add_shift(session, bob, 1, time(9), time(10))
    session.add_all([
        ShiftChange(shift_id=mondays.id, occurs_on=date(2026, 11, 23), covered_by_id=bob.id),
        ShiftChange(shift_id=mondays.id + 1, occurs_on=date(2026, 11, 23), dropped=True),
        ShiftChange(shift_id=tuesday.id, occurs_on=date(2026, 11, 24), dropped=True),
        ExtraShift(volunteer_id=ann.id, starts_at=at_local(2026, 11, 23, 10),
                   ends_at=at_local(2026, 11, 23, 11)),
        Presence(volunteer_id=bob.id, state="on", since=at_local(2026, 11, 23, 13)),
    ])
    session.flush()
    hours = coverage.hourly(session, at_local(2026, 11, 23, 9), at_local(2026, 11, 23, 14),
                            ZONE)
    assert [h.count for h in hours] == [1, 2, 0, 0, 0]
    found = coverage.gaps(session, at_local(2026, 11, 23, 9), at_local(2026, 11, 23, 14), ZONE,
                          minimum=2)
    assert [g.local.hour for g in found] == [9, 11, 12, 13]


def test_an_hour_held_only_in_part_is_a_gap(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 0, time(9, 30), time(11))
    hours = coverage.hourly(session, at_local(2026, 11, 23, 9), at_local(2026, 11, 23, 11), ZONE)
    assert [h.count for h in hours] == [0, 1]


def test_the_day_the_clocks_go_back_has_25_hours_and_both_1am_hours_are_labelled(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 6, time(1), time(2))  # both 01:00 hours
    hours = coverage.hourly(session, at_local(2026, 11, 1, 0), at_local(2026, 11, 2, 0), ZONE)
    assert len(hours) == 25
    assert [h.label for h in hours[:4]] == ["Sun 1 Nov 00:00 EDT", "Sun 1 Nov 01:00 EDT",
                                            "Sun 1 Nov 01:00 EST", "Sun 1 Nov 02:00 EST"]
    assert [h.count for h in hours[:4]] == [0, 1, 1, 0]
    found = coverage.gaps(session, at_local(2026, 11, 1, 0), at_local(2026, 11, 2, 0), ZONE)
    assert len(found) == 23


def test_the_day_the_clocks_go_forward_has_23_hours_and_no_2am(session):
    v = make_volunteer(session, always_on=False)
    add_shift(session, v, 6, time(1), time(4))  # 01:00 EST and 03:00 EDT: two real hours
    hours = coverage.hourly(session, at_local(2026, 3, 8, 0), at_local(2026, 3, 9, 0), ZONE)
    assert len(hours) == 23
    assert [h.label for h in hours[:4]] == ["Sun 8 Mar 00:00 EST", "Sun 8 Mar 01:00 EST",
                                            "Sun 8 Mar 03:00 EDT", "Sun 8 Mar 04:00 EDT"]
    assert [h.count for h in hours[:4]] == [0, 1, 1, 0]


def test_what_another_process_writes_is_seen_by_the_next_on_duty(session):
    from helpline import db

    ann, bob = make_volunteer(session, always_on=False), make_volunteer(session, always_on=False)
    mondays = add_shift(session, ann, 0, time(9), time(12))
    session.commit()
    monday = at_local(2026, 11, 23, 10)
    assert on_duty(session, monday, ZONE) == [ann]
    with db.current().sessions() as other:  # as another web process would, by its own session
        other.add(ShiftChange(shift_id=mondays.id, occurs_on=date(2026, 11, 23),
                              covered_by_id=bob.id))
        other.commit()
    session.commit()
    assert on_duty(session, monday, ZONE) == [bob]  # changes are read with every question
    with db.current().sessions() as other:
        other.add(Presence(volunteer_id=ann.id, state="on", since=monday - timedelta(hours=1)))
        other.add(Shift(volunteer_id=bob.id, weekday=0, starts=time(11), ends=time(13)))
        other.commit()
    session.commit()
    assert on_duty(session, monday, ZONE) == [ann, bob]  # the index, brought up to date
    assert on_duty(session, monday + timedelta(hours=2, minutes=30), ZONE) == [ann, bob]
