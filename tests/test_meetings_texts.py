"""Meetings by text, end to end through the signed webhook, on the real feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpline.catalog.render import is_gsm7, segments
from helpline.meetings import geocode, index, search
from helpline.meetings.models import Meeting, MeetingSearch
from helpline.models import OutboundMessage, OutboxItem
from tests.meeting_fixtures import import_both

CALLER = "+13025550123"
NOW = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # Tuesday 17:00 in Lewes, 16:00 in Kansas City


@pytest.fixture
def feeds(session, monkeypatch):
    import_both(session)
    monkeypatch.setattr("helpline.texts.inbound.utcnow", lambda: NOW)


def reply(twilio, body: str) -> str:
    response = twilio.text(CALLER, body)
    assert response.status_code == 200
    messages = ET.fromstring(response.get_data(as_text=True)).findall("Message")
    assert len(messages) == 1, response.get_data(as_text=True)
    return messages[0].text


def numbered(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^\d+\) ", line)]


def expected_ids(session, zip5: str, limit: int = 30) -> list[int]:
    place = geocode.by_zip(zip5)
    query = search.Query(NOW - timedelta(days=1), NOW + timedelta(days=7), place.latitude,
                         place.longitude)
    return [hit.meeting_id for hit in search.find(index.build(session), query, NOW, limit).hits]


def test_meetings_and_a_zip_get_the_next_three_in_two_gsm7_segments(twilio, session, feeds):
    text = reply(twilio, "MEETINGS 19958")
    assert text.startswith("Meetings near 19958 Lewes, DE")
    lines = numbered(text)
    assert [line[:3] for line in lines] == ["1) ", "2) ", "3) "]
    assert is_gsm7(text) and segments(text) <= 2
    saved = session.scalar(select(MeetingSearch))
    assert [r["meeting_id"] for r in saved.results] == expected_ids(session, "19958")
    first = session.get(Meeting, saved.results[0]["meeting_id"])
    local = datetime.fromisoformat(saved.results[0]["starts_at"]).astimezone(
        ZoneInfo("America/New_York"))
    hour = local.hour % 12 or 12
    assert f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}" in lines[0]
    assert first.name.split()[0] in lines[0]
    assert re.search(r"\d+(\.\d)?mi$", lines[0])


def test_more_lists_the_next_three_and_then_says_that_is_all(twilio, session, feeds):
    reply(twilio, "MEETINGS 19958")
    assert [line[:3] for line in numbered(reply(twilio, "MORE"))] == ["4) ", "5) ", "6) "]
    saved = session.scalar(select(MeetingSearch))
    saved.shown = len(saved.results)
    session.commit()
    assert "That is all" in reply(twilio, "more")


def test_details_gives_the_full_address_and_remind_schedules_a_text_an_hour_before(
    twilio, session, feeds
):
    reply(twilio, "MEETINGS 19958")
    saved = session.scalar(select(MeetingSearch))
    second = session.get(Meeting, saved.results[1]["meeting_id"])
    details = reply(twilio, "DETAILS 2")
    assert second.address.split()[0] in details and is_gsm7(details)
    confirmation = reply(twilio, "REMIND 2")
    assert confirmation.startswith("OK, we will text you at")
    item = session.scalar(select(OutboxItem))
    starts = datetime.fromisoformat(saved.results[1]["starts_at"])
    assert item.run_at == starts - timedelta(minutes=60)
    assert session.scalar(select(OutboundMessage)).purpose == "meeting_reminder"


def test_a_reminder_is_sent_at_its_time_and_not_before(twilio, session, feeds, run_jobs,
                                                       monkeypatch):
    reply(twilio, "MEETINGS 19958")
    reply(twilio, "REMIND 1")
    item = session.scalar(select(OutboxItem))
    monkeypatch.setattr("helpline.runtime.relay.utcnow", lambda: item.run_at - timedelta(minutes=1))
    run_jobs()
    session.expire_all()
    assert session.scalar(select(OutboundMessage)).sent_at is None
    monkeypatch.setattr("helpline.runtime.relay.utcnow", lambda: item.run_at)
    run_jobs()
    session.expire_all()
    sent = session.scalar(select(OutboundMessage))
    assert sent.sent_at is not None and sent.body.startswith("Reminder from Test Helpline")


def test_stop_cancels_a_meeting_reminder_already_scheduled(twilio, session, feeds, run_jobs,
                                                          monkeypatch):
    reply(twilio, "MEETINGS 19958")
    reply(twilio, "REMIND 1")
    twilio.text(CALLER, "STOP")
    item = session.scalar(select(OutboxItem))
    monkeypatch.setattr("helpline.runtime.relay.utcnow", lambda: item.run_at + timedelta(minutes=5))
    run_jobs()
    session.expire_all()
    text = session.scalar(select(OutboundMessage))
    assert text.status == "cancelled" and text.sent_at is None


def test_remind_for_a_meeting_starting_within_the_hour_schedules_nothing(
    twilio, session, feeds, monkeypatch
):
    reply(twilio, "MEETINGS 19958")
    saved = session.scalar(select(MeetingSearch))
    soon = datetime.fromisoformat(saved.results[0]["starts_at"]) - timedelta(minutes=30)
    monkeypatch.setattr("helpline.texts.inbound.utcnow", lambda: soon)
    assert "no reminder" in reply(twilio, "REMIND 1")
    assert session.scalar(select(OutboxItem)) is None


def test_na_in_kansas_city_tonight_says_kindly_that_there_is_nothing(twilio, feeds):
    text = reply(twilio, "NA 64111 tonight")
    assert "Sorry" in text and "988" in text  # both feeds are AA


def test_a_city_and_state_work_like_a_zip(twilio, feeds):
    assert reply(twilio, "MEETING near Lewes DE").startswith("Meetings near Lewes, DE")
    assert "Kansas City, MO" in reply(twilio, "meetings Kansas City, MO")


def test_an_ambiguous_city_asks_which_one(twilio, feeds):
    text = reply(twilio, "MEETINGS Kansas City")
    assert text.startswith("Which one?") and "MO" in text and "KS" in text


def test_reuniones_answers_in_spanish_with_spanish_speaking_meetings(twilio, session, feeds):
    text = reply(twilio, "REUNIONES 19958")
    assert text.startswith("Reuniones cerca de 19958")
    saved = session.scalar(select(MeetingSearch))
    assert saved.results
    for result in saved.results:
        assert "es" in session.get(Meeting, result["meeting_id"]).languages.split(",")


def test_aa_online_lists_online_meetings_soonest_first(twilio, session, feeds):
    text = reply(twilio, "AA ONLINE")
    assert text.startswith("Online meetings starting soon")
    assert all(line.endswith("online") for line in numbered(text))
    starts = [r["starts_at"] for r in session.scalar(select(MeetingSearch)).results]
    assert starts == sorted(starts)


def test_a_bare_zip_is_a_meeting_request(twilio, feeds):
    assert reply(twilio, "64111").startswith("Meetings near 64111 Kansas City, MO")


def test_far_from_any_meeting_the_reply_says_so_and_offers_online_ones(twilio, feeds):
    text = reply(twilio, "MEETINGS 59001")
    assert text.startswith("No open in-person meetings within 50 miles of 59001")
    assert numbered(text) and all(line.endswith("online") for line in numbered(text))


@pytest.mark.parametrize("body, start", [
    ("MEETINGS 00000", "Sorry, we could not find"),
    ("meetings qwxzv", "Sorry, we could not find"),
    ("MEETINGS", "To find meetings, send MEETINGS"),
    ("DETAILS 2", "First send MEETINGS"),
    ("MORE", "First send MEETINGS"),
])
def test_unusable_requests_get_a_kind_reply_saying_what_to_send(twilio, feeds, body, start):
    text = reply(twilio, body)
    assert text.startswith(start) and segments(text) <= 2


def test_details_of_a_number_not_listed_asks_for_one_from_the_list(twilio, feeds):
    reply(twilio, "MEETINGS 19958")
    assert "1 to 3" in reply(twilio, "DETAILS 9")


def test_with_no_meetings_imported_a_request_still_gets_a_kind_reply(twilio, monkeypatch):
    monkeypatch.setattr("helpline.texts.inbound.utcnow", lambda: NOW)
    text = reply(twilio, "MEETINGS 19958")
    assert text.startswith("Sorry, we have no meetings") and "988" in text


def test_time_words_narrow_the_search_and_are_named_in_the_reply(twilio, session, feeds):
    text = reply(twilio, "MEETINGS 19958 tomorrow")
    assert text.startswith("Meetings near 19958 Lewes, DE (tomorrow):")
    for result in session.scalar(select(MeetingSearch)).results:
        local = datetime.fromisoformat(result["starts_at"]).astimezone(
            ZoneInfo("America/New_York"))
        assert local.date() == datetime(2026, 11, 25).date()
