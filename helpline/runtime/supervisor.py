"""`make run`: the embedded Redis server, a worker and the web app, stopped together on Ctrl-C."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping

import requests

from helpline.config import instance_dir
from helpline.runtime import queues

PR_SET_PDEATHSIG = 1  # linux/prctl.h


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


def run(config: Mapping, port: int) -> None:
    """Start Redis (unless REDIS_URL is set), the worker and gunicorn; stop them all on Ctrl-C."""
    # Explicit handlers: a shell that started us in the background may have us ignore SIGINT.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    env = dict(os.environ, HELPLINE_ENV=config["HELPLINE_ENV"])
    children: list[subprocess.Popen] = []
    if not config["REDIS_URL"]:
        socket = queues.embedded_socket()
        children.append(_start(queues.server_command(socket, instance_dir(), persist=True), env))
        queues.wait_until_up(queues.connect({"REDIS_URL": f"unix://{socket}"}))
        env["REDIS_URL"] = f"unix://{socket}"
    python = sys.executable
    children.append(_start([python, "-m", "flask", "--app", "helpline", "worker"], env))
    children.append(_start([python, "-m", "rq.cli", "cron", "helpline.runtime.cron", "--url",
                            env.get("REDIS_URL") or config["REDIS_URL"], "-l", "warning"], env))
    children.append(_start([
        python, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        "--threads", "4", "--access-logfile", "-", "--no-control-socket", "--graceful-timeout", "5",
        "helpline:create_app()",
    ], env))
    try:
        if not _wait_healthy(f"http://127.0.0.1:{port}/healthz"):
            print("helpline did not become healthy within 60 seconds; see the log above.")
        else:
            print(_banner(config, port), flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("a helpline process stopped; shutting the rest down.")
    except KeyboardInterrupt:
        print("\nstopping helpline...")
    finally:
        _stop(children)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in reversed(children):
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in reversed(children):
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
