"""The one gateway to Twilio: the REST client (real or compatible endpoint) and the local
sandbox; the webhook signature check is `helpline.signatures`. Nothing else imports
twilio.rest."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

import requests
from flask import current_app, has_app_context
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from helpline import db

log = logging.getLogger(__name__)
TWILIO_API = "https://api.twilio.com"


class ProviderError(Exception):
    """Twilio refused or failed a request; `retryable` says whether trying later may work."""

    def __init__(self, message: str, *, code: int | None, status: int | None, retryable: bool):
        super().__init__(message)
        self.code, self.status, self.retryable = code, status, retryable


@dataclass(frozen=True)
class Sent:
    """What the provider answered when it accepted a message or call."""

    sid: str
    status: str


class Gateway(Protocol):
    """What the helpline asks of Twilio."""

    def send_sms(self, to: str, body: str, *, from_: str, status_callback: str | None) -> Sent:
        """Send one text."""

    def place_call(self, to: str, *, from_: str, url: str, status_callback: str | None,
                   ring_seconds: int | None = None) -> Sent:
        """Start one outbound call leg that fetches TwiML from `url`, ringing for at most
        `ring_seconds` (None: Twilio's default, 60) before it counts as no answer."""

    def update_call(self, sid: str, **fields: str) -> None:
        """Redirect, cancel or complete a call."""

    def update_number(self, phone_number: str, **urls: str) -> None:
        """Point the helpline number's webhooks at this deployment."""

    def number_webhooks(self, phone_number: str) -> dict[str, str]:
        """Where the number sends its texts and calls now (`check`); raises ProviderError when
        the credentials are refused or the number is not on the account."""

    def fetch_recording(self, url: str) -> bytes:
        """The MP3 audio of the recording at `url` (a RecordingUrl)."""

    def delete_recording(self, sid: str) -> None:
        """Delete the recording at Twilio (gone already is not an error)."""

    def find_sent(self, to: str, body: str, *, from_: str, since: datetime) -> Sent | None:
        """A message with this body sent from `from_` to `to` since `since`, if Twilio has one
        (before sending again a text whose first send may have reached Twilio)."""


class RebasedHttpClient(TwilioHttpClient):
    """The twilio HTTP client, sending to a Twilio-compatible endpoint instead of twilio.com."""

    def __init__(self, base_url: str | None, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/") if base_url else None

    def rebased(self, url: str) -> str:
        """The URL on the compatible endpoint, when one is set."""
        if self.base_url and url.startswith("https://") and ".twilio.com" in url:
            return self.base_url + "/" + url.split("/", 3)[3]
        return url

    def request(self, method, url, *args, **kwargs):
        return super().request(method, self.rebased(url), *args, **kwargs)

    def get_bytes(self, url: str, auth: tuple[str, str]) -> bytes:
        """GET a binary resource (the twilio client's responses are text only)."""
        session = self.session or requests.Session()
        # requests drops the Authorization header when a redirect leaves the host
        response = session.get(self.rebased(url), auth=auth, timeout=self.timeout)
        if response.status_code != 200:
            status = response.status_code
            raise ProviderError(f"GET answered {status}", code=None, status=status,
                                retryable=status in (404, 429) or status >= 500)
        return response.content


def _translate(error: Exception) -> ProviderError:
    """Our error for whatever the twilio client raised."""
    if isinstance(error, TwilioRestException):
        retryable = error.status == 429 or error.status >= 500
        return ProviderError(str(error.msg), code=error.code, status=error.status,
                             retryable=retryable)
    return ProviderError(type(error).__name__, code=None, status=None, retryable=True)


class TwilioGateway:
    """The real Twilio REST API, or any endpoint that speaks it."""

    def __init__(self, account_sid: str, auth_token: str, base_url: str | None, timeout: float):
        self.http = RebasedHttpClient(base_url, timeout)
        self.client = Client(account_sid, auth_token, http_client=self.http)

    def _call(self, fn: Callable, **kwargs):
        try:
            return fn(**{k: v for k, v in kwargs.items() if v is not None})
        except (TwilioRestException, requests.RequestException) as error:
            raise _translate(error) from error
        except TwilioException as error:  # a list page that could not be read
            response = error.args[1] if len(error.args) > 1 else None
            status = getattr(response, "status_code", None)
            raise ProviderError("TwilioException", code=None, status=status,
                                retryable=status is None or status >= 500) from error

    def send_sms(self, to, body, *, from_, status_callback) -> Sent:
        """Send one text through the Messages resource."""
        msg = self._call(self.client.messages.create, to=to, from_=from_, body=body,
                         status_callback=status_callback)
        return Sent(msg.sid, msg.status)

    def place_call(self, to, *, from_, url, status_callback, ring_seconds=None) -> Sent:
        """Start a call leg with machine detection and every status event reported."""
        call = self._call(
            self.client.calls.create, to=to, from_=from_, url=url, timeout=ring_seconds,
            status_callback=status_callback, machine_detection="Enable",
            status_callback_event=["initiated", "ringing", "answered", "completed"]
            if status_callback else None,
        )
        return Sent(call.sid, call.status)

    def update_call(self, sid, **fields) -> None:
        """Update a live call (e.g. status='canceled')."""
        self._call(self.client.calls(sid).update, **fields)

    def update_number(self, phone_number, **urls) -> None:
        """Set the webhooks of the helpline's own number."""
        found = self._call(self.client.incoming_phone_numbers.list, phone_number=phone_number)
        if not found:
            raise ProviderError(f"{phone_number} is not a number on this account",
                                code=None, status=404, retryable=False)
        self._call(self.client.incoming_phone_numbers(found[0].sid).update, **urls)

    def number_webhooks(self, phone_number) -> dict[str, str]:
        """The number's webhook URLs, as `twilio configure` sets them."""
        found = self._call(self.client.incoming_phone_numbers.list, phone_number=phone_number)
        if not found:
            raise ProviderError(f"{phone_number} is not a number on this account",
                                code=None, status=404, retryable=False)
        number = found[0]
        return {"sms_url": number.sms_url, "sms_fallback_url": number.sms_fallback_url,
                "voice_url": number.voice_url, "voice_fallback_url": number.voice_fallback_url,
                "status_callback": number.status_callback}

    def fetch_recording(self, url) -> bytes:
        """The recording's MP3, with the account's credentials; only from Twilio's own hosts
        (404 is retryable: a recording can take a few seconds to be ready)."""
        parts = urlsplit(url)
        if parts.scheme != "https" or not (parts.hostname or "").endswith(".twilio.com"):
            raise ProviderError("not a Twilio recording URL", code=None, status=None,
                                retryable=False)
        media = url if url.endswith((".mp3", ".wav")) else url + ".mp3"
        try:
            return self.http.get_bytes(media, (self.client.username, self.client.password))
        except requests.RequestException as error:
            raise _translate(error) from error


    def find_sent(self, to, body, *, from_, since) -> Sent | None:
        """The newest messages to `to` from `from_` (Twilio lists newest first), matched by
        body and creation time."""
        for message in self._call(self.client.messages.list, to=to, from_=from_, limit=50):
            created = message.date_created
            if message.body == body and (created is None or created >= since):
                return Sent(message.sid, message.status)
        return None

    def delete_recording(self, sid) -> None:
        """Delete the Recordings resource; a 404 means it is gone already."""
        try:
            self._call(self.client.recordings(sid).delete)
        except ProviderError as error:
            if error.status != 404:
                raise


class SandboxGateway:
    """No Twilio at all: every request is recorded in the database for the simulator to show."""

    def _record(self, kind: str, prefix: str, **fields) -> Sent:
        from helpline.models import SandboxRecord  # here: models import the package's app

        sid = prefix + secrets.token_hex(16)
        with db.job_session() as session:
            session.add(SandboxRecord(kind=kind, sid=sid, **fields))
        log.info("sandbox %s sid=%s", kind, sid)
        return Sent(sid, "queued")

    def send_sms(self, to, body, *, from_, status_callback) -> Sent:
        """Record the text instead of sending it."""
        return self._record("sms", "SM", to_address=to, from_address=from_, body=body,
                            payload={"status_callback": status_callback})

    def place_call(self, to, *, from_, url, status_callback, ring_seconds=None) -> Sent:
        """Record the call instead of placing it."""
        return self._record("call", "CA", to_address=to, from_address=from_,
                            payload={"url": url, "status_callback": status_callback,
                                     "ring_seconds": ring_seconds})

    def update_call(self, sid, **fields) -> None:
        """Record the update."""
        self._record("call_update", "CA", payload={"call_sid": sid, **fields})

    def update_number(self, phone_number, **urls) -> None:
        """Record the update."""
        self._record("number_update", "PN", to_address=phone_number, payload=urls)

    def number_webhooks(self, phone_number) -> dict[str, str]:
        """The sandbox has no number at Twilio."""
        raise ProviderError("the sandbox has no Twilio number", code=None, status=None,
                            retryable=False)

    def fetch_recording(self, url) -> bytes:
        """No audio in the sandbox: the simulator's calls are never recorded."""
        return b""

    def find_sent(self, to, body, *, from_, since) -> Sent | None:
        """The sandbox's own record of it."""
        from sqlalchemy import select

        from helpline.models import SandboxRecord

        with db.job_session() as session:
            sid = session.scalar(select(SandboxRecord.sid).where(
                SandboxRecord.kind == "sms", SandboxRecord.to_address == to,
                SandboxRecord.body == body, SandboxRecord.created_at >= since)
                .order_by(SandboxRecord.id.desc()).limit(1))
        return Sent(sid, "queued") if sid else None

    def delete_recording(self, sid) -> None:
        """Nothing was recorded in the sandbox."""


_gateway: Gateway | None = None
_settings: dict[str, str | None] = {}
OWN = "helpline.telephony"  # app.extensions key of an app with a gateway of its own (training)


def configure(config: Mapping) -> Gateway:
    """Choose this process's gateway from the app config."""
    global _gateway
    _settings.update(number=config["HELPLINE_NUMBER"], public_base=config["PUBLIC_BASE_URL"])
    _gateway = _choose(config)
    return _gateway


def configure_own(config: Mapping) -> tuple[Gateway, dict[str, str | None]]:
    """A gateway and settings for one app apart from the process's (the training line's), to
    keep in its app.extensions[OWN]."""
    return _choose(config), {"number": config["HELPLINE_NUMBER"],
                             "public_base": config["PUBLIC_BASE_URL"]}


def _choose(config: Mapping) -> Gateway:
    if config["TWILIO_SANDBOX"]:
        return SandboxGateway()
    return TwilioGateway(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                         config["TWILIO_API_BASE_URL"], config["TWILIO_HTTP_TIMEOUT"])


def _wiring() -> tuple[Gateway | None, dict[str, str | None]]:
    if has_app_context() and (own := current_app.extensions.get(OWN)) is not None:
        return own
    return _gateway, _settings


def gateway() -> Gateway:
    """The gateway of the app in context when it has its own, else this process's."""
    chosen = _wiring()[0]
    if chosen is None:
        raise RuntimeError("telephony.configure() has not been called in this process")
    return chosen


def helpline_number() -> str:
    """The line's own number: caller ID and sender of everything the line sends."""
    return _wiring()[1]["number"]


def public_url(path: str) -> str | None:
    """The public URL of one of our webhooks, or None when PUBLIC_BASE_URL is not set."""
    base = _wiring()[1].get("public_base")
    return base + path if base else None


def ring_from_line(to: str, path: str, status_path: str, *, ring_seconds: int | None = None
                   ) -> Sent:
    """Ring a phone with the helpline as caller ID for at most `ring_seconds`; Twilio fetches
    TwiML from our `path` when it is answered."""
    return gateway().place_call(to, from_=helpline_number(),
                                url=public_url(path) or path,
                                status_callback=public_url(status_path) or status_path,
                                ring_seconds=ring_seconds)
