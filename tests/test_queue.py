"""The outbox and the queue, against the real embedded Redis-protocol server."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import select

from helpline import create_app
from helpline.models import OutboundMessage, OutboxItem, SandboxRecord
from helpline.runtime import queues, relay
from tests.conftest import app_config
from tests.factories import make_volunteer
from tests.twilio_stub import wait_for
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks

CALLER = "+13025550123"


class RedisProcess:
    """An embedded server we can stop and start again on the same socket."""

    def __init__(self, workdir):
        self.workdir, self.socket = workdir, workdir / "r.sock"
        self.url, self.process = f"unix://{self.socket}", None

    def start(self):
        self.process = subprocess.Popen(
            queues.server_command(self.socket, self.workdir, persist=False),
            stdout=subprocess.DEVNULL)
        queues.wait_until_up(queues.connect({"REDIS_URL": self.url}))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def flaky_redis(tmp_path):
    server = RedisProcess(tmp_path)
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


def test_with_redis_down_a_webhook_answers_and_stores_and_the_work_runs_once_redis_is_back(
    database_url, instance, flaky_redis
):
    app = create_app(app_config(database_url, flaky_redis.url))
    twilio = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://helpline.example.org")
    with app.app_context():
        from helpline.db import job_session

        with job_session() as session:
            make_volunteer(session)
    # Redis was never started: the webhook must not notice.
    response = twilio.text(CALLER, "I want to end my life")
    assert response.status_code == 200 and "988" in response.get_data(as_text=True)
    with pytest.raises(RedisConnectionError):
        relay.relay_once(queues.connect(app.config, timeout=0.5))
    with job_session() as session:
        item = session.scalar(select(OutboxItem))
        assert item.relayed_at is None and item.job == "send_text"
    flaky_redis.start()
    connection = queues.connect(app.config)
    assert relay.relay_once(connection) == 1
    assert relay.relay_once(connection) == 0  # relayed once, not again
    from rq import SimpleWorker

    with app.app_context():
        SimpleWorker([queues.queue(connection)], connection=connection).work(burst=True)
    with job_session() as session:
        assert len(session.scalars(select(SandboxRecord)).all()) == 1
        assert session.scalar(select(OutboundMessage)).status == "queued"


def test_a_webhook_makes_no_redis_call(twilio, session, monkeypatch):
    make_volunteer(session)
    session.commit()

    def refuse(*args, **kwargs):
        raise AssertionError("a webhook called Redis")

    monkeypatch.setattr(Redis, "execute_command", refuse)
    response = twilio.text(CALLER, "overdose")
    assert response.status_code == 200 and "988" in response.get_data(as_text=True)
    assert session.scalar(select(OutboxItem)) is not None


def test_a_scheduled_item_is_not_relayed_before_its_time(app, session, redis_url):
    from datetime import timedelta

    from helpline.db import utcnow
    from helpline.outbound import queue_text

    queue_text(session, to="+13025550199", body="later", purpose="test", key="k-later",
               run_at=utcnow() + timedelta(hours=1))
    session.commit()
    assert relay.relay_once(queues.connect(app.config)) == 0
    assert queues.queue(queues.connect(app.config)).count == 0


def test_the_worker_process_relays_the_outbox_and_sends_the_text(app, session, redis_url,
                                                                  twilio):
    make_volunteer(session)
    session.commit()
    env = dict(os.environ, DATABASE_URL=app.config["DATABASE_URL"], REDIS_URL=redis_url,
               HELPLINE_INSTANCE_DIR=os.environ["HELPLINE_INSTANCE_DIR"],
               TWILIO_AUTH_TOKEN=TEST_AUTH_TOKEN, PYTHONPATH=os.getcwd())
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "helpline", "worker"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert twilio.text(CALLER, "suicidal").status_code == 200

        def sent():
            session.expire_all()
            return session.scalar(select(SandboxRecord))

        record = wait_for(sent, timeout=20)
        assert record.kind == "sms" and record.from_address == "+13025550100"
        assert relay.last_beat(queues.connect(app.config)) is not None
    finally:
        worker.terminate()
        worker.wait(timeout=15)
