"""The relay's wake-up call. On PostgreSQL a transaction that adds outbox work due now also says
`NOTIFY helpline_outbox` (`helpline.outbox.add`), which PostgreSQL delivers when it commits; the
relay listens on a connection of its own and relays at once instead of at its next poll, so a
caller's volunteers are rung within milliseconds of the webhook's commit. On SQLite, or while
the listening connection cannot be had, the relay simply waits its poll. Never raises."""

from __future__ import annotations

import logging
import threading
import time
from contextlib import suppress

import psycopg
from sqlalchemy.engine import make_url

CHANNEL = "helpline_outbox"
RETRY_SECONDS = 5.0  # after losing the listening connection, poll this long before trying again

log = logging.getLogger(__name__)


class Waker:
    """Waits for the next NOTIFY on CHANNEL, or the timeout, or `stopping`."""

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False) \
            if url.get_backend_name() == "postgresql" else None
        self.connection: psycopg.Connection | None = None
        self.retry_at = 0.0

    def wait(self, timeout: float, stopping: threading.Event) -> None:
        """Return on a notification, after `timeout` seconds, or when `stopping` is set."""
        connection = self._listening()
        if connection is None:
            stopping.wait(timeout)
            return
        try:
            for _ in connection.notifies(timeout=timeout, stop_after=1):
                pass
        except (psycopg.Error, OSError) as error:
            log.warning("outbox listener lost (%s); polling", type(error).__name__)
            self.close()
            self.retry_at = time.monotonic() + RETRY_SECONDS
            stopping.wait(timeout)

    def close(self) -> None:
        """Close the listening connection, if any."""
        if self.connection is not None:
            with suppress(psycopg.Error, OSError):
                self.connection.close()
            self.connection = None

    def _listening(self) -> psycopg.Connection | None:
        if self.connection is not None or self.conninfo is None:
            return self.connection
        if time.monotonic() < self.retry_at:
            return None
        try:
            self.connection = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5)
            self.connection.execute(f"LISTEN {CHANNEL}")
        except (psycopg.Error, OSError) as error:
            log.warning("outbox listener not started (%s); polling", type(error).__name__)
            self.close()
            self.retry_at = time.monotonic() + RETRY_SECONDS
        return self.connection
