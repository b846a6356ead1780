"""Fetching a meeting feed from an address someone typed on a web page, without letting that
page reach into the server's own network.

- **https only.** `http://`, `file://`, bare paths and every other scheme are refused.
- **Public addresses only, every one.** The host is resolved once (`socket.getaddrinfo`) and
  each address it resolves to is checked (`addresses.refusal`): one loopback, private,
  link-local, multicast, reserved or unspecified answer (or an IPv6 wrapping of one) refuses
  the whole host. A numeric host resolves to itself, so it is checked the same way.
- **Pinned.** The connection goes to a vetted address and to nothing else: the connection of
  `pinned` opens the socket to that address itself, then wraps it in TLS with the host *name*
  as SNI and for the certificate check (and the Host header). There is no second DNS lookup, so an
  answer that changes between the check and the connect (DNS rebinding) is never used.
- **Redirects by hand**, at most 5, each new address checked exactly as the first; a
  password in the first URL goes to that origin only.
- **One deadline** (30 s) for everything: resolution, connect, TLS, headers, body. A
  watchdog shuts the socket down when it passes, so a server sending a byte at a time cannot
  hold a worker. **A size cap** (20 MB) counted while reading, after any gzip is undone.
- **Errors** are `FetchError`, whose message is short and safe for the page ("The server
  answered 404"); the detail (addresses, OS errors) goes to the log with the host only, never
  the URL, which may carry a token or a password.

Production always uses `SAFE`: no adapter passes a policy, and nothing from a request reaches
one. Tests reach their own plain-HTTP server on 127.0.0.1 with `for_test_server(host, port)`.
"""

from __future__ import annotations

import base64
import http.client
import logging
import re
import ssl
import zlib
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from helpline.meetings import addresses
from helpline.meetings.pinned import Deadline, PinnedConnection

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
DEADLINE_SECONDS = 30.0
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
USER_AGENT = "helpline-meetings/1"

NOT_AN_ADDRESS = "That is not a web address: it must start with https://"
HTTPS_ONLY = "Only https:// addresses can be used: ask the feed's owner for its https address"
REDIRECTED_AWAY = "The address redirected to one that is not https://, which is not used"
UNREACHABLE = "That address is not reachable from here"
NOT_FOUND = "That host name could not be found"
NO_ANSWER = "The server could not be reached"
CERTIFICATE = "The server's certificate could not be checked"
UNREADABLE = "The server's answer could not be read"
TOO_MANY_REDIRECTS = f"The address redirected more than {MAX_REDIRECTS} times"
_SAFE_PATH = "!#$%&'()*+,/:;=?@[]~"  # kept as they are when the path is percent-encoded
_HOST = re.compile(r"^[a-z0-9._:%-]+$")


class FetchError(RuntimeError):
    """A feed that could not be fetched; the message is short and safe to show on a page."""


@dataclass(frozen=True)
class Policy:
    """What a fetch may reach. Production uses SAFE; a test names its own server exactly."""

    schemes: frozenset[str] = frozenset({"https"})
    test_servers: frozenset[tuple[str, int]] = field(default_factory=frozenset)


SAFE = Policy()


def for_test_server(host: str, port: int) -> Policy:
    """Also reach this one local plain-HTTP server (address and port): for tests only."""
    return Policy(frozenset({"https", "http"}), frozenset({(host, port)}))


@dataclass(frozen=True)
class Target:
    """One URL, split and checked: where to connect and what to ask for."""

    scheme: str
    host: str  # IDNA-encoded: the name for TLS and the Host header
    port: int
    path: str  # path and query, percent-encoded, as sent
    base: str  # the URL without any user or password, to resolve a redirect against
    auth: str | None = None  # "user:password" from the URL

    @property
    def origin(self) -> tuple[str, str, int]:
        """Scheme, host and port: a password is sent to this origin only."""
        return self.scheme, self.host, self.port


def redacted(url: str) -> str:
    """The URL fit for a log or the audit: no user or password, no query (it may hold a token)."""
    parts = urlsplit(url)
    query = "?…" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}{query}"


def host_of(url: str) -> str:
    """The host name of a URL ("" when it has none)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def target(url: str, policy: Policy = SAFE, *, redirected: bool = False) -> Target:
    """The URL split and checked (scheme, host, port), or FetchError saying what is wrong."""
    url = url.strip()
    if not url or len(url) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in url) \
            or "\\" in url:
        raise FetchError(NOT_AN_ADDRESS)
    try:
        parts = urlsplit(url)
        port = parts.port if parts.port is not None else \
            {"https": 443, "http": 80}.get(parts.scheme.lower())
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as error:
        raise FetchError(NOT_AN_ADDRESS) from error
    scheme = parts.scheme.lower()
    if scheme not in policy.schemes:
        raise FetchError(REDIRECTED_AWAY if redirected else
                         HTTPS_ONLY if scheme == "http" else NOT_AN_ADDRESS)
    if not host or not _HOST.match(host) or not port:
        raise FetchError(NOT_AN_ADDRESS)
    path = quote(parts.path or "/", safe=_SAFE_PATH) + (
        "?" + quote(parts.query, safe=_SAFE_PATH) if parts.query else "")
    auth = None if parts.username is None else \
        f"{unquote(parts.username)}:{unquote(parts.password or '')}"
    base = urlunsplit((scheme, parts.netloc.rpartition("@")[2], parts.path, parts.query, ""))
    return Target(scheme, host, port, path, base, auth)


def check(url: str, policy: Policy = SAFE, seconds: float = 10.0) -> None:
    """Raise FetchError unless the URL is one a fetch may try (https, public addresses)."""
    _vetted(target(url, policy), policy, Deadline(seconds))


def fetch(url: str, *, policy: Policy = SAFE, limit: int = MAX_BYTES,
          seconds: float = DEADLINE_SECONDS) -> bytes:
    """The body at `url`, by the rules above; FetchError (safe to show) when it cannot be had."""
    deadline, current = Deadline(seconds), target(url, policy)
    first = current
    for hop in range(MAX_REDIRECTS + 1):
        auth = first.auth if current.origin == first.origin else None
        status, location, body = _get(current, auth, deadline, policy, limit)
        if status not in REDIRECTS:
            log.info("meeting feed fetched host=%s bytes=%s redirects=%s", current.host,
                     len(body), hop)
            return body
        if not location:
            raise _fail(f"The server answered {status}", current.host, "redirect, no Location")
        current = target(urljoin(current.base, location), policy, redirected=True)
    raise _fail(TOO_MANY_REDIRECTS, current.host, "redirect limit")


def _fail(message: str, host: str, detail: str) -> FetchError:
    """The error for the page; its detail only in the log, with the host and never the URL."""
    log.warning("meeting feed fetch failed host=%s: %s (%s)", host, message, detail[:300])
    return FetchError(message)


def _vetted(where: Target, policy: Policy, deadline: Deadline) -> list[tuple]:
    """Every (family, sockaddr) the host resolves to, each checked; FetchError if any is off
    limits (one bad answer refuses the host: a mixed answer is how a rebind is tried)."""
    try:
        found = addresses.resolve(where.host, where.port, deadline.left())
    except addresses.TooSlow as error:
        raise _fail(deadline.message, where.host, "resolution deadline") from error
    except OSError as error:
        raise _fail(NOT_FOUND, where.host, f"resolve: {error}") from error
    if not found:
        raise _fail(NOT_FOUND, where.host, "no addresses")
    for _family, sockaddr in found:
        if (sockaddr[0], where.port) in policy.test_servers:
            continue
        reason = addresses.refusal(sockaddr[0])
        if reason is not None:
            raise _fail(UNREACHABLE, where.host, f"{sockaddr[0]} is {reason}")
    return found


def _open(where: Target, found: list[tuple], deadline: Deadline) -> PinnedConnection:
    """A connection to the first vetted address that answers."""
    last: Exception | None = None
    for address in found:
        connection = PinnedConnection(where.scheme, where.host, where.port, address, deadline)
        try:
            connection.connect()
            return connection
        except ssl.SSLCertVerificationError as error:
            connection.finish()
            raise _fail(CERTIFICATE, where.host, f"{address[1][0]}: {error}") from error
        except OSError as error:
            connection.finish()
            last = error
            if deadline.passed:
                raise _fail(deadline.message, where.host, "connect deadline") from error
    raise _fail(NO_ANSWER, where.host, f"connect: {last}")


def _get(where: Target, auth: str | None, deadline: Deadline, policy: Policy,
         limit: int) -> tuple[int, str | None, bytes]:
    """One GET: (status, Location, b"") for a redirect, (200, None, body) for the feed."""
    connection = _open(where, _vetted(where, policy, deadline), deadline)
    try:
        connection.putrequest("GET", where.path, skip_accept_encoding=True)
        for name, value in _headers(auth):
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), b""
        if response.status != 200:
            raise _fail(f"The server answered {response.status}", where.host, "status")
        return 200, None, _body(response, limit, deadline, where.host)
    except (OSError, http.client.HTTPException, ValueError) as error:
        if deadline.passed:
            raise _fail(deadline.message, where.host, "deadline") from error
        raise _fail(UNREADABLE, where.host, f"{type(error).__name__}: {error!r}") from error
    finally:
        connection.finish()


def _headers(auth: str | None) -> list[tuple[str, str]]:
    headers = [("User-Agent", USER_AGENT), ("Accept", "application/json, text/csv, */*;q=0.5"),
               ("Accept-Encoding", "gzip"), ("Connection", "close")]
    if auth is not None:
        headers.append(("Authorization", "Basic " + base64.b64encode(auth.encode()).decode()))
    return headers


def _body(response: http.client.HTTPResponse, limit: int, deadline: Deadline,
          host: str) -> bytes:
    """The body, read a chunk at a time, refused as soon as it passes `limit` (decompressed)."""
    too_large = f"The feed is larger than {_size(limit)}"
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip"):
        raise _fail(UNREADABLE, host, f"Content-Encoding {encoding[:40]!r}")
    declared = (response.getheader("Content-Length") or "").strip()
    if encoding == "identity" and declared.isdigit() and int(declared) > limit:
        raise _fail(too_large, host, f"Content-Length {declared}")
    inflate = zlib.decompressobj(wbits=31) if encoding != "identity" else None
    parts, size = [], 0
    while chunk := response.read1(CHUNK):
        if inflate is not None:
            chunk = inflate.decompress(chunk, limit - size + 1)
        size += len(chunk)
        if size > limit:
            raise _fail(too_large, host, "while reading")
        parts.append(chunk)
        if deadline.passed:
            break
    if deadline.passed:  # the watchdog's shutdown reads as the end of the body
        raise _fail(deadline.message, host, f"after {size} bytes")
    if inflate is not None and not inflate.eof:
        raise _fail(UNREADABLE, host, "gzip stream cut short")
    return b"".join(parts)


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit / 1024:g} KB"
