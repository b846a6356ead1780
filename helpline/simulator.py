"""The simulator: signed webhooks as Twilio would send them, to a running app or in-process."""

from __future__ import annotations

import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

import requests
from sqlalchemy import select

from helpline import db, telephony
from helpline.models import OutboundMessage, SandboxRecord


@dataclass
class Exchange:
    """What one simulated text produced: the HTTP status, the reply, and texts sent meanwhile."""

    status: int
    replies: list[str]
    outbound: list[tuple[str, str]] = field(default_factory=list)  # (to, body)


def text_form(sender: str, body: str, to: str, sid: str | None = None) -> dict[str, str]:
    """The form fields of Twilio's inbound SMS webhook."""
    return {
        "MessageSid": sid or "SM" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32,
        "From": sender, "To": to, "Body": body, "NumMedia": "0", "NumSegments": "1",
        "SmsStatus": "received", "ApiVersion": "2010-04-01",
    }


def replies_in(twiml: str) -> list[str]:
    """The texts of the <Message> elements in a TwiML answer."""
    try:
        root = ET.fromstring(twiml)  # noqa: S314 (our own app's answer)
    except ET.ParseError:
        return []
    return [(element.text or "") for element in root.iter("Message")]


def post_signed(base_url: str, path: str, form: dict[str, str], auth_token: str,
                signed_base: str | None = None) -> requests.Response:
    """POST a webhook to a running app, signed for the URL the app believes it has."""
    signature = telephony.sign((signed_base or base_url) + path, form, auth_token)
    return requests.post(base_url + path, data=form, timeout=10,
                         headers={"X-Twilio-Signature": signature})


def texts_sent_since(since: datetime, timeout: float = 10.0) -> list[tuple[str, str]]:
    """Wait until texts queued since `since` are sent (or the timeout), and list them."""
    deadline = time.monotonic() + timeout
    while True:
        with db.job_session() as session:
            queued = session.scalars(
                select(OutboundMessage).where(OutboundMessage.created_at >= since)
            ).all()
            waiting = [t for t in queued if t.status in ("pending", "claimed")]
            if not waiting or time.monotonic() > deadline:
                sids = [t.provider_sid for t in queued if t.provider_sid]
                records = session.scalars(
                    select(SandboxRecord).where(SandboxRecord.sid.in_(sids))
                    .order_by(SandboxRecord.id)
                ).all()
                return [(r.to_address or "", r.body or "") for r in records]
        time.sleep(0.1)


def in_process(app, form: dict[str, str]) -> Exchange:
    """Send the webhook to this app through its test client and run due jobs right here."""
    from helpline import relay

    url = (app.config["PUBLIC_BASE_URL"] or "http://localhost") + "/twilio/sms"
    signature = telephony.sign(url, form, app.config["TWILIO_AUTH_TOKEN"])
    response = app.test_client().post(url, data=form, headers={"X-Twilio-Signature": signature})
    relay.run_inline()
    return Exchange(response.status_code, replies_in(response.get_data(as_text=True)))
