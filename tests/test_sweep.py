"""Nothing handed to Redis is ever lost: the sweep hands relayed work whose job never finished
back to the relay, once, and the job's own checks keep the effect to one."""

from __future__ import annotations

from datetime import timedelta

from rq import SimpleWorker
from rq.job import Job
from sqlalchemy import func, select, update

from helpline.db import utcnow
from helpline.models import OutboundMessage, OutboxItem, SandboxRecord
from helpline.outbound import queue_text
from helpline.runtime import queues, relay, sweep

NOW_ISH = timedelta(seconds=0)


def queued_texts(session, count: int = 1, run_at=None) -> list[int]:
    """Texts to volunteers' phones, in the outbox; returns their outbox item ids."""
    for n in range(count):
        queue_text(session, to=f"+130255501{n:02d}", body=f"check {n}", purpose="test",
                   key=f"sweep-test:{n}", run_at=run_at)
    session.commit()
    return list(session.scalars(select(OutboxItem.id).order_by(OutboxItem.id)))


def run_worker(app, connection) -> None:
    with app.app_context():
        SimpleWorker([queues.queue(connection)], connection=connection).work(burst=True)


def texts_sent(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(SandboxRecord)
                          .where(SandboxRecord.kind == "sms"))


def item(session, item_id: int) -> OutboxItem:
    session.expire_all()
    return session.get(OutboxItem, item_id)


def test_a_job_dropped_from_redis_after_relay_is_sent_by_the_sweep_exactly_once(app, session):
    connection = queues.connect(app.config)
    [item_id] = queued_texts(session)
    assert relay.relay_once(connection) == 1
    Job.fetch(sweep.job_id(item_id), connection=connection).delete()  # lost with Redis
    run_worker(app, connection)
    assert texts_sent(session) == 0

    counts = sweep.sweep(connection, utcnow(), NOW_ISH)
    assert counts == {"done": 0, "handed_back": 1, "given_up": 0}
    assert item(session, item_id).relayed_at is None and item(session, item_id).attempts == 1
    assert relay.relay_once(connection) == 1
    run_worker(app, connection)
    assert texts_sent(session) == 1

    assert item(session, item_id).done_at is not None  # the job's success callback
    assert sweep.sweep(connection, utcnow(), NOW_ISH) == {"done": 0, "handed_back": 0,
                                                          "given_up": 0}
    assert relay.relay_once(connection) == 0
    run_worker(app, connection)
    assert texts_sent(session) == 1


def test_a_job_left_queued_in_no_queue_is_handed_back(app, session):
    connection = queues.connect(app.config)
    [item_id] = queued_texts(session)
    relay.relay_once(connection)
    connection.lrem(queues.queue(connection).key, 0, sweep.job_id(item_id))
    assert Job.fetch(sweep.job_id(item_id), connection=connection).get_status() == "queued"
    assert sweep.state(connection, item_id) == "lost"
    sweep.sweep(connection, utcnow(), NOW_ISH)
    relay.relay_once(connection)
    run_worker(app, connection)
    assert texts_sent(session) == 1
    assert session.scalar(select(OutboundMessage.status)) in ("queued", "sent", "delivered")


def test_flushall_with_pending_work_loses_nothing(app, session):
    connection = queues.connect(app.config)
    later = utcnow() + timedelta(seconds=1)
    now_ids = queued_texts(session, 3)
    queue_text(session, to="+13025550199", body="later", purpose="test", key="sweep-later",
               run_at=later)
    session.commit()
    assert relay.relay_once(connection) == 3
    connection.flushall()
    counts = sweep.sweep(connection, utcnow(), NOW_ISH)
    assert counts["handed_back"] == 3
    deadline = utcnow() + timedelta(seconds=10)
    while texts_sent(session) < 4 and utcnow() < deadline:
        relay.relay_once(connection)
        run_worker(app, connection)
    assert texts_sent(session) == 4
    sweep.sweep(connection, utcnow(), NOW_ISH)
    assert all(item(session, i).done_at is not None for i in now_ids)


def test_finished_work_is_marked_done_and_young_work_is_left_alone(app, session):
    connection = queues.connect(app.config)
    [item_id] = queued_texts(session)
    relay.relay_once(connection)
    connection.flushall()
    assert sweep.sweep(connection, utcnow(), timedelta(minutes=2)) == {
        "done": 0, "handed_back": 0, "given_up": 0}  # relayed just now: not looked at yet
    sweep.sweep(connection, utcnow(), NOW_ISH)
    relay.relay_once(connection)
    assert sweep.state(connection, item_id) == "pending"
    run_worker(app, connection)
    assert sweep.state(connection, item_id) == "done"
    assert item(session, item_id).done_at is not None
    assert texts_sent(session) == 1


def test_work_whose_success_callback_was_missed_is_marked_done_by_the_sweep(app, session):
    connection = queues.connect(app.config)
    [item_id] = queued_texts(session)
    relay.relay_once(connection)
    run_worker(app, connection)
    session.execute(update(OutboxItem).values(done_at=None))  # the database blinked then
    session.commit()
    assert sweep.sweep(connection, utcnow(), NOW_ISH)["done"] == 1
    assert item(session, item_id).done_at is not None
    assert texts_sent(session) == 1


def test_work_lost_again_and_again_is_given_up_after_two_hand_backs(app, session, caplog):
    connection = queues.connect(app.config)
    [item_id] = queued_texts(session)
    for _ in range(sweep.MAX_HANDBACKS):
        relay.relay_once(connection)
        connection.flushall()
        assert sweep.sweep(connection, utcnow(), NOW_ISH)["handed_back"] == 1
    relay.relay_once(connection)
    connection.flushall()
    assert sweep.sweep(connection, utcnow(), NOW_ISH)["given_up"] == 1
    assert item(session, item_id).done_at is not None
    assert f"giving up item={item_id}" in caplog.text


def test_only_one_sweep_runs_at_a_time(app, session):
    connection = queues.connect(app.config)
    queued_texts(session)
    relay.relay_once(connection)
    connection.flushall()
    lock = connection.lock(sweep.LOCK, timeout=10)
    assert lock.acquire(blocking=False)
    assert sweep.sweep(connection, utcnow(), NOW_ISH) == {}
    lock.release()
    assert sweep.sweep(connection, utcnow(), NOW_ISH)["handed_back"] == 1


def test_the_relay_thread_sweeps_by_itself(app, session):
    import time

    connection = queues.connect(app.config)
    [item_id] = queued_texts(session)
    relay.relay_once(connection)
    connection.flushall()
    thread = relay.RelayThread(connection, poll=0.05, sweep_after=0.2)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not connection.exists(
                Job.key_for(sweep.job_id(item_id))):
            time.sleep(0.05)
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert item(session, item_id).attempts == 1
    run_worker(app, connection)
    assert texts_sent(session) == 1
