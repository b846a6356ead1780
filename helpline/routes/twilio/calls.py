"""Twilio voice webhooks for reaching a peer: the queue, each volunteer's leg, call status."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, request

from helpline import outbox, params
from helpline.calls import flow, ringing
from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.twilio.voice import never_fails
from helpline.signatures import twilio_signed

log = logging.getLogger(__name__)
bp = Blueprint("calls", __name__, url_prefix="/twilio/voice")


def _leg_id() -> int:
    return params.record_id(request.args.get("leg")) or 0


def _committed(answer: str) -> str:
    get_session().commit()
    return answer


@bp.post("/talk")
@twilio_signed
@never_fails
def talk() -> str:
    """The caller chose to talk to a peer."""
    return _committed(flow.talk(get_session(), request.form.get("CallSid", ""),
                                     request.form.get("From", ""), line(), utcnow()))


@bp.post("/queue/wait")
@twilio_signed
@never_fails
def wait() -> str:
    """What the caller hears while waiting (Twilio asks again when it has played)."""
    seconds = params.seconds(request.form.get("QueueTime"))
    return flow.wait(get_session(), request.form.get("CallSid", ""), seconds, line(),
                          current_app.config["CALL_MAX_WAIT_SECONDS"])


@bp.post("/queue/done")
@twilio_signed
@never_fails
def queue_done() -> str:
    """The caller left the queue: bridged, hung up, or nobody answered in time."""
    return _committed(flow.after_queue(get_session(), request.form.get("CallSid", ""),
                                            request.form.get("QueueResult", ""), line(),
                                            utcnow()))


@bp.post("/forward/done")
@twilio_signed
@never_fails
def forward_done() -> str:
    """The <Dial> to the line's fallback number ended."""
    return _committed(flow.forward_done(
        get_session(), _leg_id(), request.form.get("DialCallStatus", ""),
        request.form.get("DialCallSid", "")[:64],
        params.seconds(request.form.get("DialCallDuration")),
        request.form.get("CallStatus", ""), line(), utcnow()))


@bp.post("/screen")
@twilio_signed
@never_fails
def screen() -> str:
    """A volunteer's phone was answered (by them, or by their voicemail)."""
    leg = _leg_id()
    return _committed(flow.screen(get_session(), leg, request.form.get("AnsweredBy"),
                                       line(), f"/twilio/voice/accept?leg={leg}"))


@bp.post("/accept")
@twilio_signed
@never_fails
def accept() -> str:
    """The volunteer pressed a key on the screening prompt."""
    return _committed(flow.accept(get_session(), _leg_id(), request.form.get("Digits", ""),
                                       line(), utcnow()))


@bp.post("/leg-status")
@twilio_signed
def leg_status():
    """Status of a volunteer's leg; when a whole round missed, ring the next one."""
    session = get_session()
    leg = ringing.leg_progress(session, _leg_id(), request.form.get("CallStatus", ""), utcnow(),
                             request.form.get("AnsweredBy"))
    if leg is not None and ringing.round_over(leg.call, leg.round) and leg.call.status == "ringing":
        outbox.add(session, "ring_volunteers", {"call_id": leg.call_id, "round": leg.round + 1})
    session.commit()
    log.info("leg status leg=%s sid=%s status=%s", _leg_id(), request.form.get("CallSid", "-"),
             request.form.get("CallStatus"))
    return "", 204


@bp.post("/status")
@twilio_signed
def call_status():
    """Status of the caller's own call: settle its record when it ends."""
    session = get_session()
    call = ringing.find_call(session, request.form.get("CallSid", ""))
    if call is not None and request.form.get("CallStatus") in ringing.CALL_FINAL:
        ringing.call_ended(session, call, utcnow())
        session.commit()
    return "", 204
