"""The coverage heat map, the gaps of the next 14 days with "find cover", rota CSV import and
export, and the calendar links page."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import render_template_string
from sqlalchemy import func, select

from helpline.audit.models import AuditEvent
from helpline.db import utcnow
from helpline.models import Contact, OutboundMessage
from tests.browser import WIDTHS, describe, serious_violations
from tests.factories import make_contact, make_volunteer
from tests.web import (
    COORDINATOR_EMAIL,
    HOSTILE_NAMES,
    PASSWORD,
    csrf_from,
    make_account,
    post_form,
    signed_in_client,
)
from volunteers import heatmap, open_shifts, rota
from volunteers.models import ExtraShift, Shift, ShiftChange, Volunteer

ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)
SVG = "{http://www.w3.org/2000/svg}"
W49 = date(2026, 11, 30)  # Monday of 2026-W49
W44 = date(2026, 10, 26)  # Monday of 2026-W44: the clocks go back on Sunday 1 Nov


def heat_cells(html: str) -> dict[tuple[str, str], tuple[str, str]]:
    """{(day, row label): (class, title)} of the page's heat map, read as XML."""
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))
    return {(g.get("data-day"), g.get("data-hour")): (g.get("class"), g.find(f"{SVG}title").text)
            for g in svg.iter(f"{SVG}g")}


def add_shift(session, volunteer, weekday: int, starts: int, ends: int) -> Shift:
    """A weekly shift of this volunteer from `starts` to `ends` o'clock (local)."""
    shift = Shift(volunteer_id=volunteer.id, weekday=weekday, starts=time(starts),
                  ends=time(ends))
    session.add(shift)
    session.flush()
    return shift


def texts(session, **where) -> list[OutboundMessage]:
    return list(session.scalars(select(OutboundMessage).filter_by(**where)
                                .order_by(OutboundMessage.id)))


def audited(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def stopped(session, volunteer) -> None:
    """The volunteer texted STOP to the line."""
    make_contact(session, address=volunteer.phone, opted_out_at=utcnow())


def local_at(day: date, hour: int):
    return rota.instant_of(day, time(hour), TZ)


def tomorrow() -> date:
    return utcnow().astimezone(TZ).date() + timedelta(days=1)


# The heat map


def test_the_heat_map_counts_both_days_of_an_overnight_shift(app, session):
    client = signed_in_client(app, session)
    before = heat_cells(client.get("/rota/coverage?week=2026-W49").get_data(as_text=True))
    assert before[("2026-12-01", "22:00")] == ("cell gap", "Tue 22:00: 0 on duty — gap")
    add_shift(session, make_volunteer(session, always_on=False), 1, 22, 6)
    page = client.get("/rota/coverage?week=2026-W49")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Coverage, week 49 of 2026 · Test Helpline</title>" in html
    cells = heat_cells(html)
    assert cells[("2026-12-01", "22:00")] == ("cell ok", "Tue 22:00: 1 on duty")
    assert cells[("2026-12-02", "05:00")][0] == "cell ok"
    assert cells[("2026-12-01", "21:00")][0] == "cell gap"
    assert cells[("2026-12-02", "06:00")][0] == "cell gap"
    assert len(cells) == 7 * 24
    assert "Tue 1 Dec 22:00–06:00: nobody on duty" not in html
    assert "Mon 30 Nov 00:00–Tue 1 Dec 22:00: nobody on duty" in html


def test_the_svg_is_an_image_labelled_by_its_title_and_description(app, session):
    html = signed_in_client(app, session).get("/rota/coverage?week=2026-W49").get_data(
        as_text=True)
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))
    assert svg.get("role") == "img" and svg.get("width") == "100%" and svg.get("viewBox")
    title, desc = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title and svg.find(f"{SVG}desc").get("id") == desc
    assert "style=" not in html and "<script" not in html
    assert 'href="/static/coverage.css"' in html


def test_below_the_minimum_is_amber_and_above_it_shades(app, session):
    app.config["COVERAGE_MINIMUM"] = 2
    for _ in range(3):
        add_shift(session, make_volunteer(session, always_on=False), 0, 9, 12)
    add_shift(session, make_volunteer(session, always_on=False), 0, 12, 13)
    found = heatmap.week(session, W49, ZONE, 2)
    monday = {row.label: row.cells[0] for row in found.rows}
    assert (monday["09:00"].count, monday["09:00"].level) == (3, "more")
    assert (monday["12:00"].level, monday["12:00"].title) == (
        "low", "Mon 12:00: 1 on duty — below the minimum of 2")
    assert monday["13:00"].level == "gap"


def test_a_dst_week_has_a_row_for_the_second_one_oclock_and_counts_it(app, session):
    add_shift(session, make_volunteer(session, always_on=False), 6, 0, 3)  # Sun 00:00-03:00
    found = heatmap.week(session, W44, ZONE, 1)
    labels = [row.label for row in found.rows]
    assert len(labels) == 25 and labels[1:4] == ["01:00", "01:00 (2nd)", "02:00"]
    sunday = {row.label: row.cells[6] for row in found.rows}
    assert [sunday[h].count for h in ("00:00", "01:00", "01:00 (2nd)", "02:00", "03:00")] == [
        1, 1, 1, 1, 0]
    monday = {row.label: row.cells[0] for row in found.rows}
    assert monday["01:00 (2nd)"].level == heatmap.NONE and monday["01:00"].count == 0
    html = signed_in_client(app, session).get("/rota/coverage?week=2026-W44").get_data(
        as_text=True)
    cells = heat_cells(html)
    assert cells[("2026-11-01", "01:00 (2nd)")] == ("cell ok", "Sun 01:00 (2nd): 1 on duty")
    assert cells[("2026-10-26", "01:00 (2nd)")][0] == "cell none"
    assert "Sun 1 Nov 03:00–00:00: nobody on duty" in html  # to the end of the week


def test_the_day_the_clocks_go_forward_has_no_two_oclock(session):
    found = heatmap.week(session, date(2026, 3, 2), ZONE, 1)  # Sun 8 Mar 2026 has 23 hours
    sunday = {row.label: row.cells[6] for row in found.rows}
    assert len(found.rows) == 24 and sunday["02:00"].level == heatmap.NONE
    assert sum(cell.count is not None for cell in (row.cells[6] for row in found.rows)) == 23


def test_the_week_page_include_works_with_only_week_start_and_zone(app, session):
    with app.test_request_context():
        html = render_template_string('{% include "rota/_coverage.html" ignore missing %}',
                                      week_start=W49, zone=ZONE)
    assert len(heat_cells(html)) == 7 * 24


def test_a_week_that_is_no_week_is_not_found(app, session):
    client = signed_in_client(app, session)
    assert client.get("/rota/coverage?week=2026-W60").status_code == 404
    assert client.get("/rota/coverage?week=nonsense").status_code == 404
    assert client.get("/rota/coverage").status_code == 200


# Gaps and finding cover


@pytest.fixture
def nights(session):
    """Ann works 06:00-22:00 every day, so every night is a gap; Bob is free; Cleo texted STOP;
    Dee is inactive."""
    ann = make_volunteer(session, always_on=False, display_name="Ann")
    for weekday in range(7):
        add_shift(session, ann, weekday, 6, 22)
    bob = make_volunteer(session, always_on=False, display_name="Bob")
    cleo = make_volunteer(session, always_on=False, display_name="Cleo")
    stopped(session, cleo)
    dee = make_volunteer(session, always_on=False, display_name="Dee", active=False)
    return ann, bob, cleo, dee


def test_the_gaps_page_lists_the_next_fourteen_days_gaps_with_find_cover(app, session, nights):
    night = tomorrow()
    shown = open_shifts.span_label(local_at(night, 22), local_at(night + timedelta(days=1), 6),
                                   ZONE)
    html = signed_in_client(app, session).get("/rota/gaps").get_data(as_text=True)
    assert f"<th scope=\"row\">{shown}</th>" in html
    assert f'aria-label="Find cover for {shown}"' in html
    rows = re.findall(r'<th scope="row">', html)
    assert 14 <= len(rows) <= 16  # one gap a night (tonight's may have begun)


def test_the_gaps_page_comes_a_page_at_a_time(app, session):
    volunteer = make_volunteer(session, always_on=False)
    for weekday in range(7):
        for hour in (0, 4, 8, 12, 16, 20):  # 2-hour gaps between 2-hour shifts: 6 a day
            add_shift(session, volunteer, weekday, hour, hour + 2)
    client = signed_in_client(app, session)
    first = client.get("/rota/gaps").get_data(as_text=True)
    assert first.count("Find cover</button>") == 25 and "Page 1 of 4" in first
    last = client.get("/rota/gaps?page=4").get_data(as_text=True)
    assert 0 < last.count("Find cover</button>") <= 25


def find_cover(client, start, end):
    return post_form(client, "/rota/gaps/find-cover",
                     {"starts_at": start.isoformat(), "ends_at": end.isoformat()},
                     page="/rota/gaps")


def test_find_cover_for_a_gap_without_shifts_asks_the_free_volunteers_to_go_on(
        app, session, nights):
    ann, bob, cleo, dee = nights
    client = signed_in_client(app, session)
    night = tomorrow()
    start, end = local_at(night, 22), local_at(night + timedelta(days=1), 6)
    response = find_cover(client, start, end)
    assert response.status_code == 302 and response.location.startswith("/rota/gaps")
    sent = texts(session, purpose="gap_cover_request")
    assert sorted(t.to_address for t in sent) == sorted([ann.phone, bob.phone])
    assert all("nobody is on duty" in t.body and "ON until 06:00" in t.body for t in sent)
    assert "Texted 2 volunteers about" in client.get("/rota/gaps").get_data(as_text=True)
    find_cover(client, start, end)  # a second click, or a double submit
    assert len(texts(session)) == 2
    assert len(audited(session, "rota.find_cover")) == 1


def test_find_cover_offers_a_dropped_shift_as_drop_does(app, session, nights):
    ann, bob, cleo, dee = nights
    day = tomorrow() + timedelta(days=1)
    shift = session.scalar(select(Shift).where(Shift.volunteer_id == ann.id,
                                               Shift.weekday == day.weekday()))
    session.add(ShiftChange(shift_id=shift.id, occurs_on=day, dropped=True))
    eve = make_volunteer(session, always_on=False, display_name="Eve")  # on for part of it
    session.add(ExtraShift(volunteer_id=eve.id, starts_at=local_at(day, 6),
                           ends_at=local_at(day, 7)))
    session.flush()
    client = signed_in_client(app, session)
    gap = next(g for g in open_shifts.upcoming(session, utcnow(), 14, ZONE, 1)
               if g.starts_at == local_at(day, 7))
    find_cover(client, gap.starts_at, gap.ends_at)
    code = session.scalar(select(ShiftChange.code))
    assert code
    offers = texts(session, purpose="open_shift_offer")
    assert [t.to_address for t in offers] == [bob.phone]
    assert f"Reply TAKE {code} to take it." in offers[0].body
    find_cover(client, gap.starts_at, gap.ends_at)
    assert len(texts(session, purpose="open_shift_offer")) == 1


def test_find_cover_for_a_gap_that_was_filled_texts_nobody(app, session, nights):
    client = signed_in_client(app, session)
    night = tomorrow()
    start, end = local_at(night, 22), local_at(night + timedelta(days=1), 6)
    add_shift(session, make_volunteer(session, always_on=False), night.weekday(), 22, 6)
    response = find_cover(client, start, end)
    assert response.status_code == 302
    assert texts(session) == []
    assert "is no longer a gap" in client.get("/rota/gaps").get_data(as_text=True)


def test_find_cover_refuses_a_made_up_span_and_a_post_without_csrf(app, session):
    client = signed_in_client(app, session)
    start = utcnow()
    assert find_cover(client, start, start - timedelta(hours=1)).status_code == 400
    assert find_cover(client, start, start + timedelta(days=40)).status_code == 400
    response = client.post("/rota/gaps/find-cover", data={
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()})
    assert response.status_code == 400


# Import and export


def upload(client, content: bytes, name: str = "rota.csv"):
    token = csrf_from(client.get("/rota/import").get_data(as_text=True))
    return client.post("/rota/import", content_type="multipart/form-data",
                       data={"csrf_token": token, "file": (io.BytesIO(content), name)})


GOOD = ("name,phone,day,start,end,languages\n"
        "Ann,+13025550101,Tuesday,22:00,06:00,en;es\n"
        "Ann,+13025550101,Friday,18:00,22:00,\n"
        "Bob,(302) 555-0102,sáb,7:00 PM,11:00 PM,\n").encode()


def test_importing_a_good_file_applies_it_and_says_what_it_did(app, session):
    client = signed_in_client(app, session)
    form = client.get("/rota/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'accept=".csv,text/csv"' in form
    assert '<label for="file">' in form
    response = upload(client, GOOD)
    assert response.status_code == 302 and response.location == "/rota"
    assert session.scalar(select(func.count()).select_from(Shift)) == 3
    assert session.scalar(select(Volunteer.languages).where(Volunteer.display_name == "Ann")) \
        == "en,es"
    [event] = audited(session, "rota.import")
    assert event.summary == "Imported 3 shifts for 2 volunteers"
    assert "Rota imported: 2 volunteers, 3 shifts" in client.get("/rota").get_data(as_text=True)


def test_a_file_with_errors_lists_them_by_line_and_applies_nothing(app, session):
    bad = GOOD + b"Cy,+13025550103,Funday,09:00,10:00,\nDi,not a phone,Monday,09:00,10:00,\n"
    response = upload(signed_in_client(app, session), bad)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "2 errors in the file: nothing was imported" in html
    assert "<li>line 5: day &#39;Funday&#39; is not a day of the week</li>" in html
    assert "<li>line 6: phone &#39;not a phone&#39; is not a valid number</li>" in html
    assert session.scalar(select(func.count()).select_from(Volunteer)) == 0
    assert audited(session, "rota.import") == []


@pytest.mark.parametrize("content, says", [
    ("name,phone,day,start,end\nJosé,+13025550101,Monday,09:00,10:00\n".encode("latin-1"),
     "not UTF-8 text"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe binary", "not a CSV file"),
    ("name,phone,day,start,end\n".encode("utf-16"), "UTF-16"),
    (b"", "line 1: the file is empty"),
])
def test_a_file_that_is_not_utf8_csv_is_refused_clearly(app, session, content, says):
    response = upload(signed_in_client(app, session), content)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_a_file_over_a_megabyte_is_refused(app, session):
    response = upload(signed_in_client(app, session), GOOD + b"#" * 1_000_001)
    assert response.status_code == 400
    assert "larger than 1 MB" in response.get_data(as_text=True)


def test_an_upload_without_csrf_is_refused(app, session):
    client = signed_in_client(app, session)
    response = client.post("/rota/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(GOOD), "rota.csv")})
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_the_export_downloads_the_rota_csv_and_is_audited(app, session):
    volunteer = make_volunteer(session, always_on=False, display_name="Ann")
    add_shift(session, volunteer, 1, 22, 6)
    response = signed_in_client(app, session).get("/rota/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=rota.csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_data(as_text=True) == (
        f"name,phone,day,start,end,languages\nAnn,{volunteer.phone},Tuesday,22:00,06:00,en\n")
    [event] = audited(session, "rota.export")
    assert event.summary == "Exported 1 shifts (with phone numbers)"


# Calendar links


def test_calendar_links_show_each_volunteers_feed_and_the_whole_rota_to_admins_only(
        app, session):
    app.config["ROTA_CALENDAR_TOKEN"] = "w" * 40
    volunteer = make_volunteer(session, always_on=False, display_name="Ann")
    make_volunteer(session, always_on=False, display_name="Gone", active=False)
    html = signed_in_client(app, session).get("/rota/calendars").get_data(as_text=True)
    assert f"https://helpline.example.org/calendar/volunteer/{volunteer.calendar_token}.ics" \
        in html
    assert "Gone" not in html
    assert "w" * 40 not in html
    admin = signed_in_client(app, session, "admin").get("/rota/calendars").get_data(as_text=True)
    assert f"https://helpline.example.org/calendar/rota/{'w' * 40}.ics" in admin


# Safety


def test_hostile_names_are_escaped(app, session):
    for name in HOSTILE_NAMES:
        make_volunteer(session, always_on=False, display_name=name)
    client = signed_in_client(app, session)
    html = client.get("/rota/calendars").get_data(as_text=True)
    out = io.StringIO()
    csv.writer(out).writerows([("name", "phone", "day", "start", "end"),
                               (HOSTILE_NAMES[0], "+13025550101", "Monday", "09:00", "10:00"),
                               (HOSTILE_NAMES[1], "+13025550101", "Tuesday", "09:00", "10:00")])
    clash = out.getvalue().encode()
    errors = upload(client, clash).get_data(as_text=True)
    for page in (html, errors):
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in errors


@pytest.mark.parametrize("url", ["/rota/coverage", "/rota/gaps", "/rota/import",
                                 "/rota/export.csv", "/rota/calendars"])
def test_the_pages_ask_a_stranger_to_sign_in(app, url):
    response = app.test_client().get(url)
    assert response.status_code == 302 and "/login" in response.location


def test_find_cover_texts_no_one_who_stopped_texts(app, session, nights):
    ann, bob, cleo, dee = nights
    stopped(session, bob)
    night = tomorrow()
    find_cover(signed_in_client(app, session), local_at(night, 22),
               local_at(night + timedelta(days=1), 6))
    assert [t.to_address for t in texts(session)] == [ann.phone]
    assert session.scalar(select(func.count()).select_from(Contact)) == 2


# In a real browser


def browser_sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(COORDINATOR_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_the_pages_have_no_serious_accessibility_findings_on_a_phone(page_at, live_session):
    make_account(live_session, "coordinator")
    ann = make_volunteer(live_session, always_on=False, display_name=HOSTILE_NAMES[0])
    for weekday in range(7):
        add_shift(live_session, ann, weekday, 6, 22)
    page = page_at(WIDTHS["phone"])
    browser_sign_in(page)
    for path in ("/rota/coverage?week=2026-W44", "/rota/gaps", "/rota/import",
                 "/rota/calendars"):
        assert page.goto(path).status == 200
        found = serious_violations(page)
        assert not found, f"{path}: {describe(found)}"
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"], path
    page.goto("/rota/gaps")
    page.get_by_role("button", name=re.compile(r"^Find cover for ")).first.click()
    assert page.get_by_role("status").inner_text().startswith("Texted 1 volunteer about ")
    page.goto("/rota/import")
    page.get_by_label("Rota file (CSV)").set_input_files(
        files=[{"name": "rota.csv", "mimeType": "text/csv", "buffer": GOOD + b"x,y,z\n"}])
    page.get_by_role("button", name="Import").click()
    assert "nothing was imported" in page.get_by_role("alert").inner_text()
    found = serious_violations(page)
    assert not found, describe(found)
