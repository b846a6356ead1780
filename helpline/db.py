"""The database: declarative Base, engine, and sessions for requests, jobs and commands."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, as a timezone-aware UTC instant."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware instant stored in UTC; SQLite's naive values come back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC instant is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every table: constraint names by convention, instants as aware UTC."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for concurrent readers; let SQLAlchemy issue BEGIN so we can make it IMMEDIATE."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # Take the write lock up front: a deferred transaction that reads then writes can fail
    # with "database is locked" instead of waiting when another process wrote in between.
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for the URL, with SQLite made safe for several processes. Errors never carry
    the statement's values (a body or a number would reach the log with the traceback)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15},
                               hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_size=5, max_overflow=10,
                           connect_args={"connect_timeout": 5}, hide_parameters=True)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_if_idle(engine.dialect))
    return engine


IDLE_PING_SECONDS = 1.0


def _note_checkin(_dbapi_connection, record) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(dialect):
    """Pre-ping, but only a connection that sat in the pool for a while: a database restarted
    at 3am is found out before the next text, while under load (connections back in the pool
    for milliseconds) no request pays a round trip for it. A connection lost in between fails
    its statement; SQLAlchemy then drops the whole pool, and the webhooks try once more."""

    def checkout(dbapi_connection, record, _proxy) -> None:
        last = record.info.get("checked_in")
        if last is not None and time.monotonic() - last < IDLE_PING_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:  # the pool tries a new connection
            raise DisconnectionError(type(error).__name__) from error

    return checkout


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


_current: Database | None = None


def init(url: str) -> Database:
    """Make the database for this process (jobs and commands use it through job_session)."""
    global _current
    if _current is not None and _current.url != url:
        _current.dispose()
    if _current is None or _current.url != url:
        _current = Database(url)
    return _current


OWN = "helpline.db"  # app.extensions key of an app with a database of its own (training)


def current() -> Database:
    """The database of the app in context when it has one of its own (the training line), else
    the one this process was configured with."""
    if has_app_context() and (own := current_app.extensions.get(OWN)) is not None:
        return own
    if _current is None:
        raise RuntimeError("helpline.db.init() has not been called in this process")
    return _current


def driver_sql(sql: str) -> str:
    """SQL written with `:name` placeholders (as for `text()`), compiled by SQLAlchemy for
    psycopg (`%(name)s`, a literal `%` escaped), to run on the driver's own connection."""
    from sqlalchemy import text
    from sqlalchemy.dialects.postgresql import psycopg

    return str(text(sql).compile(dialect=psycopg.dialect()))


@contextmanager
def autocommit_driver(engine: Engine, statement: str) -> Iterator[Any]:
    """A pooled driver connection in autocommit, for one statement on the hottest path (the
    inbound text): no BEGIN or COMMIT round trips and no SQLAlchemy result machinery. The
    driver's errors come out as SQLAlchemy's (IntegrityError, OperationalError, with
    `connection_invalidated` when the connection was lost), and the pool always gets the
    connection back as it lent it, or not at all."""
    dialect = engine.dialect
    driver_error = dialect.loaded_dbapi.Error
    lent = engine.raw_connection()
    driver = lent.driver_connection
    try:
        driver.autocommit = True
        yield driver
    except driver_error as error:
        lost = dialect.is_disconnect(error, driver, None)
        if lost:  # as SQLAlchemy's own Connection does: every connection as old is recycled
            engine.pool._invalidate(lent, error)
        raise DBAPIError.instance(
            statement, None, error, driver_error, hide_parameters=True, dialect=dialect,
            connection_invalidated=lost) from error
    finally:
        try:
            if lent.is_valid:
                driver.autocommit = False
        except driver_error as error:  # lost, or in a state no one else should inherit
            lent.invalidate(error)
        lent.close()


@contextmanager
def job_session() -> Iterator[Session]:
    """A session for one unit of work outside a request: commits on success, else rolls back."""
    session = current().sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _forget_pool_after_fork() -> None:
    # rq forks a work horse per job; a connection shared across a fork corrupts both sides.
    if _current is not None:
        _current.engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_pool_after_fork)
