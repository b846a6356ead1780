"""Pytest plugin: a real, throwaway PostgreSQL server for the test session.

Use the session-scoped ``postgres_server`` fixture. It yields an object with

* ``.url`` -- SQLAlchemy URL (``postgresql+psycopg://...``) of the server's
  default database, and
* ``.create_database(name) -> url`` -- a fresh, empty database on that server.

By default the fixture starts a private cluster (``TemporaryPostgres``) from the
installed PostgreSQL binaries (found under ``/usr/lib/postgresql/*/bin``, on
PATH, or in ``$PG_BIN``) and removes it at the end of the session. With
``TEST_POSTGRES_URL`` set it uses that existing server instead. Without
binaries the tests skip, or fail when ``HELPLINE_REQUIRE_POSTGRES=1`` (as
``make test`` sets); ``scripts/ensure-postgres`` installs them.

PostgreSQL refuses to run as root, so as root the cluster is run as the
``postgres`` system user (via ``runuser``) in a directory that user owns.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

SUPERUSER = "helpline"
RUN_AS_WHEN_ROOT = "postgres"
DEFAULT_DB = "postgres"
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
START_TIMEOUT = 30
ENSURE_HINT = "run scripts/ensure-postgres"


class PostgresStartError(RuntimeError):
    """The throwaway PostgreSQL server could not be set up or started."""


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/<version>/bin by numeric version."""
    parts = bin_dir.parent.name.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (-1,)


def _has_tools(bin_dir: Path) -> bool:
    """Whether bin_dir holds executable initdb and pg_ctl."""
    return all(os.access(bin_dir / tool, os.X_OK) for tool in ("initdb", "pg_ctl"))


def find_pg_bin() -> Path | None:
    """Locate the PostgreSQL bin dir: $PG_BIN, highest /usr/lib/postgresql, then PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"]) if _has_tools(Path(os.environ["PG_BIN"])) else None
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    return next((c for c in candidates if _has_tools(c)), None)


def _free_port() -> int:
    """Ask the kernel for a currently unused TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    """The last lines of a text file, or a note that it is missing."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no server log: {exc})"


def _clean_env() -> dict[str, str]:
    """The current environment without libpq/PG variables that could redirect tools."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


class _Server:
    """Shared API: ``url``, ``create_database``, ``stop`` and context manager."""

    url: str

    def create_database(self, name: str) -> str:
        """(Re)create an empty database called name; return its SQLAlchemy URL."""
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        quoted = engine.dialect.identifier_preparer.quote_identifier(name)
        try:
            with engine.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE {quoted} TEMPLATE template0"))
        finally:
            engine.dispose()
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        """Release the server (no-op here)."""

    def __enter__(self):
        """Return self; subclasses start their server first."""
        return self

    def __exit__(self, *exc_info) -> None:
        """Stop the server."""
        self.stop()


class ExistingPostgres(_Server):
    """An already running server named by a URL (e.g. $TEST_POSTGRES_URL); never stopped."""

    def __init__(self, url: str) -> None:
        """Normalise a postgres:// or postgresql:// URL to the psycopg 3 driver."""
        parsed = make_url(url)
        if parsed.drivername in ("postgres", "postgresql"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed.render_as_string(hide_password=False)


class TemporaryPostgres(_Server):
    """A private PostgreSQL cluster in a temp dir, trust auth, on a free localhost port."""

    def __init__(self, bin_dir: str | os.PathLike[str] | None = None, *,
                 durable: bool = False) -> None:
        """Remember the bin dir (default: find_pg_bin()); call start() to run it. `durable`
        keeps PostgreSQL's own safe settings (fsync, synchronous commit: benchmarks)."""
        self.durable = durable
        found = Path(bin_dir) if bin_dir else find_pg_bin()
        if found is None:
            raise PostgresStartError(f"PostgreSQL binaries not found: {ENSURE_HINT}")
        self.bin_dir = found
        self.run_as = RUN_AS_WHEN_ROOT if os.geteuid() == 0 else None
        self.dir: Path | None = None
        self.port: int | None = None
        self.url = ""

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        return self.dir / "data"

    @property
    def log_path(self) -> Path:
        """The server log file."""
        return self.dir / "log"

    def start(self) -> TemporaryPostgres:
        """Create and start the cluster; clean up and raise PostgresStartError on failure."""
        atexit.register(self.stop)
        try:
            self._make_dir()
            self._initdb()
            self._start_on_free_port()
        except BaseException:
            self.stop()
            raise
        self.url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{DEFAULT_DB}"
        return self

    def __enter__(self) -> TemporaryPostgres:
        """Start the server."""
        return self.start()

    def stop(self) -> None:
        """Stop the server immediately and delete its directory; safe to call twice."""
        atexit.unregister(self.stop)
        if self.dir is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run("pg_ctl", "stop", "-D", self.data_dir, "-m", "immediate", "-w")
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def pause(self) -> None:
        """Stop the server (fast shutdown), keeping its data: `resume` starts it again."""
        self._run("pg_ctl", "stop", "-D", self.data_dir, "-m", "fast", "-w")

    def resume(self) -> None:
        """Start the paused server again on the same port."""
        self._pg_ctl_start()

    def socket_url(self, database_url: str) -> str:
        """The same database's URL through the server's unix socket instead of TCP."""
        url = make_url(database_url).set(host=None, port=None, query={
            "host": str(self.dir), "port": str(self.port)})
        return url.render_as_string(hide_password=False)

    def _make_dir(self) -> None:
        """Create the temp dir, owned by the postgres user when running as root."""
        if self.run_as is None:
            self.dir = Path(tempfile.mkdtemp(prefix="helpline-pg-"))
            return
        self.dir = Path(tempfile.mkdtemp(prefix="helpline-pg-", dir="/tmp"))
        try:
            user = pwd.getpwnam(self.run_as)
        except KeyError:
            raise PostgresStartError(
                f"running as root but there is no {self.run_as!r} user to run PostgreSQL as: "
                f"{ENSURE_HINT}"
            ) from None
        os.chown(self.dir, user.pw_uid, user.pw_gid)

    def _command(self, tool: str, *args: str | os.PathLike[str]) -> list[str]:
        """Full argv for a PostgreSQL tool, wrapped to run as the postgres user if root."""
        argv = [str(self.bin_dir / tool), *map(str, args)]
        if self.run_as is None:
            return argv
        if shutil.which("runuser"):
            return ["runuser", "-u", self.run_as, "--", *argv]
        return ["su", self.run_as, "-s", "/bin/sh", "-c", shlex.join(argv)]

    def _run(self, tool: str, *args: str | os.PathLike[str]) -> subprocess.CompletedProcess:
        """Run a tool to completion; raise PostgresStartError with its output on failure."""
        proc = subprocess.run(
            self._command(tool, *args),
            cwd=self.dir,
            env=_clean_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT + 10,
            check=False,
        )
        if proc.returncode != 0:
            raise PostgresStartError(
                f"{tool} {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}\n--- server log ---\n{_tail(self.log_path)}"
            )
        return proc

    def _initdb(self) -> None:
        """Initialise the data dir: trust auth, UTF8, C locale, superuser 'helpline'."""
        self._run(
            "initdb", "-D", self.data_dir, "-U", SUPERUSER, "--auth=trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip

    def _start_on_free_port(self, attempts: int = 3) -> None:
        """Start the server, retrying on another port if the chosen one got taken."""
        for attempt in range(attempts):
            self.port = _free_port()
            try:
                self._pg_ctl_start()
                return
            except PostgresStartError as exc:
                if attempt + 1 == attempts or "already in use" not in str(exc):
                    raise
                self.log_path.unlink(missing_ok=True)

    def _pg_ctl_start(self) -> None:
        """Run pg_ctl start with fast, unsafe settings and wait until it accepts connections."""
        fast = () if self.durable else FAST_SETTINGS
        settings = [*fast, "listen_addresses=127.0.0.1", "max_connections=200"]
        options = f"-p {self.port} -k {shlex.quote(str(self.dir))} " + " ".join(
            f"-c {s}" for s in settings
        )
        self._run(
            "pg_ctl", "-D", self.data_dir, "-o", options, "-l", self.log_path,
            "-w", "-t", str(START_TIMEOUT), "start",
        )  # fmt: skip
        self._wait_ready()

    def _wait_ready(self) -> None:
        """Poll until a TCP connection succeeds, up to START_TIMEOUT seconds."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=DEFAULT_DB,
                    connect_timeout=2,
                ):  # fmt: skip
                    return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise PostgresStartError(
                        f"server did not accept connections: {exc}\n"
                        f"--- server log ---\n{_tail(self.log_path)}"
                    ) from exc
                time.sleep(0.05)


def _open_server() -> _Server:
    """The session's server: $TEST_POSTGRES_URL, else a started TemporaryPostgres."""
    if os.environ.get("TEST_POSTGRES_URL"):
        return ExistingPostgres(os.environ["TEST_POSTGRES_URL"])
    bin_dir = find_pg_bin()
    if bin_dir is None:
        if os.environ.get("HELPLINE_REQUIRE_POSTGRES") == "1":
            pytest.fail(
                "PostgreSQL not installed but HELPLINE_REQUIRE_POSTGRES=1: "
                "run scripts/ensure-postgres (it installs Debian's postgresql package)",
                pytrace=False,
            )
        pytest.skip(f"PostgreSQL not installed: {ENSURE_HINT}")
    return TemporaryPostgres(bin_dir).start()


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the whole test session, stopped at the end."""
    server = _open_server()
    try:
        yield server
    finally:
        server.stop()
