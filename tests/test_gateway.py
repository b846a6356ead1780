"""The gateway's three faces: the Twilio REST API (here the stub, through the real client),
and the sandbox that records instead of sending."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from helpline import telephony
from helpline.models import SandboxRecord
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, STUB_PHONE_NUMBER

VOLUNTEER = "+12155550101"


@pytest.fixture
def gateway(twilio_stub):
    return telephony.TwilioGateway(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, twilio_stub.base_url, 2.0)


def test_a_call_leg_has_the_helpline_as_caller_id_machine_detection_and_every_status_event(
    gateway, twilio_stub
):
    sent = gateway.place_call(VOLUNTEER, from_=STUB_PHONE_NUMBER,
                              url="https://line.example.org/twilio/voice/screen",
                              status_callback="https://line.example.org/twilio/voice/status")
    [call] = twilio_stub.calls
    assert sent.sid == call["sid"] and sent.sid.startswith("CA")
    assert call["To"] == VOLUNTEER and call["From"] == STUB_PHONE_NUMBER
    assert call["MachineDetection"] == "Enable"
    assert call["StatusCallbackEvent"] == ["initiated", "ringing", "answered", "completed"]


def test_a_call_can_be_cancelled(gateway, twilio_stub):
    sent = gateway.place_call(VOLUNTEER, from_=STUB_PHONE_NUMBER, url="https://x.example/t",
                              status_callback=None)
    gateway.update_call(sent.sid, status="canceled")
    assert twilio_stub.call_updates[0]["Status"] == "canceled"
    assert twilio_stub.call_updates[0]["sid"] == sent.sid


def test_an_unknown_number_cannot_be_configured(gateway):
    with pytest.raises(telephony.ProviderError) as raised:
        gateway.update_number("+19995550000", sms_url="https://x.example/twilio/sms")
    assert raised.value.status == 404 and not raised.value.retryable


def test_twilio_errors_become_provider_errors_that_say_whether_to_retry(gateway, twilio_stub):
    twilio_stub.fail_next(status=400, code=21610)
    with pytest.raises(telephony.ProviderError) as unsubscribed:
        gateway.send_sms(VOLUNTEER, "hi", from_=STUB_PHONE_NUMBER, status_callback=None)
    assert (unsubscribed.value.code, unsubscribed.value.retryable) == (21610, False)
    twilio_stub.fail_next(status=429)
    with pytest.raises(telephony.ProviderError) as busy:
        gateway.send_sms(VOLUNTEER, "hi", from_=STUB_PHONE_NUMBER, status_callback=None)
    assert busy.value.retryable


def test_the_sandbox_records_texts_and_calls_instead_of_sending(app, session):
    sandbox = telephony.SandboxGateway()
    text = sandbox.send_sms(VOLUNTEER, "hello", from_="+13025550100", status_callback=None)
    call = sandbox.place_call(VOLUNTEER, from_="+13025550100", url="https://x.example/t",
                              status_callback=None)
    records = session.scalars(select(SandboxRecord).order_by(SandboxRecord.id)).all()
    assert [(r.kind, r.sid) for r in records] == [("sms", text.sid), ("call", call.sid)]
    assert records[0].body == "hello" and records[1].payload["url"] == "https://x.example/t"


def test_the_app_picks_the_sandbox_without_credentials_and_the_api_with_a_base_url(
    app, twilio_stub
):
    assert isinstance(telephony.gateway(), telephony.SandboxGateway)
    configured = telephony.configure({**app.config, "TWILIO_SANDBOX": False,
                                      "TWILIO_API_BASE_URL": twilio_stub.base_url})
    assert isinstance(configured, telephony.TwilioGateway)


def test_the_twilio_library_s_request_log_never_carries_a_number(stub_app, twilio_stub,
                                                                 caplog):
    import logging
    from datetime import UTC, datetime

    gateway = telephony.TwilioGateway(STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, twilio_stub.base_url,
                                      2.0)
    with caplog.at_level(logging.INFO):
        gateway.send_sms(VOLUNTEER, "hello", from_=STUB_PHONE_NUMBER, status_callback=None)
        gateway.find_sent(VOLUNTEER, "hello", from_=STUB_PHONE_NUMBER,
                          since=datetime(2026, 1, 1, tzinfo=UTC))
    assert "5550101" not in caplog.text
