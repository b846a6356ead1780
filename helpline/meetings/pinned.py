"""A connection to one vetted address, on one clock: the network half of `fetch`.

`PinnedConnection` is http.client's connection with `connect` replaced: the socket goes to the
(family, sockaddr) it was given, an address already checked, never to whatever the host name
resolves to by now; TLS still uses the host *name* for SNI and the certificate check, and the
Host header carries the name. A watchdog timer shuts the socket down when the deadline passes,
whatever is blocking on it (TLS, headers, body), through a duplicate of the socket kept for the
purpose (shutdown acts on the connection, not the descriptor)."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from contextlib import suppress

import certifi


class Deadline:
    """One clock for the whole fetch."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.ends = seconds, time.monotonic() + seconds

    def left(self) -> float:
        """Seconds remaining (never below zero)."""
        return max(self.ends - time.monotonic(), 0.0)

    @property
    def passed(self) -> bool:
        """True once the time is up."""
        return time.monotonic() >= self.ends

    @property
    def message(self) -> str:
        """What the page says when the time ran out."""
        return f"It took longer than {self.seconds:g} s"



class PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to one vetted address, never to a fresh DNS answer; TLS checked against the host
    name; shut down by a watchdog when the deadline passes."""

    def __init__(self, scheme: str, host: str, port: int, address: tuple,
                 deadline: Deadline) -> None:
        super().__init__(host, port, timeout=max(deadline.left(), 0.01))
        self.default_port = 443 if scheme == "https" else 80  # so Host is the name, no :443
        self.address, self.handle, self.deadline = address, None, deadline
        self.tls = ssl.create_default_context(cafile=certifi.where()) \
            if scheme == "https" else None
        self.watchdog = threading.Timer(deadline.left(), self._stop)
        self.watchdog.daemon = True
        self.watchdog.start()

    def connect(self) -> None:
        """Open the socket to the vetted address itself, then TLS with the host's name."""
        family, sockaddr = self.address
        raw = socket.socket(family, socket.SOCK_STREAM)
        self.handle = raw.dup()  # shutting down a duplicate stops reads on the socket itself
        try:
            raw.settimeout(self.timeout)
            raw.connect(sockaddr)
            if self.deadline.passed:
                raise TimeoutError("deadline passed while connecting")
            raw.settimeout(max(self.deadline.left(), 0.01))
            self.sock = self.tls.wrap_socket(raw, server_hostname=self.host) if self.tls else raw
        except BaseException:
            raw.close()
            raise

    def _stop(self) -> None:
        handle = self.handle
        if handle is not None:  # not yet connected, or closed: the connect timeout bounds it
            with suppress(OSError):
                handle.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        """Stop the watchdog and close everything (http.client's close() may come earlier)."""
        self.watchdog.cancel()
        self.close()
        if self.handle is not None:
            self.handle.close()
