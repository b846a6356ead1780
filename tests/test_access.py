"""Who may see which page: every coordinator page needs a sign-in and a role, every POST a
CSRF token; admins alone see users and the audit log; sessions end for real; sign-in resists
guessing and open redirects; every response carries the security headers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from helpline.accounts import coordinators
from helpline.audit.models import AuditEvent
from helpline.models import Coordinator
from helpline.routes.web import auth
from tests.web import (
    ADMIN_EMAIL,
    COORDINATOR_EMAIL,
    PASSWORD,
    csrf_from,
    make_account,
    post_form,
    sign_in,
    signed_in_client,
)

# Every page a person (not Twilio, not a calendar app, not a health check) uses.
PUBLIC_ENDPOINTS = {"auth.login", "auth.logout", "static", "health.healthz",
                    "calendar.volunteer_feed", "calendar.rota_feed"}
ADMIN_ONLY_PAGES = ("/users", "/audit", "/settings", "/settings/texts", "/settings/texts/help")
COORDINATOR_PAGES = ("/", "/volunteers", "/rota", "/blocks", "/account/password", "/activity",
                     "/reports", "/meetings", "/simulator")


def coordinator_rules(app):
    """The URL rules of the coordinator pages: everything but Twilio's and the public ones."""
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint not in PUBLIC_ENDPOINTS and not rule.rule.startswith("/twilio/")]


def sample_url(rule) -> str:
    """The rule's URL with 1 for every variable part."""
    return re.sub(r"<[^>]+>", "1", rule.rule)


def test_every_coordinator_page_is_wrapped_in_a_role_check(app):
    rules = coordinator_rules(app)
    assert len(rules) >= 10
    for rule in rules:
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "allowed_roles", None), f"{rule.rule} has no role check"


def test_every_page_sends_a_stranger_to_sign_in(app):
    client = app.test_client()
    for rule in coordinator_rules(app):
        url = sample_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            if method == "POST":  # the CSRF check comes first, and refuses
                assert response.status_code in (400, 302), (method, rule.rule)
            else:
                assert response.status_code == 302, (method, rule.rule)
                assert "/login" in response.headers["Location"]


def test_every_post_without_a_csrf_token_is_refused(app, session):
    client = signed_in_client(app, session, "admin")
    for rule in coordinator_rules(app):
        if "POST" not in rule.methods:
            continue
        response = client.post(sample_url(rule), data={})
        assert response.status_code == 400, rule.rule
        assert "CSRF" in response.get_data(as_text=True), rule.rule


@pytest.mark.parametrize("page", ADMIN_ONLY_PAGES)
def test_a_coordinator_is_refused_the_admin_pages(app, session, page):
    client = signed_in_client(app, session, "coordinator")
    assert client.get(page).status_code == 403
    assert "Users" not in client.get("/").get_data(as_text=True).split("<main")[0]


@pytest.mark.parametrize("page", ADMIN_ONLY_PAGES + COORDINATOR_PAGES)
def test_an_admin_sees_every_page(app, session, page):
    client = signed_in_client(app, session, "admin")
    response = client.get(page)
    assert response.status_code == 200, page


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_a_coordinator_sees_the_coordinator_pages(app, session, page):
    client = signed_in_client(app, session, "coordinator")
    assert client.get(page).status_code == 200


def test_an_account_with_an_unknown_role_sees_nothing(app, session):
    make_account(session, "coordinator")
    person = session.scalar(select(Coordinator))
    person.role = "volunteer"
    session.commit()
    client = app.test_client()
    assert sign_in(client, COORDINATOR_EMAIL).status_code == 302
    assert client.get("/").status_code == 403 and client.get("/blocks").status_code == 403


@pytest.mark.parametrize("target", [
    "/\\evil.com", "/%09/evil.com", "/\t/evil.com", "//evil.com", "https://evil.com",
    "/\\/evil.com", "http:/evil.com", " /evil", "/\r\n/evil.com", "///evil.com",
    "javascript:alert(1)", "/%5Cevil.com", "/%2F/evil.com",
])
def test_next_never_leads_off_the_site(app, session, target):
    from urllib.parse import quote

    make_account(session)
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=" + quote(target, safe="%"), data={
        "email": COORDINATOR_EMAIL, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/", target


def test_next_to_a_page_of_the_site_is_followed(app, session):
    make_account(session)
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/blocks%3Fpage%3D2", data={
        "email": COORDINATOR_EMAIL, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/blocks?page=2"


def test_the_eleventh_quick_wrong_password_is_refused_without_running_the_hash(
        app, session, monkeypatch):
    make_account(session)
    hashed = []
    real = coordinators.check_password_hash
    monkeypatch.setattr(coordinators, "check_password_hash",
                        lambda *a: hashed.append(1) or real(*a))
    client = app.test_client()
    for _ in range(10):
        assert sign_in(client, COORDINATOR_EMAIL, "wrong guess").status_code == 200
    assert len(hashed) == 10
    refused = sign_in(client, COORDINATOR_EMAIL, PASSWORD)  # even the right one, for now
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.get_data(as_text=True)
    assert len(hashed) == 10


def test_guessing_at_one_account_does_not_lock_out_another(app, session):
    make_account(session, "coordinator")
    make_account(session, "admin")
    client = app.test_client()
    for _ in range(10):
        sign_in(client, COORDINATOR_EMAIL, "wrong guess")
    assert sign_in(client, ADMIN_EMAIL).status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(app, session):
    make_account(session)
    for _ in range(12):
        client = app.test_client()
        assert sign_in(client, COORDINATOR_EMAIL).status_code == 302


def test_a_copied_session_cookie_dies_at_logout(app, session):
    client = signed_in_client(app, session)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/").status_code == 200  # the copy works while the session lives
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert copy.get("/").status_code == 302


def test_a_password_change_ends_other_sessions_but_not_this_one(app, session):
    client = signed_in_client(app, session)
    other = app.test_client()
    assert sign_in(other, COORDINATOR_EMAIL).status_code == 302
    new = "another long pass phrase"
    response = post_form(client, "/account/password",
                         {"current": PASSWORD, "new": new, "again": new})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert sign_in(app.test_client(), COORDINATOR_EMAIL, new).status_code == 302
    assert session.scalar(select(AuditEvent.action)) == "user.password"


def test_a_password_change_needs_the_current_password_and_a_long_new_one(app, session):
    client = signed_in_client(app, session)
    wrong = post_form(client, "/account/password",
                      {"current": "nope", "new": "x" * 12, "again": "x" * 12})
    assert wrong.status_code == 400 and "not your current password" in wrong.get_data(
        as_text=True)
    short = post_form(client, "/account/password",
                      {"current": PASSWORD, "new": "short", "again": "short"})
    assert short.status_code == 400 and "Use 12 to 200 characters" in short.get_data(
        as_text=True)


def test_deactivation_ends_the_session_at_once(app, session):
    client = signed_in_client(app, session)
    person = session.scalar(select(Coordinator))
    make_account(session, "admin")
    coordinators.deactivate(session, person)
    session.commit()
    assert client.get("/").status_code == 302
    assert sign_in(app.test_client(), COORDINATOR_EMAIL).status_code == 200


def test_a_session_ends_after_the_longest_lifetime(app, session, monkeypatch):
    client = signed_in_client(app, session)
    assert client.get("/").status_code == 200
    later = auth.time.time() + auth.SESSION_LONGEST.total_seconds() + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("url", ["/login", "/", "/healthz", "/static/style.css"])
def test_every_response_carries_the_security_headers(app, session, url):
    client = signed_in_client(app, session)
    headers = client.get(url).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # development: plain http is fine


def test_production_adds_hsts(database_url, redis_url, instance):
    from helpline import create_app
    from tests.conftest import app_config

    app = create_app(app_config(database_url, redis_url, HELPLINE_ENV="production"))
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_sign_in_attempts_across_the_line_are_capped(app, session, monkeypatch):
    from helpline.routes.web import limits

    monkeypatch.setitem(app.config, "LOGIN_LINE_WIDE_LIMIT", limits.LINE_WIDE)
    make_account(session)
    client = app.test_client()
    answers = [sign_in(client, f"guess{n}@example.org", "wrong").status_code for n in range(8)]
    assert 429 in answers and answers[0] == 200  # 5 a second, whatever the account


def test_a_faked_forwarded_for_does_not_dodge_the_limit(app, session):
    make_account(session)
    client = app.test_client()
    for n in range(10):
        token = csrf_from(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"email": COORDINATOR_EMAIL, "password": "wrong",
                                    "csrf_token": token},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert sign_in(client, COORDINATOR_EMAIL).status_code == 429


def test_sign_in_works_and_is_still_limited_while_redis_is_down(database_url, instance):
    from helpline import create_app
    from tests.conftest import app_config

    app = create_app(app_config(database_url, "unix:///nonexistent/dir/redis.sock"))
    from tests.conftest import autocommit_session

    with autocommit_session(app) as s:
        make_account(s)
    client = app.test_client()
    assert sign_in(client, COORDINATOR_EMAIL).status_code == 302
    other = app.test_client()
    answers = [sign_in(other, COORDINATOR_EMAIL, "wrong").status_code for _ in range(11)]
    assert answers[:10] == [200] * 10 and answers[10] == 429  # counted in memory meanwhile
