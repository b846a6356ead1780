"""Rota jobs: shift reminders planned into the outbox and sent only while they still hold; gap
alerts to coordinators, once per gap. The line is in America/New_York."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from rq.cron import CronScheduler
from sqlalchemy import func, select

from helpline import config
from helpline.catalog.render import segments
from helpline.jobs.rota import alert_gaps, plan_shift_reminders
from helpline.models import Coordinator, OutboundMessage, OutboxItem
from helpline.runtime import queues
from tests.factories import make_volunteer
from volunteers.models import ExtraShift, Shift, ShiftChange

WEDNESDAY = date(2026, 11, 25)
TUESDAY_10AM = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 10:00 EST
REMINDER = "{} reminder: your shift {} starts {}. If you can't make it, text SHIFTS, then DROP " \
           "and its number."


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def with_shift(session, day: date, starts: int, ends: int, **overrides):
    """A volunteer whose one weekly shift is on `day`'s weekday, local hours starts-ends."""
    volunteer = make_volunteer(session, always_on=False, **overrides)
    shift = Shift(weekday=day.weekday(), starts=time(starts), ends=time(ends))
    volunteer.shifts.append(shift)
    session.flush()
    return volunteer, shift


def planned(session) -> list[tuple[int, int, datetime]]:
    """(volunteer id, lead in hours, run at) of every planned reminder, in time order."""
    items = session.scalars(select(OutboxItem).where(OutboxItem.job == "send_shift_reminder")
                            .order_by(OutboxItem.run_at, OutboxItem.id))
    return [(i.payload["volunteer_id"], i.payload["lead"], i.run_at) for i in items]


def sent(session, purpose: str = "shift_reminder") -> list[tuple[str, str]]:
    """(to, body) of the texts queued for this purpose, in order."""
    rows = session.scalars(select(OutboundMessage).where(OutboundMessage.purpose == purpose)
                           .order_by(OutboundMessage.id))
    return [(row.to_address, row.body) for row in rows]


def relayed_reminders(session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxItem).where(
        OutboxItem.job == "send_shift_reminder", OutboxItem.relayed_at.is_not(None)))


@pytest.fixture
def run_at(monkeypatch, session, run_jobs):
    """Relay what is due at `at` and run it with the clock at `at`; returns how many reminder
    jobs that relayed."""
    def run(at: datetime) -> int:
        monkeypatch.setattr("helpline.runtime.relay.utcnow", lambda: at)
        monkeypatch.setattr("helpline.jobs.rota.utcnow", lambda: at)
        before = relayed_reminders(session)
        run_jobs()
        return relayed_reminders(session) - before
    return run


# Planning


def test_a_day_shift_is_reminded_24_hours_and_1_hour_before_in_the_volunteers_words(
    session, run_at
):
    dana, _ = with_shift(session, WEDNESDAY, 14, 22)
    eva, _ = with_shift(session, WEDNESDAY, 14, 22, languages="es,en")
    assert plan_shift_reminders(now=TUESDAY_10AM) == 4
    assert planned(session) == [(dana.id, 24, utc(2026, 11, 24, 19)),
                                (eva.id, 24, utc(2026, 11, 24, 19)),
                                (dana.id, 1, utc(2026, 11, 25, 18)),
                                (eva.id, 1, utc(2026, 11, 25, 18))]
    assert run_at(utc(2026, 11, 24, 19)) == 2
    assert sent(session) == [
        (dana.phone, REMINDER.format("Test Helpline", "Wed Nov 25 14:00-22:00", "in 24 hours")),
        (eva.phone, "Recordatorio de Test Helpline: tu turno Wed Nov 25 14:00-22:00 empieza en "
                    "24 horas. Si no puedes, envia SHIFTS y luego DROP con su numero."),
    ]
    assert run_at(utc(2026, 11, 25, 18)) == 2
    assert "starts in 1 hour." in sent(session)[2][1]


def test_across_the_fall_back_the_24_hour_reminder_keeps_the_clock_time_and_1_hour_is_real(
    session
):
    dana, _ = with_shift(session, date(2026, 11, 1), 19, 23)  # Sunday, the clocks go back at 2
    plan_shift_reminders(now=utc(2026, 10, 31, 12))
    assert planned(session) == [(dana.id, 24, utc(2026, 10, 31, 23)),  # Sat 19:00 EDT
                                (dana.id, 1, utc(2026, 11, 1, 23))]  # Sun 18:00 EST


def test_a_morning_shifts_24_hour_reminder_moves_out_of_quiet_hours_to_20_00_the_evening_before(
    session, run_at
):
    dana, _ = with_shift(session, date(2026, 11, 26), 7, 15)
    plan_shift_reminders(now=utc(2026, 11, 25, 10))
    assert planned(session) == [(dana.id, 24, utc(2026, 11, 26, 1)),  # Wed 20:00, not 07:00
                                (dana.id, 1, utc(2026, 11, 26, 11))]  # Thu 06:00: still sent
    run_at(utc(2026, 11, 26, 1))
    assert sent(session) == [(dana.phone, REMINDER.format(
        "Test Helpline", "Thu Nov 26 07:00-15:00", "tomorrow"))]


def test_a_night_shifts_24_hour_reminder_may_fall_at_night(session):
    dana, _ = with_shift(session, date(2026, 11, 26), 23, 7)
    plan_shift_reminders(now=utc(2026, 11, 25, 10))
    assert planned(session) == [(dana.id, 24, utc(2026, 11, 26, 4)),  # Wed 23:00
                                (dana.id, 1, utc(2026, 11, 27, 3))]  # Thu 22:00


def test_the_leads_and_quiet_hours_come_from_the_settings(app, session):
    app.config.update(SHIFT_REMINDER_HOURS=(48.0, 0.5), QUIET_HOURS=(time(22), time(6)))
    dana, _ = with_shift(session, date(2026, 11, 26), 7, 15)  # 07:00 is not quiet now
    plan_shift_reminders(now=utc(2026, 11, 24, 10))
    assert planned(session) == [(dana.id, 48, utc(2026, 11, 24, 12)),
                                (dana.id, 0.5, utc(2026, 11, 26, 11, 30))]


def test_two_reminders_falling_at_one_instant_are_planned_once_as_the_shorter_lead(app, session):
    app.config.update(SHIFT_REMINDER_HOURS=(24.0, 11.0))
    dana, _ = with_shift(session, date(2026, 11, 26), 7, 15)  # both land on Wed 20:00
    plan_shift_reminders(now=utc(2026, 11, 25, 10))
    assert planned(session) == [(dana.id, 11, utc(2026, 11, 26, 1))]


def test_planning_again_adds_nothing(session):
    with_shift(session, WEDNESDAY, 14, 22)
    assert plan_shift_reminders(now=TUESDAY_10AM) == 2
    assert plan_shift_reminders(now=TUESDAY_10AM) == 0
    assert plan_shift_reminders(now=TUESDAY_10AM + timedelta(minutes=15)) == 0
    assert len(planned(session)) == 2


def test_a_reminder_more_than_ten_minutes_past_is_not_planned_but_one_just_past_is(session):
    dana, _ = with_shift(session, WEDNESDAY, 14, 22)
    plan_shift_reminders(now=utc(2026, 11, 24, 19, 11))
    assert [lead for _, lead, _ in planned(session)] == [1]
    plan_shift_reminders(now=utc(2026, 11, 24, 19, 9))
    assert planned(session) == [(dana.id, 24, utc(2026, 11, 24, 19)),
                                (dana.id, 1, utc(2026, 11, 25, 18))]


def test_an_extra_shift_is_reminded_too(session, run_at):
    dana = make_volunteer(session, always_on=False)
    session.add(ExtraShift(volunteer_id=dana.id, starts_at=utc(2026, 11, 25, 17),
                           ends_at=utc(2026, 11, 25, 21)))
    session.flush()
    plan_shift_reminders(now=TUESDAY_10AM)
    assert planned(session) == [(dana.id, 24, utc(2026, 11, 24, 17)),
                                (dana.id, 1, utc(2026, 11, 25, 16))]
    run_at(utc(2026, 11, 24, 17))
    assert "Wed Nov 25 12:00-16:00 starts in 24 hours" in sent(session)[0][1]


# Sending: only while it still holds


def test_an_occurrence_dropped_after_planning_gets_no_reminder(session, run_at):
    dana, shift = with_shift(session, WEDNESDAY, 14, 22)
    eli, _ = with_shift(session, WEDNESDAY, 14, 22)
    plan_shift_reminders(now=TUESDAY_10AM)
    session.add(ShiftChange(shift_id=shift.id, occurs_on=WEDNESDAY, dropped=True, code="4K2"))
    session.flush()
    assert run_at(utc(2026, 11, 24, 19)) == 2
    assert [to for to, _ in sent(session)] == [eli.phone]


def test_a_volunteer_deactivated_after_planning_gets_nothing(session, run_at):
    dana, _ = with_shift(session, WEDNESDAY, 14, 22)
    eli, _ = with_shift(session, WEDNESDAY, 14, 22)
    plan_shift_reminders(now=TUESDAY_10AM)
    dana.active = False
    session.flush()
    assert plan_shift_reminders(now=TUESDAY_10AM + timedelta(minutes=15)) == 0
    assert run_at(utc(2026, 11, 24, 19)) == 2
    assert run_at(utc(2026, 11, 25, 18)) == 2
    assert [to for to, _ in sent(session)] == [eli.phone, eli.phone]


def test_the_volunteer_covering_an_occurrence_gets_its_reminder_and_the_owner_does_not(
    session, run_at
):
    dana, shift = with_shift(session, WEDNESDAY, 14, 22)
    eli = make_volunteer(session, always_on=False)
    plan_shift_reminders(now=TUESDAY_10AM)
    session.add(ShiftChange(shift_id=shift.id, occurs_on=WEDNESDAY, dropped=True, code="4K2",
                            covered_by_id=eli.id, covered_at=TUESDAY_10AM))
    session.flush()
    assert plan_shift_reminders(now=TUESDAY_10AM + timedelta(minutes=15)) == 2
    assert run_at(utc(2026, 11, 24, 19)) == 2  # the owner's, then the cover's
    assert sent(session) == [(eli.phone, REMINDER.format(
        "Test Helpline", "Wed Nov 25 14:00-22:00", "in 24 hours"))]


def test_a_shift_moved_after_planning_is_reminded_at_its_new_time_only(session, run_at):
    dana, shift = with_shift(session, WEDNESDAY, 14, 22)
    plan_shift_reminders(now=TUESDAY_10AM)
    shift.starts = time(16)
    session.flush()
    assert plan_shift_reminders(now=TUESDAY_10AM) == 2
    assert run_at(utc(2026, 11, 24, 19)) == 1
    assert sent(session) == []
    assert run_at(utc(2026, 11, 24, 21)) == 1
    assert "Wed Nov 25 16:00-22:00 starts in 24 hours" in sent(session)[0][1]


def test_a_reminder_relayed_too_late_to_be_true_is_not_sent(session, run_at):
    with_shift(session, WEDNESDAY, 14, 22)
    plan_shift_reminders(now=TUESDAY_10AM)
    assert run_at(utc(2026, 11, 25, 18, 16)) == 2  # the worker was down all night
    assert sent(session) == []


def test_a_reminder_relayed_a_little_late_is_still_sent(session, run_at):
    dana, _ = with_shift(session, WEDNESDAY, 14, 22)
    plan_shift_reminders(now=utc(2026, 11, 25, 12))
    assert run_at(utc(2026, 11, 25, 18, 14)) == 1
    assert [to for to, _ in sent(session)] == [dana.phone]


# Gap alerts

NOW = datetime(2026, 11, 24, 20, 30, tzinfo=UTC)  # Tuesday 15:30 EST: the window ends Thu 15:30


def coordinator(session, n: int, phone: str | None, active: bool = True) -> Coordinator:
    person = Coordinator(email=f"c{n}@example.org", display_name=f"C{n}", password_hash="x",
                         phone=phone, active=active)
    session.add(person)
    session.flush()
    return person


@pytest.fixture
def coordinators(session) -> list[str]:
    """Two who should hear about gaps, one without a phone, one no longer active."""
    coordinator(session, 3, None)
    coordinator(session, 4, "+13025550192", active=False)
    return [coordinator(session, n, f"+1302555019{n}").phone for n in (1, 2)]


def with_shifts(session, hours: dict[int, list[tuple[int, int]]]):
    """A volunteer with these weekly shifts: weekday -> [(starts, ends)] in local hours."""
    volunteer = make_volunteer(session, always_on=False)
    for weekday, spans in hours.items():
        for starts, ends in spans:
            volunteer.shifts.append(Shift(weekday=weekday, starts=time(starts), ends=time(ends)))
    session.flush()
    return volunteer


def holey_rota(session):
    """Covered Tue to Fri but for Wed 02-05, Thu 13-14 and (past the window) Fri 09-10."""
    return with_shifts(session, {1: [(0, 0)], 2: [(0, 2), (5, 0)], 3: [(0, 13), (14, 0)],
                                 4: [(0, 9), (10, 0)]})


def test_gaps_are_texted_to_each_active_coordinator_with_a_phone_once(session, coordinators):
    holey_rota(session)
    assert alert_gaps(now=NOW) == 2
    body = ("Test Helpline: nobody on duty Wed 02:00-05:00, Thu 13:00-14:00. Please fill in on "
            "the rota page.")
    assert sent(session, "gap_alert") == [(phone, body) for phone in coordinators]
    assert alert_gaps(now=NOW + timedelta(hours=1)) == 0
    assert alert_gaps(now=NOW + timedelta(hours=2)) == 0
    assert len(sent(session, "gap_alert")) == 2


def test_a_gap_that_opens_later_is_texted_alone(session, coordinators):
    volunteer = holey_rota(session)
    alert_gaps(now=NOW)
    thursday = next(s for s in volunteer.shifts if s.weekday == 3 and s.starts == time(14))
    session.add(ShiftChange(shift_id=thursday.id, occurs_on=date(2026, 11, 26), dropped=True))
    session.flush()
    assert alert_gaps(now=NOW + timedelta(hours=1)) == 2
    later = [body for _, body in sent(session, "gap_alert")][2:]
    assert later == ["Test Helpline: nobody on duty Thu 13:00-00:00. Please fill in on the rota "
                     "page."] * 2


def test_no_gap_means_no_text(session, coordinators):
    make_volunteer(session)  # on every hour of every day
    assert alert_gaps(now=NOW) == 0
    assert session.scalar(select(func.count()).select_from(OutboundMessage)) == 0


def test_many_gaps_are_listed_as_far_as_two_segments_allow_and_the_rest_counted(
    session, coordinators
):
    with_shifts(session, {day: [(h, h + 1) for h in range(0, 24, 2)] for day in range(7)})
    alert_gaps(now=NOW)  # the odd hours from Tue 15:00 to Thu 15:00 are empty: 25 gaps
    body = sent(session, "gap_alert")[0][1]
    listed = re.findall(r"\w{3} \d\d:00-\d\d:00", body)
    more = re.search(r" and (\d+) more gaps\. Please fill in on the rota page\.$", body)
    assert segments(body) <= 2 and more and listed[0] == "Tue 15:00-16:00"
    assert len(listed) + int(more.group(1)) == 25


def test_the_coverage_minimum_and_window_come_from_the_settings(app, session, coordinators):
    app.config.update(COVERAGE_MINIMUM=2, GAP_ALERT_HOURS=3)
    holey_rota(session)
    with_shifts(session, {1: [(17, 0)]})  # a second volunteer from Tue 17:00
    alert_gaps(now=NOW)
    assert sent(session, "gap_alert")[0][1].startswith(
        "Test Helpline: nobody on duty Tue 15:00-17:00.")


# Wiring


def test_the_settings_are_read_from_the_environment_with_defaults(instance):
    defaults = config.load({"SECRET_KEY": "x"})
    assert defaults["SHIFT_REMINDER_HOURS"] == (24, 1)
    assert defaults["QUIET_HOURS"] == (time(21), time(9))
    assert (defaults["COVERAGE_MINIMUM"], defaults["GAP_ALERT_HOURS"]) == (1, 48)
    chosen = config.load({"SECRET_KEY": "x", "SHIFT_REMINDER_HOURS": "1, 48,2.5",
                          "QUIET_HOURS": "22:30-6"})
    assert chosen["SHIFT_REMINDER_HOURS"] == (48, 2.5, 1)
    assert chosen["QUIET_HOURS"] == (time(22, 30), time(6))
    assert defaults["CHECKIN_SCHEDULE"] == (timedelta(days=1), timedelta(days=7))
    assert config.load({"SECRET_KEY": "x", "CHECKIN_SCHEDULE": "7d, 20h"})[
        "CHECKIN_SCHEDULE"] == (timedelta(hours=20), timedelta(days=7))
    for name, bad in [("SHIFT_REMINDER_HOURS", "24h"), ("SHIFT_REMINDER_HOURS", "0"),
                      ("QUIET_HOURS", "9pm-8am"), ("QUIET_HOURS", "21-24"),
                      ("CHECKIN_SCHEDULE", "tomorrow"), ("CHECKIN_SCHEDULE", "0d")]:
        with pytest.raises(config.ConfigError, match=name):
            config.load({"SECRET_KEY": "x", name: bad})


def test_the_clock_plans_reminders_every_15_minutes_and_checks_gaps_hourly(redis_url):
    scheduler = CronScheduler(connection=queues.connect({"REDIS_URL": redis_url}))
    cron_table = Path(__file__).parent.parent / "helpline" / "runtime" / "cron.py"
    scheduler.load_config_from_file(str(cron_table))
    jobs = {job.func_name: job.cron for job in scheduler.get_jobs()}
    assert jobs["helpline.jobs.rota.plan_shift_reminders"] == "*/15 * * * *"
    assert jobs["helpline.jobs.rota.alert_gaps"] == "5 * * * *"
