"""The Procfile, proven: its own lines (release, then two web processes behind one
PUBLIC_BASE_URL, two workers and the clock) on PostgreSQL and a real Redis-protocol server,
talking to the Twilio stub, with production settings. Through signed webhooks only: a text, a
conversation claimed across the two web processes, a call answered by the second of two
volunteers, a scheduled check-in; then a worker SIGKILLed in the middle of a send (the text goes
out exactly once), and the database stopped for 20 s (calls hear the fallback, texts get a safe
reply, /healthz says 503, and everything carries on by itself once it is back).

Slow (a minute and a half), so it is `make test-production`, which .ci/run runs after
`make test`; tests/conftest.py leaves it out of the suite otherwise."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import db
from helpline.calls.models import Call, CallLeg
from helpline.cli import simulator
from helpline.db import utcnow
from helpline.models import OutboundMessage, OutboxItem
from tests.conftest import HELPLINE_NUMBER, PUBLIC_BASE_URL
from tests.line_faults import ROOT, free_port
from tests.postgres_server import TemporaryPostgres
from tests.test_queue import RedisProcess
from tests.test_send_kill import wait
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, STUB_PHONE_NUMBER, TwilioStub
from tests.webhooks import new_sid
from volunteers.models import Shift, Volunteer

ZONE = "America/New_York"
TEXTER = "+13025550143"
ANA, BO = "+13025550161", "+13025550162"


def procfile() -> dict[str, str]:
    """The Procfile's lines, by process type."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


class Line:
    """The Procfile's processes, each in a process group of its own, logging to a file."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env, self.lines = folder, env, procfile()
        self.processes: dict[str, subprocess.Popen] = {}
        self.webs: list[str] = []

    def run(self, kind: str, name: str, **env: str) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen(["bash", "-c", self.lines[kind]], cwd=ROOT,
                                   env={**self.env, **env}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = process
        return process

    def start(self) -> None:
        assert self.run("release", "release").wait(timeout=120) == 0, self.log("release")
        for n in (1, 2):
            port = free_port()
            self.run("web", f"web{n}", PORT=str(port), WEB_CONCURRENCY="1")
            self.webs.append(f"http://127.0.0.1:{port}")
            self.run("worker", f"worker{n}")
        self.run("clock", "clock")
        for web in self.webs:
            wait(lambda web=web: _answers(web), 60, f"{web} answers")

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def alive(self) -> set[str]:
        return {name for name, p in self.processes.items() if p.poll() is None}

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text()[-4000:]

    def text(self, web: int, sender: str, body: str) -> requests.Response:
        form = simulator.text_form(sender, body, HELPLINE_NUMBER)
        return simulator.post_signed(self.webs[web], "/twilio/sms", form, STUB_AUTH_TOKEN,
                                     signed_base=PUBLIC_BASE_URL)

    def voice(self, web: int, path: str, form: dict) -> requests.Response:
        return simulator.post_signed(self.webs[web], path, form, STUB_AUTH_TOKEN,
                                     signed_base=PUBLIC_BASE_URL)


def _answers(web: str) -> bool:
    try:
        return requests.get(web + "/healthz", timeout=2).status_code in (200, 503)
    except requests.RequestException:
        return False


def texts_to(stub: TwilioStub, phone: str) -> list[str]:
    return [m["Body"] for m in list(stub.messages) if m["To"] == phone]


def quiet_hours_away() -> str:
    """Quiet hours that do not hold now, so a check-in due now may go out."""
    hour = datetime.now(ZoneInfo(ZONE)).hour
    return f"{(hour + 6) % 24}-{(hour + 7) % 24}"


@pytest.fixture(scope="module")
def postgres():
    server = TemporaryPostgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def line(postgres, twilio_stub_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("procfile")
    redis = RedisProcess(folder / "redis")
    redis.workdir.mkdir()
    redis.start()
    twilio_stub_server.reset()
    twilio_stub_server.add_number(STUB_PHONE_NUMBER)
    database_url = postgres.create_database("production")
    unset = ("DATABASE_URL", "REDIS_URL", "TWILIO_", "PUBLIC_BASE_URL", "HELPLINE_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
    env.update(
        PATH=f"{ROOT / '.venv' / 'bin'}:{env.get('PATH', '')}", PYTHONPATH=str(ROOT),
        HELPLINE_INSTANCE_DIR=str(folder / "instance"), DATABASE_URL=database_url,
        REDIS_URL=redis.url, SECRET_KEY="p" * 64, TWILIO_ACCOUNT_SID=STUB_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=STUB_AUTH_TOKEN, TWILIO_API_BASE_URL=twilio_stub_server.base_url,
        HELPLINE_NUMBER=HELPLINE_NUMBER, PUBLIC_BASE_URL=PUBLIC_BASE_URL,
        HELPLINE_TIMEZONE=ZONE, QUIET_HOURS=quiet_hours_away(), OUTBOX_POLL_SECONDS="0.1",
        OUTBOX_SWEEP_SECONDS="3", TWILIO_HTTP_TIMEOUT="8", HEALTH_TOKEN="h" * 40)
    running = Line(folder, env)
    running.database_url = database_url
    try:
        running.start()
        engine = db.make_engine(database_url)
        with Session(engine) as session:
            for name, phone in (("Ana", ANA), ("Bo", BO)):
                volunteer = Volunteer(display_name=name, phone=phone, languages="en")
                volunteer.shifts = [Shift(weekday=d, starts=clock(0), ends=clock(0))
                                    for d in range(7)]
                session.add(volunteer)
            session.commit()
        running.engine = engine
        yield running
    except BaseException:
        for name in running.processes:
            print(f"--- {name}\n{running.log(name)}")
        raise
    finally:
        running.stop()
        redis.stop()


def test_a_conversation_is_claimed_and_relayed_across_the_two_web_processes(line,
                                                                           twilio_stub_server):
    stub = twilio_stub_server
    first = line.text(0, TEXTER, "can I talk to someone please")
    assert first.status_code == 200 and "<Message>" in first.text
    offer = wait(lambda: [b for b in texts_to(stub, ANA) if "CLAIM" in b], 30,
                 "the workers text the offer")[0]
    code = re.search(r"CLAIM (\w+)", offer).group(1)
    assert TEXTER not in offer
    claimed = line.text(1, ANA, f"CLAIM {code}")  # the other web process
    assert claimed.status_code == 200
    wait(lambda: any("Ana" in b for b in texts_to(stub, TEXTER)), 30,
         "the texter hears who has them")
    line.text(0, TEXTER, "rough night, thanks for answering")
    wait(lambda: any("rough night" in b for b in texts_to(stub, ANA)), 30,
         "the texter's words reach Ana")
    line.text(1, ANA, "DONE")
    wait(lambda: any("check-in" in b.lower() or "check in" in b.lower()
                     for b in texts_to(stub, TEXTER)), 30, "the check-in question")
    assert all(m["From"] == HELPLINE_NUMBER for m in stub.messages)


def test_a_scheduled_check_in_goes_out_when_it_is_due(line, twilio_stub_server):
    line.text(0, TEXTER, "YES")

    def scheduled() -> list[int]:
        with Session(line.engine) as session:
            return list(session.scalars(select(OutboundMessage.id).where(
                OutboundMessage.purpose == "checkin", OutboundMessage.status == "pending")))

    ids = wait(scheduled, 30, "check-ins scheduled after YES")
    with Session(line.engine) as session:  # the day passes
        for item in session.scalars(select(OutboxItem).where(OutboxItem.job == "send_text")):
            if item.payload.get("outbound_id") in ids:
                item.run_at = utcnow() - timedelta(seconds=1)
        session.commit()
    wait(lambda: len([m for m in twilio_stub_server.messages if m["To"] == TEXTER
                      and m["sid"] and m["Body"]]) and _sent(line, ids[0]), 30,
         "the first check-in sent")


def _sent(line, outbound_id: int) -> bool:
    with Session(line.engine) as session:
        return session.get(OutboundMessage, outbound_id).provider_sid is not None


def test_a_call_is_answered_by_the_second_of_two_volunteers(line, twilio_stub_server):
    stub, sid = twilio_stub_server, new_sid("CA")

    def step(web: int, path: str, **fields) -> str:
        form = simulator.voice_form(sid, "+13025550177", HELPLINE_NUMBER, **fields)
        answer = line.voice(web, path, form)
        assert answer.status_code == 200, answer.text
        return answer.text

    assert "<Gather" in step(0, "/twilio/voice")
    step(1, "/twilio/voice/menu?try=1", Digits="1")
    assert "<Enqueue" in step(0, "/twilio/voice/talk")
    legs = wait(lambda: [c for c in list(stub.calls) if c["To"] in (ANA, BO)][:2]
                if len([c for c in stub.calls if c["To"] in (ANA, BO)]) >= 2 else None,
                30, "both volunteers rung")
    assert {c["To"] for c in legs} == {ANA, BO} and all(c["Timeout"] == "25" for c in legs)
    bo = next(c for c in legs if c["To"] == BO)
    leg = re.search(r"leg=(\d+)", bo["Url"]).group(1)

    def leg_step(web: int, path: str, **fields) -> str:
        form = simulator.voice_form(bo["sid"], HELPLINE_NUMBER, BO, **fields)
        return line.voice(web, path, form).text

    assert "Press 1" in leg_step(1, f"/twilio/voice/screen?leg={leg}", AnsweredBy="human")
    assert "<Queue>" in leg_step(0, f"/twilio/voice/accept?leg={leg}", Digits="1")
    ana = next(c for c in legs if c["To"] == ANA)
    wait(lambda: any(u["sid"] == ana["sid"] for u in list(stub.call_updates)), 30,
         "Ana's phone stops ringing")
    with Session(line.engine) as session:
        call = session.scalar(select(Call).where(Call.call_sid == sid))
        answered = session.get(CallLeg, int(leg))
        assert answered.volunteer_id == call.answered_by_id
        assert session.get(Volunteer, call.answered_by_id).phone == BO


def _mid_send(line, name: str, since: int) -> bool:
    """Whether this worker started sending a text since its log was `since` long and has not
    finished with it."""
    said = (line.folder / f"{name}.log").read_text()[since:]
    started = set(re.findall(r"sending text outbound=(\d+)", said))
    ended = set(re.findall(r"(?:text sent|send failed) outbound=(\d+)", said))
    return bool(started - ended)


def test_a_worker_killed_in_the_middle_of_a_send_sends_the_text_exactly_once(
        line, twilio_stub_server):
    stub, since = twilio_stub_server, utcnow()
    seen = len(stub.messages)
    logs = {name: len((line.folder / f"{name}.log").read_text()) for name in ("worker1",
                                                                              "worker2")}
    stub.delay_next(5, path_contains="/Messages.json")
    line.text(0, "+13025550188", "is anyone there? I need to talk to someone")
    sending = wait(lambda: next((name for name in logs if _mid_send(line, name, logs[name])),
                                None), 30, "a worker in the middle of sending")
    line.kill(sending)

    def all_sent() -> list[OutboundMessage] | None:
        with Session(line.engine) as session:
            texts = session.scalars(select(OutboundMessage).where(
                OutboundMessage.created_at >= since)).all()
        return texts if texts and all(t.provider_sid for t in texts) else None

    # The text the dead worker was sending is handed back by the sweep; its run finds the claim
    # held, and is retried by rq's scheduler, which the worker left takes over within ~75 s if
    # the dead one held it (runtime/worker.py); then it is found at Twilio, not sent again.
    texts = wait(all_sent, 150, "every text settled by the worker left")
    time.sleep(4)  # a sweep more: nothing goes out a second time
    at_twilio = list(stub.messages)[seen:]
    assert sorted(m["sid"] for m in at_twilio) == sorted(t.provider_sid for t in texts)
    line.run("worker", sending)  # the platform restarts it


def test_with_the_database_stopped_for_20_s_callers_and_texters_get_the_fallback(
        line, postgres, twilio_stub_server):
    token = {"Authorization": "Bearer " + "h" * 40}
    postgres.pause()
    try:
        started = time.monotonic()
        while time.monotonic() - started < 20:
            text = line.text(0, "+13025550199", "HELP")
            assert text.status_code == 200 and "988" in text.text
            form = simulator.voice_form(new_sid("CA"), "+13025550199", HELPLINE_NUMBER)
            call = line.voice(1, "/twilio/voice", form)
            assert call.status_code == 200 and "988" in call.text
            health = requests.get(line.webs[0] + "/healthz", headers=token, timeout=10)
            assert health.status_code == 503
            time.sleep(2)
    finally:
        postgres.resume()
    wait(lambda: requests.get(line.webs[1] + "/healthz", timeout=5).status_code == 200, 60,
         "/healthz 200 again")
    assert line.alive() >= {"web1", "web2", "worker1", "worker2", "clock"}
    before = len(texts_to(twilio_stub_server, ANA))
    line.text(1, "+13025550199", "please can I talk to someone")
    wait(lambda: len(texts_to(twilio_stub_server, ANA)) > before, 30,
         "offers go out again after the outage")
