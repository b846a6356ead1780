"""In a real browser, what a coordinator does most: add a volunteer (a badly written number
first), add an overnight shift and watch the heat map fill, drop a shift and see the gap."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from sqlalchemy import select

from tests.factories import make_volunteer
from tests.test_browser_access import sign_in
from tests.web import COORDINATOR_EMAIL, make_account
from volunteers.models import Shift, Volunteer

NEXT_WEEK = (date.today() + timedelta(days=7)).isocalendar()
WEEK = f"{NEXT_WEEK.year}-W{NEXT_WEEK.week:02d}"


def signed_in(page_at, live_session, width: int = 1280):
    make_account(live_session, "coordinator")
    page = page_at(width)
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    return page


def cell(page, weekday: int, hour: str):
    """The heat map's cell for this day of the shown week (Monday 0) and hour label."""
    days = page.locator("svg.heatmap g.cell").evaluate_all(
        "cells => [...new Set(cells.map(c => c.dataset.day))]")
    return page.locator(f'svg.heatmap g.cell[data-day="{days[weekday]}"][data-hour="{hour}"]')


def test_add_a_volunteer_a_bad_number_first_then_a_good_one(page_at, live_session):
    page = signed_in(page_at, live_session)
    page.get_by_role("link", name="Volunteers").click()
    page.get_by_role("link", name=re.compile("Add a volunteer")).click()
    page.get_by_label("Display name").fill("Robin")
    page.get_by_label("Phone").fill("555-01")
    page.get_by_role("button", name=re.compile("Add")).click()
    error = page.locator("#phone-error")
    assert "not a phone number we can text" in error.inner_text()
    assert page.get_by_label("Phone").get_attribute("aria-invalid") == "true"
    assert live_session.scalar(select(Volunteer)) is None
    page.get_by_label("Phone").fill("(302) 555-0144")
    page.get_by_role("button", name=re.compile("Add")).click()
    page.wait_for_url(re.compile(r"/volunteers/\d+$"))  # their page, to send the invite from
    assert "Added Robin" in page.get_by_role("status").first.inner_text()
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Volunteers").click()
    row = page.get_by_role("row", name=re.compile("Robin"))
    assert "0144" in row.inner_text() and "555" not in row.inner_text()
    assert live_session.scalar(select(Volunteer.phone)) == "+13025550144"


def test_an_overnight_shift_fills_the_heat_map_on_both_days(page_at, live_session):
    make_volunteer(live_session, always_on=False, display_name="Dana")
    live_session.commit()
    page = signed_in(page_at, live_session)
    page.goto(f"/rota?week={WEEK}")
    assert "gap" in cell(page, 1, "23:00").get_attribute("class")
    assert "gap" in cell(page, 2, "05:00").get_attribute("class")
    page.get_by_role("link", name="Add a weekly shift").click()
    page.get_by_label("Volunteer").select_option(label="Dana")
    page.get_by_label("Day of the week").select_option(label="Tuesday")
    page.get_by_label("Starts").fill("22:00")
    page.get_by_label("Ends").fill("06:00")
    page.get_by_role("button", name="Add the shift").click()
    page.wait_for_url(re.compile(r"/rota"))
    page.goto(f"/rota?week={WEEK}")
    for weekday, hour in ((1, "22:00"), (1, "23:00"), (2, "00:00"), (2, "05:00")):
        classes = cell(page, weekday, hour).get_attribute("class")
        assert "gap" not in classes, (weekday, hour, classes)
    assert "gap" in cell(page, 2, "06:00").get_attribute("class")
    tuesday = page.get_by_role("heading", name=re.compile("^Tue"))
    assert tuesday.count() == 1
    assert "Dana" in page.locator(".day", has=tuesday).inner_text()


def test_dropping_a_shift_shows_it_open_and_the_gap(page_at, live_session):
    dana = make_volunteer(live_session, always_on=False, display_name="Dana")
    live_session.add(Shift(volunteer_id=dana.id, weekday=3, starts=time(9), ends=time(17)))
    live_session.commit()
    page = signed_in(page_at, live_session)
    page.goto(f"/rota?week={WEEK}")
    assert "gap" not in cell(page, 3, "12:00").get_attribute("class")
    page.get_by_text("Change", exact=False).first.click()  # the shift's own actions
    page.get_by_role("button", name=re.compile("^Drop Dana's shift")).click()
    page.wait_for_url(re.compile(r"/rota"))
    assert "is open" in page.get_by_role("status").first.inner_text()
    assert "Open" in page.locator(".mark-open").first.text_content()
    assert "gap" in cell(page, 3, "12:00").get_attribute("class")
    page.goto("/rota/gaps")
    assert page.get_by_role("button", name=re.compile("Find cover")).count() >= 1
