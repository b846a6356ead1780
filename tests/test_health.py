"""GET /healthz: says quickly, and truthfully, whether the database, Redis, a worker and the
clock are up, and how old the oldest outbox work still waiting is."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from helpline import create_app
from helpline.runtime import heartbeats, queues, relay
from tests.conftest import app_config

MISSING_SOCKET = "unix:///nonexistent/dir/redis.sock"


HEALTH_TOKEN = "t" * 40


def health(app):
    """The full report, as whoever holds HEALTH_TOKEN sees it."""
    app.config["HEALTH_TOKEN"] = HEALTH_TOKEN
    response = app.test_client().get("/healthz",
                                     headers={"Authorization": f"Bearer {HEALTH_TOKEN}"})
    assert response.is_json, "health must answer JSON whatever is down"
    return response, response.get_json()


def beat_all(app) -> None:
    """A worker and the clock say they are alive."""
    connection = queues.connect(app.config)
    relay.beat(connection)
    heartbeats.beat(connection, "clock")


def test_all_up_with_fresh_heartbeats_is_200_and_reports_each_part_ok(app):
    beat_all(app)
    response, body = health(app)
    assert response.status_code == 200
    assert {part: body[part]["ok"] for part in ("database", "redis", "worker", "clock", "outbox")
            } == dict.fromkeys(("database", "redis", "worker", "clock", "outbox"), True)
    for part in ("worker", "clock"):
        beat = datetime.fromisoformat(body[part]["last_heartbeat"])
        assert abs(datetime.now(UTC) - beat) < timedelta(minutes=1)
    assert body["outbox"] == {"ok": True, "pending": 0, "oldest_seconds": 0.0}


def test_without_a_clock_heartbeat_health_is_503_and_says_the_clock_is_down(app):
    relay.beat(queues.connect(app.config))
    response, body = health(app)
    assert response.status_code == 503
    assert body["clock"]["ok"] is False and body["worker"]["ok"] is True


def test_outbox_work_waiting_for_minutes_makes_health_503_and_says_how_old(app, session):
    from helpline.db import utcnow
    from helpline.outbound import queue_text

    beat_all(app)
    queue_text(session, to="+13025550101", body="x", purpose="test", key="health:fresh")
    queue_text(session, to="+13025550102", body="y", purpose="test", key="health:later",
               run_at=utcnow() + timedelta(hours=1))  # not due yet: not waiting
    session.commit()
    response, body = health(app)
    assert response.status_code == 200 and body["outbox"]["pending"] == 1
    queue_text(session, to="+13025550103", body="z", purpose="test", key="health:stuck",
               run_at=utcnow() - timedelta(minutes=6))
    session.commit()
    response, body = health(app)
    assert response.status_code == 503
    assert body["outbox"]["ok"] is False and body["outbox"]["pending"] == 2
    assert 360 <= body["outbox"]["oldest_seconds"] < 400


def test_without_the_token_health_says_only_ok_or_down(app):
    app.config["HEALTH_TOKEN"] = HEALTH_TOKEN
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "down"}
    wrong = client.get("/healthz", headers={"Authorization": "Bearer " + "x" * 40})
    assert wrong.get_json() == {"status": "down"}
    beat_all(app)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_without_a_configured_token_nobody_sees_the_parts(app):
    beat_all(app)
    response = app.test_client().get("/healthz", headers={"Authorization": "Bearer "})
    assert response.get_json() == {"status": "ok"}


def test_health_needs_no_twilio_signature(app):
    beat_all(app)
    response = app.test_client().get("/healthz")  # no X-Twilio-Signature, no form
    assert response.status_code == 200


def test_without_a_worker_heartbeat_health_is_503_and_says_the_worker_is_down(app):
    response, body = health(app)
    assert response.status_code == 503
    assert body["worker"]["ok"] is False
    assert body["worker"]["last_heartbeat"] is None
    assert body["database"]["ok"] is True and body["redis"]["ok"] is True


def test_an_unreachable_redis_makes_health_503_within_seconds(database_url, instance):
    app = create_app(app_config(database_url, MISSING_SOCKET))
    started = time.monotonic()
    response, body = health(app)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert body["redis"]["ok"] is False
    assert body["worker"]["ok"] is False
    assert body["database"]["ok"] is True
    assert elapsed < 3


def test_a_redis_that_accepts_but_never_answers_makes_health_503_within_seconds(
    database_url, instance, tmp_path
):
    path = tmp_path / "silent.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(str(path))
        silent.listen(8)  # connections queue up; nothing ever reads or replies
        app = create_app(app_config(database_url, f"unix://{path}"))
        started = time.monotonic()
        response, body = health(app)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert body["redis"]["ok"] is False
    assert elapsed < 3


@pytest.mark.parametrize(
    "unreachable",
    ["postgresql+psycopg://nobody@127.0.0.1:1/none", "sqlite:////nonexistent/dir/helpline.db"],
    ids=["postgresql-refused", "sqlite-missing-directory"],
)
def test_an_unreachable_database_makes_health_503_not_500(redis_url, instance, unreachable):
    app = create_app(app_config(unreachable, redis_url))
    relay.beat(queues.connect(app.config))
    response, body = health(app)
    assert response.status_code == 503
    assert body["database"]["ok"] is False
    assert body["redis"]["ok"] is True and body["worker"]["ok"] is True
