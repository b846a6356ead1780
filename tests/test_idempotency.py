"""The same webhook delivered many times at once still makes one record and one set of effects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline import db
from helpline.models import Contact, InboundMessage, OutboundMessage
from tests.conftest import emptied
from tests.factories import make_volunteer
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks, new_sid

CALLER = "+13025550177"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_ten_simultaneous_deliveries_of_one_sid_make_one_row_and_one_alert(app, session):
    make_volunteer(session)
    session.commit()
    sid, barrier, results = new_sid(), threading.Barrier(10), []

    def deliver():
        client = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://helpline.example.org")
        barrier.wait()
        response = client.text(CALLER, "I might overdose tonight", sid=sid)
        results.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [status for status, _ in results] == [200] * 10
    assert len({body for _, body in results}) == 1 and "988" in results[0][1]
    assert count(session, InboundMessage) == 1
    assert count(session, Contact) == 1
    assert count(session, OutboundMessage) == 1


DELIVER = """
import json, sys
from helpline import create_app
from tests.conftest import app_config
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks
url, redis_url, sid, go = sys.argv[1:5]
app = create_app(app_config(url, redis_url))
client = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://helpline.example.org")
import os, time
while not os.path.exists(go):
    time.sleep(0.005)
r = client.text("+13025550188", "STOP", sid=sid)
print(json.dumps([r.status_code, r.get_data(as_text=True)]))
"""


@pytest.mark.postgres
def test_deliveries_from_several_processes_make_one_row(postgres_url, redis_url, tmp_path):
    emptied(postgres_url)
    sid, go = new_sid(), tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    procs = [
        subprocess.Popen([sys.executable, "-c", DELIVER, postgres_url, redis_url, sid, str(go)],
                         stdout=subprocess.PIPE, env=env, text=True)
        for _ in range(6)
    ]
    go.touch()
    outputs = [json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in procs]
    assert {status for status, _ in outputs} == {200}
    assert len({body for _, body in outputs}) == 1
    engine = db.make_engine(postgres_url)
    with Session(engine) as session:
        assert count(session, InboundMessage) == 1
        assert session.scalar(select(Contact)).opted_out_at is not None
    engine.dispose()
