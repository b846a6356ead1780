"""The blocklist: the domain rules, the `block` commands, and the coordinator's /blocks page."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from helpline.accounts.coordinators import create_coordinator
from helpline.audit.models import AuditEvent
from helpline.calls import blocks
from helpline.calls.models import Call
from helpline.db import utcnow
from helpline.models import Block, Coordinator
from tests.factories import make_contact
from tests.test_coordinator_pages import csrf_from, sign_in
from tests.webhooks import new_sid

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
CALLER = "+13025550177"
EMAIL, PASSWORD = "lead@example.org", "a long pass phrase"


def make_call(session, contact, case_code="7Q2"):
    """A call from this contact with a known case code."""
    call = Call(call_sid=new_sid("CA"), contact_id=contact.id, case_code=case_code)
    session.add(call)
    session.flush()
    return call


def block_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Block))


@pytest.fixture
def coordinator_id(session):
    """A coordinator account; its id."""
    create_coordinator(session, EMAIL, PASSWORD, role="coordinator")
    session.commit()
    return session.scalar(select(Coordinator.id).where(Coordinator.email == EMAIL))


# The domain


def test_a_block_is_in_force_until_it_expires(session):
    contact = make_contact(session)
    made = blocks.block(session, contact, "abusive to volunteers", NOW, days=7)
    assert made.expires_at == NOW + timedelta(days=7)
    assert blocks.active_block(session, contact.id, NOW + timedelta(days=6)).id == made.id
    assert blocks.active_block(session, contact.id, NOW + timedelta(days=7)) is None
    assert blocks.state(made, NOW + timedelta(days=8)) == "expired"


def test_a_lifted_block_is_no_longer_in_force(session):
    contact = make_contact(session)
    made = blocks.block(session, contact, "prank calls", NOW)
    assert made.expires_at == NOW + timedelta(days=blocks.DEFAULT_DAYS)
    lifted = blocks.lift(session, made.id, NOW + timedelta(hours=1))
    assert lifted.lifted_at == NOW + timedelta(hours=1)
    assert blocks.active_block(session, contact.id, NOW + timedelta(hours=2)) is None
    assert blocks.state(made, NOW + timedelta(hours=2)) == "lifted"


def test_lifting_an_ended_block_changes_nothing_and_an_unknown_one_is_none(session):
    made = blocks.block(session, make_contact(session), "prank calls", NOW, days=1)
    assert blocks.lift(session, made.id, NOW + timedelta(days=2)).lifted_at is None
    assert blocks.lift(session, 9999, NOW) is None


def test_a_new_block_replaces_the_one_in_force(session):
    contact = make_contact(session)
    first = blocks.block(session, contact, "first reason", NOW, days=7)
    second = blocks.block(session, contact, "second reason", NOW + timedelta(hours=1), days=30)
    assert first.lifted_at == NOW + timedelta(hours=1)
    assert blocks.active_block(session, contact.id, NOW + timedelta(days=20)).id == second.id
    assert [b.id for b in blocks.listing(session, NOW + timedelta(hours=2))] == [second.id]


def test_a_block_for_another_contact_does_not_block_this_one(session):
    blocked, other = make_contact(session), make_contact(session)
    blocks.block(session, blocked, "prank calls", NOW)
    assert blocks.active_block(session, other.id, NOW) is None


@pytest.mark.parametrize(("reason", "words"), [
    ("", "Give a reason"), ("   \n ", "Give a reason"), ("x" * 201, "under 200 characters"),
])
def test_a_block_needs_a_short_reason(session, reason, words):
    with pytest.raises(blocks.BlockError, match=words):
        blocks.block(session, make_contact(session), reason, NOW)
    assert block_count(session) == 0


def test_a_reason_is_stored_with_its_spaces_tidied(session):
    made = blocks.block(session, make_contact(session), "  shouts \n at   volunteers ", NOW)
    assert made.reason == "shouts at volunteers"


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"days": 0}, "in the future"), ({"until": NOW - timedelta(hours=1)}, "in the future"),
    ({"days": 400}, "at most 366 days"),
])
def test_a_block_ends_in_the_future_and_within_a_year(session, kwargs, words):
    with pytest.raises(blocks.BlockError, match=words):
        blocks.block(session, make_contact(session), "prank calls", NOW, **kwargs)


def test_find_contact_by_case_code_codename_or_number(session):
    contact = make_contact(session, address=CALLER, codename="Calm Heron 42")
    make_contact(session)
    make_call(session, contact, "7Q2")
    assert blocks.find_contact(session, "7q2", "US").id == contact.id
    assert blocks.find_contact(session, "  calm   HERON 42 ", "US").id == contact.id
    assert blocks.find_contact(session, "(302) 555-0177", "US").id == contact.id
    assert blocks.find_contact(session, "(302) 555-0177", "US", by_number=False) is None
    assert blocks.find_contact(session, "Calm Heron 43", "US") is None
    assert blocks.find_contact(session, "   ", "US") is None


def test_looks_like_number_tells_numbers_from_codes_and_codenames():
    assert blocks.looks_like_number("+1 (302) 555-0177")
    assert blocks.looks_like_number("3025550177")
    assert not blocks.looks_like_number("7Q2")
    assert not blocks.looks_like_number("Calm Heron 42")
    assert not blocks.looks_like_number("12")


def test_until_a_local_date_means_the_next_local_midnight_across_dst():
    # 2026-03-08 is the day New York springs forward: its next midnight is EDT (UTC-4).
    assert blocks.end_of_local_day(date(2026, 3, 8), "America/New_York") == datetime(
        2026, 3, 9, 4, 0, tzinfo=UTC)
    assert blocks.end_of_local_day(date(2026, 12, 1), "America/New_York") == datetime(
        2026, 12, 2, 5, 0, tzinfo=UTC)


def test_recently_ended_lists_the_latest_ending_first(session):
    early = blocks.block(session, make_contact(session), "a", NOW - timedelta(days=10), days=2)
    late = blocks.block(session, make_contact(session), "b", NOW - timedelta(days=9), days=3)
    lifted = blocks.block(session, make_contact(session), "c", NOW - timedelta(days=20), days=90)
    blocks.lift(session, lifted.id, NOW - timedelta(hours=1))
    blocks.block(session, make_contact(session), "still in force", NOW, days=1)
    ended = blocks.recently_ended(session, NOW)
    assert [b.id for b in ended] == [lifted.id, late.id, early.id]  # by end, not by start


# The `block` commands


def test_block_add_by_number_prints_the_codename_and_never_the_number(app, session):
    contact = make_contact(session, address=CALLER, codename="Calm Heron 42")
    session.commit()
    result = app.test_cli_runner().invoke(
        args=["block", "add", "(302) 555-0177", "--reason", "threatens volunteers", "--days", "7"])
    assert result.exit_code == 0, result.output
    made = session.scalar(select(Block))
    assert made.contact_id == contact.id and made.reason == "threatens volunteers"
    assert made.created_by_id is None
    assert abs(made.expires_at - (utcnow() + timedelta(days=7))) < timedelta(minutes=1)
    assert re.fullmatch(rf"Blocked Calm Heron 42 until \d{{4}}-\d\d-\d\d \d\d:\d\d E[SD]T "
                        rf"\(block {made.id}\)\n", result.output)
    assert "555" not in result.output


def test_block_add_until_a_date_by_a_coordinator(app, session, coordinator_id):
    contact = make_contact(session)
    make_call(session, contact, "4K7")
    session.commit()
    last_day = (utcnow() + timedelta(days=10)).date()
    result = app.test_cli_runner().invoke(args=[
        "block", "add", "4k7", "--reason", "prank calls", "--until", last_day.isoformat(),
        "--by", "Lead@Example.org"])
    assert result.exit_code == 0, result.output
    made = session.scalar(select(Block))
    assert made.created_by_id == coordinator_id and made.contact_id == contact.id
    assert made.expires_at == blocks.end_of_local_day(last_day, "America/New_York")
    next_day = (last_day + timedelta(days=1)).isoformat()
    assert f"until {next_day} 00:00" in result.output


@pytest.mark.parametrize(("args", "words"), [
    (["Nobody Here 99", "--reason", "x"], "No caller matches that"),
    (["Calm Heron 42", "--reason", "  "], "Give a reason"),
    (["Calm Heron 42", "--reason", "x", "--days", "500"], "at most 366 days"),
    (["Calm Heron 42", "--reason", "x", "--until", "2020-01-01"], "in the future"),
    (["Calm Heron 42", "--reason", "x", "--by", "nobody@example.org"], "No active coordinator"),
    (["Calm Heron 42", "--reason", "x", "--days", "3", "--until", "2099-01-01"], "not both"),
])
def test_block_add_refuses_bad_input_kindly_and_writes_nothing(app, session, args, words):
    make_contact(session, codename="Calm Heron 42")
    session.commit()
    result = app.test_cli_runner().invoke(args=["block", "add", *args])
    assert result.exit_code != 0
    assert words in result.output
    assert block_count(session) == 0


def test_block_list_shows_blocks_in_force_and_with_all_the_ended_ones(app, session,
                                                                        coordinator_id):
    now = utcnow()
    kept = blocks.block(session, make_contact(session, codename="Calm Heron 42"), "abusive",
                        now, days=3, by=coordinator_id)
    gone = blocks.block(session, make_contact(session, codename="Brave Otter 17"), "pranks",
                        now - timedelta(days=5), days=1)
    lifted = blocks.block(session, make_contact(session, codename="Quiet Wren 55"), "mistake",
                          now - timedelta(hours=2), days=1)
    blocks.lift(session, lifted.id, now - timedelta(hours=1))
    session.commit()
    runner = app.test_cli_runner()
    current = runner.invoke(args=["block", "list"])
    assert current.exit_code == 0, current.output
    header, *rows = current.output.splitlines()
    assert header.split()[:5] == ["ID", "CODENAME", "UNTIL", "STATE", "BY"]
    assert len(rows) == 1 and rows[0].startswith(f"{kept.id} ")
    assert "Calm Heron 42" in rows[0] and "active" in rows[0] and "lead" in rows[0]
    assert rows[0].endswith("abusive")
    everything = runner.invoke(args=["block", "list", "--all"]).output.splitlines()[1:]
    states = {line.split()[0]: line for line in everything}
    assert set(states) == {str(kept.id), str(gone.id), str(lifted.id)}
    assert "expired" in states[str(gone.id)] and "lifted" in states[str(lifted.id)]


def test_block_list_says_so_when_there_are_none(app):
    assert app.test_cli_runner().invoke(args=["block", "list"]).output == "No blocks in force.\n"


def test_block_lift_ends_a_block_once(app, session, coordinator_id):
    made = blocks.block(session, make_contact(session, codename="Calm Heron 42"), "pranks",
                        utcnow(), days=3)
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["block", "lift", str(made.id), "--by", EMAIL])
    assert result.exit_code == 0, result.output
    assert result.output == f"Lifted block {made.id} (Calm Heron 42)\n"
    stored = session.get(Block, made.id)
    session.refresh(stored)
    assert stored.lifted_at is not None and stored.lifted_by_id == coordinator_id
    again = runner.invoke(args=["block", "lift", str(made.id)])
    assert again.exit_code == 0 and "had already ended" in again.output
    missing = runner.invoke(args=["block", "lift", "9999"])
    assert missing.exit_code != 0 and "There is no block 9999" in missing.output


# The /blocks page


@pytest.fixture
def client(app, coordinator_id):
    """A test client signed in as the coordinator."""
    client = app.test_client()
    assert sign_in(client, EMAIL, PASSWORD).status_code == 302
    return client


def post_block(client, **fields):
    """Submit the "Block a caller" form with the page's CSRF token."""
    token = csrf_from(client.get("/blocks").get_data(as_text=True))
    form = {"ref": "7Q2", "reason": "abusive to volunteers", "days": "7", **fields}
    return client.post("/blocks", data={**form, "csrf_token": token})


def test_the_blocks_page_asks_a_stranger_to_sign_in(app, session):
    contact = make_contact(session)
    make_call(session, contact, "7Q2")
    made = blocks.block(session, contact, "pranks", utcnow(), days=7)
    session.commit()
    stranger = app.test_client()
    response = stranger.get("/blocks")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    token = csrf_from(stranger.get("/login").get_data(as_text=True))
    for path, form in [("/blocks", {"ref": "7Q2", "reason": "x", "days": "7"}),
                       (f"/blocks/{made.id}/lift", {})]:
        response = stranger.post(path, data={**form, "csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    session.refresh(made)
    assert made.lifted_at is None and block_count(session) == 1


def test_the_home_page_links_to_the_blocks_page(client):
    assert 'href="/blocks"' in client.get("/").get_data(as_text=True)


def test_blocking_without_the_csrf_token_is_refused(client, session):
    contact = make_contact(session)
    make_call(session, contact, "7Q2")
    session.commit()
    response = client.post("/blocks", data={"ref": "7Q2", "reason": "x", "days": "7"})
    assert response.status_code == 400
    assert block_count(session) == 0


def test_a_coordinator_blocks_a_caller_by_case_code(client, session, coordinator_id):
    contact = make_contact(session, address=CALLER, codename="Calm Heron 42")
    make_call(session, contact, "7Q2")
    session.commit()
    response = post_block(client, ref=" 7q2 ", days="30")
    assert response.status_code == 302 and response.headers["Location"] == "/blocks"
    made = session.scalar(select(Block))
    assert made.contact_id == contact.id and made.created_by_id == coordinator_id
    assert made.reason == "abusive to volunteers"
    assert abs(made.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)
    page = client.get("/blocks").get_data(as_text=True)
    assert "Blocked Calm Heron 42 until" in page  # the flash message
    assert "abusive to volunteers" in page and "lead" in page
    assert f'action="/blocks/{made.id}/lift"' not in page  # only admins lift
    assert "an admin can lift it" in page
    event = session.scalar(select(AuditEvent))
    assert (event.action, event.actor_id, event.subject_id) == ("block.set", coordinator_id,
                                                                str(made.id))
    assert event.after["contact"] == "Calm Heron 42" and CALLER[-4:] not in str(event.after)


def test_a_coordinator_blocks_a_caller_by_codename(client, session):
    contact = make_contact(session, codename="Calm Heron 42")
    session.commit()
    assert post_block(client, ref="calm heron 42", days="1").status_code == 302
    assert session.scalar(select(Block.contact_id)) == contact.id


def test_the_blocks_page_never_shows_a_phone_number(client, session):
    contact = make_contact(session, address=CALLER, codename="Calm Heron 42")
    make_call(session, contact, "7Q2")
    session.commit()
    post_block(client)
    page = client.get("/blocks").get_data(as_text=True)
    assert "Calm Heron 42" in page
    assert not re.search(r"555\D?0177", page)
    assert CALLER not in page


def test_the_page_takes_no_phone_number_even_of_a_known_caller(client, session):
    make_contact(session, address=CALLER, codename="Calm Heron 42")
    session.commit()
    response = post_block(client, ref="(302) 555-0177")
    assert response.status_code == 400
    assert "Phone numbers are not used here" in response.get_data(as_text=True)
    assert block_count(session) == 0


def test_an_unknown_case_code_is_refused_with_a_message_and_no_row(client, session):
    response = post_block(client, ref="ZZ9")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "No caller has that case code or codename" in page
    assert 'value="ZZ9"' in page  # the form keeps what was typed
    assert block_count(session) == 0


@pytest.mark.parametrize(("fields", "words"), [
    ({"reason": ""}, "Give a reason"),
    ({"reason": "x" * 201}, "under 200 characters"),
    ({"ref": ""}, "case code or the caller"),
    ({"days": "9999"}, "Choose one of the lengths"),
    ({"days": "seven"}, "Choose one of the lengths"),
])
def test_bad_form_input_is_shown_again_with_why(client, session, fields, words):
    contact = make_contact(session)
    make_call(session, contact, "7Q2")
    session.commit()
    response = post_block(client, **fields)
    assert response.status_code == 400
    assert words in html.unescape(response.get_data(as_text=True))
    assert block_count(session) == 0


def test_a_coordinator_cannot_lift_a_block(client, session):
    made = blocks.block(session, make_contact(session, codename="Calm Heron 42"), "pranks",
                        utcnow(), days=7)
    session.commit()
    token = csrf_from(client.get("/blocks").get_data(as_text=True))
    assert client.post(f"/blocks/{made.id}/lift", data={"csrf_token": token}).status_code == 403
    session.refresh(made)
    assert made.lifted_at is None


def test_an_admin_lifts_a_block(app, session):
    create_coordinator(session, "admin@example.org", PASSWORD, role="admin")
    session.commit()
    coordinator_id = session.scalar(select(Coordinator.id).where(
        Coordinator.email == "admin@example.org"))
    client = app.test_client()
    assert sign_in(client, "admin@example.org", PASSWORD).status_code == 302
    made = blocks.block(session, make_contact(session, codename="Calm Heron 42"), "pranks",
                        utcnow(), days=7)
    session.commit()
    token = csrf_from(client.get("/blocks").get_data(as_text=True))
    assert client.post(f"/blocks/{made.id}/lift").status_code == 400  # no CSRF token
    response = client.post(f"/blocks/{made.id}/lift", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/blocks"
    stored = session.get(Block, made.id)
    session.refresh(stored)
    assert stored.lifted_at is not None and stored.lifted_by_id == coordinator_id
    page = client.get("/blocks").get_data(as_text=True)
    assert "Lifted the block on Calm Heron 42." in page
    assert "Nobody is blocked." in page and "lifted" in page
    missing = client.post("/blocks/9999/lift", data={"csrf_token": token})
    assert missing.status_code == 404
    assert session.scalar(select(AuditEvent.action).where(
        AuditEvent.subject_id == str(made.id), AuditEvent.action == "block.lift")) is not None


def test_a_hostile_block_reason_is_shown_as_text(client, session):
    from markupsafe import escape

    from tests.web import HOSTILE_NAMES

    contact = make_contact(session, codename="Calm Heron 42")
    make_call(session, contact, "7Q2")
    session.commit()
    for reason in HOSTILE_NAMES:
        assert post_block(client, reason=reason).status_code == 302
        page = client.get("/blocks").get_data(as_text=True)
        assert str(escape(reason)) in page
        assert "<script>alert" not in page and "<img src=x" not in page
