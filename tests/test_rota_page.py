"""The coordinator's /rota page: the week calendar in the line's time (DST weeks too), and
changing the rota from it: weekly shifts, extra shifts, drops, covers, swaps, each audited."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from flask import template_rendered
from sqlalchemy import func, select

from helpline.audit.models import AuditEvent
from helpline.db import utcnow
from helpline.models import OutboundMessage, OutboxItem
from tests.factories import make_volunteer
from tests.web import HOSTILE_NAMES, csrf_from, post_form, signed_in_client
from volunteers import rota_changes
from volunteers.models import ExtraShift, Shift, ShiftChange
from volunteers.rota import on_duty
from volunteers.rota_edits import RotaEditError
from volunteers.rota_week import this_monday, week_value

ZONE = "America/New_York"
WEEK = "2026-W49"  # Monday 30 November to Sunday 6 December 2026
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)


@pytest.fixture
def client(app, session):
    return signed_in_client(app, session)


def volunteer(session, name: str, **overrides):
    return make_volunteer(session, always_on=False, display_name=name, **overrides)


def weekly(session, person, weekday: int, starts: time, ends: time, **fields) -> Shift:
    shift = Shift(volunteer_id=person.id, weekday=weekday, starts=starts, ends=ends, **fields)
    session.add(shift)
    session.flush()
    return shift


def page(client, url: str = f"/rota?week={WEEK}") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def day_of(html: str, day: date) -> str:
    """The part of the week page under one day's heading."""
    match = re.search(rf'<h2 id="day-{day.isoformat()}">(.*?)(?=<li class="day">|</ol>)', html,
                      re.S)
    assert match, f"no heading for {day}"
    return match.group(1)


def at_local(y, m, d, hh, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def actions(session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


# The week calendar


def test_a_weekly_shift_shows_on_its_day_with_its_times(client, session):
    dana = volunteer(session, "Dana")
    weekly(session, dana, 1, time(9), time(17), note="Bring the binder")
    html = page(client)
    assert "<title>Rota, week 49 of 2026 · Test Helpline</title>" in html
    tuesday = day_of(html, TUESDAY)
    assert "09:00–17:00" in tuesday and "Dana" in tuesday and "Bring the binder" in tuesday
    assert "Dana" not in day_of(html, WEDNESDAY)


def test_an_overnight_shift_is_drawn_on_both_of_its_days(client, session):
    weekly(session, volunteer(session, "Dana"), 1, time(22), time(6))
    html = page(client)
    assert "22:00 → (Wed 06:00)" in day_of(html, TUESDAY)
    assert "(from Tue 22:00) → 06:00" in day_of(html, WEDNESDAY)


def test_sunday_night_runs_into_the_next_weeks_monday(client, session):
    weekly(session, volunteer(session, "Dana"), 6, time(22), time(6))
    html = page(client)
    assert "(from Sun 22:00) → 06:00" in day_of(html, date(2026, 11, 30))  # last week's Sunday
    assert "22:00 → (Mon 06:00)" in day_of(html, date(2026, 12, 6))


def test_the_week_the_clocks_go_back_has_a_25_hour_sunday_at_the_right_local_times(client,
                                                                                   session):
    dana, sam = volunteer(session, "Dana"), volunteer(session, "Sam")
    weekly(session, dana, 5, time(22), time(6))  # Saturday night into Sunday 1 November
    weekly(session, sam, 6, time(1, 30), time(3))  # 01:30 happens twice: its first pass
    html = page(client, "/rota?week=2026-W44")
    sunday = day_of(html, date(2026, 11, 1))
    assert "25 hours" in sunday and "EDT, then EST" in sunday
    assert "22:00 → (Sun 06:00 EST)" in day_of(html, date(2026, 10, 31))
    assert "(from Sat 22:00) → 06:00 EST" in sunday
    assert "01:30 EDT–03:00 EST" in sunday
    assert on_duty(session, datetime(2026, 11, 1, 5, 30, tzinfo=UTC), ZONE) == [dana, sam]


def test_the_week_after_the_clocks_go_back_is_in_standard_time(client, session):
    weekly(session, volunteer(session, "Dana"), 0, time(9), time(17))
    html = page(client, "/rota?week=2026-W45")
    assert "(EST)" in html and "EDT" not in html
    assert "09:00–17:00" in day_of(html, date(2026, 11, 2))


def test_the_week_the_clocks_go_forward_has_a_23_hour_sunday(client, session):
    weekly(session, volunteer(session, "Dana"), 6, time(1), time(4))
    sunday = day_of(page(client, "/rota?week=2026-W10"), date(2026, 3, 8))
    assert "23 hours" in sunday and "01:00 EST–04:00 EDT" in sunday


def test_the_page_shows_this_week_by_default_and_links_the_weeks_around(client, session,
                                                                        app):
    seen = []

    def rendered(_app, template, context, **_):
        seen.append(context)

    with template_rendered.connected_to(rendered, app):
        html = page(client, "/rota")
    monday = this_monday(utcnow(), ZONE)
    assert seen[-1]["week_start"] == monday and seen[-1]["zone"] == ZONE
    assert f"day-{monday.isoformat()}" in html
    html = page(client)
    assert 'href="/rota?week=2026-W48" rel="prev"' in html
    assert 'href="/rota?week=2026-W50" rel="next"' in html
    if week_value(monday) != WEEK:
        assert '<a href="/rota">This week</a>' in html


@pytest.mark.parametrize("value", ["nonsense", "2026-W00", "2027-W53", "9999-W52", "2026-W9x",
                                   "<script>alert(1)</script>"])
def test_a_week_that_is_not_one_shows_this_week_with_a_kind_notice(client, value):
    response = client.get("/rota", query_string={"week": value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "is not a week we can show" in html
    assert "<script>alert" not in html


def test_a_stranger_is_sent_to_sign_in(app):
    stranger = app.test_client()
    for url in ("/rota", f"/rota?week={WEEK}", "/rota/shifts/new", "/rota/shifts/1/drop",
                "/rota/swap", "/rota/extra/new"):
        response = stranger.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_change_without_the_csrf_token_is_refused(client, session):
    shift = weekly(session, volunteer(session, "Dana"), 1, time(9), time(17))
    response = client.post(f"/rota/shifts/{shift.id}/drop", data={"day": "2026-12-01"})
    assert response.status_code == 400
    assert count(session, ShiftChange) == 0


# Weekly shifts


def test_a_coordinator_adds_an_overnight_weekly_shift(client, session):
    dana = volunteer(session, "Dana")
    response = post_form(client, f"/rota/shifts/new?week={WEEK}", {
        "volunteer": dana.id, "weekday": 1, "starts": "22:00", "ends": "06:00",
        "first_date": "", "last_date": "", "note": "Covers the late line"})
    assert response.status_code == 302 and response.headers["Location"] == f"/rota?week={WEEK}"
    shift = session.scalar(select(Shift))
    assert (shift.volunteer_id, shift.weekday, shift.starts, shift.ends, shift.note) == (
        dana.id, 1, time(22), time(6), "Covers the late line")
    html = page(client)
    assert "Added Dana, Tue 22:00-06:00." in html
    assert "22:00 → (Wed 06:00)" in day_of(html, TUESDAY)
    event = session.scalar(select(AuditEvent))
    assert (event.action, event.subject_type, event.subject_id) == ("shift.add", "shift",
                                                                   str(shift.id))
    assert event.summary == "Dana, Tue 22:00-06:00" and event.after["starts"] == "22:00:00"


def test_a_shift_without_an_end_time_is_refused_by_the_field(client, session):
    dana = volunteer(session, "Dana")
    response = post_form(client, "/rota/shifts/new", {
        "volunteer": dana.id, "weekday": 1, "starts": "22:00", "ends": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="ends-error"' in html
    assert "Give the end time" in html and count(session, Shift) == 0


def test_a_last_date_before_the_first_is_refused(client, session):
    dana = volunteer(session, "Dana")
    response = post_form(client, "/rota/shifts/new", {
        "volunteer": dana.id, "weekday": 1, "starts": "09:00", "ends": "17:00",
        "first_date": "2026-12-10", "last_date": "2026-12-01"})
    assert response.status_code == 400
    assert "The last date is before the first date." in response.get_data(as_text=True)
    assert count(session, Shift) == 0


def test_a_shift_overlapping_the_volunteers_other_shift_is_refused(client, session):
    dana = volunteer(session, "Dana")
    weekly(session, dana, 1, time(22), time(6))
    response = post_form(client, "/rota/shifts/new", {
        "volunteer": dana.id, "weekday": 2, "starts": "05:00", "ends": "09:00"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This overlaps Dana, Tue 22:00-06:00" in html and 'id="starts-error"' in html
    assert count(session, Shift) == 1


def test_the_same_hours_on_dates_that_do_not_meet_are_not_an_overlap(client, session):
    dana = volunteer(session, "Dana")
    weekly(session, dana, 1, time(9), time(17), last_date=date(2026, 12, 1))
    response = post_form(client, "/rota/shifts/new", {
        "volunteer": dana.id, "weekday": 1, "starts": "10:00", "ends": "18:00",
        "first_date": "2026-12-02"})
    assert response.status_code == 302 and count(session, Shift) == 2


def test_a_coordinator_edits_a_shift_and_its_stale_drops_go(client, session):
    dana, sam = volunteer(session, "Dana"), volunteer(session, "Sam")
    shift = weekly(session, dana, 1, time(9), time(17))
    session.add(ShiftChange(shift_id=shift.id, occurs_on=TUESDAY, dropped=True, code="4K2"))
    session.flush()
    url = f"/rota/shifts/{shift.id}/edit?week={WEEK}"
    assert 'value="09:00"' in page(client, url)
    response = post_form(client, url, {"volunteer": sam.id, "weekday": 3, "starts": "10:00",
                                       "ends": "12:00", "note": ""})
    assert response.status_code == 302
    session.refresh(shift)
    assert (shift.volunteer_id, shift.weekday, shift.starts) == (sam.id, 3, time(10))
    assert count(session, ShiftChange) == 0  # Tuesday 1 Dec is no longer one of its dates
    assert "10:00–12:00" in day_of(page(client), THURSDAY)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "shift.edit"))
    assert event.before == {"volunteer_id": dana.id, "weekday": 1, "starts": "09:00:00",
                            "ends": "17:00:00"}
    assert "1 dated change removed" in event.summary


def test_deleting_a_shift_says_what_goes_with_it_and_deletes_its_changes(client, session):
    dana, sam = volunteer(session, "Dana"), volunteer(session, "Sam")
    shift = weekly(session, dana, 1, time(9), time(17))
    session.add(ShiftChange(shift_id=shift.id, occurs_on=date(2027, 1, 5), covered_by_id=sam.id))
    session.flush()
    url = f"/rota/shifts/{shift.id}/delete?week={WEEK}"
    assert "covered by Sam" in page(client, url)
    response = post_form(client, url, {})
    assert response.status_code == 302
    assert count(session, Shift) == 0 and count(session, ShiftChange) == 0
    assert actions(session) == ["shift.delete"]
    assert "Dana" not in day_of(page(client), TUESDAY)


# Extra shifts


def test_an_overnight_extra_shift_across_the_clock_change_is_stored_in_utc(client, session):
    dana = volunteer(session, "Dana")
    response = post_form(client, "/rota/extra/new?week=2026-W44", {
        "volunteer": dana.id, "day": "2026-10-31", "starts": "22:00", "ends": "06:00",
        "note": "Halloween"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/rota?week=2026-W44"
    extra = session.scalar(select(ExtraShift))
    assert extra.starts_at == datetime(2026, 11, 1, 2, tzinfo=UTC)  # 22:00 EDT
    assert extra.ends_at == datetime(2026, 11, 1, 11, tzinfo=UTC)  # 06:00 EST: nine hours
    html = page(client, "/rota?week=2026-W44")
    saturday = day_of(html, date(2026, 10, 31))
    assert "22:00 → (Sun 06:00 EST)" in saturday and "extra shift" in saturday
    assert "Halloween" in saturday
    assert "(from Sat 22:00) → 06:00 EST" in day_of(html, date(2026, 11, 1))
    assert actions(session) == ["extra_shift.add"]


def test_an_extra_shift_over_the_volunteers_own_shift_is_refused(client, session):
    dana = volunteer(session, "Dana")
    weekly(session, dana, 1, time(9), time(17))
    response = post_form(client, "/rota/extra/new", {
        "volunteer": dana.id, "day": "2026-12-01", "starts": "16:00", "ends": "18:00"})
    assert response.status_code == 400
    assert "Dana is already on the rota then" in response.get_data(as_text=True)
    assert count(session, ExtraShift) == 0


def test_a_coordinator_deletes_an_extra_shift(client, session):
    dana = volunteer(session, "Dana")
    extra = ExtraShift(volunteer_id=dana.id, starts_at=at_local(2026, 12, 1, 9),
                       ends_at=at_local(2026, 12, 1, 12))
    session.add(extra)
    session.flush()
    assert "extra shift" in day_of(page(client), TUESDAY)
    url = f"/rota/extra/{extra.id}/delete?week={WEEK}"
    assert "Dana, Tue 1 Dec 2026 09:00-12:00" in page(client, url)
    response = post_form(client, url, {})
    assert response.status_code == 302 and response.headers["Location"] == f"/rota?week={WEEK}"
    assert count(session, ExtraShift) == 0 and actions(session) == ["extra_shift.delete"]


# One date of a shift


def test_dropping_a_date_leaves_it_open_with_a_take_code_and_texts_nobody(client, session):
    dana = volunteer(session, "Dana")
    volunteer(session, "Sam")
    shift = weekly(session, dana, 1, time(9), time(17))
    week_page = page(client)
    assert 'aria-label="Drop Dana&#39;s shift on Tue 1 Dec"' in week_page
    response = client.post(f"/rota/shifts/{shift.id}/drop?week={WEEK}", data={
        "day": "2026-12-01", "csrf_token": csrf_from(week_page)})
    assert response.status_code == 302 and response.headers["Location"] == f"/rota?week={WEEK}"
    change = session.scalar(select(ShiftChange))
    assert change.dropped and change.code and change.covered_by_id is None
    tuesday = day_of(page(client), TUESDAY)
    assert "Open" in tuesday and f"TAKE <code>{change.code}</code>" in tuesday
    assert on_duty(session, at_local(2026, 12, 1, 10), ZONE) == []
    assert count(session, OutboundMessage) == 0  # the page's drop offers it to nobody
    assert session.scalar(select(OutboxItem.job)) == "check_open_shift"
    event = session.scalar(select(AuditEvent))
    assert event.action == "shift.drop" and event.subject_id == str(shift.id)


def test_covering_a_date_puts_the_other_volunteer_on_duty(client, session):
    dana, sam = volunteer(session, "Dana"), volunteer(session, "Sam")
    shift = weekly(session, dana, 1, time(9), time(17))
    url = f"/rota/shifts/{shift.id}/cover?day=2026-12-01&week={WEEK}"
    form = page(client, url)
    assert 'value="2026-12-01"' in form and f'<option value="{dana.id}"' not in form
    response = post_form(client, url, {"day": "2026-12-01", "volunteer": sam.id})
    assert response.status_code == 302
    assert "Sam covering for Dana" in day_of(page(client), TUESDAY)
    assert on_duty(session, at_local(2026, 12, 1, 10), ZONE) == [sam]
    assert on_duty(session, at_local(2026, 12, 8, 10), ZONE) == [dana]  # the next week's is hers
    assert actions(session) == ["shift.cover"]


def test_undo_gives_the_date_back_to_the_shifts_own_volunteer(client, session):
    dana, sam = volunteer(session, "Dana"), volunteer(session, "Sam")
    shift = weekly(session, dana, 1, time(9), time(17))
    session.add(ShiftChange(shift_id=shift.id, occurs_on=TUESDAY, covered_by_id=sam.id))
    session.flush()
    response = post_form(client, f"/rota/shifts/{shift.id}/undo?week={WEEK}",
                         {"day": "2026-12-01"}, page=f"/rota?week={WEEK}")
    assert response.status_code == 302 and count(session, ShiftChange) == 0
    assert on_duty(session, at_local(2026, 12, 1, 10), ZONE) == [dana]
    assert actions(session) == ["shift.undo"]


def test_a_swap_puts_each_volunteer_on_the_others_date(client, session):
    dana, sam = volunteer(session, "Dana"), volunteer(session, "Sam")
    tuesdays = weekly(session, dana, 1, time(9), time(17))
    thursdays = weekly(session, sam, 3, time(18), time(22))
    url = f"/rota/swap?shift={tuesdays.id}&day=2026-12-01&week={WEEK}"
    form = page(client, url)
    assert "<legend>The first shift</legend>" in form
    response = post_form(client, url, {"first_shift": tuesdays.id, "first_day": "2026-12-01",
                                       "second_shift": thursdays.id, "second_day": "2026-12-03"})
    assert response.status_code == 302
    assert on_duty(session, at_local(2026, 12, 1, 10), ZONE) == [sam]
    assert on_duty(session, at_local(2026, 12, 3, 19), ZONE) == [dana]
    html = page(client)
    assert "Sam covering for Dana" in day_of(html, TUESDAY)
    assert "Dana covering for Sam" in day_of(html, THURSDAY)
    assert actions(session) == ["shift.swap", "shift.swap"]


def test_a_volunteer_cannot_cover_their_own_shift(client, session, app):
    dana = volunteer(session, "Dana")
    shift = weekly(session, dana, 1, time(9), time(17))
    response = post_form(client, f"/rota/shifts/{shift.id}/cover?day=2026-12-01",
                         {"day": "2026-12-01", "volunteer": dana.id})
    assert response.status_code == 400
    assert "not the shift&#39;s own volunteer" in response.get_data(as_text=True)
    with pytest.raises(RotaEditError, match="own volunteer"):
        rota_changes.cover(session, None, shift.id, TUESDAY, dana.id, ZONE, utcnow())
    assert count(session, ShiftChange) == 0


def test_a_deactivated_volunteer_cannot_cover(client, session):
    dana, gone = volunteer(session, "Dana"), volunteer(session, "Gone", active=False)
    shift = weekly(session, dana, 1, time(9), time(17))
    response = post_form(client, f"/rota/shifts/{shift.id}/cover",
                         {"day": "2026-12-01", "volunteer": gone.id})
    assert response.status_code == 400 and count(session, ShiftChange) == 0


@pytest.mark.parametrize(("day", "why"), [("2026-12-02", "is a Wednesday"),
                                          ("2026-12-08", "outside its first and last dates")])
def test_a_date_the_shift_does_not_fall_on_is_refused(client, session, day, why):
    shift = weekly(session, volunteer(session, "Dana"), 1, time(9), time(17),
                   last_date=date(2026, 12, 1))
    response = post_form(client, f"/rota/shifts/{shift.id}/drop", {"day": day})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and why in html and 'id="day-error"' in html
    assert count(session, ShiftChange) == 0


# User data on the page


def test_hostile_names_and_notes_are_shown_escaped_everywhere(client, session):
    for n, name in enumerate(HOSTILE_NAMES):
        person = volunteer(session, name)
        shift = weekly(session, person, n, time(9), time(17), note=HOSTILE_NAMES[0])
    session.add(ShiftChange(shift_id=shift.id, occurs_on=TUESDAY, dropped=True, code="4K2"))
    session.flush()
    urls = [f"/rota?week={WEEK}", f"/rota/shifts/{shift.id}/edit",
            f"/rota/shifts/{shift.id}/delete", f"/rota/shifts/{shift.id}/cover",
            f"/rota/shifts/{shift.id}/drop", "/rota/swap", "/rota/extra/new"]
    for url in urls:
        html = page(client, url)
        assert "<script>" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(client)
