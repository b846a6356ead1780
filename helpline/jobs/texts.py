"""Jobs that send texts."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, update

from helpline import outbound, telephony
from helpline.db import job_session, utcnow
from helpline.followups import rules
from helpline.models import OutboundMessage

log = logging.getLogger(__name__)


class ClaimHeld(RuntimeError):
    """The text is claimed by another run of its job that has not finished (or died)."""


def stale_claim() -> timedelta:
    """How old a claim with nothing sent must be to be a worker killed mid-send: three times
    the Twilio client's timeout (no send takes longer), at least 5 s."""
    return timedelta(seconds=max(5.0, 3 * float(current_app.config["TWILIO_HTTP_TIMEOUT"])))


def _claim(outbound_id: int) -> OutboundMessage | None:
    """Take the text for sending unless it was sent, cancelled or claimed already. A claim
    older than `stale_claim()` with nothing sent was a worker killed mid-job: it is taken again
    (the sweep runs the job again), so the text is not lost; `send_text` then looks it up at
    Twilio before sending it again, so it is not doubled either."""
    with job_session() as session:
        stale = and_(OutboundMessage.status == "claimed", OutboundMessage.sent_at.is_(None),
                     OutboundMessage.provider_sid.is_(None),
                     OutboundMessage.updated_at < utcnow() - stale_claim())
        claimed = session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == outbound_id,
                   or_(OutboundMessage.status == "pending", stale))
            .values(status="claimed", status_rank=1, attempts=OutboundMessage.attempts + 1,
                    updated_at=utcnow())
        ).rowcount
        text = session.get(OutboundMessage, outbound_id) if claimed else None
        if text is None:
            held = session.get(OutboundMessage, outbound_id)
            if held is not None and held.status == "claimed" and held.provider_sid is None:
                # Another run is sending it, or died doing so: rq tries this job again later,
                # when the text is sent (nothing to do) or the claim is stale (taken again).
                raise ClaimHeld(f"outbound {outbound_id} is claimed by another run")
        contact = outbound.recipient(session, text) if text is not None else None
        why = rules.why_not(session, text, contact, utcnow()) if text is not None else None
        if why is not None:
            text.status, text.status_rank = "cancelled", outbound.STATUS_RANK["cancelled"]
            text.dropped_why = why
            log.info("text dropped outbound=%s why=%s", outbound_id, why)
            return None
        return text


def _record_failure(outbound_id: int, error: telephony.ProviderError) -> bool:
    """Note the failure; True when the text goes back to pending for rq to retry."""
    with job_session() as session:
        text = session.get(OutboundMessage, outbound_id)
        if error.retryable and text.attempts < outbound.MAX_SEND_ATTEMPTS:
            text.status, text.status_rank = "pending", 0  # give it back for the retry
            return True
        text.status, text.status_rank, text.error_code = "failed", 6, error.code
        contact = outbound.recipient(session, text)
        if error.code == outbound.UNSUBSCRIBED and contact is not None:
            outbound.mark_unsubscribed(session, contact.id)
        return False


def _sent_before(text: OutboundMessage) -> bool:
    """A text tried before (a worker killed mid-send, or a timeout) may have reached Twilio:
    look for it there first; found, it is recorded as sent and not sent again."""
    found = telephony.gateway().find_sent(text.to_address, text.body,
                                          from_=telephony.helpline_number(),
                                          since=text.created_at - timedelta(minutes=1))
    if found is None:
        return False
    with job_session() as session:
        session.execute(update(OutboundMessage).where(OutboundMessage.id == text.id)
                        .values(provider_sid=found.sid, sent_at=utcnow()))
        outbound.advance_status(session, found.status, outbound_id=text.id)
    log.info("text found already sent outbound=%s sid=%s", text.id, found.sid)
    return True


def send_text(outbound_id: int) -> None:
    """Send one queued text through the gateway. Safe to run twice: only a pending text is
    sent, and one tried before is first looked up at Twilio (never sent blind a second time)."""
    text = _claim(outbound_id)
    if text is None:
        return
    try:
        if text.attempts > 1 and _sent_before(text):
            return
        log.info("sending text outbound=%s attempt=%s", outbound_id, text.attempts)
        sent = telephony.gateway().send_sms(
            text.to_address, text.body, from_=telephony.helpline_number(),
            status_callback=telephony.public_url(f"/twilio/sms/status?outbound={outbound_id}"),
        )
    except telephony.ProviderError as error:
        log.warning("send failed outbound=%s code=%s status=%s retryable=%s",
                    outbound_id, error.code, error.status, error.retryable)
        if _record_failure(outbound_id, error):
            raise
        return
    with job_session() as session:
        session.execute(
            update(OutboundMessage).where(OutboundMessage.id == outbound_id)
            .values(provider_sid=sent.sid, sent_at=utcnow())
        )
        outbound.advance_status(session, sent.status, outbound_id=outbound_id)
    log.info("text sent outbound=%s sid=%s", outbound_id, sent.sid)
