"""The line stays up: the whole line as `make run` runs it, with its Redis server frozen for 20
seconds or killed outright while texts that cause outbound work stream in. Every text is
answered and stored, every text the line must send goes out once, and no process is lost."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from helpline.runtime import clock, heartbeats, queues
from tests.line_faults import RunningLine, freeze_redis, kill_redis
from tests.test_queue import RedisProcess

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux signals")


@pytest.fixture
def line(tmp_path):
    running = RunningLine(tmp_path / "instance", OUTBOX_SWEEP_SECONDS="5")
    running.start()
    yield running
    running.stop()


def test_redis_frozen_for_20_seconds_loses_nothing_and_stops_nothing(line):
    figures = freeze_redis(line, seconds=20)
    counts = figures["counts"]
    assert figures["texts"] >= 30
    assert figures["answered"] == figures["texts"]  # every text answered, during the freeze too
    assert counts["stored"] == figures["texts"]
    assert figures["delivered_after_s"] is not None  # within 60 s of SIGCONT
    assert counts["sent"] == counts["to_send"] >= figures["texts"]  # an alert for each
    assert counts["sandbox_sends"] == counts["to_send"]  # none twice
    assert figures["helpers_after"] == figures["helpers_before"]  # every process still running
    assert line.healthy()


def test_redis_killed_comes_back_and_texts_are_answered_throughout(line):
    figures = kill_redis(line)
    counts = figures["counts"]
    assert figures["redis_back_s"] is not None and figures["redis_back_s"] < 10
    assert figures["answered"] == figures["texts"] >= 10
    assert counts["stored"] == figures["texts"]
    assert figures["delivered_after_s"] is not None
    assert counts["sent"] == counts["to_send"] == counts["sandbox_sends"]
    after, before = figures["helpers_after"], figures["helpers_before"]
    assert {name: after[name] for name in ("worker", "clock", "web")} == {
        name: before[name] for name in ("worker", "clock", "web")}
    assert after["redis"] != before["redis"]
    deadline = time.monotonic() + 30
    while not line.healthy() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert line.healthy()


def test_the_clock_rides_out_redis_going_away_and_coming_back(tmp_path):
    server = RedisProcess(tmp_path)
    server.start()
    connection = queues.connect({"REDIS_URL": server.url}, timeout=1)
    stopping = threading.Event()
    thread = threading.Thread(target=clock.run, args=(connection, stopping), daemon=True)
    thread.start()
    try:
        assert _beats_within(connection, 5)
        server.stop()
        time.sleep(3)
        assert thread.is_alive()
        server.start()  # an empty server: the old heartbeat is gone with it
        assert _beats_within(connection, 20)
        assert thread.is_alive()
    finally:
        stopping.set()
        thread.join(timeout=10)
        server.stop()
    assert not thread.is_alive()


def _beats_within(connection, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if heartbeats.last_beat(connection, "clock") is not None:
                return True
        except Exception:  # noqa: S110 - the server is still starting
            pass
        time.sleep(0.1)
    return False
