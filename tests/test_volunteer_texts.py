"""Volunteers run their part of the rota by text, through the signed webhook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline import db
from helpline.models import Contact, InboundMessage, OutboundMessage, OutboxItem
from tests.conftest import emptied
from tests.factories import make_volunteer
from volunteers.models import Presence, Shift, ShiftChange

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 10:00 in New York


def reply(twilio, phone: str, body: str) -> str:
    response = twilio.text(phone, body)
    assert response.status_code == 200
    [message] = ET.fromstring(response.get_data(as_text=True)).findall("Message")
    return message.text


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("helpline.texts.inbound.utcnow", lambda: NOW)


@pytest.fixture
def dana(session):
    volunteer = make_volunteer(session, always_on=False, display_name="Dana")
    session.commit()
    return volunteer


def test_an_unknown_word_gets_the_command_list_and_is_not_a_caller_text(twilio, session, dana,
                                                                        frozen):
    text = reply(twilio, dana.phone, "hello there")
    assert "ON" in text and "SHIFTS" in text and "TAKE 4K2" in text
    assert session.scalar(select(InboundMessage)).intent == "volunteer"


def test_on_until_a_time_and_off_set_presence_and_who_lists_display_names(twilio, session,
                                                                          dana, frozen):
    assert "Nobody is on duty" in reply(twilio, dana.phone, "WHO")
    assert "You are ON duty now until Tue 22:00" in reply(twilio, dana.phone, "on until 10pm")
    presence = session.scalar(select(Presence))
    assert presence.state == "on" and presence.until == datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    who = reply(twilio, dana.phone, "who")
    assert who == "On duty now: Dana." and dana.phone not in who
    assert "You are OFF" in reply(twilio, dana.phone, "OFF")
    assert "Nobody is on duty" in reply(twilio, dana.phone, "WHO")


def test_stop_and_crisis_words_from_a_volunteer_are_still_honoured(twilio, session, dana, frozen):
    assert "988" in reply(twilio, dana.phone, "I want to die")
    response = twilio.text(dana.phone, "STOP")
    assert ET.fromstring(response.get_data(as_text=True)).findall("Message") == []
    assert session.scalar(select(Contact)).opted_out_at is not None


def open_shift(session, owner, code="4K2", day=date(2026, 11, 27)) -> ShiftChange:
    shift = Shift(volunteer_id=owner.id, weekday=day.weekday(), starts=time(22), ends=time(2))
    session.add(shift)
    session.flush()
    change = ShiftChange(shift_id=shift.id, occurs_on=day, dropped=True, code=code)
    session.add(change)
    session.commit()
    return change


def test_the_first_taker_wins_and_the_others_are_told_it_is_covered(twilio, session, frozen):
    owner, first, second, third = (make_volunteer(session, always_on=False) for _ in range(4))
    change = open_shift(session, owner)
    assert reply(twilio, first.phone, "TAKE 4k2").startswith("It is yours: Fri Nov 27 22:00-02:00")
    assert "already covered" in reply(twilio, second.phone, "take 4K2")
    session.expire_all()
    assert session.get(ShiftChange, change.id).covered_by_id == first.id
    told = {t.to_address for t in session.scalars(
        select(OutboundMessage).where(OutboundMessage.purpose == "open_shift_covered"))}
    assert told == {second.phone, third.phone}


def test_take_with_an_unknown_code_says_so(twilio, dana, frozen):
    assert "no open shift 9Z9" in reply(twilio, dana.phone, "TAKE 9Z9")


def test_check_open_shift_alerts_coordinators_once_when_nobody_took_it(app, session, run_jobs):
    from helpline.accounts.coordinators import create_coordinator
    from helpline.jobs.rota import check_open_shift
    from helpline.models import Coordinator

    owner = make_volunteer(session, always_on=False, display_name="Owner")
    create_coordinator(session, "lead@example.org", "pw")
    session.flush()
    session.scalar(select(Coordinator)).phone = "+13025550190"
    change = open_shift(session, owner, day=date.today() + timedelta(days=3))
    with app.app_context():
        check_open_shift(change.id)
        check_open_shift(change.id)
    alerts = session.scalars(select(OutboundMessage)).all()
    assert [a.to_address for a in alerts] == ["+13025550190"]
    assert "Owner dropped it" in alerts[0].body


TAKE = """
import json, sys, os, time
from helpline import create_app
from tests.conftest import app_config
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks
url, redis_url, phone, go = sys.argv[1:5]
app = create_app(app_config(url, redis_url))
client = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://helpline.example.org")
while not os.path.exists(go):
    time.sleep(0.002)
r = client.text(phone, "TAKE 7K3")
print(json.dumps(r.get_data(as_text=True)))
"""


@pytest.mark.postgres
def test_many_takers_at_once_from_several_processes_exactly_one_wins(postgres_url, redis_url,
                                                                     tmp_path):
    emptied(postgres_url)
    engine = db.make_engine(postgres_url)
    with Session(engine) as session:
        owner, *takers = (make_volunteer(session, always_on=False) for _ in range(9))
        change = open_shift(session, owner, code="7K3", day=date.today() + timedelta(days=2))
        phones, change_id = [t.phone for t in takers], change.id
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    procs = [subprocess.Popen([sys.executable, "-c", TAKE, postgres_url, redis_url, phone,
                               str(go)], stdout=subprocess.PIPE, env=env, text=True)
             for phone in phones]
    go.touch()
    answers = [json.loads(p.communicate(timeout=90)[0].strip().splitlines()[-1]) for p in procs]
    winners = [a for a in answers if "It is yours" in a]
    assert len(winners) == 1 and sum("already covered" in a for a in answers) == 7
    with Session(engine) as session:
        won = session.get(ShiftChange, change_id).covered_by_id
        assert won is not None
        covered = session.scalar(select(func.count()).select_from(OutboundMessage)
                                 .where(OutboundMessage.purpose == "open_shift_covered"))
        assert covered == 7  # everyone but the winner and the one who dropped it
        assert session.scalar(select(func.count()).select_from(OutboxItem)) == 7
    engine.dispose()


def test_shifts_lists_the_next_three_with_dates_and_drop_offers_the_second_to_the_others(
    twilio, session, frozen
):
    dana = make_volunteer(session, always_on=False, display_name="Dana")
    other = make_volunteer(session, always_on=False, display_name="Eli")
    for weekday in (1, 3, 5):  # Tue, Thu, Sat 14:00-22:00
        dana.shifts.append(Shift(weekday=weekday, starts=time(14), ends=time(22)))
    session.commit()
    listed = reply(twilio, dana.phone, "shifts")
    assert listed.splitlines()[1:4] == ["1) Tue Nov 24 14:00-22:00", "2) Thu Nov 26 14:00-22:00",
                                        "3) Sat Nov 28 14:00-22:00"]
    dropped = reply(twilio, dana.phone, "DROP 2")
    assert dropped.startswith("Dropped: Thu Nov 26 14:00-22:00")
    change = session.scalar(select(ShiftChange))
    assert change.dropped and change.occurs_on == date(2026, 11, 26) and change.code
    offer = session.scalar(select(OutboundMessage).where(
        OutboundMessage.purpose == "open_shift_offer"))
    assert offer.to_address == other.phone and f"TAKE {change.code}" in offer.body
    assert reply(twilio, dana.phone, "SHIFTS").splitlines()[2] == "2) Sat Nov 28 14:00-22:00"
    assert reply(twilio, other.phone, f"TAKE {change.code}").startswith("It is yours")
    assert reply(twilio, other.phone, "SHIFTS").splitlines()[1] == "1) Thu Nov 26 14:00-22:00"


def test_drop_with_a_number_not_listed_says_how(twilio, dana, frozen):
    assert "Text SHIFTS to see" in reply(twilio, dana.phone, "DROP 7")


@pytest.mark.parametrize("argument", ["²", "①", "٣", "0", "4", str(2**63), "02x"])
def test_drop_with_a_number_that_is_not_one_of_the_listed_shifts_says_how_to_drop(
        twilio, session, dana, frozen, argument):
    session.add(Shift(volunteer_id=dana.id, weekday=2, starts=time(9), ends=time(13)))
    session.commit()
    assert reply(twilio, dana.phone, f"DROP {argument}").startswith("Text SHIFTS to see")


def test_drop_02_still_drops_the_second_shift(twilio, session, dana, frozen):
    for weekday in (2, 3):
        session.add(Shift(volunteer_id=dana.id, weekday=weekday, starts=time(9), ends=time(13)))
    session.commit()
    assert "Thu" in reply(twilio, dana.phone, "DROP 02")


def test_drop_offers_the_shift_to_nobody_who_texted_stop(twilio, session, frozen):
    dana = make_volunteer(session, always_on=False, display_name="Dana")
    eli = make_volunteer(session, always_on=False, display_name="Eli")
    fay = make_volunteer(session, always_on=False, display_name="Fay")
    dana.shifts.append(Shift(weekday=3, starts=time(14), ends=time(22)))
    session.commit()
    twilio.text(fay.phone, "STOP")
    reply(twilio, dana.phone, "DROP 1")
    offered = {t.to_address for t in session.scalars(
        select(OutboundMessage).where(OutboundMessage.purpose == "open_shift_offer"))}
    assert offered == {eli.phone}
