"""The whole line as `make run` runs it (`flask dev`: embedded Redis, worker, clock, gunicorn) in a
private instance folder, with faults done to its Redis server while texts stream in. Used by
tests/test_faults.py (which asserts) and bench/faults.py (which prints the figures)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, select

from helpline.cli import simulator
from helpline.config import SANDBOX_AUTH_TOKEN, SANDBOX_NUMBER
from helpline.models import InboundMessage, OutboundMessage, SandboxRecord

FLASK = [sys.executable, "-m", "flask", "--app", "helpline"]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_children(pid: int) -> dict[int, str]:
    """The running processes `pid` started, with their command lines (zombies have stopped)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found[int(entry)] = command
    return found


class RunningLine:
    """`flask dev` in `instance`, started and stopped as `make run` and Ctrl-C do."""

    def __init__(self, instance: Path, **env: str) -> None:
        self.instance, self.port = instance, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        unset = ("DATABASE_URL", "REDIS_URL", "TWILIO_", "PUBLIC_BASE_URL")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
        self.env.update(HELPLINE_INSTANCE_DIR=str(instance), PYTHONPATH=str(ROOT), **env)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90.0) -> None:
        """Migrate, seed the demo line, start everything and wait until /healthz says ok."""
        subprocess.run([*FLASK, "db", "upgrade"], env=self.env, check=True, capture_output=True,
                       cwd=ROOT)
        subprocess.run([*FLASK, "demo", "seed"], env=self.env, check=True, capture_output=True,
                       cwd=ROOT)
        self.process = subprocess.Popen([*FLASK, "dev", "--port", str(self.port)], env=self.env,
                                        start_new_session=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, cwd=ROOT)
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if time.monotonic() > deadline:
                raise AssertionError(f"/healthz was not 200 within {timeout} s")
            time.sleep(0.2)

    def healthy(self) -> bool:
        try:
            return requests.get(self.url + "/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Ctrl-C, then SIGKILL if it does not stop in 30 s."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)

    def helpers(self) -> dict[str, int]:
        """The running helpers by name: redis, worker, clock, web."""
        names = {"valkey-server": "redis", "helpline worker": "worker",
                 "helpline clock": "clock", "gunicorn": "web"}
        found = {}
        for pid, command in process_children(self.process.pid).items():
            for marker, name in names.items():
                if marker in command:
                    found[name] = pid
        return found

    def text(self, sender: str, body: str) -> tuple[int, str]:
        """Text the line, signed as Twilio signs; the status and the reply's text."""
        form = simulator.text_form(sender, body, SANDBOX_NUMBER)
        response = simulator.post_signed(self.url, "/twilio/sms", form, SANDBOX_AUTH_TOKEN)
        return response.status_code, " ".join(simulator.replies_in(response.text))

    def counts(self) -> dict[str, int]:
        """Texts stored, texts the line must send, sent, and sandbox sends (a double shows)."""
        engine = create_engine(f"sqlite:///{self.instance / 'helpline.db'}")
        try:
            with engine.connect() as db:
                return {
                    "stored": db.scalar(select(func.count()).select_from(InboundMessage)),
                    "to_send": db.scalar(select(func.count()).select_from(OutboundMessage)),
                    "sent": db.scalar(select(func.count()).select_from(OutboundMessage)
                                      .where(OutboundMessage.sent_at.is_not(None))),
                    "sandbox_sends": db.scalar(select(func.count()).select_from(SandboxRecord)
                                               .where(SandboxRecord.kind == "sms")),
                }
        finally:
            engine.dispose()


@dataclass
class Stream:
    """Texts with words of danger (each causes a crisis alert to be sent), one every `every`
    seconds from a new number each, until stopped; what each got back."""

    line: RunningLine
    every: float = 0.5
    results: list[tuple[int, bool]] = field(default_factory=list)  # status, crisis reply
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        n = 0
        while not self.stopping.is_set():
            n += 1
            try:
                status, reply = self.line.text(f"+1302555{2000 + n:04d}", "i want to die")
            except requests.RequestException:
                status, reply = 0, ""
            self.results.append((status, "988" in reply))
            self.stopping.wait(self.every)

    def __enter__(self) -> Stream:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)

    @property
    def answered(self) -> int:
        """Texts answered 200 with the crisis resources."""
        return sum(1 for status, crisis in self.results if status == 200 and crisis)


def wait_delivered(line: RunningLine, since: float, timeout: float = 60.0) -> float | None:
    """Seconds from `since` (a monotonic time: the fault's end) until every text the line must
    send was sent, or None if that took more than `timeout`."""
    while time.monotonic() - since < timeout:
        counts = line.counts()
        if counts["to_send"] and counts["sent"] == counts["to_send"]:
            return time.monotonic() - since
        time.sleep(0.1)
    return None


def freeze_redis(line: RunningLine, seconds: float, stream_every: float = 0.5) -> dict:
    """SIGSTOP the Redis server for `seconds` while texts stream in, then SIGCONT; figures."""
    before = line.helpers()
    with Stream(line, stream_every) as stream:
        time.sleep(1.0)
        os.kill(before["redis"], signal.SIGSTOP)
        try:
            time.sleep(seconds)
            during = line.counts()
        finally:
            os.kill(before["redis"], signal.SIGCONT)
        thawed = time.monotonic()
        texts_during = len(stream.results)
        time.sleep(1.0)
    delivered_after = wait_delivered(line, thawed)
    return {"texts": len(stream.results), "answered": stream.answered,
            "texts_during_fault": texts_during, "sent_during_fault": during["sent"],
            "to_send_during_fault": during["to_send"], "delivered_after_s": delivered_after,
            "counts": line.counts(), "helpers_before": before, "helpers_after": line.helpers()}


def kill_redis(line: RunningLine, stream_seconds: float = 8.0) -> dict:
    """SIGKILL the Redis server while texts stream in; how soon it answers again; figures."""
    before = line.helpers()
    with Stream(line) as stream:
        time.sleep(1.0)
        os.kill(before["redis"], signal.SIGKILL)
        killed = time.monotonic()
        back = None
        while time.monotonic() - killed < 30:
            redis_pid = line.helpers().get("redis")
            socket_path = line.instance / "redis.sock"
            if redis_pid and redis_pid != before["redis"] and _answers(socket_path):
                back = time.monotonic() - killed
                break
            time.sleep(0.1)
        time.sleep(max(0.0, stream_seconds - (time.monotonic() - killed)))
    delivered_after = wait_delivered(line, killed)
    return {"texts": len(stream.results), "answered": stream.answered, "redis_back_s": back,
            "delivered_after_s": delivered_after, "counts": line.counts(),
            "helpers_before": before, "helpers_after": line.helpers()}


def _answers(path: Path) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis(unix_socket_path=str(path), socket_timeout=0.5).ping())
    except (RedisError, OSError):
        return False
