"""Twilio voice webhooks. The full call flow comes later; callers are never left in silence."""

from __future__ import annotations

import logging

from flask import Blueprint, request

from helpline import twiml
from helpline.catalog import VOICE
from helpline.routes import line
from helpline.telephony import twilio_signed

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/twilio/voice")
TWIML = {"Content-Type": "text/xml; charset=utf-8"}


def _spoken(key: str, lang: str = "en") -> str:
    return VOICE[key][lang].format(**line().text_params)


@bp.post("")
@twilio_signed
def incoming():
    """Someone called the helpline: greet them and say how to reach a peer."""
    try:
        log.info("voice call_sid=%s", request.form.get("CallSid", "-"))
        return twiml.say_and_hang_up(_spoken("greeting")), 200, TWIML
    except Exception:
        log.exception("voice webhook failed call_sid=%s", request.form.get("CallSid", "-"))
        return twiml.say_and_hang_up(_spoken("fallback")), 200, TWIML


@bp.post("/fallback")
@twilio_signed
def fallback():
    """Static TwiML for Twilio's fallback URL: apologise and give the crisis line."""
    log.warning("voice fallback used call_sid=%s", request.form.get("CallSid", "-"))
    return twiml.say_and_hang_up(_spoken("fallback")), 200, TWIML
