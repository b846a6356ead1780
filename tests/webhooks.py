"""Posting webhooks to the test app signed the way Twilio signs them."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET

from twilio.request_validator import RequestValidator

TEST_AUTH_TOKEN = "test-auth-token-0123456789abcdef"


def new_sid(prefix: str = "SM") -> str:
    """A fresh Twilio-shaped sid."""
    return prefix + secrets.token_hex(16)


class TwilioWebhooks:
    """Sends form posts with X-Twilio-Signature computed by twilio's own RequestValidator."""

    def __init__(self, client, auth_token: str, public_base_url: str) -> None:
        self.client, self.auth_token, self.base = client, auth_token, public_base_url

    def signature(self, url: str, form: dict, token: str | None = None) -> str:
        """The signature Twilio would send for this URL and form."""
        return RequestValidator(token or self.auth_token).compute_signature(url, form)

    def post(self, path: str, form: dict, *, signed: bool = True, token: str | None = None,
             signed_url: str | None = None, headers: dict | None = None, **kwargs):
        """POST a webhook; by default signed for PUBLIC_BASE_URL + path."""
        headers = dict(headers or {})
        if signed:
            headers["X-Twilio-Signature"] = self.signature(signed_url or self.base + path, form,
                                                           token)
        return self.client.post(path, data=form, headers=headers, **kwargs)

    def text(self, sender: str, body: str | None, *, sid: str | None = None,
             to: str = "+13025550100", **extra):
        """Deliver an inbound SMS webhook from `sender`."""
        form = {"MessageSid": sid or new_sid(), "AccountSid": "AC" + "0" * 32, "From": sender,
                "To": to, "NumMedia": "0", **extra}
        if body is not None:
            form["Body"] = body
        return self.post("/twilio/sms", form)


def caller_steps(webhooks: TwilioWebhooks, caller: str, line_number: str, account_sid: str):
    """One phone call's webhooks, signed: `step(path, **fields)` posts the next step of the same
    CallSid (fields override the form) and returns the TwiML answer, parsed and checked against
    Twilio's verbs and nesting, or None for an empty answer. `step.sid` is the CallSid."""
    from tests.twiml_check import twiml_problems

    sid = new_sid("CA")

    def step(path: str, **fields) -> ET.Element | None:
        form = {"CallSid": fields.pop("CallSid", sid), "AccountSid": account_sid,
                "From": fields.pop("From", caller), "To": line_number, **fields}
        response = webhooks.post(path, form)
        assert response.status_code in (200, 204), response.status_code
        body = response.get_data(as_text=True)
        if not body:
            return None
        assert twiml_problems(body) == [], body
        return ET.fromstring(body)

    step.sid = sid
    return step
