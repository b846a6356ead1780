"""/reports in a real browser: choosing a period with the form, downloading a table as CSV and
finding the same rows as the page shows, and no serious accessibility finding at 360 px."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from helpline.calls.models import Call
from helpline.conversations.models import Conversation
from helpline.meetings.models import MeetingSearch
from helpline.models import InboundMessage
from tests.browser import WIDTHS, describe, serious_violations
from tests.factories import make_contact
from tests.test_browser_access import sign_in
from tests.web import COORDINATOR_EMAIL, make_account

ZONE = ZoneInfo("America/New_York")
ROWS_OF = "rows => rows.map(row => Array.from(row.cells, cell => cell.innerText.trim()))"


def at(text: str) -> datetime:
    """A wall-clock time in the line's zone as an aware UTC instant."""
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(UTC)


def seed(session) -> None:
    """A coordinator, and a week of texts, conversations, calls and meeting searches."""
    make_account(session, "coordinator")
    texter = make_contact(session)
    for n, day in enumerate(("2026-11-22", "2026-11-24", "2026-11-24", "2026-11-28")):
        opened = at(f"{day} {9 + n:02d}:15")
        session.add(InboundMessage(message_sid=f"SM{n:032d}", contact_id=texter.id,
                                   to_number="+13025550100", body="words", language="en",
                                   intent="crisis" if n == 1 else "other", received_at=opened))
        session.add(Conversation(case_code=f"B{n}", contact_id=texter.id, status="closed",
                                 opened_at=opened, waiting_since=opened, last_message_at=opened,
                                 claimed_at=opened + timedelta(minutes=n) if n else None))
        session.add(Call(call_sid=f"CA{n:032d}", contact_id=texter.id, case_code=f"Q{n}",
                         created_at=opened, queued_at=opened + timedelta(seconds=20),
                         answered_at=opened + timedelta(seconds=50) if n % 2 else None,
                         outcome="answered" if n % 2 else "abandoned", status="done"))
        session.add(MeetingSearch(contact_id=texter.id, created_at=opened, results=[],
                                  place="19958 Lewes, DE" if n % 2 else "online"))
    session.commit()


def test_a_downloaded_csv_has_the_rows_of_the_table_on_the_page(page_at, live_session):
    seed(live_session)
    page = page_at(WIDTHS["phone"])
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("link", name="Reports").click()
    page.get_by_label("From", exact=True).fill("2026-11-22")
    page.get_by_label("To (included)", exact=True).fill("2026-11-29")
    page.get_by_label("Per day", exact=True).check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"from=2026-11-22"))
    assert page.title() == "Reports, 22–29 Nov 2026 · Test Helpline"
    for name, noun in (("calls", "calls"), ("areas", "meeting searches by ZIP area")):
        shown = page.locator(f"#table-{name} tr").evaluate_all(ROWS_OF)
        with page.expect_download() as download:
            page.get_by_role("link", name=f"Download the {noun} table as CSV").click()
        assert download.value.suggested_filename == (
            f"{name}-per-day-2026-11-22-to-2026-11-29.csv")
        with open(download.value.path(), newline="", encoding="utf-8") as file:
            assert list(csv.reader(file)) == shown
    assert shown[1] == ["199xx", "2"]  # the areas: ZIP3, never the place
    found = serious_violations(page)
    assert not found, describe(found)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]


def test_per_hour_of_the_day_at_360_px_has_no_serious_findings(page_at, live_session):
    seed(live_session)
    page = page_at(WIDTHS["phone"])
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/reports?from=2026-11-22&to=2026-11-29&by=hour")
    rows = page.locator("#table-texts tr").evaluate_all(ROWS_OF)
    assert len(rows) == 1 + 24 + 1 and rows[-1][:2] == ["Total", "4"]
    assert page.locator("svg.chart[role=img]").count() == 4
    found = serious_violations(page)
    assert not found, describe(found)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]
