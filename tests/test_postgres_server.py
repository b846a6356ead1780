"""The postgres_server fixture gives a real PostgreSQL server, reachable from many processes."""

import re
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

pytestmark = pytest.mark.postgres

# Each child connects, announces itself, then waits until both children are connected at once.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    from sqlalchemy import create_engine, text
    engine = create_engine(sys.argv[1])
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO hello (os_pid, backend_pid) "
                          "VALUES (:p, pg_backend_pid())"), {"p": os.getpid()})
        conn.commit()
        deadline = time.monotonic() + 20
        while conn.execute(text("SELECT count(*) FROM hello")).scalar() < 2:
            conn.rollback()
            if time.monotonic() > deadline:
                sys.exit("the other process never connected")
            time.sleep(0.02)
    print(os.getpid())
    """
)


def _scalar(url, sql):
    """Run one statement in its own committed transaction and return its scalar result."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql))
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def test_select_version_reports_postgresql(postgres_server):
    """The server URL works with SQLAlchemy and the server is PostgreSQL 1x."""
    assert postgres_server.url.startswith("postgresql+psycopg://")
    version = _scalar(postgres_server.url, "SELECT version()")
    assert re.match(r"PostgreSQL 1\d", version), version


def test_create_database_is_separate_and_empty(postgres_server):
    """create_database gives a fresh empty database whose tables stay in it."""
    url = postgres_server.create_database("x")
    assert url.endswith("/x")
    engine = create_engine(url, poolclass=NullPool)
    try:
        assert inspect(engine).get_table_names() == []
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE widgets (id serial PRIMARY KEY, name text)"))
            conn.execute(text("INSERT INTO widgets (name) VALUES ('a')"))
        assert _scalar(url, "SELECT current_database()") == "x"
        assert _scalar(url, "SELECT count(*) FROM widgets") == 1
    finally:
        engine.dispose()
    assert _scalar(postgres_server.url, "SELECT to_regclass('widgets') IS NULL") is True


def test_create_database_twice_starts_empty_again(postgres_server):
    """Re-creating a database by name drops what was in it."""
    url = postgres_server.create_database("again")
    _scalar(url, "CREATE TABLE t (id int)")
    assert _scalar(url, "SELECT to_regclass('t') IS NULL") is False
    url = postgres_server.create_database("again")
    assert _scalar(url, "SELECT to_regclass('t') IS NULL") is True


def test_two_os_processes_connect_at_once(postgres_server):
    """Two separate Python processes hold connections to the server at the same time."""
    url = postgres_server.create_database("xproc")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE hello (os_pid int, backend_pid int)"))
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, url],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [child.communicate(timeout=60) for child in children]
        assert [c.returncode for c in children] == [0, 0], outputs
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT os_pid, backend_pid FROM hello")).all()
    finally:
        engine.dispose()
    assert sorted(r.os_pid for r in rows) == sorted(int(out) for out, _ in outputs)
    assert len({r.backend_pid for r in rows}) == 2
