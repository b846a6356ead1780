"""Jobs for voicemail and call-backs: tell the people on duty, keep the audio, ring the
volunteer who claimed a call-back. Each is safe to run twice."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import current_app

from helpline import telephony
from helpline.calls import callbacks, voicemail
from helpline.calls.models import Callback, Voicemail
from helpline.db import job_session, utcnow
from helpline.line import Line

log = logging.getLogger(__name__)


def notify_voicemail(voicemail_id: int) -> None:
    """Text the voicemail's notice to the volunteers on duty and the coordinators, once."""
    line = Line.from_config(current_app.config)
    with job_session() as session:
        texted = voicemail.notify(session, voicemail_id, line, utcnow())
    log.info("voicemail notice voicemail=%s texted=%s", voicemail_id, texted)


def fetch_voicemail_audio(voicemail_id: int) -> None:
    """Fetch the recording through the gateway into instance/recordings/ (rq retries while
    Twilio is not ready)."""
    with job_session() as session:
        found = session.get(Voicemail, voicemail_id)
        if found is None or found.audio_path is not None:
            return
        recording_sid, url = found.recording_sid, found.recording_url
    try:
        audio = telephony.gateway().fetch_recording(url)
    except telephony.ProviderError as error:
        log.warning("recording fetch failed voicemail=%s sid=%s status=%s retryable=%s",
                    voicemail_id, recording_sid, error.status, error.retryable)
        if error.retryable:
            raise
        return
    if not audio:  # the sandbox records nothing
        return
    relative = voicemail.audio_file(recording_sid)
    path = Path(current_app.instance_path) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(audio)
    partial.replace(path)  # never a half-written file under the final name
    with job_session() as session:
        session.get(Voicemail, voicemail_id).audio_path = relative
    log.info("recording kept voicemail=%s sid=%s bytes=%s", voicemail_id, recording_sid,
             len(audio))


def place_callback(callback_id: int) -> None:
    """Ring the volunteer who claimed the call-back, from the helpline; once per claim."""
    with job_session() as session:
        phone = callbacks.start(session, callback_id)
    if phone is None:
        return
    try:
        sent = telephony.ring_from_line(
            phone, f"{callbacks.BRIDGE}?callback={callback_id}",
            f"{callbacks.BRIDGE}-status?callback={callback_id}",
            ring_seconds=Line.from_config(current_app.config).ring_seconds)
    except telephony.ProviderError as error:
        log.warning("call-back ringing failed callback=%s code=%s", callback_id, error.code)
        with job_session() as session:
            callbacks.missed(session, session.get(Callback, callback_id),
                             Line.from_config(current_app.config))
        return
    with job_session() as session:
        callbacks.dialed(session, callback_id, sent.sid)
    log.info("call-back ringing callback=%s sid=%s", callback_id, sent.sid)
