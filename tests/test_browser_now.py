"""In a real browser: the Now page keeps itself current. A texter asks for a person through the
live server's signed webhook and the waiting conversation appears on the open page without a
reload, focus left where it was and one polite line announced; polling pauses while the tab is
hidden and stops, saying so, once the session has ended; axe finds nothing serious."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import expect
from sqlalchemy import select

from helpline.conversations.models import Conversation
from tests.browser import describe, serious_violations
from tests.conftest import PUBLIC_BASE_URL
from tests.test_browser_access import sign_in
from tests.web import COORDINATOR_EMAIL, make_account
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks

TEXTER = "+13025550144"


class LiveClient:
    """Form posts to the live server over real HTTP, for TwilioWebhooks to sign and send."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def post(self, path: str, data: dict, headers: dict) -> requests.Response:
        return requests.post(self.base_url + path, data=data, headers=headers, timeout=10)


def open_now(page_at, live, live_session, seconds: float = 1):
    """A coordinator signed in on Now, polling every `seconds`."""
    make_account(live_session, "coordinator")
    live.app.config["NOW_POLL_SECONDS"] = seconds
    page = page_at()
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".now-auto")).to_be_visible()  # the script runs
    return page


def test_a_texter_asking_for_a_person_appears_without_a_reload(page_at, live, live_session):
    page = open_now(page_at, live, live_session)
    expect(page.locator("#now-conversations")).to_contain_text("Nobody is waiting.")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="All activity").focus()  # in a part that will change

    webhooks = TwilioWebhooks(LiveClient(live.url), TEST_AUTH_TOKEN, PUBLIC_BASE_URL)
    assert webhooks.text(TEXTER, "can I talk to someone").status_code == 200
    code = live_session.scalar(select(Conversation.case_code))

    waiting = page.locator("#now-conversations").get_by_role("link", name=code, exact=True)
    expect(waiting).to_be_visible(timeout=10_000)
    assert page.evaluate("window.sameDocument") is True  # swapped in, not reloaded
    assert page.evaluate("""() => document.activeElement.textContent === "All activity"
                                  && document.activeElement.closest("#now-top") !== null""")
    expect(page.locator("#now-announce")).to_have_text(
        re.compile(r"^Updated \d\d:\d\d: 1 waiting, 0 active"))
    assert "5550144" not in page.content() and "talk to someone" not in page.content()
    found = serious_violations(page)
    assert not found, describe(found)


def test_polling_pauses_while_hidden_and_stops_once_signed_out(page_at, live, live_session):
    page = open_now(page_at, live, live_session)
    polls = []
    page.on("request", lambda request: polls.append(request.url)
            if request.url.endswith("/now/live") else None)
    with page.expect_request(re.compile(r"/now/live$"), timeout=5_000):
        pass
    page.evaluate("""() => {
        Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }""")
    page.wait_for_timeout(300)  # a poll already on its way may land
    before = len(polls)
    page.wait_for_timeout(2_500)  # more than two intervals: nothing is fetched meanwhile
    assert len(polls) == before

    page.context.clear_cookies()
    with page.expect_request(re.compile(r"/now/live$"), timeout=5_000):
        page.evaluate("""() => {
            Object.defineProperty(document, "visibilityState", {value: "visible",
                                                                configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }""")
    expect(page.locator("#now-problem")).to_have_text(re.compile("You are signed out"))
    stopped = len(polls)
    page.wait_for_timeout(2_500)
    assert len(polls) == stopped
