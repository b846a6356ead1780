"""Benchmark: the inbound text and call webhooks under load, beside two reference apps, each
under the Procfile's gunicorn settings (`--workers 2 --threads 4 -c
python:helpline.runtime.gunicorn_conf`) on PostgreSQL with fsync on, reached through its unix
socket, driven by wrk in another process.

- bare: a Flask route answering constant TwiML (`bench/load_apps.py`);
- floor: the durable floor: the helpline's signature check, one `INSERT … ON CONFLICT DO
  NOTHING`, one commit (`bench/load_apps.py`);
- helpline: `helpline:create_app()` as the Procfile starts it (production settings), on a
  migrated database with the demo rota (volunteers on duty): texts, and calls' first answer.

Every request is correctly signed and carries a MessageSid (or CallSid) never sent before.
bare and floor get HELP; the helpline is measured three times: HELP and "hello" in turn, each
from a number never seen before (the texts `helpline.texts.quick` answers); MIX from SENDERS
numbers (so after a first request for a person most texts go into an open conversation); and
the first request of calls from numbers never seen before (`helpline.calls.quick`). Each app
gets a warm-up, then LOAD_SECONDS (10) at 16 connections and at 2; the apps take LOAD_ROUNDS
(2) turns and each app's best run counts (the machine is shared: the floor alone went from 904
to 1,549 req/s between two runs minutes apart). Any answer that is not a 2xx fails the run.
Prints the table with the ratios to the floor and writes it, with the machine, to
bench/RESULTS.md.

    .venv/bin/python bench/webhooks_load.py      # or: make bench (needs wrk: apt-get install wrk)
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpline import signatures  # noqa: E402

SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "2"))  # each app's best run counts
SENDERS = 1999  # prime to the mix's length: each sender sends every kind of text in turn
MIX = ["HELP", "MEETINGS 19958", "hello, is anyone there? I need to talk", "thank you",
       "what time is it"]
CALLS: list[str] = []  # not texts: the first request of a call
TOKEN = "load-" + "0" * 27
BASE = "https://helpline.example.org"
GUNICORN = ["--workers", "2", "--threads", "4", "-c", "python:helpline.runtime.gunicorn_conf"]
LUA = r"""
local count = 0
function setup(thread)
  thread:set("id", count)
  count = count + 1
end
function init(args)
  lines = {}
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  step = tonumber(args[2])
  path = args[3]
  i = id + 1
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
end
function request()
  local line = lines[i]
  if line == nil then
    print("out of prepared requests", #lines, i, step)
    os.exit(3)
  end
  i = i + step
  local tab = line:find("\t", 1, true)
  headers["X-Twilio-Signature"] = line:sub(tab + 1)
  return wrk.format("POST", path, headers, line:sub(1, tab - 1))
end
"""


def prepared(folder: Path, name: str, count: int, start: int, mix: list[str],
             new_senders: bool) -> Path:
    """`count` signed inbound texts, MessageSids from `start`, one per line: body TAB sig.
    Each from a number never seen before (`new_senders`), or from one of SENDERS numbers.
    `mix == CALLS`: calls instead (the voice webhook's first request, a CallSid each)."""
    path = folder / f"{name}.txt"
    with path.open("w") as out:
        for n in range(start, start + count):
            sender = f"+1302{200 + n // 10_000 % 700:03d}{n % 10_000:04d}" if new_senders \
                else f"+1302555{n % SENDERS:04d}"
            if mix is CALLS:
                form = {"CallSid": f"CA{n:032x}", "AccountSid": "AC" + "0" * 32,
                        "From": sender, "To": "+13025550100", "CallStatus": "ringing",
                        "Direction": "inbound"}
            else:
                form = {"MessageSid": f"SM{n:032x}", "AccountSid": "AC" + "0" * 32,
                        "From": sender, "To": "+13025550100", "Body": mix[n % len(mix)],
                        "NumMedia": "0"}
            signature = signatures.sign(BASE + webhook(mix), form, TOKEN)
            out.write(urlencode(form) + "\t" + signature + "\n")
    return path


def webhook(mix: list[str]) -> str:
    return "/twilio/voice" if mix is CALLS else "/twilio/sms"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app: str, env: dict, cwd: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{port}", *GUNICORN, app],
        cwd=cwd, env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(1.0)  # both workers up
            return process, port
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{app} did not start:\n{log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    raise SystemExit(f"{app} did not start in 60 s")


def wrk(port: int, requests: Path, connections: int, seconds: int, script: Path,
        path: str) -> dict:
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
         "-s", str(script), f"http://127.0.0.1:{port}", "--", str(requests), str(threads),
         path],
        capture_output=True, text=True, check=False).stdout
    if "out of prepared requests" in out:
        raise SystemExit(f"wrk ran out of prepared requests ({requests.name}):\n{out[-500:]}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise SystemExit(f"{bad.group(1)} answers were not 2xx:\n{out}")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
            "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
            "count": int(re.search(r"(\d+) requests in", out).group(1))}


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def measure(name: str, app: str, env: dict, cwd: Path, folder: Path, script: Path,
            budget: int, sid: int, mix: list[str], new_senders: bool) -> dict:
    process, port = serve(app, env, cwd, folder / f"{sid}.log")
    try:
        texts = {"mix": mix, "new_senders": new_senders}
        # Warm: the ZIP data, the crisis model and the meeting index load in the background.
        path = webhook(mix)
        wrk(port, prepared(folder, f"{sid}-warm", budget * 5, sid, **texts), 4, 5, script, path)
        many = prepared(folder, f"{sid}-16", budget * SECONDS, sid + 10**6, **texts)
        sixteen = wrk(port, many, 16, SECONDS, script, path)
        few = prepared(folder, f"{sid}-2", budget * SECONDS // 2, sid + 10**7, **texts)
        two = wrk(port, few, 2, SECONDS, script, path)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"16": sixteen, "2": two}


def helpline_database(server) -> str:
    from helpline import create_app, db, migrate

    url = server.socket_url(server.create_database("helpline"))
    migrate.upgrade(url)
    create_app({"DATABASE_URL": url, "TWILIO_SANDBOX": True, "SECRET_KEY": "load"})
    with db.job_session() as session:
        from helpline.cli.demo import seed

        seed(session)
    db.current().dispose()
    return url


def machine(server) -> str:
    import psycopg

    with psycopg.connect(host=str(server.dir), port=server.port, user="helpline",
                         dbname="postgres") as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
        fsync = connection.execute("SHOW fsync").fetchone()[0]
        synchronous = connection.execute("SHOW synchronous_commit").fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    return (f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
            f"PostgreSQL {version} on a unix socket (fsync={fsync}, "
            f"synchronous_commit={synchronous}), wrk {wrk_version}, {SECONDS} s per run")


def table(results: dict) -> str:
    floor = results["floor"]
    lines = ["| app | req/s at 16 connections | p50 / p99 at 16 | p50 at 2 connections "
             "| req/s vs the floor | p99 vs the floor |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['16']['rps']:,.0f} | {r['16']['p50']:.1f} / {r['16']['p99']:.1f} ms"
            f" | {r['2']['p50']:.2f} ms | {r['16']['rps'] / floor['16']['rps']:.2f} x"
            f" | {r['16']['p99'] / floor['16']['p99']:.2f} x |")
    return "\n".join(lines)


def main() -> None:
    if shutil.which("wrk") is None:
        print("(wrk not installed: apt-get install wrk, for the load figures)")
        return
    from tests.postgres_server import TemporaryPostgres, find_pg_bin

    if find_pg_bin() is None:
        print("(PostgreSQL not installed: run scripts/ensure-postgres for the load figures)")
        return
    server = TemporaryPostgres(durable=True).start()
    folder = Path(tempfile.mkdtemp(prefix="helpline-load-"))
    try:
        script = folder / "signed.lua"
        script.write_text(LUA)
        floor_url = server.socket_url(server.create_database("floor"))
        common = {"LOAD_TOKEN": TOKEN, "LOAD_BASE": BASE, "PYTHONPATH": str(ROOT)}
        helpline_env = {
            "HELPLINE_ENV": "production", "DATABASE_URL": helpline_database(server),
            "SECRET_KEY": "load-secret", "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "TWILIO_AUTH_TOKEN": TOKEN, "HELPLINE_NUMBER": "+13025550100",
            "PUBLIC_BASE_URL": BASE, "HELPLINE_INSTANCE_DIR": str(folder / "instance"),
            "REDIS_URL": "redis://127.0.0.1:1/0",  # never reached by a webhook
        }
        reference = {"mix": ["HELP"], "new_senders": False}
        apps = {
            "bare": ("load_apps:bare()", common, ROOT / "bench", 10_000, 0, reference),
            "floor": ("load_apps:floor()", {**common, "LOAD_DATABASE_URL": floor_url},
                      ROOT / "bench", 5000, 10**8, reference),
            "helpline: HELP and first texts": (
                "helpline:create_app()", helpline_env, ROOT, 5000, 2 * 10**8,
                {"mix": ["HELP", "hello"], "new_senders": True}),
            "helpline: the mix": ("helpline:create_app()", helpline_env, ROOT, 5000, 3 * 10**8,
                                  {"mix": MIX, "new_senders": False}),
            "helpline: first answer to a call": (
                "helpline:create_app()", helpline_env, ROOT, 5000, 4 * 10**8,
                {"mix": CALLS, "new_senders": True}),
        }
        runs: dict[str, list] = {name: [] for name in apps}
        for round_number in range(ROUNDS):  # in turn, so a noisy minute hits all of them
            for name, (app, env, cwd, budget, sid, texts) in apps.items():
                runs[name].append(measure(name, app, env, cwd, folder, script, budget,
                                          sid + round_number * 2 * 10**7, **texts))
        results = {name: max(found, key=lambda r: r["16"]["rps"])
                   for name, found in runs.items()}
        about = machine(server)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    report = table(results)
    print(f"inbound text webhooks under load ({about}):\n{report}")
    for name in [n for n in results if n.startswith("helpline")]:
        ratio = results[name]["16"]["rps"] / results["floor"]["16"]["rps"]
        print(f"{name}: {ratio:.2f} x the floor's throughput (goal >= 0.8), p99 "
              f"{results[name]['16']['p99']:.1f} ms at 16 connections (goal <= 50 ms)")
    record(f"`.venv/bin/python bench/webhooks_load.py` (also run by `make bench`) at "
           f"{_commit()}, {time.strftime('%Y-%m-%d %H:%M')}.\n\n{about}.\n\n{report}\n\n"
           "bare and floor answer HELP from 1,999 senders. *HELP and first texts*: HELP and "
           "hello in turn, each from a number never seen before. *The mix*: "
           f"{', '.join(repr(b) for b in MIX)} in turn from {SENDERS:,} senders, so after the "
           "first request for a person most texts are written into an open conversation. "
           "*First answer to a call*: the voice webhook's first request, each from a number "
           "never seen before (the greeting and menu).\n")


EARLIER = "\n## Earlier runs\n"


def record(latest: str) -> None:
    """Write the latest run to bench/RESULTS.md, moving the one before under Earlier runs."""
    path = ROOT / "bench" / "RESULTS.md"
    before = path.read_text() if path.exists() else ""
    title, _, rest = before.partition("\n\n")
    previous, _, earlier = rest.partition(EARLIER)
    runs = "\n".join(part.strip() + "\n" for part in (previous, earlier) if part.strip())
    path.write_text("# Webhooks under load\n\n" + latest
                    + (EARLIER + "\n" + runs if runs else ""))


def _commit() -> str:
    found = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    return f"`{found}`" if found else "this checkout"

if __name__ == "__main__":
    main()
