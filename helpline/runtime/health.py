"""Is the line well? Each part on its own: the database, Redis, the worker's and the clock's
heartbeats, and the oldest outbox work still waiting. Read by /healthz and the home page."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from redis.exceptions import RedisError
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from helpline.db import utcnow
from helpline.models import OutboxItem
from helpline.runtime import heartbeats, queues

log = logging.getLogger(__name__)
OUTBOX_LATE_SECONDS = 300  # work due this long ago and still not done means something is stuck
PARTS = ("database", "redis", "worker", "clock", "outbox")


def database_and_outbox(session: Session) -> tuple[dict, dict]:
    """Whether the database answers; how much outbox work waits, and since when."""
    try:
        session.execute(text("SELECT 1"))
        waiting = (OutboxItem.done_at.is_(None), OutboxItem.cancelled_at.is_(None),
                   OutboxItem.run_at <= utcnow())
        pending, oldest = session.execute(
            select(func.count(), func.min(OutboxItem.run_at)).where(*waiting)).one()
    except Exception as error:
        log.warning("health: database down (%s)", type(error).__name__)
        return {"ok": False, "error": type(error).__name__}, {"ok": False, "pending": None,
                                                            "oldest_seconds": None}
    age = round((utcnow() - oldest).total_seconds(), 1) if oldest else 0.0
    return ({"ok": True, "outbox_pending": pending},
            {"ok": age < OUTBOX_LATE_SECONDS, "pending": pending, "oldest_seconds": age})


def redis_and_heartbeats(config: Mapping) -> dict[str, dict]:
    """Whether Redis answers, and when the worker and the clock last said they were alive."""
    try:
        connection = queues.connect(config, timeout=0.5)
        connection.ping()
        beats = {name: heartbeats.last_beat(connection, name) for name in ("worker", "clock")}
    except (RedisError, OSError) as error:
        log.warning("health: redis down (%s)", type(error).__name__)
        down = {"ok": False, "last_heartbeat": None, "seconds_ago": None}
        return {"redis": {"ok": False, "error": type(error).__name__}, "worker": down,
                "clock": dict(down)}
    return {"redis": {"ok": True}, **{name: _beat(beat) for name, beat in beats.items()}}


def _beat(beat: datetime | None) -> dict:
    age = (datetime.now(UTC) - beat).total_seconds() if beat else None
    return {"ok": age is not None, "last_heartbeat": beat.isoformat() if beat else None,
            "seconds_ago": round(age, 1) if age is not None else None}


def check(session: Session, config: Mapping) -> dict:
    """Every part's state, and "ok" or "down" for the whole line."""
    database, outbox = database_and_outbox(session)
    parts = {"database": database, **redis_and_heartbeats(config), "outbox": outbox}
    ok = all(parts[name]["ok"] for name in PARTS)
    return {"status": "ok" if ok else "down", **parts}


def down_parts(report: Mapping) -> list[str]:
    """The names of the parts that are not well, for a banner."""
    return [name for name in PARTS if not report[name]["ok"]]
