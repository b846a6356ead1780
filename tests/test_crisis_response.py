"""Danger words get the crisis resources at once in every state of a texter (no conversation,
waiting, active, closed, opted out, blocked); the holder hears URGENT; with nobody holding it,
everyone on duty, the backup group and the coordinators are paged; nobody is told twice in ten
minutes; and a volunteer or coordinator's STOP stops their texts and routing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from helpline.calls import blocks
from helpline.calls.models import Callback
from helpline.conversations.models import Conversation
from helpline.db import utcnow
from helpline.models import Contact, Coordinator, OutboundMessage
from tests.conftest import HELPLINE_NUMBER
from tests.factories import make_volunteer
from tests.test_conversations import TEXTER, Phones, assert_no_numbers, code_in
from tests.twilio_stub import STUB_ACCOUNT_SID
from tests.webhooks import caller_steps

DANGER = "i have the pills lined up tonight"
COORDINATOR = "+13025550199"


@pytest.fixture
def phones(stub_twilio, stub_run_jobs, twilio_stub):
    return Phones(stub_twilio, stub_run_jobs, twilio_stub)


def resources(reply: str | None) -> bool:
    return reply is not None and "988" in reply and "911" in reply


def conversation(session) -> Conversation:
    session.expire_all()
    return session.scalar(select(Conversation).order_by(Conversation.id.desc()))


def coordinator(session) -> Coordinator:
    person = Coordinator(email="cass@example.org", display_name="Cass", password_hash="x",
                         phone=COORDINATOR)
    session.add(person)
    session.flush()
    return person


def test_no_conversation_yet_opens_an_urgent_one_and_pages_everyone(phones, stub_session):
    on = make_volunteer(stub_session, display_name="Sam")
    backup = make_volunteer(stub_session, always_on=False, backup=True, display_name="Bo")
    coordinator(stub_session)
    reply = phones.say(TEXTER, DANGER)
    assert resources(reply) and "letting a peer on duty know" in reply
    urgent = conversation(stub_session)
    assert urgent.urgent and urgent.status == "waiting"
    got = phones.inbox()
    for phone in (on.phone, backup.phone):
        assert got[phone][0].startswith("URGENT") and f"CLAIM {urgent.case_code}" in got[phone][0]
        assert "pills lined up" in got[phone][0]
    assert urgent.case_code in got[COORDINATOR][0] and "URGENT" in got[COORDINATOR][0]
    assert "is yours" in phones.say(on.phone, f"CLAIM {urgent.case_code}")
    assert_no_numbers(phones.everything(), TEXTER, on.phone, backup.phone, COORDINATOR)


def test_nobody_on_duty_pages_the_backup_group_and_coordinators_and_says_so(
        phones, stub_session):
    coordinator(stub_session)
    reply = phones.say(TEXTER, DANGER)
    assert resources(reply) and "No peer is on duty right now" in reply
    assert "letting a peer on duty" not in reply
    assert list(phones.inbox()) == [COORDINATOR]


def test_nobody_at_all_says_nobody_was_told(phones, stub_session):
    reply = phones.say(TEXTER, DANGER)
    assert resources(reply) and "No peer volunteer is on duty at this moment" in reply
    assert phones.inbox() == {}


def test_while_waiting_the_conversation_becomes_urgent_and_is_offered_to_all(
        phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    code = code_in(phones.say(TEXTER, "TALK"))
    phones.inbox()
    assert not conversation(stub_session).urgent
    assert resources(phones.say(TEXTER, "i want to kill myself"))
    assert conversation(stub_session).urgent and conversation(stub_session).case_code == code
    assert phones.inbox()[sam.phone][0].startswith("URGENT Test Helpline: texter")


def test_while_active_the_holder_gets_urgent_with_the_words(phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    other = make_volunteer(stub_session, display_name="Alex")
    code = code_in(phones.say(TEXTER, "TALK"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.inbox()
    assert resources(phones.say(TEXTER, "i wrote my note. call 302 555 0143 after"))
    got = phones.inbox()
    assert list(got) == [sam.phone]  # the holder, nobody else
    assert got[sam.phone][0].startswith(f"URGENT #{code}") and "wrote my note" in got[sam.phone][0]
    assert "(number)" in got[sam.phone][0]
    assert conversation(stub_session).urgent
    assert other.phone not in got


def test_after_done_a_danger_text_opens_a_new_urgent_conversation(phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    code = code_in(phones.say(TEXTER, "TALK"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.say(TEXTER, "DONE")
    phones.inbox()
    assert resources(phones.say(TEXTER, "actually i cant do this anymore, i want to die"))
    fresh = conversation(stub_session)
    assert fresh.urgent and fresh.status == "waiting"
    assert f"CLAIM {fresh.case_code}" in phones.inbox()[sam.phone][0]


def test_after_stop_the_page_says_they_did_not_get_our_reply_and_offers_a_call_back(
        phones, stub_session, stub_twilio, twilio_stub):
    sam = make_volunteer(stub_session, display_name="Sam")
    phones.say(TEXTER, "STOP")
    assert resources(phones.say(TEXTER, DANGER))  # in the reply; Twilio will not deliver it
    page = phones.inbox()[sam.phone][0]
    assert "opted out of texts" in page and "did not get our reply" in page
    code = conversation(stub_session).case_code
    assert f"CALLBACK {code}" in page
    assert "Calling you now" in phones.say(sam.phone, f"CALLBACK {code}")
    assert TEXTER not in phones.inbox()  # no text to them: they opted out
    [ring] = [c for c in twilio_stub.calls if "/bridge" in c["Url"]]
    assert (ring["To"], ring["From"]) == (sam.phone, HELPLINE_NUMBER)
    callback = stub_session.scalar(select(Callback))
    bridge = caller_steps(stub_twilio, sam.phone, HELPLINE_NUMBER, STUB_ACCOUNT_SID)(
        f"/twilio/voice/voicemail/bridge?callback={callback.id}", CallSid=ring["sid"],
        From=HELPLINE_NUMBER, To=sam.phone, AnsweredBy="human")
    assert code in bridge.find("Say").text and TEXTER not in bridge.find("Say").text
    assert bridge.find("Dial").get("callerId") == HELPLINE_NUMBER
    assert bridge.find("Dial/Number").text == TEXTER  # only to Twilio, inside the TwiML


def test_blocked_texters_start_nothing_but_danger_still_gets_resources_and_pages(
        phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    phones.say(TEXTER, "hi")
    contact = stub_session.scalar(select(Contact).where(Contact.address == TEXTER))
    blocks.block(stub_session, contact, "abusive texts", utcnow())
    told = phones.say(TEXTER, "TALK")
    assert "cannot take your texts right now" in told and "988" in told
    assert phones.say(TEXTER, "TALK TO ME") is None  # told once a day, not every time
    assert conversation(stub_session) is None and phones.inbox() == {}
    assert resources(phones.say(TEXTER, DANGER))
    assert "URGENT" in phones.inbox()[sam.phone][0]


def test_repeated_danger_texts_page_once_in_ten_minutes(phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    for words in (DANGER, "kms", "i want to die"):
        assert "letting a peer on duty know" in phones.say(TEXTER, words)
    assert len(phones.inbox()[sam.phone]) == 1


def test_a_volunteer_asking_a_texter_about_danger_is_relayed_not_answered(
        phones, stub_session):
    sam, code = phones.with_a_peer(stub_session)
    assert phones.say(sam.phone, "are you thinking about killing yourself?") is None
    assert phones.inbox()[TEXTER] == ["Sam: are you thinking about killing yourself?"]


def test_stop_from_a_volunteer_stops_their_texts_and_routing_until_start(phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    alex = make_volunteer(stub_session, display_name="Alex")
    coordinator(stub_session)
    code = code_in(phones.say(TEXTER, "TALK"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.inbox()
    assert phones.say(sam.phone, "STOP") is None
    got = phones.inbox()
    assert "Sam texted STOP" in got[COORDINATOR][0]
    assert "step away" in got[TEXTER][0]  # their conversation went back to the pool
    assert sam.phone not in got and f"CLAIM {code}" in got[alex.phone][0]
    phones.say("+13025550111", "TALK")
    assert sam.phone not in phones.inbox()
    queued_to_sam = stub_session.scalars(select(OutboundMessage).where(
        OutboundMessage.to_address == sam.phone, OutboundMessage.sent_at.is_not(None),
        OutboundMessage.created_at > stub_session.scalar(select(Contact.opted_out_at).where(
            Contact.address == sam.phone)))).all()
    assert queued_to_sam == []
    phones.say(sam.phone, "START")
    assert "Sam texted START" in phones.inbox()[COORDINATOR][0]
    phones.say("+13025550112", "TALK")
    assert sam.phone in phones.inbox()


def test_stop_from_a_coordinator_stops_their_alerts(phones, stub_session):
    coordinator(stub_session)
    phones.say(COORDINATOR, "STOP")
    phones.say(TEXTER, DANGER)
    assert COORDINATOR not in phones.inbox()
    texts = stub_session.scalars(select(OutboundMessage).where(
        OutboundMessage.to_address == COORDINATOR)).all()
    assert texts and {t.status for t in texts} == {"cancelled"}
