"""Texts to a peer, end to end: signed webhooks in, the real twilio client out to the local
Twilio stub, jobs run from the outbox. TALK -> offers -> CLAIM -> relay both ways -> a second
conversation by #code -> PASS -> re-offer -> DONE; nobody on duty; the claim timeout; ON; and no
number of either side in anything the line sends."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from helpline.conversations.models import Conversation, ConversationMessage
from helpline.db import utcnow
from helpline.jobs.conversations import tend_conversations
from helpline.models import Contact
from tests.factories import make_volunteer

TEXTER, TEXTER_2 = "+13025550143", "+13025550178"


class Phones:
    """Everything the line said: TwiML replies and texts through the stub, by phone."""

    def __init__(self, stub_twilio, stub_run_jobs, twilio_stub):
        self.webhooks, self.run_jobs, self.stub = stub_twilio, stub_run_jobs, twilio_stub
        self.replies: list[str] = []
        self.seen = 0

    def say(self, phone: str, body: str, **extra) -> str | None:
        """Text the line from `phone`; the reply in the webhook's answer (None: nothing)."""
        response = self.webhooks.text(phone, body, **extra)
        assert response.status_code == 200
        message = ET.fromstring(response.get_data(as_text=True)).find("Message")
        self.replies.append(response.get_data(as_text=True))
        return message.text if message is not None else None

    def inbox(self) -> dict[str, list[str]]:
        """Texts delivered since the last look, by phone (after running the jobs)."""
        self.run_jobs()
        new = self.stub.messages[self.seen:]
        self.seen = len(self.stub.messages)
        got: dict[str, list[str]] = {}
        for message in new:
            assert message["From"] == "+13025550100"  # caller ID: always the line
            got.setdefault(message["To"], []).append(message["Body"])
        return got

    def everything(self) -> list[str]:
        return self.replies + [m["Body"] for m in self.stub.messages]

    def with_a_peer(self, session, name: str = "Sam", texter: str = TEXTER, **volunteer):
        """A volunteer on duty who has claimed `texter`'s new conversation: (them, case code)."""
        peer = make_volunteer(session, display_name=name, **volunteer)
        code = code_in(self.say(texter, "TALK"))
        self.say(peer.phone, f"CLAIM {code}")
        self.inbox()
        return peer, code


@pytest.fixture
def phones(stub_twilio, stub_run_jobs, twilio_stub):
    return Phones(stub_twilio, stub_run_jobs, twilio_stub)


def number_forms(e164: str) -> list[str]:
    """A US number as people write it."""
    d = e164[-10:]
    return [e164, d, f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}",
            f"{d[:3]}.{d[3:6]}.{d[6:]}", f"{d[:3]} {d[3:6]} {d[6:]}", d[3:], f"{d[3:6]}-{d[6:]}"]


def assert_no_numbers(texts: list[str], *phones: str) -> None:
    for text in texts:
        for phone in phones:
            for form in number_forms(phone):
                assert form not in text, (form, text)


def code_in(reply: str) -> str:
    return re.search(r"\b(?:case code is|case|codigo es|codigo) ([A-Z0-9]{2,4})\b", reply).group(1)


def test_talk_offer_claim_relay_second_by_code_pass_reoffer_done(phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam")
    alex = make_volunteer(stub_session, display_name="Alex")

    reply = phones.say(TEXTER, "TALK")
    assert "finding a peer volunteer" in reply and "MEETINGS" not in reply and "988" in reply
    code = code_in(reply)
    robin = stub_session.scalar(select(Contact).where(Contact.address == TEXTER)).codename
    offers = phones.inbox()
    assert set(offers) == {sam.phone, alex.phone}
    for phone in (sam.phone, alex.phone):
        [offer] = offers[phone]
        assert f"Reply CLAIM {code}" in offer and robin in offer and "English" in offer

    assert "is yours" in phones.say(sam.phone, f"claim {code}")
    assert "claimed by another volunteer" in phones.say(alex.phone, f"CLAIM {code}")
    told = phones.inbox()
    assert "Sam, a peer volunteer, is with you now" in told[TEXTER][0]
    assert told[alex.phone] == [f"{code} was claimed by another volunteer. Thank you for being "
                                "there."]

    assert phones.say(TEXTER, "i relapsed last night, call me at 302-555-0143") is None
    assert phones.inbox() == {sam.phone: [f"#{code} {robin}: i relapsed last night, call me at "
                                          "(number)"]}
    assert phones.say(sam.phone, "I'm glad you texted. What happened? on my way to work") is None
    assert phones.inbox() == {TEXTER: ["Sam: I'm glad you texted. What happened? on my way to "
                                       "work"]}

    # A second texter; Sam claims that one too and the words go by #code.
    code_2 = code_in(phones.say(TEXTER_2, "can I talk to someone?"))
    lee = stub_session.scalar(select(Contact).where(Contact.address == TEXTER_2)).codename
    phones.inbox()
    assert "is yours" in phones.say(sam.phone, f"CLAIM {code_2}")
    phones.inbox()
    assert phones.say(TEXTER_2, "hello??") is None
    assert phones.inbox() == {sam.phone: [f"#{code_2} {lee}: hello??"]}
    assert phones.say(sam.phone, f"#{code} still here with you") is None
    assert phones.inbox() == {TEXTER: ["Sam: still here with you"]}
    assert phones.say(TEXTER, "ok") is None  # Robin wrote last: a plain text is ambiguous now
    phones.inbox()
    assert phones.say(TEXTER_2, "thanks") is None
    phones.inbox()
    which = phones.say(sam.phone, "how are you doing")
    assert "You hold 2 conversations" in which and f"#{code}" in which and f"#{code_2}" in which
    assert TEXTER not in phones.inbox()

    # Media: only words go through.
    assert "Only words go through" in phones.say(TEXTER_2, "", NumMedia="1")

    # PASS: back to the pool, offered again (not to Sam), Alex claims it.
    assert "handed back" in phones.say(sam.phone, f"PASS {code_2}")
    got = phones.inbox()
    assert "step away" in got[TEXTER_2][0]
    assert sam.phone not in got and f"CLAIM {code_2}" in got[alex.phone][0]
    assert "is yours" in phones.say(alex.phone, f"CLAIM {code_2}")
    got = phones.inbox()
    assert "Alex, a peer volunteer" in got[TEXTER_2][0]
    assert [t for t in got[alex.phone] if "hello??" in t or "thanks" in t] == [
        f"#{code_2} {lee}: hello??", f"#{code_2} {lee}: thanks"]

    # DONE from the texter, then from the volunteer.
    assert "has ended" in phones.say(TEXTER, "DONE")
    assert "ended the conversation" in phones.inbox()[sam.phone][0]
    assert "is closed" in phones.say(alex.phone, "DONE")
    assert "Alex has ended conversation" in phones.inbox()[TEXTER_2][0]
    stub_session.expire_all()
    assert [c.status for c in stub_session.scalars(select(Conversation))] == ["closed"] * 2
    stored = stub_session.scalars(select(ConversationMessage.sender)).all()
    assert stored.count("texter") >= 5 and stored.count("volunteer") >= 2

    assert_no_numbers(phones.everything(), TEXTER, TEXTER_2, sam.phone, alex.phone)


def test_nobody_on_duty_says_so_with_the_next_start_and_keeps_the_words(phones, stub_session):
    reply = phones.say(TEXTER, "is anyone there? i need to talk to someone")
    assert "No peer volunteer is on duty right now" in reply and "kept" in reply
    assert "988" in reply and "MEETINGS" not in reply
    assert phones.inbox() == {}
    spanish = phones.say(TEXTER_2, "necesito hablar con alguien")
    assert "Ahora no hay companeros de turno" in spanish
    assert_no_numbers(phones.everything(), TEXTER, TEXTER_2)


def test_the_next_start_is_given_when_a_shift_is_coming(phones, stub_session):
    from volunteers.models import ExtraShift
    later = make_volunteer(stub_session, always_on=False, display_name="Kim")
    start = utcnow() + timedelta(hours=3)
    stub_session.add(ExtraShift(volunteer_id=later.id, starts_at=start,
                                ends_at=start + timedelta(hours=2)))
    stub_session.flush()
    reply = phones.say(TEXTER, "TALK")
    assert "the next one starts" in reply and re.search(r"\d\d:\d\d", reply)


def test_unclaimed_conversations_escalate_once_then_reach_whoever_comes_on(
        phones, stub_app, stub_session):
    from helpline.models import Coordinator
    backup = make_volunteer(stub_session, always_on=False, display_name="Bo", backup=True)
    newcomer = make_volunteer(stub_session, always_on=False, display_name="Noor")
    stub_session.add(Coordinator(email="c@example.org", display_name="Cass", password_hash="x",
                                 phone="+13025550199"))
    stub_session.flush()
    code = code_in(phones.say(TEXTER, "TALK"))
    assert phones.inbox() == {}
    with stub_app.app_context():
        assert tend_conversations()["escalated"] == 0  # not yet: the claim minutes have not run
        stub_session.execute(update(Conversation).values(
            waiting_since=utcnow() - timedelta(minutes=6)))
        assert tend_conversations()["escalated"] == 1
        assert tend_conversations()["escalated"] == 0  # once
    got = phones.inbox()
    assert "still looking for a peer volunteer" in got[TEXTER][0]
    assert f"CLAIM {code}" in got[backup.phone][0]
    assert code in got["+13025550199"][0] and "nobody has claimed" in got["+13025550199"][0]
    assert newcomer.phone not in got
    assert "You are ON duty" in phones.say(newcomer.phone, "ON")
    assert f"CLAIM {code}" in phones.inbox()[newcomer.phone][0]
    assert "is yours" in phones.say(newcomer.phone, f"CLAIM {code}")
    assert_no_numbers(phones.everything(), TEXTER, backup.phone, newcomer.phone)


def test_idle_conversations_close_telling_both(phones, stub_app, stub_session):
    sam, code = phones.with_a_peer(stub_session)
    with stub_app.app_context():
        assert tend_conversations()["closed_idle"] == 0
        stub_session.execute(update(Conversation).values(
            last_message_at=utcnow() - timedelta(hours=13)))
        assert tend_conversations()["closed_idle"] == 1
    got = phones.inbox()
    assert "closed after a quiet while" in got[TEXTER][0]
    assert "closed after a quiet while" in got[sam.phone][0]


def test_a_volunteer_at_their_cap_is_not_offered_more_and_cannot_claim(phones, stub_session):
    sam = make_volunteer(stub_session, display_name="Sam", max_conversations=1)
    code = code_in(phones.say(TEXTER, "TALK"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.inbox()
    code_2 = code_in(phones.say(TEXTER_2, "TALK"))
    assert sam.phone not in phones.inbox()
    assert "your limit" in phones.say(sam.phone, f"CLAIM {code_2}")


def test_rota_words_while_holding_a_conversation_must_stand_alone(phones, stub_session):
    sam, code = phones.with_a_peer(stub_session)
    assert phones.say(sam.phone, "Who are you with right now? Off work yet?") is None
    assert phones.inbox()[TEXTER] == ["Sam: Who are you with right now? Off work yet?"]
    assert "On duty now" in phones.say(sam.phone, "WHO")
    assert TEXTER not in phones.inbox()


def test_case_codes_grow_after_a_collision_so_a_surge_pays_one_draw_more():
    from helpline.conversations.lifecycle import _code

    assert [len(_code(attempt)) for attempt in (0, 1, 2, 3, 39)] == [2, 3, 3, 4, 4]
