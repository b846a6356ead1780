"""Settings from environment variables (and `.env`), with embedded defaults for development."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from datetime import time, timedelta
from pathlib import Path

#: The auth token the sandbox and the simulator sign webhooks with when no real token is set.
SANDBOX_AUTH_TOKEN = "sandbox-auth-token-not-secret"  # noqa: S105 (documented dev default)
SANDBOX_ACCOUNT_SID = "AC" + "0" * 32
SANDBOX_NUMBER = "+13025550100"

# The account SID too: without it the gateway would fall back to the sandbox and a live line
# would silently send nothing.
# PUBLIC_BASE_URL: without it every volunteer leg and call-back gets a relative URL and fails,
# and texts go out without a status callback.
REQUIRED_IN_PRODUCTION = (
    "SECRET_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "HELPLINE_NUMBER", "PUBLIC_BASE_URL",
)


class ConfigError(RuntimeError):
    """The environment does not describe a helpline that can start."""


def instance_dir() -> Path:
    """The folder for local state: the SQLite file, the embedded Redis socket, the dev secret."""
    path = Path(os.environ.get("HELPLINE_INSTANCE_DIR", Path.cwd() / "instance")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(raw: str | None) -> str:
    """Normalise DATABASE_URL: SQLite under instance/ when unset; postgres:// means psycopg 3."""
    if not raw:
        return f"sqlite:///{instance_dir() / 'helpline.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def reminder_hours(raw: str) -> tuple[float, ...]:
    """SHIFT_REMINDER_HOURS: "24,1" as (24.0, 1.0), longest first ("" for no reminders)."""
    try:
        hours = sorted({float(part) for part in raw.split(",") if part.strip()}, reverse=True)
    except ValueError:
        hours = [0.0]
    if any(not 0 < h <= 24 * 7 for h in hours):
        raise ConfigError(f"SHIFT_REMINDER_HOURS must be hours before a shift like 24,1: {raw!r}.")
    return tuple(hours)


_SPAN = re.compile(r"\s*(\d{1,3})\s*([dh])\s*")


def checkin_schedule(raw: str) -> tuple[timedelta, ...]:
    """CHECKIN_SCHEDULE: "1d,7d" (days or hours after consent) as timedeltas, in order."""
    spans = []
    for part in raw.split(","):
        match = _SPAN.fullmatch(part)
        if not match or int(match.group(1)) == 0:
            raise ConfigError(f"CHECKIN_SCHEDULE must look like 1d,7d or 20h,7d: {raw!r}.")
        amount = int(match.group(1))
        spans.append(timedelta(days=amount) if match.group(2) == "d" else timedelta(hours=amount))
    return tuple(sorted(spans))


_QUIET = re.compile(r"\s*(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?\s*")


def quiet_hours(raw: str) -> tuple[time, time]:
    """QUIET_HOURS: local "21-8" (or "21:30-07:00") as (from, to); the same twice for none."""
    match = _QUIET.fullmatch(raw)
    numbers = [int(n or 0) for n in match.groups()] if match else [99, 0, 0, 0]
    if numbers[0] > 23 or numbers[2] > 23 or numbers[1] > 59 or numbers[3] > 59:
        raise ConfigError(f"QUIET_HOURS must be a local span like 21-8 or 21:30-07:00: {raw!r}.")
    return time(numbers[0], numbers[1]), time(numbers[2], numbers[3])


VOICE_LANGUAGES = ("en", "es")  # the languages the voice catalog speaks


def languages(raw: str) -> tuple[str, ...]:
    """HELPLINE_LANGUAGES: "en,es" (callers may choose; the first is the default) or one."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in raw.split(",") if part.strip()))
    if not chosen or any(code not in VOICE_LANGUAGES for code in chosen):
        raise ConfigError(f"HELPLINE_LANGUAGES must list en and/or es, like en,es: {raw!r}.")
    return chosen


def recording_url(name: str, raw: str | None) -> str | None:
    """A greeting recording's address: Twilio fetches it, so it must be a full http(s) URL."""
    if not raw:
        return None
    if not re.fullmatch(r"https?://\S+", raw.strip()):
        raise ConfigError(f"{name} must be a full https:// address of an audio file: {raw!r}.")
    return raw.strip()


CALENDAR_TOKEN_CHARS = 32


def rota_calendar_token(raw: str | None) -> str | None:
    """ROTA_CALENDAR_TOKEN: the whole rota's feed key; long and random, or unset (no feed)."""
    if not raw:
        return None
    token = raw.strip()
    if len(token) < CALENDAR_TOKEN_CHARS or len(set(token)) < 10 or \
            not re.fullmatch(r"[A-Za-z0-9_-]+", token):
        raise ConfigError(
            f"ROTA_CALENDAR_TOKEN must be at least {CALENDAR_TOKEN_CHARS} random letters, "
            "digits, - or _ (make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")
    return token


def trusted_proxies(raw: str | None) -> int:
    """TRUSTED_PROXIES: how many proxies in front set X-Forwarded-*; 0 (the default) trusts none."""
    if not raw or not raw.strip():
        return 0
    if not raw.strip().isdigit() or int(raw) > 5:
        raise ConfigError(f"TRUSTED_PROXIES must be a small number like 0 or 1: {raw!r}.")
    return int(raw)


def _dev_secret_key() -> str:
    """A per-checkout secret kept in instance/, so dev logins survive a restart."""
    path = instance_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(env: Mapping[str, str]) -> dict:
    """Build the Flask config mapping from an environment."""
    mode = env.get("HELPLINE_ENV", "development")
    if mode == "production":
        missing = [name for name in REQUIRED_IN_PRODUCTION if not env.get(name)]
        if missing:
            raise ConfigError(
                f"Cannot start in production: set {', '.join(missing)} in the environment."
            )
    sandbox = not (env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"))
    return {
        "HELPLINE_ENV": mode,
        "SECRET_KEY": env.get("SECRET_KEY") or _dev_secret_key(),
        "DATABASE_URL": database_url(env.get("DATABASE_URL")),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID") or SANDBOX_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN") or SANDBOX_AUTH_TOKEN,
        # While rotating the auth token: webhooks signed with the old one are still accepted.
        "TWILIO_AUTH_TOKEN_PREVIOUS": env.get("TWILIO_AUTH_TOKEN_PREVIOUS") or None,
        "TWILIO_API_BASE_URL": env.get("TWILIO_API_BASE_URL") or None,
        "TWILIO_SANDBOX": sandbox and not env.get("TWILIO_API_BASE_URL"),
        "HELPLINE_NUMBER": env.get("HELPLINE_NUMBER") or SANDBOX_NUMBER,
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        "HELPLINE_NAME": env.get("HELPLINE_NAME", "Recovery Helpline"),
        "HELPLINE_TIMEZONE": env.get("HELPLINE_TIMEZONE", "America/New_York"),
        "HELPLINE_REGION": env.get("HELPLINE_REGION", "US"),
        "HELPLINE_STATE": env.get("HELPLINE_STATE", "").upper() or None,
        "MEETING_REMINDER_MINUTES": int(env.get("MEETING_REMINDER_MINUTES", "60")),
        "HELPLINE_LANGUAGES": languages(env.get("HELPLINE_LANGUAGES", "en,es")),
        "VOICE_GREETING": {"en": env.get("VOICE_GREETING") or None,
                           "es": env.get("VOICE_GREETING_ES") or None},
        "VOICE_GREETING_URL": {"en": recording_url("VOICE_GREETING_URL",
                                                   env.get("VOICE_GREETING_URL")),
                               "es": recording_url("VOICE_GREETING_URL_ES",
                                                   env.get("VOICE_GREETING_URL_ES"))},
        "CALL_MAX_WAIT_SECONDS": int(env.get("CALL_MAX_WAIT_SECONDS", "90")),
        "FORWARD_RING_SECONDS": int(env.get("FORWARD_RING_SECONDS", "30")),
        "VOLUNTEER_RING_SECONDS": int(env.get("VOLUNTEER_RING_SECONDS", "25")),
        "RETENTION_DAYS": int(env.get("RETENTION_DAYS", "30")),
        "CONVERSATION_CLAIM_MINUTES": int(env.get("CONVERSATION_CLAIM_MINUTES", "5")),
        "CONVERSATION_IDLE_HOURS": float(env.get("CONVERSATION_IDLE_HOURS", "12")),
        "SHIFT_REMINDER_HOURS": reminder_hours(env.get("SHIFT_REMINDER_HOURS", "24,1")),
        "QUIET_HOURS": quiet_hours(env.get("QUIET_HOURS", "21-9")),
        "CHECKIN_SCHEDULE": checkin_schedule(env.get("CHECKIN_SCHEDULE", "1d,7d")),
        "COVERAGE_MINIMUM": int(env.get("COVERAGE_MINIMUM", "1")),
        "GAP_ALERT_HOURS": int(env.get("GAP_ALERT_HOURS", "48")),
        "CRISIS_LINE": env.get("CRISIS_LINE", "988"),
        "EMERGENCY_NUMBER": env.get("EMERGENCY_NUMBER", "911"),
        "OUTBOX_POLL_SECONDS": float(env.get("OUTBOX_POLL_SECONDS", "0.2")),
        "OUTBOX_SWEEP_SECONDS": float(env.get("OUTBOX_SWEEP_SECONDS", "120")),
        "NOW_POLL_SECONDS": float(env.get("NOW_POLL_SECONDS", "10")),  # the Now page refreshes
        "TWILIO_HTTP_TIMEOUT": float(env.get("TWILIO_HTTP_TIMEOUT", "10")),
        "ROTA_CALENDAR_TOKEN": rota_calendar_token(env.get("ROTA_CALENDAR_TOKEN")),
        "TRUSTED_PROXIES": trusted_proxies(env.get("TRUSTED_PROXIES")),
        "HEALTH_TOKEN": env.get("HEALTH_TOKEN") or None,
        "CRISIS_EXTRA_PHRASES": (),  # the line's own danger phrases: set on the settings page
    }
