"""Webhook fields and query values read strictly: what Twilio sends (ASCII digits, bounded
lengths and ranges) or, for anything else, "absent". One small set of helpers, so no `int()` of a
"²" or a 2^63 can reach a handler or the database."""

from __future__ import annotations

ID_MAX = 2**31 - 1  # our own ids in callback URLs: a PostgreSQL integer
SECONDS_MAX = 7 * 24 * 3600  # the longest duration Twilio could report for a call or recording
MEDIA_MAX = 10  # Twilio delivers at most 10 media with one message
_DIGITS = frozenset("0123456789")


def whole(value: str | None, maximum: int) -> int | None:
    """A whole number written in ASCII digits (at most 20 of them), at most `maximum`; None for
    anything else ("", "-1", "+7", " 7", "1_000", "²", "①", "١", 2^63)."""
    if not value or len(value) > 20 or not _DIGITS.issuperset(value):
        return None
    number = int(value)
    return number if number <= maximum else None


def record_id(value: str | None) -> int | None:
    """One of our own ids, as we wrote it into a callback URL; None when it cannot be one."""
    number = whole(value, ID_MAX)
    return number if number else None


def seconds(value: str | None) -> int:
    """A duration Twilio reports (QueueTime, DialCallDuration, RecordingDuration); 0 if unusable."""
    return whole(value, SECONDS_MAX) or 0


def media_count(value: str | None) -> int:
    """NumMedia: how many pictures or files came with a text; 0 when unusable."""
    return whole(value, MEDIA_MAX) or 0


def error_code(value: str | None) -> int | None:
    """A Twilio error code (five digits at most), or None."""
    return whole(value, 99999)


def text(value: str | None, limit: int) -> str:
    """A free-text field (Body, To) as the database can keep it: no NUL bytes, at most `limit`
    characters. PostgreSQL refuses a NUL in text, which would lose the whole message."""
    return (value or "").replace("\x00", "")[:limit]


def keys(value: str | None, limit: int = 10) -> str:
    """The ASCII digits a caller pressed (Digits), at most `limit` of them."""
    return "".join(ch for ch in (value or "") if ch in _DIGITS)[:limit]
