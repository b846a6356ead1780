"""The coordinator's sign-in and home page (Now): login required, CSRF checked, no phone numbers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from helpline.cli.demo import create_coordinator
from helpline.db import utcnow
from tests.factories import make_volunteer

EMAIL, PASSWORD = "lead@example.org", "a long pass phrase"
CALLER = "+13025550144"


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def coordinator(session):
    create_coordinator(session, EMAIL, PASSWORD, role="coordinator")
    session.commit()


def sign_in(client, email=EMAIL, password=PASSWORD):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token})


def test_the_home_page_asks_a_stranger_to_sign_in(app):
    response = app.test_client().get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_coordinator_signs_in_and_sees_who_is_on_duty(app, session, coordinator):
    make_volunteer(session, display_name="Dana")
    session.commit()
    client = app.test_client()
    response = sign_in(client, email="  LEAD@example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "On duty now" in page and "<strong>Dana</strong>:" in page


def test_the_home_page_shows_who_on_duty_is_talking_to_a_caller(app, session, coordinator):
    make_volunteer(session, display_name="Dana", busy_since=utcnow() - timedelta(minutes=12))
    make_volunteer(session, display_name="Eli")
    session.commit()
    client = app.test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    assert re.search(r"<strong>Dana</strong>:\s+on a call", page)
    assert re.search(r"<strong>Eli</strong>:\s+not on a call", page)


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(app, coordinator):
    client = app.test_client()
    for email, password in [(EMAIL, "wrong"), ("nobody@example.org", PASSWORD)]:
        response = sign_in(client, email, password)
        assert response.status_code == 200
        assert "do not match an account" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sign_in_without_the_csrf_token_is_refused(app, coordinator):
    response = app.test_client().post("/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 400


def test_sign_out_needs_a_post_with_the_csrf_token(app, coordinator):
    client = app.test_client()
    sign_in(client)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    token = csrf_from(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_the_home_page_counts_texts_with_words_of_danger_never_showing_number_or_words(
        app, coordinator, twilio, session):
    twilio.text(CALLER, "I want to die, my name is Sam")
    client = app.test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    assert "<strong>1</strong> with words of danger" in page
    assert "5550144" not in page and "my name is Sam" not in page


def test_next_only_leads_to_a_path_on_this_site(app, coordinator):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=//evil.example/x", data={
        "email": EMAIL, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_a_deactivated_coordinator_cannot_sign_in(app, session, coordinator):
    from sqlalchemy import select

    from helpline.models import Coordinator

    session.scalar(select(Coordinator)).active = False
    session.commit()
    assert "do not match" in sign_in(app.test_client()).get_data(as_text=True)


def test_the_home_page_lists_calls_by_case_code_and_codename_never_by_number(
    app, coordinator, twilio, session
):
    from sqlalchemy import select

    from helpline.calls.models import Call
    from helpline.models import Contact

    form = {"CallSid": "CA" + "1" * 32, "AccountSid": "AC" + "0" * 32, "From": CALLER,
            "To": "+13025550100"}
    twilio.post("/twilio/voice", form)
    twilio.post("/twilio/voice/talk", form)  # nobody on duty: after hours
    twilio.post("/twilio/voice/status", {**form, "CallStatus": "completed"})
    client = app.test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    assert "Calls: after hours 1" in page and "5550144" not in page
    listed = client.get("/activity").get_data(as_text=True)
    call = session.scalar(select(Call))
    assert call.case_code in listed and session.scalar(select(Contact)).codename in listed
    assert "after hours" in listed and "5550144" not in listed


def test_the_home_page_says_which_part_of_the_line_is_down(app, coordinator):
    from helpline.runtime import heartbeats, queues, relay

    client = app.test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    assert 'role="alert"' in page and "down: worker, clock" in page  # neither has beaten yet
    connection = queues.connect(app.config)
    relay.beat(connection)
    heartbeats.beat(connection, "clock")
    assert 'role="alert"' not in client.get("/").get_data(as_text=True)


def test_the_home_page_lists_waiting_and_active_conversations_by_case_code(
        app, coordinator, twilio, session):
    from sqlalchemy import select

    from helpline.conversations.models import Conversation
    from tests.factories import make_volunteer

    sam = make_volunteer(session, display_name="Sam Rivers")
    session.commit()
    twilio.text(CALLER, "can i talk to someone, my name is Jo")
    twilio.text("+13025550177", "i want to die")
    waiting, urgent = session.scalars(select(Conversation).order_by(Conversation.id)).all()
    twilio.text(sam.phone, f"CLAIM {waiting.case_code}")
    client = app.test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    section = page[page.index("Text conversations"):page.index("Voicemails to handle")]
    assert urgent.case_code in section and waiting.case_code in section
    assert section.index(urgent.case_code) < section.index(waiting.case_code)  # urgent on top
    assert "urgent" in section and "Sam Rivers" in section
    assert "my name is Jo" not in page and "want to die" not in page
    assert "5550144" not in page and "5550177" not in page and sam.phone[-7:] not in page
