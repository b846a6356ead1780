"""Voicemail and call-back webhooks (signed, never failing the caller), and the recording's
audio for signed-in coordinators."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_file

from helpline import params, telephony
from helpline.calls import callbacks, voicemail
from helpline.calls.models import Voicemail
from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.twilio.voice import never_fails
from helpline.routes.web.access import COORDINATOR, requires
from helpline.signatures import twilio_signed

log = logging.getLogger(__name__)
bp = Blueprint("voicemail", __name__)
VOICE = voicemail.PATH


def _form(name: str) -> str:
    return params.text(request.form.get(name), 2000)


def _callback_id() -> int:
    return params.record_id(request.args.get("callback")) or 0


def _committed(answer: str) -> str:
    get_session().commit()
    return answer


@bp.post(f"{VOICE}/choice")
@twilio_signed
@never_fails
def choice() -> str:
    """The caller who waited in vain pressed 1 (a message), 2 (information) or nothing."""
    return _committed(voicemail.choose(get_session(), _form("CallSid"), _form("Digits"), line()))


@bp.post(f"{VOICE}/recorded")
@twilio_signed
@never_fails
def recorded() -> str:
    """The <Record> action: the message is recorded."""
    log.info("voicemail recorded call_sid=%s recording=%s", _form("CallSid"),
             _form("RecordingSid"))
    return _committed(voicemail.recorded(
        get_session(), _form("CallSid"), _form("RecordingSid"), _form("RecordingUrl"),
        params.seconds(request.form.get("RecordingDuration")), line(), utcnow()))


@bp.post(f"{VOICE}/transcription")
@twilio_signed
def transcription():
    """Twilio's transcription of a voicemail (or word that it failed)."""
    session = get_session()
    new = voicemail.transcribed(session, _form("CallSid"), _form("RecordingSid"),
                                _form("RecordingUrl"), _form("TranscriptionText"),
                                _form("TranscriptionStatus"), utcnow())
    session.commit()
    log.info("voicemail transcription recording=%s status=%s new=%s", _form("RecordingSid"),
             _form("TranscriptionStatus"), new)
    return "", 204


@bp.post(f"{VOICE}/callback")
@twilio_signed
@never_fails
def callback() -> str:
    """After the message: the caller pressed 1 for a call-back, or nothing."""
    return _committed(voicemail.callback_choice(get_session(), _form("CallSid"), _form("Digits"),
                                                line(), utcnow()))


@bp.post(callbacks.BRIDGE)
@twilio_signed
@never_fails
def bridge() -> str:
    """The volunteer who claimed a call-back answered our call."""
    return _committed(callbacks.bridge(get_session(), _callback_id(), _form("CallSid"),
                                       request.form.get("AnsweredBy"), line(), utcnow()))


@bp.post(f"{callbacks.BRIDGE}/caller")
@twilio_signed
@never_fails
def bridge_caller() -> str:
    """The caller's phone answered the call-back (a person, or their voicemail)."""
    return _committed(callbacks.caller_answered(get_session(), _callback_id(),
                                                request.form.get("AnsweredBy")))


@bp.post(f"{callbacks.BRIDGE}/done")
@twilio_signed
@never_fails
def bridge_done() -> str:
    """The <Dial> to the caller ended."""
    return _committed(callbacks.bridge_done(get_session(), _callback_id(),
                                            _form("DialCallStatus"), line(), utcnow()))


@bp.post(f"{callbacks.BRIDGE}-status")
@twilio_signed
def bridge_status():
    """Status of the call to the volunteer; a miss opens the call-back again."""
    session = get_session()
    if _form("CallStatus") in callbacks.LEG_MISSED:
        callbacks.leg_ended(session, _callback_id(), _form("CallSid"), _form("CallStatus"),
                            line(), utcnow())
        session.commit()
    log.info("call-back leg status callback=%s sid=%s status=%s", _callback_id(),
             _form("CallSid") or "-", _form("CallStatus"))
    return "", 204


@bp.get("/voicemails/<int:voicemail_id>/audio")
@requires(COORDINATOR)
def audio(voicemail_id: int):
    """A voicemail's recording, for signed-in coordinators only: this machine's copy, else
    fetched from Twilio now (the worker that kept a copy may run on another machine), and kept
    here for next time. Never at a public URL; gone once retention has purged it."""
    found = get_session().get(Voicemail, voicemail_id)
    if found is None or found.purged_at is not None:
        abort(404)
    path = Path(current_app.instance_path, voicemail.audio_file(found.recording_sid))
    if path.is_file():
        response = send_file(path, mimetype="audio/mpeg", max_age=0)
    else:
        try:
            sound = telephony.gateway().fetch_recording(found.recording_url)
        except telephony.ProviderError as error:
            log.warning("recording not fetched voicemail=%s status=%s", found.id, error.status)
            abort(404)
        if not sound:
            abort(404)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(sound)
        partial.replace(path)
        response = Response(sound, mimetype="audio/mpeg")
    response.headers["Cache-Control"] = "private, no-store"
    return response
