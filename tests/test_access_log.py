"""The Procfile's gunicorn keeps calendar tokens out of its access log: a real gunicorn, a real
request for a feed, and its log read back."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_web_line() -> str:
    """The Procfile's web command, as a shell runs it."""
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    return line.split(":", 1)[1].strip()


def test_the_procfile_gunicorn_logs_requests_without_calendar_tokens(tmp_path, sqlite_template):
    port = free_port()
    address = f"127.0.0.1:{port}"
    env = {**os.environ, "HELPLINE_INSTANCE_DIR": str(tmp_path), "WEB_CONCURRENCY": "1",
           "PORT": str(port), "DATABASE_URL": f"sqlite:///{sqlite_template}",
           "HELPLINE_ENV": "development", "PYTHONPATH": str(ROOT),
           "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(["bash", "-c", procfile_web_line()], cwd=tmp_path, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    answer = requests.get(f"http://{address}/calendar/volunteer/"
                                          "SeCrEtToKeN123456789abcdefghij.ics", timeout=2)
                    break
                except requests.ConnectionError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            assert answer.status_code == 404
            deadline = time.monotonic() + 10
            while "/calendar/volunteer/" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
    written = log.read_text()
    assert "GET /calendar/volunteer/….ics" in written
    assert "SeCrEtToKeN" not in written
