"""Volunteers text CLAIM K7 in the same instant, from separate processes on PostgreSQL: exactly
one holds the conversation, the texter is told once, the others are told it is taken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import db
from helpline.conversations.models import Conversation
from helpline.models import OutboundMessage
from tests.conftest import emptied
from tests.factories import make_contact, make_volunteer
from tests.test_call_race import wait_for_files

VOLUNTEERS = 8

# One volunteer's phone: warm up (imports, a pooled connection, the route), say ready, wait for
# the go-file, text CLAIM.
CLAIM = """
import json, os, sys, time
from helpline import create_app
from tests.conftest import app_config
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks
url, redis_url, phone, code, ready, go = sys.argv[1:7]
app = create_app(app_config(url, redis_url))
client = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://helpline.example.org")
client.text(phone, "WHO")
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
r = client.text(phone, f"CLAIM {code}")
print(json.dumps([phone, r.status_code, r.get_data(as_text=True)]))
"""


@pytest.mark.postgres
def test_volunteers_claiming_at_once_from_separate_processes_leave_exactly_one_holder(
    postgres_url, redis_url, tmp_path
):
    emptied(postgres_url)
    engine = db.make_engine(postgres_url)
    with Session(engine) as session:
        texter = make_contact(session)
        phones = {make_volunteer(session).phone for _ in range(VOLUNTEERS)}
        conversation = Conversation(case_code="K7", contact_id=texter.id)
        session.add(conversation)
        session.commit()
        conversation_id, texter_address = conversation.id, texter.address
    go, ready = tmp_path / "go", [tmp_path / f"ready-{n}" for n in range(VOLUNTEERS)]
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    procs = [subprocess.Popen([sys.executable, "-c", CLAIM, postgres_url, redis_url, phone, "K7",
                               str(mark), str(go)], stdout=subprocess.PIPE, env=env, text=True)
             for phone, mark in zip(sorted(phones), ready, strict=True)]
    wait_for_files(ready, timeout=120)
    go.touch()
    answers = [json.loads(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in procs]

    assert {status for _, status, _ in answers} == {200}
    said = {phone: ET.fromstring(body).find("Message").text for phone, _, body in answers}
    winners = [phone for phone, text in said.items() if "K7 is yours" in text]
    assert len(winners) == 1
    assert all("claimed by another volunteer" in text for phone, text in said.items()
               if phone != winners[0])
    with Session(engine) as session:
        held = session.get(Conversation, conversation_id)
        assert held.status == "active"
        to_texter = session.scalars(select(OutboundMessage).where(
            OutboundMessage.to_address == texter_address)).all()
        assert len(to_texter) == 1 and "is with you now" in to_texter[0].body
        from volunteers.models import Volunteer
        assert session.get(Volunteer, held.volunteer_id).phone == winners[0]
    engine.dispose()
