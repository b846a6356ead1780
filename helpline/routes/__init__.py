"""HTTP adapters: translate requests into domain calls, commit, respond."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import current_app, g, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from helpline import db
from helpline.line import Line

log = logging.getLogger(__name__)
T = TypeVar("T")


def get_session() -> Session:
    """The database session of this request, opened on first use."""
    if "db_session" not in g:
        g.db_session = db.current().sessions()
    return g.db_session


def opened_session() -> Session | None:
    """The request's session if something opened it, else None."""
    return g.get("db_session")


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session; anything not committed is rolled back."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def line() -> Line:
    """The line's settings for domain calls."""
    return Line.from_config(current_app.config)


def once_more_if_lost(work: Callable[[], T], what: str) -> T:
    """`work()`, and once more if its database connection turned out to be lost: the pool
    pings only connections idle for a while (`db.make_engine`), so one that died a moment ago
    fails its first statement instead."""
    try:
        return work()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        if (session := opened_session()) is not None:
            session.rollback()
        log.warning("%s retried on a new connection", what)
    return work()


def retried_if_lost(view: Callable[[], T]) -> Callable[[], T]:
    """The view, once more if its database connection turned out to be lost (as above)."""

    @wraps(view)
    def retried() -> T:
        sid = request.form.get("CallSid") or request.form.get("MessageSid") or "-"
        return once_more_if_lost(view, f"{request.path} webhook sid={sid[:64]}")

    return retried
