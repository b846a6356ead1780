"""In a real browser: signing in (with the keyboard alone too), the pages a coordinator may
not see, and signing out."""

from __future__ import annotations

import re

from tests.browser import WIDTHS, describe, serious_violations
from tests.web import ADMIN_EMAIL, COORDINATOR_EMAIL, PASSWORD, make_account


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in form (going to it first unless already there) and send it."""
    if "/login" not in page.url:
        page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_signs_in_and_lands_on_today(page_at, live_session):
    make_account(live_session, "coordinator")
    page = page_at()
    page.goto("/blocks")
    assert "/login" in page.url  # a stranger is sent to sign in first
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/blocks$"))  # and comes back where they were going
    assert page.title().startswith("Blocked callers")
    page.get_by_role("link", name="Today").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The line today"


def test_a_wrong_password_says_so_and_signs_nobody_in(page_at, live_session):
    make_account(live_session, "coordinator")
    page = page_at()
    sign_in(page, COORDINATOR_EMAIL, "not the password")
    assert page.get_by_role("alert").inner_text() == (
        "That e-mail and password do not match an account.")
    assert page.title().startswith("Sign in")


def test_keyboard_only_sign_in(page_at, live_session):
    make_account(live_session, "coordinator")
    page = page_at()
    page.goto("/login")
    assert page.evaluate("document.activeElement.id") == "email"  # the form has the focus
    page.keyboard.press("Shift+Tab")  # and the skip link is one step back
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(COORDINATOR_EMAIL)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")  # focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "The line today"


def test_a_coordinator_is_refused_users_and_audit(page_at, live_session):
    make_account(live_session, "coordinator")
    page = page_at()
    sign_in(page, COORDINATOR_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("link", name="Users").count() == 0
    for path in ("/users", "/audit"):
        response = page.goto(path)
        assert response.status == 403
        assert "not open to you" in page.get_by_role("heading", level=1).inner_text()


def test_an_admin_reaches_users_and_audit_from_the_bar(page_at, live_session):
    make_account(live_session, "admin")
    page = page_at()
    sign_in(page, ADMIN_EMAIL)
    page.get_by_role("link", name="Users").click()
    assert page.title().startswith("Users")
    page.get_by_role("link", name="Audit log").click()
    assert page.title().startswith("Audit log")


def test_signing_out_ends_the_session(page_at, live_session):
    make_account(live_session, "coordinator")
    page = page_at()
    sign_in(page, COORDINATOR_EMAIL)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/")
    assert "/login" in page.url


def test_the_sign_in_page_has_no_serious_accessibility_findings_on_a_phone(page_at):
    page = page_at(WIDTHS["phone"])
    page.goto("/login")
    found = serious_violations(page)
    assert not found, describe(found)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]
