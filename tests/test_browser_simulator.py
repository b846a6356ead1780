"""In a real browser: the simulator's phones talk through the line (a texter asks for a peer, a
volunteer's phone claims it, they talk), and a greeting changed on the settings page is heard on
the next simulated call."""

from __future__ import annotations

import re

from tests.browser import describe, serious_violations
from tests.factories import make_volunteer
from tests.test_browser_access import sign_in
from tests.web import ADMIN_EMAIL, make_account


def signed_in_admin(page_at, live_session, width: int = 1280):
    make_account(live_session, "admin")
    page = page_at(width)
    sign_in(page, ADMIN_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    return page


def test_a_volunteer_phone_claims_the_texter_and_the_two_phones_talk(page_at, live_session):
    make_volunteer(live_session, display_name="Dana")
    live_session.commit()
    page = signed_in_admin(page_at, live_session)
    page.get_by_role("link", name="Simulator").click()
    texter = page.locator("#texter")
    texter.get_by_label(re.compile("^Text from")).fill("can I talk to someone please")
    texter.get_by_role("button", name="Send").click()
    dana = page.locator("section.phone", has=page.get_by_role("heading", name=re.compile("Dana")))
    offer = dana.locator(".screen li.in", has_text="Reply CLAIM").first
    code = re.search(r"CLAIM (\w+)", offer.inner_text()).group(1)
    dana.get_by_label(re.compile("^Text from")).fill(f"CLAIM {code}")
    dana.get_by_role("button", name="Send").click()
    texter = page.locator("#texter")
    assert "Dana, a peer volunteer" in texter.locator(".screen").inner_text()
    dana = page.locator("section.phone", has=page.get_by_role("heading", name=re.compile("Dana")))
    dana.get_by_label(re.compile("^Text from")).fill("Hi, I'm Dana. I'm here.")
    dana.get_by_role("button", name="Send").click()
    assert "Dana: Hi, I'm Dana. I'm here." in page.locator("#texter .screen").inner_text()
    page.locator("#texter").get_by_label(re.compile("^Text from")).fill("thank you")
    page.locator("#texter").get_by_role("button", name="Send").click()
    dana = page.locator("section.phone", has=page.get_by_role("heading", name=re.compile("Dana")))
    assert f"#{code}" in dana.locator(".screen").inner_text()
    assert "thank you" in dana.locator(".screen").inner_text()
    found = serious_violations(page)
    assert not found, describe(found)


def test_a_changed_greeting_is_heard_on_the_next_simulated_call(page_at, live_session):
    page = signed_in_admin(page_at, live_session)
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Spoken greeting (English)").fill(
        "Harbour Line here. You reached people who have been there.")
    page.get_by_role("button", name="Save settings").click()
    assert "Saved: Spoken greeting (English)" in page.get_by_role("status").first.inner_text()
    page.get_by_role("link", name="Simulator").click()
    page.get_by_role("button", name="Call the line").click()
    heard = page.get_by_role("list", name="What the caller hears").inner_text()
    assert "Harbour Line here. You reached people who have been there." in heard
    page.get_by_role("button", name="Press 3").click()
    assert "988" in page.get_by_role("list", name="What the caller hears").inner_text()


def test_a_text_sent_in_the_simulator_appears_on_the_now_page_without_a_reload(
        page_at, live, live_session):
    from playwright.sync_api import expect

    make_volunteer(live_session, display_name="Dana")
    live_session.commit()
    live.app.config["NOW_POLL_SECONDS"] = 1
    now = signed_in_admin(page_at, live_session)
    expect(now.locator("#now-conversations")).to_contain_text("Nobody is waiting.")
    now.evaluate("window.sameDocument = true")
    phones = now.context.new_page()
    phones.goto("/simulator")
    phones.locator("#texter").get_by_label(re.compile("^Text from")).fill(
        "is anyone there? I need to talk")
    phones.locator("#texter").get_by_role("button", name="Send").click()
    code = re.search(r"CLAIM (\w+)", phones.locator("section.phone", has=phones.get_by_role(
        "heading", name=re.compile("Dana"))).inner_text()).group(1)
    expect(now.locator("#now-conversations")).to_contain_text(code, timeout=10_000)
    assert now.evaluate("window.sameDocument") is True  # updated in place, not reloaded


def test_training_mode_rehearses_a_trainee_apart_from_the_line(page_at, live_session):
    make_volunteer(live_session, display_name="Dana")  # on duty on the line itself
    live_session.commit()
    page = signed_in_admin(page_at, live_session)
    page.goto("/simulator")
    page.get_by_label("Trainees, one a line").fill("Kim")
    page.get_by_role("button", name="Start training").click()
    assert "Training mode is on until" in page.get_by_role("heading", level=2).first.inner_text()
    assert page.get_by_role("heading", name=re.compile("Dana")).count() == 0
    page.locator("#texter").get_by_label(re.compile("^Text from")).fill("can I talk to someone")
    page.locator("#texter").get_by_role("button", name="Send").click()
    kim = page.locator("section.phone", has=page.get_by_role("heading", name=re.compile("Kim")))
    code = re.search(r"CLAIM (\w+)", kim.locator(".screen").inner_text()).group(1)
    kim.get_by_label(re.compile("^Text from")).fill(f"CLAIM {code}")
    kim.get_by_role("button", name="Send").click()
    assert "Kim, a peer volunteer" in page.locator("#texter .screen").inner_text()
    found = serious_violations(page)
    assert not found, describe(found)
    page.get_by_role("button", name="End training now").click()
    assert page.get_by_role("heading", name=re.compile("Dana")).count() == 1
    page.goto("/")
    assert code not in page.locator("main").inner_text()  # the line's own Now never saw it
