"""In a real browser: upload a real feed on /meetings, see it listed, preview what a texter in
one of its ZIP codes gets, and remove it (asked first); no serious accessibility finding, and
nothing wider than a phone."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from helpline.catalog.render import to_gsm7
from helpline.meetings.models import Meeting
from tests.browser import WIDTHS, describe, serious_violations
from tests.meeting_fixtures import SUSSEX
from tests.test_browser_access import sign_in
from tests.web import COORDINATOR_EMAIL, make_account


def signed_in(page_at, width: int):
    page = page_at(width)
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    return page


def assert_fits_and_passes_axe(page, width: int) -> None:
    found = serious_violations(page)
    assert not found, describe(found)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_upload_a_feed_then_preview_a_texters_reply_from_it(page_at, live_session):
    make_account(live_session, "coordinator")
    page = signed_in(page_at, WIDTHS["wide"])
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Meetings").click()
    upload = page.get_by_role("region", name="Upload a feed file")
    upload.get_by_label("Name").fill("sussex-aa")
    upload.get_by_label("Feed file").set_input_files(str(SUSSEX))
    upload.get_by_label("Time zone (optional)").fill("America/New_York")
    upload.get_by_label("Program (optional)").fill("AA")
    upload.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r"/meetings$"))
    assert "Imported 123 meetings into sussex-aa" in page.get_by_role("status").first.inner_text()
    source = page.get_by_role("article", name="sussex-aa")
    assert "uploaded file meeting-guide-sussexaa-tsml.json" in source.inner_text()
    assert live_session.scalar(select(func.count(Meeting.id))) == 123

    preview = page.get_by_role("region", name="What a texter gets")
    preview.get_by_label("Words after MEETINGS").fill("19958 tonight")
    preview.get_by_label("At").fill("2026-11-24T17:00")
    preview.get_by_role("button", name="Show the reply").click()
    reply = page.locator("#reply").inner_text()
    assert reply.startswith("Meetings near 19958 Lewes, DE")
    names = [to_gsm7(name)[:9] for name in live_session.scalars(select(Meeting.name))]
    listed = [line for line in reply.splitlines() if re.match(r"^\d\) ", line)]
    assert listed and all(any(name in line for name in names) for line in listed)
    assert_fits_and_passes_axe(page, WIDTHS["wide"])

    phone = signed_in(page_at, WIDTHS["phone"])
    phone.goto("/meetings?q=19958+tonight&at=2026-11-24T17:00")
    assert phone.locator("#reply").inner_text() == reply
    assert_fits_and_passes_axe(phone, WIDTHS["phone"])


def test_remove_a_source_after_being_asked(page_at, live_session):
    make_account(live_session, "coordinator")
    page = signed_in(page_at, WIDTHS["phone"])
    page.goto("/meetings")
    upload = page.get_by_role("region", name="Upload a feed file")
    upload.get_by_label("Name").fill("sussex-aa")
    upload.get_by_label("Feed file").set_input_files(str(SUSSEX))
    upload.get_by_label("Time zone (optional)").fill("America/New_York")
    upload.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r"/meetings$"))
    page.get_by_role("button", name="Remove sussex-aa…").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Remove sussex-aa?"
    assert page.title() == "Remove a source · Meetings · Test Helpline"
    assert_fits_and_passes_axe(page, WIDTHS["phone"])
    page.get_by_role("button", name="Remove sussex-aa and its meetings").click()
    page.wait_for_url(re.compile(r"/meetings$"))
    assert "Removed sussex-aa and its 123 meetings" in page.get_by_role("status").first.inner_text()
    assert live_session.scalar(select(func.count(Meeting.id))) == 0
