"""/activity: calls and text conversations by case code and codename, filtered and a page at a
time; a call's page with its voicemail (marked handled once, audited); a conversation's page
with its messages while retention keeps them. Never a number; words only on a detail page."""

from __future__ import annotations

import itertools
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpline.audit.models import AuditEvent
from helpline.calls.models import Call, Voicemail
from helpline.conversations.models import Conversation, ConversationMessage
from helpline.db import utcnow
from helpline.models import OutboundMessage
from tests.factories import make_contact, make_volunteer
from tests.web import HOSTILE_NAMES, csrf_from, post_form, signed_in_client
from tests.webhooks import new_sid

ZONE = ZoneInfo("America/New_York")
SECRET_WORDS = "my name is Jo and I live on Elm Street"
_codes = itertools.count(1)


def make_call(session, contact=None, *, ago=timedelta(minutes=30), outcome="answered",
              status="done", answered_by=None, waited=timedelta(seconds=42), ended=True):
    """A call that came in `ago`, queued at once, answered (or not) after `waited`."""
    contact = contact or make_contact(session)
    came = utcnow() - ago
    call = Call(call_sid=new_sid("CA"), contact_id=contact.id, case_code=f"C{next(_codes)}",
                status=status, outcome=outcome, created_at=came, queued_at=came,
                answered_at=came + waited if answered_by else None,
                answered_by_id=answered_by.id if answered_by else None,
                ended_at=came + waited + timedelta(minutes=5) if ended else None)
    session.add(call)
    session.flush()
    return call


def make_voicemail(session, call, *, words=SECRET_WORDS, ago=None, urgent=False, **fields):
    """A voicemail left in `call`; `urgent` as if its words had sent an urgent notice."""
    voicemail = Voicemail(call_id=call.id, recording_sid=new_sid("RE"),
                          recording_url="https://api.twilio.com/recording", duration_seconds=42,
                          transcription=words, created_at=utcnow() - (ago or timedelta()),
                          **fields)
    session.add(voicemail)
    session.flush()
    if urgent:
        session.add(OutboundMessage(key=f"voicemail:{voicemail.id}:v1", to_address="+1215",
                                    body="URGENT", purpose="voicemail_urgent"))
        session.flush()
    return voicemail


def make_conversation(session, contact=None, *, status="waiting", urgent=False,
                      ago=timedelta(minutes=10), volunteer=None, claimed_after=None,
                      closed_ago=None, closed_by=None):
    """A conversation opened `ago`; claimed by `volunteer` after `claimed_after`."""
    contact = contact or make_contact(session)
    opened = utcnow() - ago
    conversation = Conversation(
        case_code=f"K{next(_codes)}", contact_id=contact.id, status=status, urgent=urgent,
        volunteer_id=volunteer.id if volunteer else None, opened_at=opened,
        waiting_since=opened, claimed_at=opened + claimed_after if claimed_after else None,
        closed_at=utcnow() - closed_ago if closed_ago else None, closed_by=closed_by)
    session.add(conversation)
    session.flush()
    return conversation


def add_message(session, conversation, body, volunteer=None, ago=timedelta(minutes=5)):
    """A text in the conversation from the texter, or from `volunteer`."""
    session.add(ConversationMessage(
        conversation_id=conversation.id, sender="volunteer" if volunteer else "texter",
        volunteer_id=volunteer.id if volunteer else None, body=body,
        created_at=utcnow() - ago))
    session.flush()


@pytest.fixture
def lead(app, session):
    return signed_in_client(app, session, "coordinator")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def rows_of(html: str) -> str:
    """The list's table alone."""
    return html[html.index("<tbody>"):html.index("</tbody>")]


def test_every_activity_page_sends_a_stranger_to_sign_in_and_refuses_an_unknown_role(
        app, session):
    call = make_call(session)
    voicemail = make_voicemail(session, call)
    conversation = make_conversation(session)
    urls = ["/activity", f"/activity/calls/{call.id}", f"/activity/conversations/{conversation.id}"]
    stranger = app.test_client()
    for url in urls:
        response = stranger.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    client = signed_in_client(app, session, "coordinator")
    from helpline.models import Coordinator

    session.scalar(select(Coordinator)).role = "volunteer"
    session.commit()
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/activity/voicemails/{voicemail.id}/handled",
                       data={"csrf_token": csrf_from(client.get("/account/password")
                                                     .get_data(as_text=True))}
                       ).status_code == 403


def test_calls_list_by_case_code_and_codename_with_outcome_wait_and_who_answered(
        app, session, lead):
    dana = make_volunteer(session, display_name="Dana")
    answered = make_call(session, answered_by=dana, waited=timedelta(seconds=42))
    missed = make_call(session, outcome="voicemail", ago=timedelta(minutes=5))
    make_voicemail(session, missed)
    html = page(lead, "/activity")
    table = rows_of(html)
    assert table.index(missed.case_code) < table.index(answered.case_code)  # newest first
    assert "0:42" in table and "Dana" in table
    assert "voicemail, not handled yet" in table
    assert f'href="/activity/calls/{answered.id}"' in table


def test_lists_never_show_a_number_or_anyone_s_words(app, session, lead, twilio):
    texter = "+13025550144"
    twilio.text(texter, f"can i talk to someone, {SECRET_WORDS}")
    caller = make_contact(session)
    call = make_call(session, caller, outcome="voicemail")
    make_voicemail(session, call, words=f"{SECRET_WORDS}, call me")
    for url in ("/activity", "/activity?kind=conversations", "/", "/now/live"):
        html = page(lead, url)
        assert SECRET_WORDS not in html, url
        assert "5550144" not in html and caller.address[-7:] not in html, url
    conversation = session.scalar(select(Conversation))
    assert conversation.contact.codename in page(lead, "/activity?kind=conversations")


def test_conversations_list_shows_state_wait_to_claim_volunteer_and_urgency(app, session, lead):
    sam = make_volunteer(session, display_name="Sam Rivers")
    claimed = make_conversation(session, status="active", volunteer=sam,
                                claimed_after=timedelta(minutes=3), ago=timedelta(hours=1))
    urgent = make_conversation(session, urgent=True, ago=timedelta(minutes=2))
    never = make_conversation(session, status="closed", ago=timedelta(hours=3),
                              closed_ago=timedelta(hours=2), closed_by="texter")
    table = rows_of(page(lead, "/activity?kind=conversations"))
    assert table.index(urgent.case_code) < table.index(claimed.case_code) < table.index(
        never.case_code)
    assert "3:00" in table and "Sam Rivers" in table
    assert "closed by the texter, never claimed" in table
    row = table[table.rindex("<tr", 0, table.index(urgent.case_code)):]
    assert row.startswith('<tr class="urgent"') and "Urgent</strong>" in row.split("</tr>")[0]


def test_filters_by_local_dates_outcome_and_urgency(app, session, lead):
    today = utcnow().astimezone(ZONE).date()
    old = make_call(session, outcome="abandoned", ago=timedelta(days=3))
    new = make_call(session, outcome="voicemail", ago=timedelta(minutes=1))
    make_voicemail(session, new, urgent=True)
    plain = make_call(session, outcome="voicemail", ago=timedelta(minutes=2))
    make_voicemail(session, plain)

    def shown(query):
        table = page(lead, f"/activity?kind=calls&{query}")
        return {c.case_code for c in (old, new, plain) if f">{c.case_code}</a>" in table}

    assert shown(f"since={today.isoformat()}") == {new.case_code, plain.case_code}
    assert shown(f"until={(today - timedelta(days=1)).isoformat()}") == {old.case_code}
    assert shown("outcome=abandoned") == {old.case_code}
    assert shown("urgency=urgent") == {new.case_code}
    assert shown("urgency=not_urgent") == {old.case_code, plain.case_code}
    assert shown("outcome=voicemail&urgency=not_urgent") == {plain.case_code}
    assert shown("outcome=nonsense") == {old.case_code, new.case_code, plain.case_code}
    bad = lead.get("/activity?since=yesterday")
    assert bad.status_code == 400 and "give a date like" in bad.get_data(as_text=True)


def test_conversation_filters_by_state_and_urgency(app, session, lead):
    waiting = make_conversation(session, urgent=True)
    closed = make_conversation(session, status="closed", closed_ago=timedelta(minutes=1),
                               closed_by="idle")

    def shown(query):
        table = page(lead, f"/activity?kind=conversations&{query}")
        return {c.case_code for c in (waiting, closed) if f">{c.case_code}</a>" in table}

    assert shown("outcome=waiting") == {waiting.case_code}
    assert shown("outcome=unclaimed") == {closed.case_code}
    assert shown("urgency=not_urgent") == {closed.case_code}


def test_the_list_comes_25_a_page_keeping_the_filters(app, session, lead):
    contact = make_contact(session)
    for n in range(27):
        make_call(session, contact, outcome="abandoned", ago=timedelta(minutes=n + 1))
    html = page(lead, "/activity?kind=calls&outcome=abandoned")
    assert "Calls (27)" in html and "Page 1 of 2" in html
    assert rows_of(html).count("<tr") == 25
    assert "page=2" in html and "outcome=abandoned" in html
    second = page(lead, "/activity?kind=calls&outcome=abandoned&page=2")
    assert rows_of(second).count("<tr") == 2


def test_a_call_s_page_has_its_facts_the_recording_and_the_transcription(app, session, lead):
    call = make_call(session, outcome="voicemail")
    voicemail = make_voicemail(session, call, words="please call me back at 302 555 0199")
    html = page(lead, f"/activity/calls/{call.id}")
    assert f"<h1>Call {call.case_code}</h1>" in html
    assert f'<audio controls preload="none" src="/voicemails/{voicemail.id}/audio"' in html
    assert "please call me back at (number)" in html and "555 0199" not in html
    assert "Mark handled" in html
    assert lead.get("/activity/calls/999999").status_code == 404


def test_a_purged_voicemail_says_its_words_and_recording_are_gone(app, session, lead):
    call = make_call(session, outcome="voicemail")
    make_voicemail(session, call, words="", ago=timedelta(days=31), purged_at=utcnow())
    html = page(lead, f"/activity/calls/{call.id}")
    assert "deleted after 30 days" in html and "<audio" not in html


def test_marking_a_voicemail_handled_is_audited_and_the_first_mark_stands(app, session, lead):
    call = make_call(session, outcome="voicemail")
    voicemail = make_voicemail(session, call)
    url, detail = f"/activity/voicemails/{voicemail.id}/handled", f"/activity/calls/{call.id}"
    first = post_form(lead, url, {"note": "Called back, all well"}, page=detail)
    assert first.status_code == 302 and first.headers["Location"] == detail
    again = post_form(lead, url, {"note": "second try"}, page="/account/password",
                      follow_redirects=True)
    assert "already marked handled" in again.get_data(as_text=True)
    session.expire_all()
    stored = session.get(Voicemail, voicemail.id)
    assert stored.handled_at is not None and stored.handled_note == "Called back, all well"
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "voicemail.handled")).all()
    assert len(events) == 1 and events[0].subject_id == str(voicemail.id)
    assert events[0].after["note"] == "Called back, all well"
    html = page(lead, detail)
    assert "Marked handled by" in html and "Mark handled</button>" not in html
    assert call.case_code not in page(lead, "/").split("Voicemails to handle")[1]


def test_marking_handled_needs_the_csrf_token_and_a_short_note(app, session, lead):
    call = make_call(session, outcome="voicemail")
    voicemail = make_voicemail(session, call)
    url = f"/activity/voicemails/{voicemail.id}/handled"
    refused = lead.post(url, data={"note": "ok"})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    long = post_form(lead, url, {"note": "x" * 201}, page=f"/activity/calls/{call.id}")
    assert long.status_code == 400 and "under 200 characters" in long.get_data(as_text=True)
    session.expire_all()
    assert session.get(Voicemail, voicemail.id).handled_at is None
    assert post_form(lead, "/activity/voicemails/999999/handled", {},
                     page="/account/password").status_code == 404


def test_a_number_in_the_note_is_blanked(app, session, lead):
    call = make_call(session, outcome="voicemail")
    voicemail = make_voicemail(session, call)
    post_form(lead, f"/activity/voicemails/{voicemail.id}/handled",
              {"note": "rang them on 302 555 0199"}, page=f"/activity/calls/{call.id}")
    session.expire_all()
    assert session.get(Voicemail, voicemail.id).handled_note == "rang them on (number)"


def test_a_conversation_s_page_shows_who_wrote_each_message(app, session, lead):
    sam = make_volunteer(session, display_name="Sam Rivers")
    conversation = make_conversation(session, status="active", volunteer=sam,
                                     claimed_after=timedelta(minutes=1))
    add_message(session, conversation, SECRET_WORDS, ago=timedelta(minutes=8))
    add_message(session, conversation, "I'm here, tell me more", volunteer=sam,
                ago=timedelta(minutes=7))
    html = page(lead, f"/activity/conversations/{conversation.id}")
    codename = conversation.contact.codename
    assert html.index(SECRET_WORDS) < html.index("I&#39;m here, tell me more")
    assert f"<strong>{codename}</strong>" in html and "<strong>Sam Rivers</strong>" in html
    assert conversation.contact.address[-7:] not in html and sam.phone[-7:] not in html
    assert lead.get("/activity/conversations/999999").status_code == 404


def test_a_conversation_closed_longer_than_retention_says_its_messages_were_purged(
        app, session, lead):
    conversation = make_conversation(session, status="closed", ago=timedelta(days=32),
                                     closed_ago=timedelta(days=31), closed_by="texter")
    add_message(session, conversation, SECRET_WORDS, ago=timedelta(days=32))
    html = page(lead, f"/activity/conversations/{conversation.id}")
    assert "purged after 30 days" in html and SECRET_WORDS not in html
    assert "Messages (1)" in html


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_hostile_names_and_notes_are_shown_as_text(app, session, lead, hostile):
    volunteer = make_volunteer(session, display_name=hostile[:80])
    contact = make_contact(session, codename=hostile[:40])
    call = make_call(session, contact, answered_by=volunteer, outcome="voicemail")
    voicemail = make_voicemail(session, call)
    conversation = make_conversation(session, contact, status="active", volunteer=volunteer,
                                     claimed_after=timedelta(minutes=1))
    add_message(session, conversation, hostile)
    post_form(lead, f"/activity/voicemails/{voicemail.id}/handled", {"note": hostile},
              page=f"/activity/calls/{call.id}")
    for url in ("/activity", "/activity?kind=conversations", f"/activity/calls/{call.id}",
                f"/activity/conversations/{conversation.id}", "/", "/now/live"):
        html = page(lead, url)
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
