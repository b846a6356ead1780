"""The real twilio client, end to end against the local Twilio stub."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from tests.twilio_stub import (
    STUB_ACCOUNT_SID,
    STUB_AUTH_TOKEN,
    STUB_PHONE_NUMBER,
    TwilioStub,
    wait_for,
)

TWILIO_API = "https://api.twilio.com"
MEMBER = "+15557654321"
VOLUNTEER = "+15551230001"
HOOK = "https://helpline.example.org/twilio"
EVENTS = ["initiated", "ringing", "answered", "completed"]


class StubHttpClient(TwilioHttpClient):
    """TwilioHttpClient that sends api.twilio.com requests to the stub instead."""

    def __init__(self, base_url: str, timeout: float = 5.0) -> None:
        """Point the client at ``base_url``; ignore proxy settings from the environment."""
        super().__init__(timeout=timeout)
        self.base_url = base_url
        self.session.trust_env = False

    def request(
        self,
        method: str,
        url: str,
        params: dict | None = None,
        data: dict | None = None,
        headers: dict | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Rewrite the Twilio host to the stub and delegate to the real client."""
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(
            method, url, params=params, data=data, headers=headers, auth=auth,
            timeout=timeout, allow_redirects=allow_redirects,
        )  # fmt: skip


def make_client(stub: TwilioStub, timeout: float = 5.0, token: str = STUB_AUTH_TOKEN) -> Client:
    """A real twilio Client wired to ``stub``."""
    return Client(STUB_ACCOUNT_SID, token, http_client=StubHttpClient(stub.base_url, timeout))


@pytest.fixture
def client(twilio_stub: TwilioStub) -> Client:
    """Twilio client for the reset stub."""
    return make_client(twilio_stub)


def send_sms(client: Client, body: str = "You are not alone.") -> object:
    """Send a helpline SMS through the real client."""
    return client.messages.create(
        to=MEMBER, from_=STUB_PHONE_NUMBER, body=body, status_callback=f"{HOOK}/sms-status"
    )


def place_call(client: Client, **extra: object) -> object:
    """Place an outbound call through the real client."""
    return client.calls.create(to=VOLUNTEER, from_=STUB_PHONE_NUMBER, url=f"{HOOK}/voice", **extra)


def test_create_message_returns_sm_sid_and_is_recorded(twilio_stub, client):
    message = send_sms(client)

    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.to, message.from_) == ("queued", MEMBER, STUB_PHONE_NUMBER)
    assert message.account_sid == STUB_ACCOUNT_SID
    assert isinstance(message.date_created, datetime)
    assert message.num_segments == "1" and message.price is None and message.error_code is None
    assert twilio_stub.messages == [
        {
            "To": MEMBER,
            "From": STUB_PHONE_NUMBER,
            "Body": "You are not alone.",
            "StatusCallback": f"{HOOK}/sms-status",
            "sid": message.sid,
        }
    ]
    request = twilio_stub.requests[-1]
    assert request["method"] == "POST"
    assert request["path"] == f"/2010-04-01/Accounts/{STUB_ACCOUNT_SID}/Messages.json"
    assert request["headers"]["User-Agent"].startswith("twilio-python/9.13.0")


def test_message_via_messaging_service_and_fetch(twilio_stub, client):
    service_sid = "MG" + "a" * 32
    body = "x" * 161
    message = client.messages.create(to=MEMBER, messaging_service_sid=service_sid, body=body)

    assert message.messaging_service_sid == service_sid
    assert message.num_segments == "2"
    assert twilio_stub.messages[0]["MessagingServiceSid"] == service_sid
    assert "From" not in twilio_stub.messages[0]
    assert client.messages(message.sid).fetch().body == body


def test_create_call_keeps_status_callback_event_list(twilio_stub, client):
    call = place_call(
        client,
        status_callback=f"{HOOK}/call-status",
        status_callback_event=EVENTS,
        machine_detection="Enable",
        timeout=25,
    )

    assert call.sid.startswith("CA") and len(call.sid) == 34
    assert call.status == "queued"
    assert call.to == VOLUNTEER
    [recorded] = twilio_stub.calls
    assert recorded["sid"] == call.sid
    assert recorded["StatusCallbackEvent"] == EVENTS
    assert recorded["MachineDetection"] == "Enable"
    assert recorded["Timeout"] == "25"
    assert recorded["Url"] == f"{HOOK}/voice"


def test_single_status_callback_event_is_still_a_list(twilio_stub, client):
    place_call(client, status_callback_event=["completed"])

    assert twilio_stub.calls[0]["StatusCallbackEvent"] == ["completed"]


def test_cancel_call(twilio_stub, client):
    call = place_call(client)

    updated = client.calls(call.sid).update(status="canceled")

    assert updated.status == "canceled"
    assert twilio_stub.call_updates == [{"Status": "canceled", "sid": call.sid}]
    assert client.calls(call.sid).fetch().status == "canceled"


def test_fetch_reflects_stub_call_progress(twilio_stub, client):
    call = place_call(client)

    twilio_stub.set_call_status(call.sid, "in-progress")

    assert client.calls(call.sid).fetch().status == "in-progress"


def test_update_incoming_number_sms_url(twilio_stub, client):
    [number] = client.incoming_phone_numbers.list(phone_number=STUB_PHONE_NUMBER)
    assert number.sid.startswith("PN") and number.phone_number == STUB_PHONE_NUMBER

    updated = number.update(sms_url=f"{HOOK}/sms", voice_url=f"{HOOK}/voice")

    assert (updated.sms_url, updated.voice_url) == (f"{HOOK}/sms", f"{HOOK}/voice")
    assert twilio_stub.number_updates == [
        {"SmsUrl": f"{HOOK}/sms", "VoiceUrl": f"{HOOK}/voice", "sid": number.sid}
    ]
    assert client.incoming_phone_numbers(number.sid).fetch().sms_url == f"{HOOK}/sms"


def test_number_list_filter_excludes_other_numbers(twilio_stub, client):
    twilio_stub.add_number("+15559990000")

    assert client.incoming_phone_numbers.list(phone_number="+15550000000") == []
    found = client.incoming_phone_numbers.list(phone_number="+1555999****")
    assert [n.phone_number for n in found] == ["+15559990000"]


def test_fetch_unknown_call_is_404(client):
    with pytest.raises(TwilioRestException) as info:
        client.calls("CA" + "f" * 32).fetch()

    assert (info.value.status, info.value.code) == (404, 20404)


def test_update_unknown_number_is_404(twilio_stub, client):
    with pytest.raises(TwilioRestException) as info:
        client.incoming_phone_numbers("PN" + "f" * 32).update(sms_url=f"{HOOK}/sms")

    assert info.value.status == 404
    assert twilio_stub.number_updates == []


def test_unsubscribed_recipient_error_is_not_recorded(twilio_stub, client):
    twilio_stub.fail_next(code=21610)

    with pytest.raises(TwilioRestException) as info:
        send_sms(client)

    assert (info.value.status, info.value.code) == (400, 21610)
    assert "unsubscribed" in info.value.msg
    assert twilio_stub.messages == []
    assert send_sms(client).sid == twilio_stub.messages[0]["sid"]


@pytest.mark.parametrize(("status", "code"), [(429, 20429), (500, 20500)])
def test_server_errors_surface_status_and_code(twilio_stub, client, status, code):
    twilio_stub.fail_next(status=status)

    with pytest.raises(TwilioRestException) as info:
        send_sms(client)

    assert (info.value.status, info.value.code) == (status, code)
    assert twilio_stub.messages == []


def test_fail_next_only_hits_matching_path(twilio_stub, client):
    twilio_stub.fail_next(status=500, times=2, path_contains="Calls")

    send_sms(client)
    for _ in range(2):
        with pytest.raises(TwilioRestException):
            place_call(client)
    place_call(client)

    assert len(twilio_stub.messages) == 1 and len(twilio_stub.calls) == 1


def test_wrong_auth_token_is_401(twilio_stub):
    intruder = make_client(twilio_stub, token="not-the-token")

    with pytest.raises(TwilioRestException) as info:
        send_sms(intruder)

    assert (info.value.status, info.value.code) == (401, 20003)
    assert twilio_stub.messages == []


def test_slow_twilio_raises_requests_read_timeout(twilio_stub):
    impatient = make_client(twilio_stub, timeout=0.5)
    twilio_stub.delay_next(2)

    with pytest.raises(requests.exceptions.ReadTimeout):
        send_sms(impatient, body="slow")
    send_sms(impatient, body="fast")  # not delayed: it would time out too

    # Like real Twilio, the timed-out request still creates the message.
    wait_for(lambda: len(twilio_stub.messages) == 2, timeout=5.0)
    assert sorted(m["Body"] for m in twilio_stub.messages) == ["fast", "slow"]


def test_a_slow_request_from_before_a_reset_leaves_the_next_test_s_faults_alone(twilio_stub):
    impatient = make_client(twilio_stub, timeout=0.2)
    twilio_stub.delay_next(0.6)
    with pytest.raises(requests.exceptions.ReadTimeout):
        send_sms(impatient, body="from the test before")  # still asleep inside the stub
    twilio_stub.reset()  # the next test begins
    twilio_stub.add_number(STUB_PHONE_NUMBER)
    twilio_stub.fail_next(status=500)
    time.sleep(1.0)  # meanwhile the slow request wakes and is answered
    with pytest.raises(TwilioRestException) as info:
        send_sms(make_client(twilio_stub))
    assert info.value.status == 500  # the fault waited for this test's own request
    assert twilio_stub.messages == []


def test_wait_for_returns_value_or_fails():
    assert wait_for(lambda: "ready") == "ready"
    with pytest.raises(AssertionError):
        wait_for(lambda: None, timeout=0.05)
