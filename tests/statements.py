"""Counting the statements a request sends to the database."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from helpline import db


@contextmanager
def statements():
    """The statements sent to the database, by first word, whichever way they were sent:
    through SQLAlchemy, or straight through the driver (PostgreSQL's quick path), where the
    word is prefixed with AUTOCOMMIT when no transaction was begun for it."""
    said: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        said.append(statement.split()[0].upper())

    engine = db.current().engine
    event.listen(engine, "before_cursor_execute", note)
    driver = None
    if engine.dialect.name == "postgresql":
        import psycopg

        driver, sent = psycopg.Connection, psycopg.Connection.execute

        def execute(self, query, *args, **kwargs):
            word = str(query).split()[0].upper()
            said.append(("AUTOCOMMIT " if self.autocommit else "") + word)
            return sent(self, query, *args, **kwargs)

        driver.execute = execute
    try:
        yield said
    finally:
        event.remove(engine, "before_cursor_execute", note)
        if driver is not None:
            driver.execute = sent
