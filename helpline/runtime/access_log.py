"""Calendar feed URLs carry their only key (the token) in the path: access logs must not keep
it. A logging filter rewrites `/calendar/<kind>/<token>.ics` to `/calendar/<kind>/….ics` in
every line the web server logs (gunicorn's access log, and the development server's)."""

from __future__ import annotations

import logging
import re

_CALENDAR = re.compile(r"(/calendar/[a-z]+/)[^\s/?\"]+?(\.ics)")


def redact(line: str) -> str:
    """The log line with every calendar token replaced."""
    return _CALENDAR.sub(r"\1…\2", line)


class HideCalendarTokens(logging.Filter):
    """Rewrites a record's message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/calendar/" in message:
            record.msg, record.args = redact(message), None
        return True


def install(*loggers: str) -> None:
    """Put the filter on these loggers (once each)."""
    for name in loggers:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideCalendarTokens) for f in logger.filters):
            logger.addFilter(HideCalendarTokens())
