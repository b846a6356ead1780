"""Helpers for tests of the coordinator pages through Flask's test client: accounts of each
role, signing in, and posting forms with the page's CSRF token."""

from __future__ import annotations

import re

from helpline.accounts.coordinators import create_coordinator

PASSWORD = "a long pass phrase"
# Hashed cheaply: these tests sign in hundreds of times; what they test is not the hash's cost
# (the product's own accounts use scrypt, and so do the tests of the command line).
TEST_HASH = "pbkdf2:sha256:1000"
ADMIN_EMAIL, COORDINATOR_EMAIL = "admin@example.org", "lead@example.org"


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered page (a form's hidden field)."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def make_account(session, role: str = "coordinator", email: str | None = None) -> str:
    """An active account of this role with PASSWORD; returns its e-mail."""
    email = email or (ADMIN_EMAIL if role == "admin" else COORDINATOR_EMAIL)
    create_coordinator(session, email, PASSWORD, role=role, method=TEST_HASH)
    session.commit()
    return email


def sign_in(client, email: str, password: str = PASSWORD):
    """Sign this test client in; returns the sign-in response (302 on success)."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token})


def signed_in_client(app, session, role: str = "coordinator"):
    """A test client signed in with a new account of this role."""
    client = app.test_client()
    response = sign_in(client, make_account(session, role))
    assert response.status_code == 302, "sign-in failed"
    return client


def post_form(client, url: str, data: dict, page: str | None = None, **kwargs):
    """POST a form with the CSRF token taken from `page` (default: the same URL)."""
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


HOSTILE_NAMES = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
