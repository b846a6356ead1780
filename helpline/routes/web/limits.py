"""Sign-in attempts are rate-limited (Flask-Limiter), so guessing passwords cannot starve the
workers that answer Twilio: each attempt costs ~0.1 s of scrypt on the same processes.

Counts live in Redis so every web process shares them; when Redis does not answer, each
process counts in its own memory for a while instead (and says so in the log), so sign-in
keeps working. Only failed attempts count against an account or an address; every attempt
counts against the line-wide cap, which bounds the hashing work the web processes can be
made to do.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from helpline.runtime import queues

PER_ACCOUNT = "10 per 15 minutes"
PER_ADDRESS = "30 per 15 minutes"
LINE_WIDE = "5 per second"  # at ~0.1 s of scrypt each: half a core at most, whoever asks

limiter = Limiter(key_func=get_remote_address, strategy="moving-window",
                  in_memory_fallback_enabled=True, swallow_errors=True, headers_enabled=False)


@limiter.request_filter
def _not_a_sign_in() -> bool:
    """Only sign-in is limited. Every other request (the Twilio webhooks above all) skips the
    limiter whole, so it never waits on the limiter's Redis, even while Redis is down."""
    return request.endpoint != "auth.login"


def storage_uri(config: Mapping) -> str:
    """The limiter's storage: the line's Redis (unix sockets as limits spells them)."""
    url = queues.redis_url(config)
    return "redis+unix://" + url[len("unix://"):] if url.startswith("unix://") else url


def install(app: Flask) -> None:
    """Attach the limiter to this app, counting in its Redis."""
    app.config.setdefault("RATELIMIT_STORAGE_URI",
                          storage_uri({"REDIS_URL": app.config.get("REDIS_URL")}))
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS",
                          {"socket_timeout": 0.5, "socket_connect_timeout": 0.5})
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "helpline-limits")
    limiter.init_app(app)


def line_wide() -> str:
    """The cap on sign-in attempts across the whole line (LOGIN_LINE_WIDE_LIMIT overrides)."""
    return current_app.config.get("LOGIN_LINE_WIDE_LIMIT", LINE_WIDE)


def account_key() -> str:
    """The account being signed in to, as typed (trimmed, lower case)."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def failed(response: Response) -> bool:
    """A sign-in that did not succeed (a success redirects)."""
    return response.status_code != 302
