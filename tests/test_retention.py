"""The retention job: what people said is gone after RETENTION_DAYS (bodies, replies, conversation
messages, voicemail words, recordings here and at the Twilio stub); metadata stays; a texter
whose conversation is open, or closed within the period, keeps everything; batches."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from helpline.calls.models import Call, Voicemail
from helpline.conversations.models import Conversation, ConversationMessage
from helpline.db import utcnow
from helpline.jobs.retention import purge_old
from helpline.models import InboundMessage, OutboundMessage
from tests.factories import make_contact, make_volunteer
from tests.webhooks import new_sid

OLD = timedelta(days=31)


@pytest.fixture
def purge(stub_app):
    def run(**kwargs):
        with stub_app.app_context():
            return purge_old(**kwargs)
    return run


def text_in(session, contact, body, age, **fields):
    message = InboundMessage(message_sid=new_sid(), contact_id=contact.id, to_number="+1",
                             body=body, intent=fields.pop("intent", "other"), language="en",
                             reply=fields.pop("reply", "a reply"),
                             received_at=utcnow() - age)
    session.add(message)
    session.flush()
    return message


def text_out(session, body, age, **fields):
    message = OutboundMessage(key=new_sid("K"), to_address=fields.pop("to", "+13025550111"),
                              body=body, purpose=fields.pop("purpose", "meetings"),
                              status=fields.pop("status", "delivered"),
                              created_at=utcnow() - age, **fields)
    session.add(message)
    session.flush()
    return message


def fresh(session, row):
    session.expire_all()
    return session.get(type(row), row.id)


def test_old_bodies_go_recent_ones_and_metadata_stay(purge, stub_session):
    contact = make_contact(stub_session)
    old_in = text_in(stub_session, contact, "my name is Jo and I relapsed", OLD, intent="talk")
    new_in = text_in(stub_session, contact, "still here", timedelta(days=2))
    old_out = text_out(stub_session, "meetings near you...", OLD, contact_id=contact.id)
    waiting = text_out(stub_session, "reminder: meeting at 7", OLD, status="pending",
                       contact_id=contact.id)
    counts = purge()
    assert counts["texts_in"] == 1 and counts["texts_out"] == 1
    gone = fresh(stub_session, old_in)
    assert (gone.body, gone.reply, gone.intent, gone.message_sid) == ("", None, "talk",
                                                                      old_in.message_sid)
    assert fresh(stub_session, new_in).body == "still here"
    assert fresh(stub_session, old_out).body == "" and fresh(stub_session, old_out).status == \
        "delivered"
    assert fresh(stub_session, waiting).body == "reminder: meeting at 7"  # not sent yet
    assert purge() == {"texts_in": 0, "texts_out": 0, "conversation_messages": 0,
                       "voicemails": 0}


def test_an_open_or_recently_closed_conversation_keeps_its_texter_whole(purge, stub_session):
    talking, done_lately, done_long_ago = (make_contact(stub_session) for _ in range(3))
    volunteer = make_volunteer(stub_session)
    conversations = {}
    for contact, status, closed in ((talking, "active", None),
                                    (done_lately, "closed", utcnow() - timedelta(days=3)),
                                    (done_long_ago, "closed", utcnow() - timedelta(days=40))):
        conversation = Conversation(case_code=f"K{contact.id % 9 + 1}", contact_id=contact.id,
                                    status=status, closed_at=closed,
                                    opened_at=utcnow() - timedelta(days=45))
        stub_session.add(conversation)
        stub_session.flush()
        stub_session.add(ConversationMessage(conversation_id=conversation.id, sender="texter",
                                             body=f"words of {contact.id}"))
        conversations[contact.id] = conversation
        text_in(stub_session, contact, f"words of {contact.id}", OLD)
    relay = text_out(stub_session, "#K1 Robin: words", OLD, purpose="relay",
                     to=volunteer.phone, volunteer_id=volunteer.id)
    counts = purge()
    assert counts["texts_in"] == 1 and counts["conversation_messages"] == 1
    bodies = {m.conversation_id: m.body for m in stub_session.scalars(select(ConversationMessage))}
    assert bodies[conversations[done_long_ago.id].id] == ""
    assert bodies[conversations[talking.id].id] and bodies[conversations[done_lately.id].id]
    kept = {m.contact_id: m.body for m in stub_session.scalars(select(InboundMessage))}
    assert kept[done_long_ago.id] == "" and kept[talking.id] and kept[done_lately.id]
    assert fresh(stub_session, relay).body  # may quote a protected texter: kept for now


def test_old_voicemails_lose_words_and_audio_here_and_at_twilio(purge, stub_app, stub_session,
                                                                 twilio_stub):
    caller = make_contact(stub_session)
    voicemails = []
    for age in (OLD, timedelta(days=1)):
        call = Call(call_sid=new_sid("CA"), contact_id=caller.id, case_code=f"7Q{len(voicemails)}",
                    created_at=utcnow() - age)
        stub_session.add(call)
        stub_session.flush()
        sid = new_sid("RE")
        audio = Path(stub_app.instance_path) / "recordings" / f"{sid}.mp3"
        audio.parent.mkdir(parents=True, exist_ok=True)
        audio.write_bytes(b"ID3 fake")
        voicemail = Voicemail(call_id=call.id, recording_sid=sid, recording_url="https://x",
                              transcription="call me at home, it's Dana", duration_seconds=40,
                              audio_path=f"recordings/{sid}.mp3", created_at=utcnow() - age)
        stub_session.add(voicemail)
        stub_session.flush()
        voicemails.append((voicemail, audio))
    assert purge()["voicemails"] == 1
    (old, old_audio), (new, new_audio) = voicemails
    gone = fresh(stub_session, old)
    assert (gone.transcription, gone.audio_path, gone.duration_seconds) == ("", None, 40)
    assert gone.purged_at is not None and not old_audio.exists()
    assert twilio_stub.recording_deletes == [old.recording_sid]
    assert fresh(stub_session, new).transcription and new_audio.exists()
    assert purge()["voicemails"] == 0 and twilio_stub.recording_deletes == [old.recording_sid]


def test_a_backlog_is_purged_in_batches(purge, stub_session):
    contact = make_contact(stub_session)
    for n in range(10):
        text_in(stub_session, contact, f"old words {n}", OLD + timedelta(minutes=n))
    assert purge(batch=3)["texts_in"] == 10
    assert set(stub_session.scalars(select(InboundMessage.body))) == {""}
