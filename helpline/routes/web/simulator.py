"""/simulator: phones on one page — a texter, a caller with a keypad, each volunteer on duty —
driving the real signed webhooks, so coordinators can demo the line and rehearse volunteers.

It drives the line itself when the line runs on the sandbox, and the practice line while an
admin has training mode on (`routes/web/training.py`, `runtime/training_line.py`); on a live
line with training off it drives nothing. Either way nothing reaches Twilio: every text the
driven line sends is recorded and shown on the phone it was sent to."""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.orm import Session

from helpline import db
from helpline.cli import phones, simulator
from helpline.db import utcnow
from helpline.phones import parse_sender
from helpline.routes import close_session, line
from helpline.routes.web.access import EVERYONE, requires
from helpline.runtime import training_line
from helpline.settings import training as training_mode
from volunteers import rota

log = logging.getLogger(__name__)
bp = Blueprint("simulator", __name__)
TEXTER = "+13025550123"
CALL_KEY = "simulator_call"  # the simulated call in progress: its sid and where keys go


@bp.get("/simulator")
@requires(*EVERYONE)
def index():
    """The phones (or, with nothing to drive, why not and how to start training)."""
    training = _training()
    target = _target(training)
    if target is None:
        return render_template("simulator/off.html", training=training)
    texter = _number(request.args.get("texter")) or (training.texter if training else TEXTER)
    if training is not None:
        _beside(target, training_line.tend)
    with _reading(target) as db_session:
        on_duty = rota.on_duty(db_session, utcnow(), line().timezone)
        volunteers = [(v.display_name, v.phone, phones.screen(db_session, v.phone))
                      for v in on_duty]
        texter_screen = phones.screen(db_session, texter)
    return render_template("simulator/index.html", texter=texter, texter_screen=texter_screen,
                           volunteers=volunteers, call=session.get(CALL_KEY),
                           training=training, until=training and training.until.astimezone(
                               ZoneInfo(line().timezone)).strftime("%H:%M"))


@bp.post("/simulator/text")
@requires(*EVERYONE)
def text():
    """Text the line from one of the phones (the texter's or a volunteer's)."""
    target = _driven()
    sender, body = _number(request.form.get("from")), request.form.get("body", "")[:1600]
    if sender is None or not body.strip():
        flash("Write a text, from a phone number.")
        return _back()
    form = simulator.text_form(sender, body, target.config["HELPLINE_NUMBER"])
    _beside(target, lambda app: simulator.in_process(app, form))
    log.info("simulator text sid=%s", form["MessageSid"])
    return _back()


@bp.post("/simulator/call")
@requires(*EVERYONE)
def call():
    """Call the line as the texter's number, or press a key on the call in progress."""
    target = _driven()
    if request.form.get("hang_up"):
        session.pop(CALL_KEY, None)
        return _back()
    now = session.get(CALL_KEY)
    digits = "".join(c for c in request.form.get("digits", "") if c in "0123456789*#")[:10]
    if now is None or request.form.get("start"):
        caller = _number(request.form.get("from")) or TEXTER
        now = {"sid": "CA" + secrets.token_hex(16), "from": caller, "url": "/twilio/voice"}
        fields = {}
    else:
        fields = {"Digits": digits} if digits else {}
    form = simulator.voice_form(now["sid"], now["from"], target.config["HELPLINE_NUMBER"],
                                **fields)
    status, twiml = _beside(target, lambda app: simulator.post_voice(app, now["url"], form))
    session[CALL_KEY] = _heard(now, status, twiml)
    return _back()


def _heard(now: dict, status: int, twiml: str) -> dict | None:
    """The call after this answer: what the caller heard, and where the next keys go."""
    heard, action = [], None
    for verb in simulator.verbs(twiml):
        for part in [verb, *verb.iter()]:
            if part.tag == "Say" and part.text:
                heard.append(part.text)
            elif part.tag == "Play":
                heard.append("(a recording plays)")
            elif part.tag in ("Enqueue", "Dial"):
                heard.append("(the caller waits while the line rings volunteers)")
        if verb.tag == "Gather":
            action = verb.get("action")
    if status != 200:
        heard.append(f"(the line answered {status})")
    return {**now, "heard": heard[-6:], "url": action or now["url"], "keys": action is not None}


def _training() -> training_mode.Training | None:
    return training_mode.current(current_app.config.get(training_mode.CONFIG_KEY), utcnow())


def _driven() -> Flask:
    """The line a phone's text or call goes to; a 404 page when there is none."""
    target = _target(_training())
    if target is None:
        abort(make_response(render_template("simulator/off.html", training=None), 404))
    return target


def _target(training: training_mode.Training | None) -> Flask | None:
    """The line the simulator drives: the practice line while training is on, the line itself
    on the sandbox, else none (a live line's texts would reach real phones)."""
    live = current_app._get_current_object()
    if training is not None:
        try:
            return training_line.app_for(live, training)
        except training_line.NotHere:
            log.warning("practice line not on this host training=%s", training.id)
            return None
    return live if live.config["TWILIO_SANDBOX"] else None


@contextmanager
def _reading(app: Flask) -> Iterator[Session]:
    """A session on the driven line's database (the practice line's has its own)."""
    close_session()
    with app.app_context():
        reading = db.current().sessions()
        try:
            yield reading
        finally:
            reading.close()


def _beside(app: Flask, work):
    """Run a webhook (and the work it queues) on the driven line in a thread of its own, as a
    server would: its request must not share this one's database session."""
    result = []
    close_session()  # this request's reads must not hold SQLite's lock while the webhook writes

    def run():
        from helpline.runtime import relay

        with app.app_context():
            result.append(work(app))
            relay.run_inline()

    thread = threading.Thread(target=run, name="simulator")
    thread.start()
    thread.join(timeout=30)
    return result[0] if result else (504, "")


def _number(raw: str | None) -> str | None:
    if not raw:
        return None
    sender = parse_sender(raw.strip()[:40], line().region)
    return sender.address if sender.kind == "phone" else None


def _back():
    return redirect(url_for("simulator.index", texter=request.form.get("texter") or None)
                    + "#" + request.form.get("anchor", "texter"))
