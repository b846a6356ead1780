"""What the line's long-running processes share about stopping and waiting: a signal stops
them, a Redis error only makes them wait, longer each time up to LONGEST_BACKOFF."""

from __future__ import annotations

import signal
import threading

LONGEST_BACKOFF = 30.0  # seconds


def on_signals(stopping: threading.Event | None = None) -> threading.Event:
    """An event that SIGTERM or SIGINT sets (when called from the main thread)."""
    stopping = stopping or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
    return stopping


def longer(backoff: float) -> float:
    """The next wait after `backoff`: twice as long, at most LONGEST_BACKOFF."""
    return min(backoff * 2, LONGEST_BACKOFF)
