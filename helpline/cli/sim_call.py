"""`flask --app helpline sim call NUMBER`: walk a call through the real voice webhooks, in-process
against the sandbox, with simulated volunteers' phones, so a coordinator can rehearse it."""

from __future__ import annotations

import secrets
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from redis.exceptions import RedisError

from helpline.cli import simulator
from helpline.runtime import queues, relay

VOICE = "/twilio/voice"
CALL_STATUS = "/twilio/voice/status"  # the number's status callback, once Twilio is told of it
MAX_STEPS = 60  # webhooks per phone: a loop in the call flow must not hang the simulator
MAX_ROUNDS = 10  # ring rounds, and passes over the outbox (jobs that queue more jobs)
MESSAGE_SECONDS = 12
WORKER_RING_SECONDS = 5  # how long to look for a ring placed by a worker running beside us
Next = tuple[str, dict[str, str]] | None  # the next webhook of a call (URL, fields), or its end


@dataclass
class Phone:
    """One end of the simulation: who hears it, its call's fields, how it presses keys."""

    who: str
    sid: str
    from_: str
    to: str
    press: Callable[[], str]


@click.command("call")
@click.argument("caller")
@click.option("--keys", help="Keys for each prompt, comma-separated (1 or 2,19958); when they "
                             "run out, no key is pressed. Leave out to be asked at each prompt.")
@click.option("--volunteer-answers/--nobody-answers", default=True, show_default=True,
              help="Whether the first volunteer rung answers and presses 1.")
@with_appcontext
def sim_call(caller: str, keys: str | None, volunteer_answers: bool) -> None:
    """Call the line as CALLER (in-process, sandbox): print what is heard, press keys at each
    prompt, and answer (or not) as the volunteers rung."""
    app = current_app._get_current_object()
    if not app.config["TWILIO_SANDBOX"]:
        raise click.ClickException("sim call runs on the sandbox only: with Twilio configured "
                                   "it would ring real volunteers' phones.")
    CallSimulation(app, caller, keys, volunteer_answers).run()


class CallSimulation:
    """One simulated call: the caller's side, then each volunteer's phone it rings."""

    def __init__(self, app: Flask, caller: str, keys: str | None, volunteer_answers: bool):
        self.app, self.volunteer_answers = app, volunteer_answers
        self.keys = None if keys is None else [key.strip() for key in keys.split(",")]
        self.caller = Phone("caller", "CA" + secrets.token_hex(16), caller,
                            app.config["HELPLINE_NUMBER"], self._caller_presses)
        self.mark = simulator.last_record_id()
        self.bridged = False
        self.later: list[tuple[Phone, str, dict[str, str]]] = []  # callbacks after the call

    def run(self) -> None:
        """The whole call, the callbacks after it, the jobs it left, and the record it made."""
        click.echo(f"{self.caller.from_} calls {self.app.config['HELPLINE_NAME']} "
                   f"({self.caller.to}), simulated in-process")
        self.follow(self.caller, VOICE, {})
        click.echo("[the call ends]")
        for phone, url, fields in self.later:
            self.post(phone, url, **fields)
        self.post(self.caller, CALL_STATUS, CallStatus="completed")
        self.run_jobs()
        for to, body in simulator.texts_recorded_after(self.mark):
            click.echo(f"> text to {to}: {body}")
        click.echo(simulator.call_summary(self.caller.sid))

    def follow(self, phone: Phone, url: str, fields: dict[str, str]) -> None:
        """Fetch each TwiML document this phone's call is sent to, until the call ends."""
        for _ in range(MAX_STEPS):
            step = self.play(phone, self.post(phone, url, **fields), url)
            if step is None:
                return
            url, fields = step
        click.echo(f"[stopped: more than {MAX_STEPS} webhooks]")

    def play(self, phone: Phone, twiml: str, url: str) -> Next:
        """What the phone hears of one document; where its call goes next (None: it ends)."""
        for verb in simulator.verbs(twiml):
            if verb.tag == "Say":
                click.echo(f"{phone.who} hears: {verb.text}")
            elif verb.tag == "Play":
                click.echo(f"[{phone.who} hears a recording]")
            elif verb.tag == "Gather":
                for prompt in verb:
                    click.echo(f"{phone.who} hears: {prompt.text}" if prompt.tag == "Say"
                               else f"[{phone.who} hears a recording]")
                return verb.get("action") or url, {"Digits": phone.press()}
            elif verb.tag == "Redirect":
                return (verb.text or url).strip(), {}
            elif verb.tag == "Enqueue" and phone is self.caller:
                return self.wait_in_queue(verb)
            elif verb.tag == "Record":
                return self.record(verb, url)
            elif verb.tag == "Dial" and verb.find("Queue") is not None:
                click.echo("[connected to a volunteer]")
                self.bridged = True
            elif verb.tag == "Dial" and verb.find("Number") is not None:
                return self.forward(verb, url)
            elif verb.tag in ("Hangup", "Reject", "Leave"):
                return None
        return None  # the end of the document: Twilio hangs up

    def post(self, phone: Phone, url: str, **fields: str) -> str:
        """One signed webhook for this phone's call; its TwiML."""
        form = simulator.voice_form(phone.sid, phone.from_, phone.to, **fields)
        status, body = simulator.post_voice(self.app, url, form)
        if status >= 400:
            raise click.ClickException(f"{url} answered HTTP {status}")
        return body

    def _caller_presses(self) -> str:
        if self.keys is None:
            return click.prompt("caller presses (Enter for nothing)", default="",
                                show_default=False).strip()
        digits = self.keys.pop(0) if self.keys else ""
        click.echo(f"caller presses: {digits or '(nothing)'}")
        return digits

    def wait_in_queue(self, enqueue: ET.Element) -> Next:
        """The caller waits: volunteers are rung meanwhile; bridged, or out at the maximum."""
        click.echo("[waiting in queue]")
        wait_url, queue = enqueue.get("waitUrl"), {"QueueSid": "QU" + secrets.token_hex(16)}
        waited, left = self.hold(wait_url, 0, queue) if wait_url else (0, False)
        self.ring_volunteers()
        for _ in range(MAX_STEPS):
            if self.bridged or left or not wait_url:
                break
            waited, left = self.hold(wait_url, waited, queue)
        result = "bridged" if self.bridged else "leave"
        if not self.bridged:
            click.echo(f"[out of the queue after {waited} s]")
        action = enqueue.get("action")
        return (action, {**queue, "QueueResult": result, "QueueTime": str(waited)}) \
            if action else None

    def hold(self, wait_url: str, waited: int, queue: dict[str, str]) -> tuple[int, bool]:
        """One play of the wait URL at QueueTime `waited`: the time after it, and whether the
        answer took the caller out of the queue."""
        twiml = self.post(self.caller, wait_url, QueueTime=str(waited), QueuePosition="1",
                          CurrentQueueSize="1", **queue)
        pause = 0
        for verb in simulator.verbs(twiml):
            if verb.tag == "Say":
                click.echo(f"caller hears: {verb.text}")
            elif verb.tag == "Pause":
                pause += int(verb.get("length", "1"))
            elif verb.tag == "Leave":
                return waited, True
        return waited + max(pause, 1), False

    def ring_volunteers(self) -> None:
        """Run the jobs the call queued; simulate each phone they rang, round after round."""
        seen: set[str] = set()
        for round_number in range(MAX_ROUNDS):
            placed = self.new_rings(seen)
            if not placed:
                click.echo("[nobody else to ring]" if round_number else "[nobody to ring]")
                return
            names = [simulator.volunteer_name(call.to) for call in placed]
            click.echo(f"[ringing: {', '.join(names)}]")
            if self.volunteer_answers:
                self.answer(placed[0], names[0], placed[1:])
                return
            for call, name in zip(placed, names, strict=True):
                click.echo(f"[{name} does not answer]")
                self.leg_status(call, "no-answer")

    def new_rings(self, seen: set[str]) -> list[simulator.PlacedCall]:
        """The phones rung for this call and not simulated yet: by the jobs run here, or by a
        worker running beside the simulator (`make run`), which may take a moment to ring."""
        deadline = time.monotonic() + (WORKER_RING_SECONDS if self.worker_running() else 0)
        while True:
            self.run_jobs()
            placed = [call for call in simulator.calls_placed_after(self.mark)
                      if call.sid not in seen and "/twilio/voice/screen" in call.url]
            if placed or time.monotonic() >= deadline:
                seen.update(call.sid for call in placed)
                return placed
            time.sleep(0.1)

    def worker_running(self) -> bool:
        """Whether a worker beside the simulator takes jobs too (its heartbeat is fresh)."""
        try:
            return relay.last_beat(queues.connect(self.app.config, timeout=0.5)) is not None
        except (RedisError, OSError):
            return False

    def answer(self, call: simulator.PlacedCall, name: str,
               others: list[simulator.PlacedCall]) -> None:
        """The first volunteer picks up and presses 1; the other phones stop ringing."""
        def presses() -> str:
            click.echo(f"{name} presses: 1")
            return "1"

        phone = Phone(name, call.sid, self.caller.to, call.to, presses)
        self.follow(phone, call.url, {"AnsweredBy": "human", "Direction": "outbound-api"})
        if not self.bridged:
            return
        self.run_jobs()
        for other in others:
            self.leg_status(other, "canceled")
        if others:
            click.echo("[the other phones stop ringing]")
        if call.status_callback:
            self.later.append((phone, call.status_callback, {"CallStatus": "completed"}))

    def leg_status(self, call: simulator.PlacedCall, status: str) -> None:
        """Twilio's status callback for a volunteer's phone."""
        if call.status_callback:
            phone = Phone("", call.sid, self.caller.to, call.to, str)
            self.post(phone, call.status_callback, CallStatus=status)

    def forward(self, dial: ET.Element, url: str) -> Next:
        """The caller is put through to the line's fallback number, which answers (and talks
        for a minute) when volunteers are set to answer."""
        click.echo(f"[put through to the fallback number, caller ID {dial.get('callerId')}]")
        if self.volunteer_answers:
            click.echo("[the fallback number answers; they talk for 60 s]")
            fields = {"DialCallStatus": "completed", "DialCallDuration": "60"}
        else:
            click.echo("[the fallback number does not answer]")
            fields = {"DialCallStatus": "no-answer", "DialCallDuration": "0"}
        fields["DialCallSid"] = "CA" + secrets.token_hex(16)
        return (dial.get("action"), fields) if dial.get("action") else None

    def record(self, verb: ET.Element, url: str) -> Next:
        """The caller leaves a message; its transcription follows after the call."""
        sid = "RE" + secrets.token_hex(16)
        click.echo(f"[the caller leaves a {MESSAGE_SECONDS} s message after the beep]")
        recording = {"RecordingSid": sid, "RecordingDuration": str(MESSAGE_SECONDS),
                     "RecordingUrl": f"https://api.twilio.com/2010-04-01/Recordings/{sid}"}
        if verb.get("transcribeCallback"):
            self.later.append((self.caller, verb.get("transcribeCallback"), {
                **recording, "TranscriptionStatus": "completed",
                "TranscriptionText": "This is a simulated message."}))
        return verb.get("action") or url, {**recording, "Digits": "#"}

    def run_jobs(self) -> None:
        """Run the due outbox items here, as the worker would, and those they queue."""
        try:
            for _ in range(MAX_ROUNDS):
                if not relay.run_inline():
                    return
        except Exception as error:  # a rehearsal shows a failing job and goes on
            click.echo(f"[a job failed: {type(error).__name__}: {error}]", err=True)
