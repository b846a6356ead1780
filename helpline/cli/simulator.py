"""The simulator: signed webhooks as Twilio would send them, to a running app or in-process."""

from __future__ import annotations

import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime

import requests
from sqlalchemy import func, select

from helpline import db, signatures
from helpline.calls.models import Call
from helpline.models import OutboundMessage, SandboxRecord
from volunteers.models import Volunteer


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
    signature = signatures.sign((signed_base or base_url) + path, form, auth_token)
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
    from helpline.runtime import relay

    url = (app.config["PUBLIC_BASE_URL"] or "http://localhost") + "/twilio/sms"
    signature = signatures.sign(url, form, app.config["TWILIO_AUTH_TOKEN"])
    response = app.test_client().post(url, data=form, headers={"X-Twilio-Signature": signature})
    relay.run_inline()
    return Exchange(response.status_code, replies_in(response.get_data(as_text=True)))


# -- calls ---------------------------------------------------------------------------------------


@dataclass
class PlacedCall:
    """An outbound call the sandbox recorded: whom it rang and what Twilio would fetch."""

    sid: str
    to: str
    url: str
    status_callback: str | None


def voice_form(call_sid: str, from_: str, to: str, **fields: str) -> dict[str, str]:
    """The form fields of a Twilio voice webhook for this call."""
    return {"CallSid": call_sid, "AccountSid": "AC" + "0" * 32, "From": from_, "To": to,
            "CallStatus": "in-progress", "ApiVersion": "2010-04-01", **fields}


def post_voice(app, url: str, form: dict[str, str]) -> tuple[int, str]:
    """POST a voice webhook (a path or the full URL Twilio was given) to this app in-process,
    signed like Twilio, in an app context of its own as a request on a server would be."""
    if not url.startswith(("http://", "https://")):
        url = (app.config["PUBLIC_BASE_URL"] or "http://localhost") + url
    signature = signatures.sign(url, form, app.config["TWILIO_AUTH_TOKEN"])
    with app.app_context():
        response = app.test_client().post(url, data=form,
                                          headers={"X-Twilio-Signature": signature})
        return response.status_code, response.get_data(as_text=True)


def verbs(twiml: str) -> list[ET.Element]:
    """The verbs of a voice TwiML answer, in order ([] when it is not XML)."""
    try:
        return list(ET.fromstring(twiml))  # noqa: S314 (our own app's answer)
    except ET.ParseError:
        return []


def last_record_id() -> int:
    """The newest sandbox record's id: a mark to list what the sandbox recorded after it."""
    with db.job_session() as session:
        return session.scalar(select(func.max(SandboxRecord.id))) or 0


def calls_placed_after(record_id: int) -> list[PlacedCall]:
    """Outbound calls the sandbox recorded after the mark."""
    with db.job_session() as session:
        records = session.scalars(select(SandboxRecord).where(
            SandboxRecord.id > record_id, SandboxRecord.kind == "call")
            .order_by(SandboxRecord.id))
        return [PlacedCall(r.sid, r.to_address or "", r.payload.get("url") or "",
                           r.payload.get("status_callback")) for r in records]


def texts_recorded_after(record_id: int) -> list[tuple[str, str]]:
    """(to, body) of the texts the sandbox recorded after the mark."""
    with db.job_session() as session:
        records = session.scalars(select(SandboxRecord).where(
            SandboxRecord.id > record_id, SandboxRecord.kind == "sms")
            .order_by(SandboxRecord.id))
        return [(r.to_address or "", r.body or "") for r in records]


def volunteer_name(phone: str) -> str:
    """The display name of the volunteer with this phone (the number if nobody has it)."""
    with db.job_session() as session:
        name = session.scalar(select(Volunteer.display_name).where(Volunteer.phone == phone))
        return name or phone


def call_summary(call_sid: str) -> str:
    """One line on how the line recorded the call: case code, outcome, who answered."""
    with db.job_session() as session:
        call = session.scalar(select(Call).where(Call.call_sid == call_sid))
        if call is None:
            return "no call record (a volunteer's own menu)"
        who = session.get(Volunteer, call.answered_by_id) if call.answered_by_id else None
        answered = f", answered by {who.display_name}" if who is not None else ""
        return f"call {call.case_code}: {call.outcome or call.status}{answered}"
