"""/simulator: phones on one page — a texter, a caller with a keypad, each volunteer on duty —
driving the real signed webhooks of this line, so coordinators can demo the line and rehearse
volunteers. Only on the sandbox: nothing reaches Twilio, every text the line sends is recorded
and shown on the phone it was sent to."""

from __future__ import annotations

import logging
import secrets
import threading

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from helpline.cli import phones, simulator
from helpline.db import utcnow
from helpline.phones import parse_sender
from helpline.routes import close_session, get_session, line
from helpline.routes.web.access import EVERYONE, requires
from volunteers import rota

log = logging.getLogger(__name__)
bp = Blueprint("simulator", __name__)
TEXTER = "+13025550123"
CALL_KEY = "simulator_call"  # the simulated call in progress: its sid and where keys go


@bp.get("/simulator")
@requires(*EVERYONE)
def index():
    """The phones."""
    if not current_app.config["TWILIO_SANDBOX"]:
        return render_template("simulator/off.html"), 404
    db, zone = get_session(), line().timezone
    texter = _number(request.args.get("texter")) or TEXTER
    on_duty = rota.on_duty(db, utcnow(), zone)
    volunteers = [(v.display_name, v.phone, phones.screen(db, v.phone)) for v in on_duty]
    return render_template("simulator/index.html", texter=texter,
                           texter_screen=phones.screen(db, texter), volunteers=volunteers,
                           call=session.get(CALL_KEY))


@bp.post("/simulator/text")
@requires(*EVERYONE)
def text():
    """Text the line from one of the phones (the texter's or a volunteer's)."""
    if not current_app.config["TWILIO_SANDBOX"]:
        return render_template("simulator/off.html"), 404
    sender, body = _number(request.form.get("from")), request.form.get("body", "")[:1600]
    if sender is None or not body.strip():
        flash("Write a text, from a phone number.")
        return _back()
    form = simulator.text_form(sender, body, current_app.config["HELPLINE_NUMBER"])
    _beside(lambda app: simulator.in_process(app, form))
    log.info("simulator text sid=%s", form["MessageSid"])
    return _back()


@bp.post("/simulator/call")
@requires(*EVERYONE)
def call():
    """Call the line as the texter's number, or press a key on the call in progress."""
    if not current_app.config["TWILIO_SANDBOX"]:
        return render_template("simulator/off.html"), 404
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
    form = simulator.voice_form(now["sid"], now["from"], current_app.config["HELPLINE_NUMBER"],
                                **fields)
    status, twiml = _beside(lambda app: simulator.post_voice(app, now["url"], form))
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


def _beside(work):
    """Run a webhook (and the work it queues) in a thread of its own, as a server would: its
    request must not share this one's database session."""
    app, result = current_app._get_current_object(), []
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
