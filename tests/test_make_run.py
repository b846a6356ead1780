"""`make run`'s last step, for real: embedded Redis, worker and gunicorn, stopped by Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from helpline.cli import simulator
from helpline.config import SANDBOX_AUTH_TOKEN, SANDBOX_NUMBER
from helpline.models import InboundMessage
from tests.line_faults import free_port, process_children

FLASK = [sys.executable, "-m", "flask", "--app", "helpline"]


@pytest.fixture
def line_running(tmp_path):
    """The whole helpline on embedded defaults in a private instance folder."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "REDIS_URL", "TWILIO_", "PUBLIC_BASE_URL"))}
    env.update(HELPLINE_INSTANCE_DIR=str(tmp_path / "instance"), PYTHONPATH=os.getcwd())
    subprocess.run([*FLASK, "db", "upgrade"], env=env, check=True)
    seeded = subprocess.run([*FLASK, "demo", "seed"], env=env, check=True, capture_output=True,
                            text=True)
    assert "password:" in seeded.stdout
    port = free_port()
    process = subprocess.Popen([*FLASK, "dev", "--port", str(port)], env=env,
                               start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    yield process, f"http://127.0.0.1:{port}", env, tmp_path / "instance"
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: everything stops in order
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the servers follow it (parent-death signal)


def wait_healthy(url: str, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if requests.get(url + "/healthz", timeout=1).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"/healthz was not 200 within {timeout} s")


def test_the_line_starts_answers_signed_texts_and_stops_on_ctrl_c(line_running):
    process, url, env, instance = line_running
    wait_healthy(url, 60)

    sim = subprocess.run([*FLASK, "sim", "text", "+13025550123", "HELP", "--url", url,
                          "--sid", "SM" + "ab" * 16], env=env, capture_output=True, text=True)
    assert "HTTP 200" in sim.stdout and "Text STOP to opt out" in sim.stdout, sim.stderr
    form = simulator.text_form("+13025550123", "HELP", SANDBOX_NUMBER, "SM" + "ab" * 16)
    for _ in range(9):  # Twilio retrying the same webhook, signed as the sim signs it
        again = simulator.post_signed(url, "/twilio/sms", form, SANDBOX_AUTH_TOKEN)
        assert again.status_code == 200 and "Text STOP to opt out" in again.text
    unsigned = requests.post(url + "/twilio/sms", data={"From": "+13025550123", "Body": "HELP",
                                                        "MessageSid": "SM" + "cd" * 16})
    assert unsigned.status_code == 403

    crisis = subprocess.run([*FLASK, "sim", "text", "+13025550124", "I want to die", "--url", url],
                            env=env, capture_output=True, text=True)
    assert "988" in crisis.stdout and "> sent to +1302555010" in crisis.stdout, crisis.stdout

    meetings = subprocess.run([*FLASK, "sim", "text", "+13025550125", "MEETINGS 19958", "--url",
                               url], env=env, capture_output=True, text=True)
    assert "Meetings near 19958 Lewes, DE" in meetings.stdout and "(demo)" in meetings.stdout

    engine = create_engine(f"sqlite:///{instance / 'helpline.db'}")
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(InboundMessage)).scalar()
        assert count == 3  # ten deliveries of one MessageSid, the crisis text, the meetings
        assert connection.execute(text("SELECT count(*) FROM sandbox_records")).scalar() >= 1
    engine.dispose()

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) is not None
    assert not (instance / "redis.sock").exists() or not _answers(instance / "redis.sock")
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/healthz", timeout=2)


def _answers(path) -> bool:
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect(str(path))
            return True
        except OSError:
            return False


def running(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"  # noqa: SIM115
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux parent-death signal")
def test_killing_the_line_outright_leaves_no_server_or_worker_running(line_running):
    process, url, _env, _instance = line_running
    wait_healthy(url, 60)
    started = list(process_children(process.pid))
    assert len(started) == 4  # Redis, the worker, the clock, gunicorn
    process.kill()  # SIGKILL: no chance to stop them itself
    process.wait(timeout=10)
    deadline = time.monotonic() + 20
    while any(running(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in started if running(pid)] == []
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/healthz", timeout=2)
