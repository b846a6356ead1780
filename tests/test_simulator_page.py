"""/simulator: phones on one page driving the line's real signed webhooks on the sandbox; what
each phone receives shows on it."""

from __future__ import annotations

import re

from sqlalchemy import select

from helpline.conversations.models import Conversation
from helpline.models import InboundMessage
from tests.factories import make_volunteer
from tests.web import csrf_from, signed_in_client

TEXTER = "+13025550123"


def send(client, sender: str, body: str):
    token = csrf_from(client.get("/simulator").get_data(as_text=True))
    return client.post("/simulator/text", data={"csrf_token": token, "from": sender,
                                                "body": body, "texter": TEXTER})


def test_a_texter_s_text_reaches_the_line_and_the_reply_shows_on_the_phone(app, session):
    client = signed_in_client(app, session)
    assert send(client, TEXTER, "HELP").status_code == 302
    assert session.scalar(select(InboundMessage.intent)) == "help"
    page = client.get("/simulator").get_data(as_text=True)
    assert "HELP" in page and "Text STOP to opt out" in page


def test_a_volunteer_phone_claims_a_conversation_and_the_two_phones_talk(app, session):
    dana = make_volunteer(session, display_name="Dana")
    session.commit()
    client = signed_in_client(app, session)
    send(client, TEXTER, "can I talk to someone please")
    page = client.get("/simulator").get_data(as_text=True)
    code = re.search(r"Reply CLAIM (\w+)", page).group(1)
    assert "Dana" in page
    send(client, dana.phone, f"CLAIM {code}")
    assert session.scalar(select(Conversation.volunteer_id)) == dana.id
    send(client, dana.phone, "Hi, I'm here. What's going on?")
    send(client, TEXTER, "rough night, thanks for answering")
    page = client.get("/simulator").get_data(as_text=True)
    assert "Dana: Hi, I&#39;m here. What&#39;s going on?" in page
    assert f"#{code}" in page and "rough night, thanks for answering" in page


def test_a_call_hears_the_greeting_and_the_keypad_moves_through_the_menu(app, session):
    client = signed_in_client(app, session)
    token = csrf_from(client.get("/simulator").get_data(as_text=True))
    client.post("/simulator/call", data={"csrf_token": token, "start": "1", "from": TEXTER})
    page = client.get("/simulator").get_data(as_text=True)
    assert "Test Helpline" in page and "Press 2 for meetings" in page
    client.post("/simulator/call", data={"csrf_token": token, "digits": "3"})
    page = client.get("/simulator").get_data(as_text=True)
    assert "988" in page
    client.post("/simulator/call", data={"csrf_token": token, "hang_up": "1"})
    assert "Call the line" in client.get("/simulator").get_data(as_text=True)


def test_the_simulator_drives_nothing_on_a_live_line(app, session, monkeypatch):
    client = signed_in_client(app, session)
    monkeypatch.setitem(app.config, "TWILIO_SANDBOX", False)
    response = client.get("/simulator")
    assert response.status_code == 200 and "drives nothing until an admin turns on" in (
        response.get_data(as_text=True))
    token = csrf_from(client.get("/account/password").get_data(as_text=True))
    assert client.post("/simulator/text", data={"csrf_token": token, "from": TEXTER,
                                                "body": "HELP"}).status_code == 404
    assert client.post("/simulator/call", data={"csrf_token": token, "start": "1"}
                       ).status_code == 404
    assert session.scalar(select(InboundMessage)) is None
