"""Check-ins with consent, end to end through the signed webhooks, the outbox relay and the worker
on a controllable clock: DONE -> the question -> YES -> check-ins at a humane local hour for a
texter in another zone (out of quiet hours, across the end of daylight saving time) -> a reply
reopens a conversation with the same volunteer -> STOP cancels the rest; NO stops check-ins but
not a meeting reminder the texter asked for."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from helpline.followups.models import Consent
from helpline.followups.schedule import humane
from helpline.models import Contact, OutboundMessage, OutboxItem
from tests.factories import make_volunteer
from tests.test_conversations import Phones, code_in

LA_TEXTER = "+13105550143"  # area code 310: Los Angeles
# Friday 30 Oct 2026, 21:30 in Los Angeles (PDT); the clocks fall back on Sunday 1 Nov.
FRIDAY_NIGHT = datetime(2026, 10, 31, 4, 30, tzinfo=UTC)


class Clock:
    """The time every part of the line reads, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(FRIDAY_NIGHT)
    for module in ("helpline.texts.inbound", "helpline.runtime.relay", "helpline.jobs.texts",
                   "helpline.outbox", "helpline.outbound"):
        monkeypatch.setattr(f"{module}.utcnow", fake)
    return fake


@pytest.fixture
def phones(stub_twilio, stub_run_jobs, twilio_stub):
    return Phones(stub_twilio, stub_run_jobs, twilio_stub)


def checkins(session) -> list[OutboundMessage]:
    session.expire_all()
    return list(session.scalars(select(OutboundMessage).where(OutboundMessage.purpose == "checkin")
                                .order_by(OutboundMessage.id)))


def run_at(session, text: OutboundMessage) -> datetime:
    return session.scalar(select(OutboxItem.run_at).where(
        OutboxItem.job == "send_text", OutboxItem.payload["outbound_id"].as_integer() == text.id))


def test_done_question_yes_checkins_at_a_humane_local_hour_reply_reopens_stop_cancels(
        phones, stub_session, clock):
    sam = make_volunteer(stub_session, display_name="Sam")
    sam_id = sam.id
    code = code_in(phones.say(LA_TEXTER, "TALK"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.inbox()
    assert "has ended" in phones.say(LA_TEXTER, "DONE")
    question = phones.inbox()[LA_TEXTER]
    assert question == ["Want us to check in tomorrow and next week? Reply YES. Reply NO or "
                        "ignore this to skip."]
    assert "We will check in" in phones.say(LA_TEXTER, "YES")
    consent = stub_session.scalar(select(Consent))
    assert consent.given_at == FRIDAY_NIGHT and consent.question == question[0]
    assert consent.language == "en" and consent.volunteer_id == sam_id
    first, second = checkins(stub_session)
    # Saturday 21:30 PDT is quiet: Sunday 09:00, by then PST (17:00 UTC, not 16:00).
    assert run_at(stub_session, first) == datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
    # A week later, Friday 6 Nov 21:30 PST, is quiet too: Saturday 09:00 PST.
    assert run_at(stub_session, second) == datetime(2026, 11, 7, 17, 0, tzinfo=UTC)
    assert first.body.startswith("Hi, it's Sam from the line you texted.")
    assert "recovery" not in first.body.lower() and "addiction" not in first.body.lower()

    clock.now = datetime(2026, 11, 1, 16, 59, tzinfo=UTC)
    assert LA_TEXTER not in phones.inbox()  # not a minute early
    clock.now = datetime(2026, 11, 1, 17, 0, 5, tzinfo=UTC)
    assert phones.inbox()[LA_TEXTER] == [first.body]

    clock.now += timedelta(hours=2)
    reply = phones.say(LA_TEXTER, "honestly not great, rough night")
    assert "finding a peer volunteer" in reply  # the reply reopens a conversation...
    offered = phones.inbox()
    assert list(offered) == [sam.phone]  # ...offered first to Sam, who held the last one
    assert "rough night" in offered[sam.phone][0]

    assert phones.say(LA_TEXTER, "STOP") is None
    assert {t.status for t in checkins(stub_session)[1:]} == {"cancelled"}
    clock.now = datetime(2026, 11, 8, tzinfo=UTC)
    assert LA_TEXTER not in phones.inbox()  # the second check-in is never sent
    assert stub_session.scalar(select(Consent)).withdrawn_by == "stop"


def _consented(phones, stub_session, texter: str = LA_TEXTER):
    sam, code = phones.with_a_peer(stub_session, texter=texter)
    phones.say(sam.phone, "DONE")
    phones.inbox()
    phones.say(texter, "si" if texter != LA_TEXTER else "yes")
    return sam


def test_no_stops_checkins_but_not_a_meeting_reminder_they_asked_for(phones, stub_session,
                                                                      clock):
    from tests.meeting_fixtures import import_both

    import_both(stub_session)
    stub_session.commit()
    _consented(phones, stub_session)
    assert "MEETINGS" not in phones.say(LA_TEXTER, "MEETINGS 19958")
    assert phones.say(LA_TEXTER, "REMIND 1").startswith("OK, we will text you at")
    [reminder] = stub_session.scalars(select(OutboundMessage).where(
        OutboundMessage.purpose == "meeting_reminder")).all()
    assert "no more check-ins" in phones.say(LA_TEXTER, "NO")
    assert {t.status for t in checkins(stub_session)} == {"cancelled"}
    assert {t.dropped_why for t in checkins(stub_session)} == {"consent_withdrawn"}
    clock.now = run_at(stub_session, reminder) + timedelta(seconds=5)
    assert phones.inbox()[LA_TEXTER] == [reminder.body]  # the reminder they asked for goes out
    clock.now = FRIDAY_NIGHT + timedelta(days=8)
    assert LA_TEXTER not in phones.inbox()  # and no check-in ever does


def test_no_to_the_question_declines_and_silence_or_a_late_yes_records_nothing(
        phones, stub_session, clock):
    sam, _ = phones.with_a_peer(stub_session, texter=LA_TEXTER)
    phones.say(LA_TEXTER, "DONE")
    assert "no check-ins" in phones.say(LA_TEXTER, "no")
    assert stub_session.scalar(select(Consent)).declined_at is not None
    assert checkins(stub_session) == []
    # Another conversation, a question, and a YES 25 hours later: not consent.
    code = code_in(phones.say(LA_TEXTER, "TALK"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.say(sam.phone, "DONE")
    clock.now += timedelta(hours=25)
    assert phones.say(LA_TEXTER, "YES") is None  # Twilio's opt-in word, nothing more
    assert checkins(stub_session) == []


def test_a_checkin_is_dropped_at_send_time_while_a_conversation_is_open_or_when_blocked(
        phones, stub_session, clock):
    from helpline.calls import blocks

    _consented(phones, stub_session)
    first, second = checkins(stub_session)
    phones.say(LA_TEXTER, "TALK")  # talking to someone again when the first comes due
    clock.now = datetime(2026, 11, 1, 18, tzinfo=UTC)
    assert LA_TEXTER not in phones.inbox()
    assert checkins(stub_session)[0].dropped_why == "conversation_open"
    contact = stub_session.scalar(select(Contact).where(Contact.address == LA_TEXTER))
    blocks.block(stub_session, contact, "abuse", clock.now)
    stub_session.commit()
    clock.now = datetime(2026, 11, 7, 18, tzinfo=UTC)
    phones.inbox()
    assert checkins(stub_session)[1].dropped_why == "blocked"


def test_spanish_consent_and_a_signed_checkin_in_spanish(phones, stub_session, clock):
    texter = "+13025550188"
    sam = make_volunteer(stub_session, display_name="Sam")
    code = code_in(phones.say(texter, "hola, necesito hablar con alguien"))
    phones.say(sam.phone, f"CLAIM {code}")
    phones.say(sam.phone, "DONE")
    assert phones.inbox()[texter][-1].startswith("Quieres que te escribamos")
    assert "Gracias" in phones.say(texter, "Sí")
    assert stub_session.scalar(select(Consent)).language == "es"
    assert checkins(stub_session)[0].body.startswith("Hola, soy Sam")


@pytest.mark.parametrize(("local", "expected"), [
    ((2026, 3, 7, 22, 0), (2026, 3, 8, 9, 0)),  # spring forward night: 09:00 EDT
    ((2026, 11, 1, 1, 30), (2026, 11, 1, 9, 0)),  # the repeated hour: still quiet
    ((2026, 6, 1, 12, 0), (2026, 6, 1, 12, 0)),  # midday: as it is
    ((2026, 6, 1, 8, 59), (2026, 6, 1, 9, 0)),
    ((2026, 6, 1, 21, 0), (2026, 6, 2, 9, 0)),
])
def test_quiet_hours_move_a_checkin_to_the_next_allowed_local_time(local, expected):
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/New_York")
    at = datetime(*local, tzinfo=zone)
    moved = humane(at.astimezone(UTC), "America/New_York", (time(21), time(9)))
    assert moved.astimezone(zone).replace(tzinfo=None) == datetime(*expected)


def test_the_texters_zone_comes_from_their_meeting_zip_then_area_code_then_the_line(
        stub_app, stub_session):
    from helpline.followups.schedule import zone_for
    from helpline.line import Line
    from helpline.meetings.models import MeetingSearch
    from tests.factories import make_contact

    line = Line.from_config(stub_app.config)  # America/New_York
    in_kansas_city = make_contact(stub_session, address="+13105550101")  # an LA number...
    stub_session.add(MeetingSearch(contact_id=in_kansas_city.id, place="64111 Kansas City, MO"))
    stub_session.flush()
    assert zone_for(stub_session, in_kansas_city, line) == "America/Chicago"  # ...the ZIP wins
    in_la = make_contact(stub_session, address="+13105550102")
    assert zone_for(stub_session, in_la, line) == "America/Los_Angeles"
    toll_free = make_contact(stub_session, address="+18005550103")
    assert zone_for(stub_session, toll_free, line) == "America/New_York"
