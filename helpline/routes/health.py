"""GET /healthz: is the database up, does Redis answer, is a worker alive?"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Blueprint, current_app
from redis.exceptions import RedisError
from sqlalchemy import func, select, text

from helpline.models import OutboxItem
from helpline.routes import get_session
from helpline.runtime import queues, relay

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


def _database() -> dict:
    try:
        session = get_session()
        session.execute(text("SELECT 1"))
        backlog = session.scalar(
            select(func.count()).select_from(OutboxItem)
            .where(OutboxItem.relayed_at.is_(None), OutboxItem.cancelled_at.is_(None))
        )
        return {"ok": True, "outbox_pending": backlog}
    except Exception as error:
        log.warning("healthz: database down (%s)", type(error).__name__)
        return {"ok": False, "error": type(error).__name__}


def _redis_and_worker() -> tuple[dict, dict]:
    try:
        connection = queues.connect(current_app.config, timeout=0.5)
        connection.ping()
        beat = relay.last_beat(connection)
    except (RedisError, OSError) as error:
        log.warning("healthz: redis down (%s)", type(error).__name__)
        return {"ok": False, "error": type(error).__name__}, {"ok": False, "last_heartbeat": None}
    age = (datetime.now(UTC) - beat).total_seconds() if beat else None
    worker = {"ok": age is not None, "last_heartbeat": beat.isoformat() if beat else None,
              "seconds_ago": round(age, 1) if age is not None else None}
    return {"ok": True}, worker


@bp.get("/healthz")
def healthz():
    """Database, Redis and worker heartbeat as JSON; 503 when any is down."""
    database = _database()
    redis_status, worker = _redis_and_worker()
    ok = database["ok"] and redis_status["ok"] and worker["ok"]
    body = {"status": "ok" if ok else "down", "database": database, "redis": redis_status,
            "worker": worker}
    return body, 200 if ok else 503
