"""`make run`: the embedded Redis server, the worker, the clock and the web app. A helper that
stops is started again with backoff while the others keep serving; Ctrl-C stops them all."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

from helpline.config import instance_dir
from helpline.runtime import queues
from helpline.runtime.stopping import longer

PR_SET_PDEATHSIG = 1  # linux/prctl.h
STEADY_SECONDS = 60.0  # a helper that ran this long before stopping starts again at once


def _die_with(parent: int) -> Callable[[], None]:
    """For the child, before it runs: on Linux, be sent SIGTERM when this process dies, even by
    SIGKILL, so no worker or server is left running on its own (Ctrl-C stops them in order)."""
    prctl = ctypes.CDLL(None).prctl if sys.platform.startswith("linux") else None  # looked up
    # here: the child, between fork and exec, only calls it

    def arrange() -> None:
        if prctl is None:
            return
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before that took effect
            os.kill(os.getpid(), signal.SIGTERM)
    return arrange


def _start(command: list[str], env: Mapping[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, env=dict(env), start_new_session=True,
                            preexec_fn=_die_with(os.getpid()))


def _wait_healthy(url: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.25)
    return False


def _banner(config: Mapping, port: int) -> str:
    number = config["HELPLINE_NUMBER"]
    return f"""
  helpline is running on http://127.0.0.1:{port}  (health: /healthz)
  Mode: {"local sandbox: nothing is sent to Twilio" if config["TWILIO_SANDBOX"] else "Twilio"}

  Text the line from another terminal:
    .venv/bin/flask --app helpline sim text +13025550123 "HELP"
    .venv/bin/flask --app helpline sim text +13025550123 "hello"
  Coordinator page: http://127.0.0.1:{port}/login  (the demo login was printed above, once)
  The line's number is {number}. Ctrl-C stops everything.
"""


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


@dataclass
class Helper:
    """One process `make run` looks after, started again with backoff when it stops."""

    name: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = 1.0
    due_at: float = 0.0  # when to start it again, once it has stopped

    def start(self) -> None:
        """Start (or start again) the process."""
        self.process, self.started_at = _start(self.command, self.env), time.monotonic()

    def look_after(self, now: float) -> None:
        """Start it again if it stopped and its backoff has passed; the line keeps serving."""
        if self.process is None or self.process.poll() is None:
            return
        if not self.due_at:
            if now - self.started_at > STEADY_SECONDS:
                self.backoff = 1.0  # it had been running well: a fresh failure
            self.due_at = now + self.backoff
            print(f"helpline: the {self.name} stopped (exit {self.process.returncode}); "
                  f"starting it again in {self.backoff:.0f} s", flush=True)
            self.backoff = longer(self.backoff)
        elif now >= self.due_at:
            self.due_at = 0.0
            self.start()
            print(f"helpline: the {self.name} started again", flush=True)


def helpers(config: Mapping, port: int, env: dict[str, str]) -> list[Helper]:
    """Redis (unless REDIS_URL is set), the worker, the clock and gunicorn, in starting order."""
    python, found = sys.executable, []
    if not config["REDIS_URL"]:
        socket = queues.embedded_socket()
        found.append(Helper("Redis server", queues.server_command(socket, instance_dir(),
                                                                  persist=True), env))
        env["REDIS_URL"] = f"unix://{socket}"
    found.append(Helper("worker", [python, "-m", "flask", "--app", "helpline", "worker"], env))
    found.append(Helper("clock", [python, "-m", "flask", "--app", "helpline", "clock"], env))
    found.append(Helper("web server", [
        python, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        "--threads", "4", "--access-logfile", "-", "--no-control-socket", "--graceful-timeout", "5",
        "helpline:create_app()",
    ], env))
    return found


def run(config: Mapping, port: int) -> None:
    """Start Redis (unless REDIS_URL is set), the worker, the clock and gunicorn; start any that
    stops again, with backoff; stop them all on Ctrl-C."""
    # Explicit handlers: a shell that started us in the background may have us ignore SIGINT.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    env = dict(os.environ, HELPLINE_ENV=config["HELPLINE_ENV"])
    children = helpers(config, port, env)
    try:
        for helper in children:
            helper.start()
            if helper.name == "Redis server":
                queues.wait_until_up(queues.connect({"REDIS_URL": env["REDIS_URL"]}))
        if not _wait_healthy(f"http://127.0.0.1:{port}/healthz"):
            print("helpline did not become healthy within 60 seconds; see the log above.")
        else:
            print(_banner(config, port), flush=True)
        while True:
            for helper in children:
                helper.look_after(time.monotonic())
            time.sleep(0.2)
    except KeyboardInterrupt:
        print("\nstopping helpline...")
    finally:
        _stop([helper.process for helper in children if helper.process is not None])


def _stop(children: list[subprocess.Popen]) -> None:
    for child in reversed(children):
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in reversed(children):
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
