"""Heartbeats: each long-running process says it is alive in Redis; /healthz reads them."""

from __future__ import annotations

from datetime import UTC, datetime

from redis import Redis

TTL_SECONDS = {"worker": 30, "clock": 60}


def key(name: str) -> str:
    """The Redis key of a process's heartbeat ("worker", "clock")."""
    return f"helpline:{name}:heartbeat"


def beat(connection: Redis, name: str) -> None:
    """Say that the `name` process is alive, for its heartbeat's lifetime."""
    connection.set(key(name), datetime.now(UTC).isoformat(), ex=TTL_SECONDS[name])


def last_beat(connection: Redis, name: str) -> datetime | None:
    """When the `name` process last said it was alive, if within its heartbeat's lifetime."""
    value = connection.get(key(name))
    return datetime.fromisoformat(value.decode()) if value else None
