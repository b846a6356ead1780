"""Local Twilio-compatible REST API stub for tests, usable as a pytest plugin.

The real ``twilio`` client talks to it over HTTP; only the 2010-04-01 API paths
the helpline uses are implemented (Messages, Calls, IncomingPhoneNumbers, and a
recording's MP3 media).
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, TypeVar

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

STUB_ACCOUNT_SID = "AC" + "0" * 31 + "1"
STUB_AUTH_TOKEN = "stub-auth-token-0123456789abcdef"
STUB_PHONE_NUMBER = "+15005550006"

API_VERSION = "2010-04-01"
ERROR_DOCS = "https://www.twilio.com/docs/errors/"
LIST_FIELDS = frozenset(
    {"StatusCallbackEvent", "RecordingStatusCallbackEvent", "MediaUrl", "PersistentAction"}
)
DEFAULT_CODES = {400: 21610, 401: 20003, 404: 20404, 405: 20004, 429: 20429, 500: 20500, 503: 20503}
ERROR_MESSAGES = {
    20003: "Authenticate",
    20004: "Method not allowed",
    20429: "Too Many Requests",
    20500: "An internal server error has occurred",
    20503: "Service Unavailable",
    21211: "Invalid 'To' Phone Number",
    21610: "Attempt to send to unsubscribed recipient",
}
# (any of these form fields, error code, message) -> 400 when none is present.
MESSAGE_REQUIRED = (
    (("To",), 21604, "A 'To' phone number is required."),
    (("From", "MessagingServiceSid"), 21603, "A 'From' phone number is required."),
    (("Body", "MediaUrl", "ContentSid"), 21602, "Message body is required."),
)
CALL_REQUIRED = (
    (("To",), 21201, "No 'To' number is specified"),
    (("From",), 21213, "No 'From' number is specified"),
    (("Url", "Twiml", "ApplicationSid"), 21205, "Url parameter is required."),
)
_FROZEN_NUMBER_KEYS = frozenset(
    {"account_sid", "sid", "phone_number", "uri", "date_created", "api_version"}
)

_PREFIX = f"/{API_VERSION}/Accounts/<account_sid>"
_URLS = Map(
    [
        Rule(f"{_PREFIX}/Messages.json", methods=["POST"], endpoint="create_message"),
        Rule(f"{_PREFIX}/Messages.json", methods=["GET"], endpoint="list_messages"),
        Rule(f"{_PREFIX}/Messages/<sid>.json", methods=["GET"], endpoint="fetch_message"),
        Rule(f"{_PREFIX}/Calls.json", methods=["POST"], endpoint="create_call"),
        Rule(f"{_PREFIX}/Calls/<sid>.json", methods=["GET"], endpoint="fetch_call"),
        Rule(f"{_PREFIX}/Calls/<sid>.json", methods=["POST"], endpoint="update_call"),
        Rule(f"{_PREFIX}/Recordings/<sid>.mp3", methods=["GET"], endpoint="fetch_recording"),
        Rule(f"{_PREFIX}/Recordings/<sid>.json", methods=["DELETE"], endpoint="delete_recording"),
        Rule(f"{_PREFIX}/IncomingPhoneNumbers.json", methods=["GET"], endpoint="list_numbers"),
        Rule(
            f"{_PREFIX}/IncomingPhoneNumbers/<sid>.json", methods=["GET"], endpoint="fetch_number"
        ),
        Rule(
            f"{_PREFIX}/IncomingPhoneNumbers/<sid>.json",
            methods=["POST"],
            endpoint="update_number",
        ),
    ]
)

Payload = tuple[int, dict[str, Any] | bytes]  # bytes: a recording's audio
T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float = 5.0, interval: float = 0.01) -> T:
    """Poll ``predicate`` until it returns a truthy value or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"condition not met within {timeout}s: {predicate!r}")
        time.sleep(interval)


def recording_audio(sid: str) -> bytes:
    """The few bytes of fake MP3 the stub serves for recording ``sid``."""
    return b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00fake-audio-" + sid.encode()


def _new_sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


def _now() -> str:
    return format_datetime(datetime.now(UTC).replace(microsecond=0))


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _form_dict(multi: MultiDict) -> dict[str, Any]:
    """Flatten a MultiDict; repeated keys and known list fields stay lists."""
    return {k: vs if len(vs) > 1 or k in LIST_FIELDS else vs[0] for k, vs in multi.lists()}


def _error_body(status: int, code: int, message: str) -> dict[str, Any]:
    return {"code": code, "message": message, "more_info": f"{ERROR_DOCS}{code}", "status": status}


def _not_found(path: str) -> Payload:
    return 404, _error_body(404, 20404, f"The requested resource {path} was not found")


def _missing(form: dict[str, Any], rules: Iterable[tuple]) -> Payload | None:
    for fields, code, message in rules:
        if not any(form.get(f) for f in fields):
            return 400, _error_body(400, code, message)
    return None


def _segments(body: str) -> str:
    single, multi = (160, 153) if body.isascii() else (70, 67)
    return str(1 if len(body) <= single else -(-len(body) // multi))


def _json_response(status: int, payload: dict[str, Any]) -> Response:
    response = Response(json.dumps(payload), status=status, mimetype="application/json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    return response


def _account_uri(account_sid: str) -> str:
    return f"/{API_VERSION}/Accounts/{account_sid}"


def _message_json(account_sid: str, sid: str, form: dict[str, Any]) -> dict[str, Any]:
    now, body, base = _now(), form.get("Body", ""), _account_uri(account_sid)
    return {
        "account_sid": account_sid, "api_version": API_VERSION, "body": body,
        "date_created": now, "date_sent": None, "date_updated": now,
        "direction": "outbound-api", "error_code": None, "error_message": None,
        "from": form.get("From"), "messaging_service_sid": form.get("MessagingServiceSid"),
        "num_media": str(len(form.get("MediaUrl", []))), "num_segments": _segments(body),
        "price": None, "price_unit": "USD", "sid": sid, "status": "queued",
        "subresource_uris": {"media": f"{base}/Messages/{sid}/Media.json"},
        "to": form.get("To"), "uri": f"{base}/Messages/{sid}.json",
    }  # fmt: skip


def _call_json(account_sid: str, sid: str, form: dict[str, Any]) -> dict[str, Any]:
    now, base = _now(), f"{_account_uri(account_sid)}/Calls/{sid}"
    return {
        "account_sid": account_sid, "annotation": None, "answered_by": None,
        "api_version": API_VERSION, "caller_name": None, "date_created": now,
        "date_updated": now, "direction": "outbound-api", "duration": None, "end_time": None,
        "forwarded_from": None, "from": form.get("From"), "from_formatted": form.get("From"),
        "group_sid": None, "parent_call_sid": None, "phone_number_sid": None, "price": None,
        "price_unit": "USD", "queue_time": "0", "sid": sid, "start_time": None,
        "status": "queued", "to": form.get("To"), "to_formatted": form.get("To"),
        "trunk_sid": None, "uri": f"{base}.json",
        "subresource_uris": {"notifications": f"{base}/Notifications.json",
                             "recordings": f"{base}/Recordings.json"},
    }  # fmt: skip


def _number_json(account_sid: str, sid: str, phone_number: str) -> dict[str, Any]:
    now, uri = _now(), f"{_account_uri(account_sid)}/IncomingPhoneNumbers/{sid}.json"
    return {
        "account_sid": account_sid, "address_requirements": "none", "address_sid": None,
        "api_version": API_VERSION, "beta": False, "bundle_sid": None,
        "capabilities": {"fax": False, "mms": True, "sms": True, "voice": True},
        "date_created": now, "date_updated": now, "emergency_address_sid": None,
        "emergency_address_status": "unregistered", "emergency_status": "Active",
        "friendly_name": phone_number, "identity_sid": None, "origin": "twilio",
        "phone_number": phone_number, "sid": sid, "sms_application_sid": "",
        "sms_fallback_method": "POST", "sms_fallback_url": "", "sms_method": "POST",
        "sms_url": "", "status": "in-use", "status_callback": "",
        "status_callback_method": "POST", "trunk_sid": None, "uri": uri,
        "voice_application_sid": "", "voice_caller_id_lookup": False,
        "voice_fallback_method": "POST", "voice_fallback_url": "", "voice_method": "POST",
        "voice_receive_mode": "voice", "voice_url": "",
    }  # fmt: skip


def _phone_filter(pattern: str | None) -> Callable[[dict[str, Any]], bool]:
    """Twilio's PhoneNumber filter: partial match, ``*`` matches any digit."""
    if not pattern:
        return lambda _number: True
    regex = re.compile(re.escape(pattern).replace(r"\*", r"\d"))
    return lambda number: bool(regex.search(number["phone_number"]))


@dataclass
class _Fault:
    """One queued fault: an error answer ("fail") or a slow answer ("delay")."""

    kind: str
    times: int
    path_contains: str | None
    status: int = 0
    code: int = 0
    message: str = ""
    seconds: float = 0.0

    def matches(self, kind: str, path: str) -> bool:
        """Whether this fault applies to a request of ``kind`` for ``path``."""
        return self.kind == kind and (self.path_contains is None or self.path_contains in path)


class _QuietHandler(WSGIRequestHandler):
    """Request handler that keeps werkzeug's access log out of test output."""

    def log(self, type: str, message: str, *args: Any) -> None:
        """Drop log lines."""


class TwilioStub:
    """In-process HTTP server imitating the parts of Twilio's REST API the helpline uses."""

    def __init__(self, account_sid: str = STUB_ACCOUNT_SID, auth_token: str = STUB_AUTH_TOKEN):
        """Create a stopped stub that accepts Basic auth ``account_sid``/``auth_token``."""
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._lock = threading.RLock()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._generation = 0
        self._faults: list[_Fault] = []
        self.messages: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []
        self.call_updates: list[dict[str, Any]] = []
        self.number_updates: list[dict[str, Any]] = []
        self.recording_fetches: list[str] = []
        self.recording_deletes: list[str] = []
        self.requests: list[dict[str, Any]] = []
        self.message_resources: dict[str, dict[str, Any]] = {}
        self.call_resources: dict[str, dict[str, Any]] = {}
        self.numbers: dict[str, dict[str, Any]] = {}

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> TwilioStub:
        """Start serving on an ephemeral 127.0.0.1 port in a daemon thread."""
        self._server = make_server(
            "127.0.0.1", 0, self.wsgi_app, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="twilio-stub", daemon=True,
        )  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the server and wait for its thread."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> TwilioStub:
        """Start the stub for use in a ``with`` block."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop the stub at the end of a ``with`` block."""
        self.stop()

    @property
    def base_url(self) -> str:
        """Root URL replacing ``https://api.twilio.com``, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("TwilioStub is not started")
        return f"http://127.0.0.1:{self._server.server_port}"

    def reset(self) -> None:
        """Forget recordings, resources, numbers and pending faults."""
        with self._lock:
            self._generation += 1
            for store in (self._faults, self.messages, self.calls, self.call_updates,
                          self.number_updates, self.recording_fetches, self.recording_deletes,
                          self.requests):  # fmt: skip
                store.clear()
            for resources in (self.message_resources, self.call_resources, self.numbers):
                resources.clear()

    # -- test controls -----------------------------------------------------------------------

    def add_number(self, phone_number: str) -> str:
        """Register an incoming phone number owned by the account; return its PN sid."""
        sid = _new_sid("PN")
        with self._lock:
            self.numbers[sid] = _number_json(self.account_sid, sid, phone_number)
        return sid

    def set_call_status(self, sid: str, status: str) -> None:
        """Move a created call to ``status`` (e.g. "ringing", "in-progress") as Twilio would."""
        with self._lock:
            self.call_resources[sid].update(status=status, date_updated=_now())

    def fail_next(
        self,
        status: int = 400,
        code: int | None = None,
        message: str | None = None,
        times: int = 1,
        path_contains: str | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with a Twilio error JSON."""
        code = code if code is not None else DEFAULT_CODES.get(status, status)
        message = message or ERROR_MESSAGES.get(code, f"Twilio error {code}")
        self._add_fault(_Fault("fail", times, path_contains, status, code, message))

    def delay_next(self, seconds: float, times: int = 1, path_contains: str | None = None) -> None:
        """Sleep ``seconds`` before answering the next ``times`` matching requests."""
        self._add_fault(_Fault("delay", times, path_contains, seconds=seconds))

    def _add_fault(self, fault: _Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, kind: str, path: str, generation: int) -> _Fault | None:
        with self._lock:
            if generation != self._generation:
                return None  # a request from before reset(): the next test's faults are not its
            for fault in self._faults:
                if fault.matches(kind, path):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    # -- WSGI --------------------------------------------------------------------------------

    def wsgi_app(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        """WSGI entry point."""
        request = Request(environ)
        form = _form_dict(request.form)
        with self._lock:
            generation = self._generation
            self.requests.append({
                "method": request.method, "path": request.path, "form": form,
                "query": _form_dict(request.args), "headers": dict(request.headers),
            })  # fmt: skip
        status, payload = self._answer(request, form, generation)
        if isinstance(payload, bytes):
            response = Response(payload, status=status, mimetype="audio/mpeg")
        else:
            response = _json_response(status, payload)
        return response(environ, start_response)

    def _answer(self, request: Request, form: dict[str, Any], generation: int) -> Payload:
        delay = self._take_fault("delay", request.path, generation)
        if delay is not None:
            time.sleep(delay.seconds)
        if not self._authorized(request):
            return 401, _error_body(401, 20003, "Authenticate")
        fault = self._take_fault("fail", request.path, generation)
        if fault is not None:
            return fault.status, _error_body(fault.status, fault.code, fault.message)
        return self._route(request, form, generation)

    def _authorized(self, request: Request) -> bool:
        auth = request.authorization
        return (
            auth is not None
            and auth.type == "basic"
            and auth.username == self.account_sid
            and auth.password == self.auth_token
        )

    def _route(self, request: Request, form: dict[str, Any], generation: int) -> Payload:
        try:
            endpoint, args = _URLS.bind_to_environ(request.environ).match()
        except NotFound:
            return _not_found(request.path)
        except MethodNotAllowed:
            return 405, _error_body(405, 20004, ERROR_MESSAGES[20004])
        if args.pop("account_sid") != self.account_sid:
            return _not_found(request.path)
        with self._lock:
            if generation != self._generation:  # slow request from before reset()
                return 503, _error_body(503, 20503, "Stub was reset during the request")
            handler = getattr(self, f"_{endpoint}")
            return handler(request, form, **args)

    # -- endpoints (called with the lock held) -----------------------------------------------

    def _create_message(self, request: Request, form: dict[str, Any]) -> Payload:
        error = _missing(form, MESSAGE_REQUIRED)
        if error is not None:
            return error
        sid = _new_sid("SM")
        self.message_resources[sid] = _message_json(self.account_sid, sid, form)
        self.messages.append(form | {"sid": sid})
        return 201, self.message_resources[sid]

    def _list_messages(self, request: Request, form: dict[str, Any]) -> Payload:
        """Messages, newest first, filtered by To and From as Twilio's list is."""
        wanted = {k: request.args[k] for k in ("To", "From") if k in request.args}
        found = [m for m in reversed(self.message_resources.values())
                 if all(m[k.lower()] == v for k, v in wanted.items())]
        size = int(request.args.get("PageSize", 50))
        return 200, {"messages": found[:size], "page": 0, "page_size": size,
                     "uri": request.full_path, "first_page_uri": request.full_path,
                     "next_page_uri": None, "previous_page_uri": None}

    def _fetch_message(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        resource = self.message_resources.get(sid)
        return (200, resource) if resource else _not_found(request.path)

    def _create_call(self, request: Request, form: dict[str, Any]) -> Payload:
        error = _missing(form, CALL_REQUIRED)
        if error is not None:
            return error
        sid = _new_sid("CA")
        self.call_resources[sid] = _call_json(self.account_sid, sid, form)
        self.calls.append(form | {"sid": sid})
        return 201, self.call_resources[sid]

    def _fetch_call(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        resource = self.call_resources.get(sid)
        return (200, resource) if resource else _not_found(request.path)

    def _update_call(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        resource = self.call_resources.get(sid)
        if resource is None:
            return _not_found(request.path)
        if "Status" in form:
            resource["status"] = form["Status"]
        resource["date_updated"] = _now()
        self.call_updates.append(form | {"sid": sid})
        return 200, resource

    def _fetch_recording(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        if not sid.startswith("RE"):
            return _not_found(request.path)
        self.recording_fetches.append(sid)
        return 200, recording_audio(sid)

    def _delete_recording(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        if not sid.startswith("RE") or sid in self.recording_deletes:
            return _not_found(request.path)
        self.recording_deletes.append(sid)
        return 204, b""

    def _list_numbers(self, request: Request, form: dict[str, Any]) -> Payload:
        path, page_size = request.path, request.args.get("PageSize", 50, type=int)
        keep = _phone_filter(request.args.get("PhoneNumber"))
        numbers = [n for n in self.numbers.values() if keep(n)][:page_size]
        return 200, {
            "incoming_phone_numbers": numbers, "start": 0, "end": max(len(numbers) - 1, 0),
            "page": 0, "page_size": page_size, "next_page_uri": None, "previous_page_uri": None,
            "first_page_uri": f"{path}?PageSize={page_size}&Page=0", "uri": path,
        }  # fmt: skip

    def _fetch_number(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        resource = self.numbers.get(sid)
        return (200, resource) if resource else _not_found(request.path)

    def _update_number(self, request: Request, form: dict[str, Any], sid: str) -> Payload:
        resource = self.numbers.get(sid)
        if resource is None:
            return _not_found(request.path)
        for key, value in form.items():
            field = _snake(key)
            if field in resource and field not in _FROZEN_NUMBER_KEYS:
                resource[field] = value
        resource["date_updated"] = _now()
        self.number_updates.append(form | {"sid": sid})
        return 200, resource


@pytest.fixture(scope="session")
def twilio_stub_server() -> Iterator[TwilioStub]:
    """One running TwilioStub for the whole test session."""
    with TwilioStub(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN) as stub:
        yield stub


@pytest.fixture
def twilio_stub(twilio_stub_server: TwilioStub) -> TwilioStub:
    """The session TwilioStub, reset and owning ``STUB_PHONE_NUMBER``, for one test."""
    twilio_stub_server.reset()
    twilio_stub_server.add_number(STUB_PHONE_NUMBER)
    return twilio_stub_server
