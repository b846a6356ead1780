"""Twenty volunteers press 1 in the same instant, from twenty processes on PostgreSQL: exactly
one is bridged to the caller, the others hear that the call was taken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import db
from helpline.calls.models import Call, CallLeg
from helpline.models import OutboxItem
from tests.conftest import emptied
from tests.factories import make_contact, make_volunteer
from tests.twiml_check import twiml_problems
from tests.webhooks import new_sid

VOLUNTEERS = 20

# One volunteer's phone: warm up (imports, a pooled connection, the route), say ready, wait for
# the go-file, press 1.
PRESS_1 = """
import json, os, sys, time
from helpline import create_app
from tests.conftest import app_config
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks
url, redis_url, leg_id, leg_sid, ready, go = sys.argv[1:7]
app = create_app(app_config(url, redis_url))
client = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://helpline.example.org")
form = {"CallSid": leg_sid, "AccountSid": "AC" + "0" * 32, "From": "+13025550100",
        "To": "+12155550000", "Direction": "outbound-api", "CallStatus": "in-progress"}
client.post("/twilio/voice/accept?leg=0", {**form, "Digits": "1"})
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
r = client.post(f"/twilio/voice/accept?leg={leg_id}", {**form, "Digits": "1"})
print(json.dumps([int(leg_id), r.status_code, r.get_data(as_text=True)]))
"""


def ringing_call(session: Session, volunteers: int) -> tuple[int, list[CallLeg]]:
    """A caller in the queue and one ringing leg (with its Twilio sid) per volunteer."""
    call = Call(call_sid=new_sid("CA"), contact_id=make_contact(session).id, case_code="4K7",
                status="ringing", queued_at=db.utcnow(), ring_round=1)
    session.add(call)
    session.flush()
    legs = [CallLeg(call_id=call.id, volunteer_id=make_volunteer(session).id, round=1,
                    leg_sid=new_sid("CA"), status="in-progress") for _ in range(volunteers)]
    session.add_all(legs)
    session.commit()
    return call.id, legs


def wait_for_files(paths: list, timeout: float) -> None:
    """Poll until every file exists."""
    deadline = time.monotonic() + timeout
    while not all(path.exists() for path in paths):
        assert time.monotonic() < deadline, "the volunteers' processes did not get ready"
        time.sleep(0.05)


@pytest.mark.postgres
def test_twenty_volunteers_pressing_1_at_once_bridge_exactly_one_and_stop_the_rest_once(
    postgres_url, redis_url, tmp_path
):
    emptied(postgres_url)
    engine = db.make_engine(postgres_url)
    with Session(engine) as session:
        call_id, legs = ringing_call(session, VOLUNTEERS)
        volunteer_of = {leg.id: leg.volunteer_id for leg in legs}
        args = [(str(leg.id), leg.leg_sid) for leg in legs]
    go, ready = tmp_path / "go", [tmp_path / f"ready-{leg_id}" for leg_id, _ in args]
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    procs = [subprocess.Popen([sys.executable, "-c", PRESS_1, postgres_url, redis_url, leg_id,
                               sid, str(mark), str(go)], stdout=subprocess.PIPE, env=env,
                              text=True)
             for (leg_id, sid), mark in zip(args, ready, strict=True)]
    wait_for_files(ready, timeout=120)
    go.touch()
    answers = [json.loads(p.communicate(timeout=120)[0].strip().splitlines()[-1]) for p in procs]

    assert {status for _, status, _ in answers} == {200}
    assert [twiml_problems(body) for _, _, body in answers] == [[]] * VOLUNTEERS
    roots = {leg_id: ET.fromstring(body) for leg_id, _, body in answers}
    bridged = [leg_id for leg_id, root in roots.items() if root.find("Dial/Queue") is not None]
    assert len(bridged) == 1
    [winner] = bridged
    assert roots[winner].find("Dial/Queue").text == f"call-{call_id}"
    for leg_id, root in roots.items():
        if leg_id != winner:
            assert [child.tag for child in root] == ["Say", "Hangup"]
            assert "Another volunteer already took this call" in root.find("Say").text

    with Session(engine) as session:
        call = session.get(Call, call_id)
        assert (call.status, call.answered_by_id) == ("answered", volunteer_of[winner])
        assert call.answered_at is not None
        outcomes = {leg.id: leg.outcome for leg in session.scalars(select(CallLeg))}
        assert Counter(outcomes.values()) == {"accepted": 1, "late": VOLUNTEERS - 1}
        assert outcomes[winner] == "accepted"
        # Only the winner asks the worker to stop the other phones; losers queue nothing.
        items = session.scalars(select(OutboxItem)).all()
        assert [(i.job, i.payload) for i in items] == [
            ("cancel_legs", {"call_id": call_id, "keep_leg_id": winner})]
    engine.dispose()
