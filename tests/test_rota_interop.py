"""The rota in and out: CSV import (all or nothing) and export, and the iCalendar feeds
(New York changes clocks on 1 Nov 2026)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from helpline.config import ConfigError, load
from tests.conftest import PUBLIC_BASE_URL
from tests.factories import make_volunteer
from volunteers.calendars import SHIFT_DESCRIPTION, feed_window, rota_calendar, volunteer_calendar
from volunteers.models import ExtraShift, Presence, Shift, ShiftChange, Volunteer
from volunteers.rota import occurrences, on_duty
from volunteers.rota_csv import apply_rota, export_rota, parse_rota_csv

ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)
HEADER = "name,phone,day,start,end,languages"
NOW = datetime(2026, 11, 25, 17, tzinfo=UTC)  # Wednesday 25 Nov, 12:00 in New York


def rota_csv(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


def imported(session, text: str):
    rows, errors = parse_rota_csv(text, "US")
    assert errors == []
    return apply_rota(session, rows)


def errors_in(text: str) -> list[str]:
    return parse_rota_csv(text, "US")[1]


def only_row(text: str):
    rows, errors = parse_rota_csv(text, "US")
    assert errors == []
    [row] = rows
    return row


def shifts_of(session, volunteer_id: int) -> set[tuple]:
    rows = session.execute(select(Shift.weekday, Shift.starts, Shift.ends)
                           .where(Shift.volunteer_id == volunteer_id))
    return {tuple(row) for row in rows}


def volunteer_with(session, phone: str) -> Volunteer:
    return session.scalar(select(Volunteer).where(Volunteer.phone == phone))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def add_shift(session, volunteer, weekday, starts, ends, **dates) -> Shift:
    shift = Shift(weekday=weekday, starts=starts, ends=ends, **dates)
    volunteer.shifts.append(shift)
    session.flush()
    return shift


def change(session, shift, day, **fields) -> ShiftChange:
    row = ShiftChange(shift_id=shift.id, occurs_on=day, **fields)
    session.add(row)
    session.flush()
    return row


def events_of(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def by_uid(body: bytes) -> dict:
    return {str(event["UID"]): event for event in events_of(body)}


def local(y, m, d, hh, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


# Reading a rota file


def test_an_import_reads_an_overnight_shift_a_spanish_day_and_a_twelve_hour_time(session):
    summary = imported(session, rota_csv(
        "Ana,+12155550101,Friday,22:00,02:00,en;es",
        "Ana,+12155550101,miércoles,7:00 PM,11:00 PM,",
        "Ben,215-555-0102,sáb,9:00 AM,1:00 PM,",
    ))
    assert str(summary) == "rota: 2 volunteers, 3 shifts imported (2 new volunteers)"
    ana, ben = volunteer_with(session, "+12155550101"), volunteer_with(session, "+12155550102")
    assert (ana.display_name, ana.languages, ben.display_name, ben.languages) == \
        ("Ana", "en,es", "Ben", "en")
    assert shifts_of(session, ana.id) == {(4, time(22), time(2)), (2, time(19), time(23))}
    assert shifts_of(session, ben.id) == {(5, time(9), time(13))}
    assert on_duty(session, local(2026, 11, 28, 1, 30), ZONE) == [ana]  # Friday night's shift
    assert on_duty(session, local(2026, 11, 25, 22, 30), ZONE) == [ana]


@pytest.mark.parametrize(("written", "weekday"), [
    ("Monday", 0), ("mon", 0), ("MON.", 0), ("lunes", 0), ("tues", 1), ("martes", 1),
    ("Miércoles", 2), ("miercoles", 2), ("Thu", 3), ("jueves", 3), ("viernes", 4),
    ("Sábado", 5), ("sabado", 5), ("sat", 5), ("domingo", 6), ("Sunday", 6),
])
def test_days_are_read_in_english_and_spanish(written, weekday):
    assert only_row(rota_csv(f"Ana,+12155550101,{written},09:00,10:00,")).weekday == weekday


@pytest.mark.parametrize(("written", "clock"), [
    ("19:00", time(19)), ("7:00 PM", time(19)), ("7pm", time(19)), ("7:30 p.m.", time(19, 30)),
    ("12:00 AM", time(0)), ("12 PM", time(12)), ("9:05", time(9, 5)), ("0:00", time(0)),
])
def test_times_are_read_in_24_and_12_hour_forms(written, clock):
    assert only_row(rota_csv(f"Ana,+12155550101,mon,{written},23:59,")).starts == clock


def test_24_00_ends_a_shift_at_midnight_but_cannot_start_one():
    assert only_row(rota_csv("Ana,+12155550101,mon,20:00,24:00,")).ends == time(0)
    assert errors_in(rota_csv("Ana,+12155550101,mon,24:00,02:00,")) == [
        "line 2: start '24:00' is not a time of day (write 19:00 or 7:00 PM)"]


@pytest.mark.parametrize("written", ["25:00", "7", "13:00 PM", "0:00 AM", "19.00", "7:60 PM"])
def test_a_time_that_is_not_a_time_of_day_is_an_error(written):
    assert errors_in(rota_csv(f"Ana,+12155550101,mon,{written},23:00,")) == [
        f"line 2: start '{written}' is not a time of day (write 19:00 or 7:00 PM)"]


def test_a_wrong_header_is_reported_before_any_row():
    assert errors_in("name,phone,weekday,start,end,langauges\nAna,+12155550101,mon,9:00,10:00,"
                     ) == ["line 1: unknown column 'weekday' (the columns are name, phone, day, "
                           "start, end, languages)",
                           "line 1: unknown column 'langauges' (the columns are name, phone, "
                           "day, start, end, languages)",
                           "line 1: missing column 'day'"]
    assert errors_in("") == ["line 1: the file is empty"]
    assert parse_rota_csv(HEADER + "\n", "US") == ([], [])  # what an empty rota exports


def test_every_error_of_a_row_is_reported_in_column_order():
    assert errors_in(rota_csv("X,555,Funday,9,17,english")) == [
        "line 2: phone '555' is not a valid number",
        "line 2: day 'Funday' is not a day of the week",
        "line 2: start '9' is not a time of day (write 19:00 or 7:00 PM)",
        "line 2: end '17' is not a time of day (write 19:00 or 7:00 PM)",
        "line 2: languages 'english' are not language codes (write en;es)",
    ]


def test_one_phone_with_two_names_is_an_error_on_the_later_line():
    assert errors_in(rota_csv(
        "Ana,+12155550101,Monday,09:00,17:00,",
        "Ben,+12155550102,Monday,09:00,17:00,",
        "Anna,215.555.0101,Tuesday,09:00,17:00,",
    )) == ["line 4: phone +12155550101 is 'Ana' on line 2 but 'Anna' here; one number is one "
           "volunteer"]


def test_overlapping_shifts_of_one_volunteer_are_an_error_even_across_the_week_end():
    assert errors_in(rota_csv(
        "Ana,+12155550101,Sunday,22:00,06:00,",
        "Ana,+12155550101,Monday,05:00,09:00,",
        "Ben,+12155550102,Monday,05:00,09:00,",
    )) == ["line 3: Monday 05:00-09:00 overlaps line 2 (Sunday 22:00-06:00) for Ana"]


# Applying it


def test_an_import_with_errors_reports_each_with_its_line_and_writes_nothing(app, session,
                                                                            tmp_path):
    kept = make_volunteer(session, display_name="Kim", phone="+12155550199")
    path = tmp_path / "rota.csv"
    path.write_text(rota_csv(
        "Ana,+12155550101,Monday,09:00,17:00,",
        "Ben,555,Monday,09:00,17:00,",
        "Cy,+12155550103,Funday,09:00,17:00,",
        "",
        "Dee,+12155550104,Tuesday,25:00,17:00,",
        "Kim,+12155550199,Monday,09:00,10:00,",
        "Ana,+12155550101,Monday,12:00,13:00,",
    ))
    result = app.test_cli_runner().invoke(args=["rota", "import", str(path)])
    assert result.exit_code != 0
    assert result.stderr.splitlines()[:4] == [
        "line 3: phone '555' is not a valid number",
        "line 4: day 'Funday' is not a day of the week",
        "line 6: start '25:00' is not a time of day (write 19:00 or 7:00 PM)",
        "line 8: Monday 12:00-13:00 overlaps line 2 (Monday 09:00-17:00) for Ana",
    ]
    assert "4 errors" in result.stderr and "nothing was imported" in result.stderr
    assert count(session, Volunteer) == 1
    assert len(shifts_of(session, kept.id)) == 7


def test_a_national_format_phone_matches_the_existing_volunteer(session):
    ana = make_volunteer(session, display_name="Ana", phone="+12155550123")
    summary = imported(session, rota_csv("Ana,(215) 555-0123,Monday,09:00,17:00,"))
    assert summary.new_volunteers == 0 and count(session, Volunteer) == 1
    assert shifts_of(session, ana.id) == {(0, time(9), time(17))}


def test_a_known_phone_takes_the_files_name_and_languages_when_given(session):
    ana = make_volunteer(session, display_name="Ana", phone="+12155550123", languages="en")
    ben = make_volunteer(session, display_name="Ben", phone="+12155550124", languages="en,es")
    summary = imported(session, rota_csv("Ana María,+12155550123,Monday,09:00,17:00,es",
                                         "Ben,+12155550124,Monday,09:00,17:00,"))
    session.refresh(ana)
    session.refresh(ben)
    assert (ana.display_name, ana.languages, ben.languages) == ("Ana María", "es", "en,es")
    assert str(summary) == ("rota: 2 volunteers, 2 shifts imported (0 new volunteers, 1 renamed, "
                            "14 old shifts removed)")


def test_a_reimport_replaces_only_the_named_volunteers_weekly_shifts(session):
    ana = make_volunteer(session, always_on=False, display_name="Ana", phone="+12155550101")
    ben = make_volunteer(session, always_on=False, display_name="Ben", phone="+12155550102")
    monday = add_shift(session, ana, 0, time(9), time(17))
    tuesday = add_shift(session, ana, 1, time(9), time(17))
    dated = add_shift(session, ana, 2, time(9), time(17), last_date=date(2026, 12, 31))
    add_shift(session, ben, 1, time(9), time(17))
    covered = change(session, monday, date(2026, 11, 30), dropped=True, covered_by_id=ben.id)
    change(session, tuesday, date(2026, 12, 1), dropped=True, code="4K2")
    session.add_all([ExtraShift(volunteer_id=ana.id, starts_at=local(2026, 12, 5, 10),
                                ends_at=local(2026, 12, 5, 12)),
                     Presence(volunteer_id=ana.id, state="on", since=NOW)])
    session.flush()

    summary = imported(session, rota_csv("Ana,+12155550101,Monday,09:00,17:00,",
                                         "Ana,+12155550101,Thursday,10:00,14:00,"))

    assert str(summary) == ("rota: 1 volunteer, 2 shifts imported (0 new volunteers, "
                            "1 old shift removed with 1 drop/cover)")
    assert shifts_of(session, ana.id) == {(0, time(9), time(17)), (3, time(10), time(14)),
                                          (2, time(9), time(17))}  # the dated one stays
    assert session.get(Shift, monday.id) is not None and session.get(Shift, dated.id)
    assert session.get(Shift, tuesday.id) is None
    assert session.scalars(select(ShiftChange.id)).all() == [covered.id]
    assert shifts_of(session, ben.id) == {(1, time(9), time(17))}
    assert (count(session, ExtraShift), count(session, Presence)) == (1, 1)


def test_export_writes_active_volunteers_open_ended_shifts_by_name_day_and_start(session):
    # by name ignoring case, as people read it
    zoe = make_volunteer(session, always_on=False, display_name="Zoe", phone="+12155550202")
    ana = make_volunteer(session, always_on=False, display_name="ana", phone="+12155550201",
                         languages="en,es")
    gone = make_volunteer(session, always_on=False, display_name="Cal", active=False)
    add_shift(session, ana, 4, time(22), time(2))
    add_shift(session, ana, 0, time(19), time(23))
    add_shift(session, ana, 0, time(9), time(12))
    add_shift(session, ana, 2, time(9), time(12), first_date=date(2027, 1, 1))
    add_shift(session, zoe, 6, time(0), time(0))
    add_shift(session, gone, 1, time(9), time(12))
    assert export_rota(session) == (
        "name,phone,day,start,end,languages\n"
        "ana,+12155550201,Monday,09:00,12:00,en;es\n"
        "ana,+12155550201,Monday,19:00,23:00,en;es\n"
        "ana,+12155550201,Friday,22:00,02:00,en;es\n"
        "Zoe,+12155550202,Sunday,00:00,00:00,en\n"
    )


def test_export_then_import_then_export_is_identical_and_changes_nothing(session):
    for n, languages in enumerate(("en", "es", "en,es")):
        person = make_volunteer(session, always_on=False, display_name=f"Person, {n}",
                                languages=languages)
        add_shift(session, person, n, time(22), time(6))
        add_shift(session, person, n + 3, time(7, 30), time(12))
    before = {shift_id for shift_id in session.scalars(select(Shift.id))}
    first = export_rota(session)
    summary = imported(session, first)
    assert (summary.volunteers, summary.shifts, summary.new_volunteers, summary.renamed,
            summary.removed_shifts) == (3, 6, 0, 0, 0)
    assert export_rota(session) == first
    assert set(session.scalars(select(Shift.id))) == before


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_exported_as_text_and_read_back(session):
    person = make_volunteer(session, always_on=False, display_name="=HYPERLINK(\"x\")")
    add_shift(session, person, 0, time(9), time(12))
    first = export_rota(session)
    assert first.splitlines()[1].startswith("\"'=HYPERLINK(")
    summary = imported(session, first)
    assert summary.renamed == 0 and export_rota(session) == first
    session.refresh(person)
    assert person.display_name == "=HYPERLINK(\"x\")"


# The commands


def test_the_import_command_prints_the_summary(app, session, tmp_path):
    path = tmp_path / "rota.csv"
    path.write_text(rota_csv("Ana,+12155550101,Friday,22:00,02:00,",
                             "Ana,+12155550101,Saturday,22:00,02:00,",
                             "Ben,+12155550102,Monday,9:00 AM,5:00 PM,"), encoding="utf-8-sig")
    result = app.test_cli_runner().invoke(args=["rota", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "rota: 2 volunteers, 3 shifts imported (2 new volunteers)\n"
    assert count(session, Shift) == 3


def test_a_dry_run_prints_the_summary_and_writes_nothing(app, session, tmp_path):
    path = tmp_path / "rota.csv"
    path.write_text(rota_csv("Ana,+12155550101,Friday,22:00,02:00,"))
    result = app.test_cli_runner().invoke(args=["rota", "import", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "rota: 1 volunteer, 1 shift imported (1 new volunteer)" in result.stdout
    assert "dry run" in result.stdout and count(session, Volunteer) == 0


def test_the_export_command_writes_what_import_reads_to_stdout_or_a_file(app, session,
                                                                         tmp_path):
    make_volunteer(session, display_name="Ana", phone="+12155550101")
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["rota", "export"])
    assert shown.exit_code == 0 and shown.stdout == export_rota(session)
    assert shown.stdout.count("+12155550101") == 7
    path = tmp_path / "out.csv"
    written = runner.invoke(args=["rota", "export", "--output", str(path)])
    assert written.exit_code == 0 and path.read_text() == shown.stdout
    again = runner.invoke(args=["rota", "import", str(path)])
    assert again.stdout == "rota: 1 volunteer, 7 shifts imported (0 new volunteers)\n"


# Calendar feeds


def test_a_volunteer_feed_has_one_event_per_occurrence_they_are_on_in_the_window(session):
    ana = make_volunteer(session, always_on=False)
    ben = make_volunteer(session, always_on=False)
    add_shift(session, ana, 0, time(9), time(17))
    add_shift(session, ana, 4, time(22), time(2))
    wednesday = add_shift(session, ben, 2, time(10), time(12))
    change(session, wednesday, date(2026, 12, 2), dropped=True, covered_by_id=ana.id)
    extra = ExtraShift(volunteer_id=ana.id, starts_at=local(2026, 12, 5, 10),
                       ends_at=local(2026, 12, 5, 12))
    session.add(extra)
    session.flush()
    expected = [o for o in occurrences(session, *feed_window(NOW), ZONE)
                if o.volunteer_id == ana.id]
    events = by_uid(volunteer_calendar(session, ana, NOW, ZONE))
    assert len(events) == len(expected) == 14 + 14 + 1 + 1  # Mondays, Fridays, cover, extra
    for o in expected:
        key = o.shift_id or f"x{o.extra_shift_id}"
        event = events[f"{key}-{o.occurs_on.isoformat()}@helpline"]
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (o.starts_at, o.ends_at)
    assert f"{wednesday.id}-2026-12-02@helpline" in events
    assert f"x{extra.id}-2026-12-05@helpline" in events


def test_a_dropped_occurrence_leaves_the_feed_and_a_covered_one_joins_the_coverers(session):
    ana = make_volunteer(session, always_on=False)
    ben = make_volunteer(session, always_on=False)
    monday = add_shift(session, ana, 0, time(9), time(17))
    change(session, monday, date(2026, 11, 30), dropped=True)
    change(session, monday, date(2026, 12, 7), dropped=True, covered_by_id=ben.id)
    anas = by_uid(volunteer_calendar(session, ana, NOW, ZONE))
    bens = by_uid(volunteer_calendar(session, ben, NOW, ZONE))
    assert f"{monday.id}-2026-11-23@helpline" in anas
    assert f"{monday.id}-2026-11-30@helpline" not in anas
    assert f"{monday.id}-2026-12-07@helpline" not in anas
    assert list(bens) == [f"{monday.id}-2026-12-07@helpline"]
    event = bens[f"{monday.id}-2026-12-07@helpline"]
    assert event.decoded("DTSTART") == datetime(2026, 12, 7, 14, tzinfo=UTC)


def test_a_19_00_shift_starts_at_19_00_local_on_both_sides_of_the_dst_change(session):
    ana = make_volunteer(session, always_on=False)
    add_shift(session, ana, 6, time(19), time(23))  # Sundays; 1 Nov 2026 ends daylight time
    body = volunteer_calendar(session, ana, datetime(2026, 10, 28, 16, tzinfo=UTC), ZONE)
    starts = {event.decoded("DTSTART") for event in events_of(body)}
    assert {start.astimezone(TZ).time() for start in starts} == {time(19)}
    assert datetime(2026, 10, 25, 23, tzinfo=UTC) in starts  # 19:00 EDT
    assert datetime(2026, 11, 2, 0, tzinfo=UTC) in starts  # 19:00 EST
    assert b"DTSTART:20261025T230000Z" in body and b"DTEND:20261102T040000Z" in body


def test_no_phone_number_appears_in_either_feed(session):
    ana = make_volunteer(session, display_name="Ana", phone="+12155550123")
    body = volunteer_calendar(session, ana, NOW, ZONE)
    rota = rota_calendar(session, NOW, ZONE)
    for feed in (body, rota):
        for number in (b"+12155550123", b"2155550123", b"555-0123", b"5550123"):
            assert number not in feed
    assert {str(e["SUMMARY"]) for e in events_of(body)} == {"Helpline shift"}
    assert {str(e["DESCRIPTION"]) for e in events_of(body)} == {SHIFT_DESCRIPTION}


def test_uids_are_the_same_on_every_fetch(session):
    ana = make_volunteer(session)
    first = by_uid(volunteer_calendar(session, ana, NOW, ZONE))
    later = by_uid(volunteer_calendar(session, ana, NOW + timedelta(minutes=5), ZONE))
    assert len(first) > 90 and list(first) == list(later)


def test_the_rota_feed_names_who_is_on_each_occurrence_and_shows_open_shifts(session):
    ana = make_volunteer(session, always_on=False, display_name="Ana")
    ben = make_volunteer(session, always_on=False, display_name="Ben")
    cal = make_volunteer(session, always_on=False, display_name="Cal", active=False)
    monday = add_shift(session, ana, 0, time(9), time(17))
    add_shift(session, ben, 1, time(9), time(17))
    add_shift(session, cal, 2, time(9), time(17))
    change(session, monday, date(2026, 11, 30), dropped=True, covered_by_id=ben.id)
    change(session, monday, date(2026, 12, 7), dropped=True, code="4K2")
    events = events_of(rota_calendar(session, NOW, ZONE))
    assert Counter(str(e["SUMMARY"]) for e in events) == {"Ana": 12, "Ben": 15, "Open shift": 1}
    [open_shift] = [e for e in events if e["SUMMARY"] == "Open shift"]
    assert open_shift.decoded("DTSTART") == datetime(2026, 12, 7, 14, tzinfo=UTC)
    assert "TAKE 4K2" in str(open_shift["DESCRIPTION"])


# The routes


def test_the_volunteer_feed_is_served_as_a_privately_cached_calendar(app, session):
    ana = make_volunteer(session)
    response = app.test_client().get(f"/calendar/volunteer/{ana.calendar_token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    calendar = Calendar.from_ical(response.data)
    assert (str(calendar["VERSION"]), str(calendar["X-WR-CALNAME"])) == ("2.0", "Helpline shifts")
    assert calendar.get("PRODID")
    assert len(calendar.walk("VEVENT")) > 90


def test_an_unknown_or_inactive_volunteers_token_is_a_plain_404(app, session):
    gone = make_volunteer(session, active=False)
    client = app.test_client()
    unknown = client.get("/calendar/volunteer/not-a-token.ics")
    inactive = client.get(f"/calendar/volunteer/{gone.calendar_token}.ics")
    assert unknown.status_code == inactive.status_code == 404
    assert unknown.data == inactive.data


def test_the_rota_feed_is_404_while_no_token_is_configured(app, session, monkeypatch):
    make_volunteer(session)
    for unset in (None, ""):
        monkeypatch.setitem(app.config, "ROTA_CALENDAR_TOKEN", unset)
        assert app.test_client().get("/calendar/rota/None.ics").status_code == 404


def test_the_rota_feed_answers_only_its_exact_token(app, session, monkeypatch):
    make_volunteer(session, display_name="Ana")
    monkeypatch.setitem(app.config, "ROTA_CALENDAR_TOKEN", "s3cret-rota-token")
    client = app.test_client()
    right = client.get("/calendar/rota/s3cret-rota-token.ics")
    assert right.status_code == 200
    assert right.headers["Cache-Control"] == "private, max-age=300"
    assert {str(e["SUMMARY"]) for e in events_of(right.data)} == {"Ana"}
    for wrong in ("s3cret-rota-tokem", "s3cret-rota-token-", "s3cret", "caf%C3%A9"):
        assert client.get(f"/calendar/rota/{wrong}.ics").status_code == 404


def test_the_rota_token_is_read_from_the_environment(instance):
    token = "Zq8" + "x7Kp2mW9rT4vB6nY1cL5dF0gH3jS" + "aE"
    assert load({"ROTA_CALENDAR_TOKEN": token})["ROTA_CALENDAR_TOKEN"] == token
    assert load({"ROTA_CALENDAR_TOKEN": ""})["ROTA_CALENDAR_TOKEN"] is None
    assert load({})["ROTA_CALENDAR_TOKEN"] is None


@pytest.mark.parametrize("weak", ["abc", "s3cret-rota-token", "a" * 40,
                                  "rota token with spaces and more than 32 chars"])
def test_a_short_or_guessable_rota_token_is_refused_at_start(instance, weak):
    with pytest.raises(ConfigError, match="at least 32 random"):
        load({"ROTA_CALENDAR_TOKEN": weak})


def test_calendar_links_prints_each_active_volunteers_working_feed_url(app, session,
                                                                       monkeypatch):
    ana = make_volunteer(session, display_name="Ana")
    make_volunteer(session, display_name="Cal", active=False)
    monkeypatch.setitem(app.config, "ROTA_CALENDAR_TOKEN", "s3cret-rota-token")
    result = app.test_cli_runner().invoke(args=["rota", "calendar-links"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Ana: {PUBLIC_BASE_URL}/calendar/volunteer/{ana.calendar_token}.ics",
        f"Whole rota: {PUBLIC_BASE_URL}/calendar/rota/s3cret-rota-token.ics",
    ]
    client = app.test_client()
    for line in result.stdout.splitlines():
        path = line.split(PUBLIC_BASE_URL, 1)[1]
        assert client.get(path).status_code == 200
