"""Twilio messaging webhooks: inbound texts, delivery status callbacks, the static fallback."""

from __future__ import annotations

import logging

from flask import Blueprint, request

from helpline import outbound, params, twiml
from helpline.catalog.render import render
from helpline.routes import get_session, line, once_more_if_lost, opened_session
from helpline.signatures import twilio_signed
from helpline.texts.inbound import BadWebhook, InboundText, handle_inbound, record_unhandled

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__, url_prefix="/twilio/sms")
TWIML = {"Content-Type": "text/xml; charset=utf-8"}


@bp.post("")
@twilio_signed
def inbound():
    """Someone texted the helpline."""
    try:
        text = InboundText.from_form(request.form)
    except BadWebhook as error:
        log.warning("sms webhook rejected: %s", error)
        return {"error": str(error)}, 400
    try:
        reply = _handled(text)
    except Exception:
        session = get_session()
        session.rollback()
        log.exception("sms webhook failed message_sid=%s", text.message_sid)
        reply = render("trouble", "en", **line().text_params)
        _keep_anyway(session, text, reply)
    return twiml.message(reply), 200, TWIML


def _handled(text: InboundText) -> str | None:
    """Handle and commit (the quick path commits on its own connection and opens no session)."""
    return once_more_if_lost(lambda: _committed(handle_inbound(text, line(), get_session)),
                             f"sms webhook message_sid={text.message_sid}")


def _committed(reply: str | None) -> str | None:
    if (session := opened_session()) is not None:
        session.commit()
    return reply


def _keep_anyway(session, text: InboundText, reply: str) -> None:
    """Store the text that could not be handled, if the database lets us at all."""
    try:
        record_unhandled(session, text, line(), reply)
        session.commit()
    except Exception:
        session.rollback()
        log.exception("sms webhook could not store message_sid=%s", text.message_sid)


@bp.post("/status")
@twilio_signed
def status():
    """Twilio reports how far an outbound text got."""
    outbound_id = params.record_id(request.args.get("outbound"))
    error_code = params.error_code(request.form.get("ErrorCode"))
    session = get_session()
    moved = outbound.advance_status(
        session, request.form.get("MessageStatus", ""), outbound_id=outbound_id,
        provider_sid=request.form.get("MessageSid"), error_code=error_code,
    )
    session.commit()
    log.info("sms status message_sid=%s status=%s error=%s moved=%s",
             request.form.get("MessageSid"), request.form.get("MessageStatus"), error_code, moved)
    return twiml.message(None), 200, TWIML


@bp.post("/fallback")
@twilio_signed
def fallback():
    """Static reply for Twilio's fallback URL: no database, nothing that can fail."""
    log.warning("sms fallback used message_sid=%s", request.form.get("MessageSid", "-"))
    return twiml.message(render("trouble", "en", **line().text_params)), 200, TWIML
