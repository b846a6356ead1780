"""A worker killed with SIGKILL in the middle of sending a text, while the Twilio stub is slow to
answer: the stub still takes the message, and after a new worker starts the text is found at
Twilio and recorded, never sent a second time; a text the stub never got is sent once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import db, migrate
from helpline.models import OutboundMessage
from helpline.outbound import queue_text
from tests.conftest import HELPLINE_NUMBER, PUBLIC_BASE_URL
from tests.line_faults import FLASK, ROOT
from tests.test_queue import RedisProcess
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux signals")


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own: no other test's worker can take its jobs."""
    server = RedisProcess(tmp_path / "redis")
    server.workdir.mkdir()
    server.start()
    yield server
    server.stop()


def start_worker(database_url: str, redis_url: str, twilio_stub, tmp_path) -> subprocess.Popen:
    unset = ("DATABASE_URL", "REDIS_URL", "TWILIO_", "PUBLIC_BASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
    env.update(HELPLINE_INSTANCE_DIR=str(tmp_path / "instance"), PYTHONPATH=str(ROOT),
               DATABASE_URL=database_url, REDIS_URL=redis_url,
               TWILIO_API_BASE_URL=twilio_stub.base_url, TWILIO_ACCOUNT_SID=STUB_ACCOUNT_SID,
               TWILIO_AUTH_TOKEN=STUB_AUTH_TOKEN, HELPLINE_NUMBER=HELPLINE_NUMBER,
               PUBLIC_BASE_URL=PUBLIC_BASE_URL, OUTBOX_SWEEP_SECONDS="2",
               TWILIO_HTTP_TIMEOUT="1.5", OUTBOX_POLL_SECONDS="0.1")
    log = (tmp_path / "worker.log").open("a")
    return subprocess.Popen([*FLASK, "worker"], env=env, start_new_session=True, cwd=ROOT,
                            stdout=log, stderr=subprocess.STDOUT)


def wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def the_text(engine, text_id: int) -> OutboundMessage:
    with Session(engine) as session:
        return session.get(OutboundMessage, text_id)


@pytest.mark.parametrize("stub_takes_it", [True, False], ids=["reached-twilio", "lost-on-way"])
def test_a_worker_killed_mid_send_neither_loses_nor_doubles_the_text(
        database_url, own_redis, twilio_stub, tmp_path, stub_takes_it):
    redis_url = own_redis.url
    migrate.upgrade(database_url)
    engine = db.make_engine(database_url)
    with Session(engine) as session:
        text = queue_text(session, to="+13025550143", body="Checking in - how are you?",
                          purpose="checkin_test", key="kill-test")
        session.commit()
        text_id = text.id
    # The stub sits on the request for 6 s; with `lost-on-way` it then fails it, as if the
    # request never arrived, so the text must still go out once.
    twilio_stub.delay_next(6, path_contains="/Messages.json")
    if not stub_takes_it:
        twilio_stub.fail_next(status=503, code=20503, message="lost",
                              path_contains="/Messages.json")
    worker = start_worker(database_url, redis_url, twilio_stub, tmp_path)
    try:
        wait(lambda: any(r["method"] == "POST" and r["path"].endswith("/Messages.json")
                         for r in twilio_stub.requests), 60, "the worker's send reached the stub")
        os.killpg(worker.pid, signal.SIGKILL)  # in the middle of the send
        worker.wait(timeout=10)
        time.sleep(6.5)  # the stub finishes the request the dead worker made
        assert len(twilio_stub.messages) == (1 if stub_takes_it else 0)
        assert the_text(engine, text_id).provider_sid is None  # the worker died before noting it
        worker = start_worker(database_url, redis_url, twilio_stub, tmp_path)
        try:
            sent = wait(lambda: the_text(engine, text_id).provider_sid, 60,
                        "the new worker settled the text")
        except AssertionError:
            print((tmp_path / "worker.log").read_text()[-6000:])
            raise
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert len(twilio_stub.messages) == 1
    assert sent == twilio_stub.messages[0]["sid"]
    with Session(engine) as session:
        assert session.scalar(select(OutboundMessage.attempts).where(
            OutboundMessage.id == text_id)) >= 2
    engine.dispose()
