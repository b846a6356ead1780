"""Webhook signatures: only requests Twilio signed, for exactly this URL and form, get through."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from helpline import create_app
from helpline.models import Contact, InboundMessage
from tests.conftest import PUBLIC_BASE_URL, app_config
from tests.webhooks import TEST_AUTH_TOKEN, TwilioWebhooks, new_sid

CALLER = "+13025550123"
LINE = "+13025550100"
SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"


def sms_form() -> dict:
    return {"MessageSid": new_sid("SM"), "AccountSid": "AC" + "0" * 32, "From": CALLER,
            "To": LINE, "Body": "HELP", "NumMedia": "0"}


def status_form() -> dict:
    return {"MessageSid": new_sid("SM"), "AccountSid": "AC" + "0" * 32,
            "MessageStatus": "delivered"}


def call_form() -> dict:
    return {"CallSid": new_sid("CA"), "AccountSid": "AC" + "0" * 32, "From": CALLER,
            "To": LINE, "CallStatus": "ringing"}


#: Every webhook Twilio calls, with a form like the one Twilio sends it.
WEBHOOKS = {
    "/twilio/sms": sms_form,
    "/twilio/sms/status": status_form,
    "/twilio/voice": call_form,
    "/twilio/voice/fallback": lambda: {**call_form(), "ErrorCode": "11200"},
    "/twilio/sms/fallback": lambda: {**sms_form(), "ErrorCode": "11200"},
}
PATHS = list(WEBHOOKS)
#: For each webhook, another of our webhooks: a signature for one must not open the other.
OTHER_PATH = {path: PATHS[(i + 1) % len(PATHS)] for i, path in enumerate(PATHS)}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def refusals(caplog, path: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records
            if r.levelno == logging.WARNING and path in r.getMessage()]


@pytest.mark.parametrize("path", PATHS)
def test_a_correctly_signed_webhook_is_accepted(twilio, path):
    response = twilio.post(path, WEBHOOKS[path]())
    assert response.status_code == 200
    assert response.content_type.startswith("text/xml")


def test_while_the_auth_token_is_rotated_the_previous_one_still_signs(app, twilio, session,
                                                                     caplog):
    old = "0" * 31 + "1"
    assert twilio.post("/twilio/sms", sms_form(), token=old).status_code == 403
    app.config["TWILIO_AUTH_TOKEN_PREVIOUS"] = old
    with caplog.at_level(logging.INFO):
        assert twilio.post("/twilio/sms", sms_form(), token=old).status_code == 200
    assert any("previous auth token" in r.getMessage() for r in caplog.records)
    assert twilio.post("/twilio/sms", sms_form()).status_code == 200  # the new one, as ever
    assert twilio.post("/twilio/sms", sms_form(), token="f" * 32).status_code == 403
    assert count(session, InboundMessage) == 2


def test_a_correctly_signed_text_is_stored(twilio, session):
    form = sms_form()
    assert twilio.post("/twilio/sms", form).status_code == 200
    assert session.scalar(select(InboundMessage.message_sid)) == form["MessageSid"]


def _unsigned(twilio, path, form):
    return twilio.post(path, form, signed=False)


def _other_token(twilio, path, form):
    return twilio.post(path, form, token="another-auth-token-fedcba9876543210")


def _http_not_https(twilio, path, form):
    return twilio.post(path, form, signed_url=PUBLIC_BASE_URL.replace("https://", "http://")
                       + path)


def _other_host(twilio, path, form):
    return twilio.post(path, form, signed_url="https://evil.example.com" + path)


def _other_path(twilio, path, form):
    return twilio.post(path, form, signed_url=PUBLIC_BASE_URL + OTHER_PATH[path])


def _field_changed_after_signing(twilio, path, form):
    signature = twilio.signature(PUBLIC_BASE_URL + path, form)
    tampered = {**form, "From": "+13025559999"}
    return twilio.client.post(path, data=tampered, headers={"X-Twilio-Signature": signature})


def _field_added_after_signing(twilio, path, form):
    signature = twilio.signature(PUBLIC_BASE_URL + path, form)
    tampered = {**form, "Extra": "injected"}
    return twilio.client.post(path, data=tampered, headers={"X-Twilio-Signature": signature})


FORGERIES = {
    "no signature header": _unsigned,
    "signed with another auth token": _other_token,
    "signed for http instead of https": _http_not_https,
    "signed for another host": _other_host,
    "signed for another of our paths": _other_path,
    "a form field changed after signing": _field_changed_after_signing,
    "a form field added after signing": _field_added_after_signing,
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
@pytest.mark.parametrize("path", PATHS)
def test_a_request_twilio_did_not_sign_for_this_url_and_form_is_refused_logged_and_not_stored(
    twilio, session, caplog, path, forgery
):
    caplog.set_level(logging.WARNING)
    response = FORGERIES[forgery](twilio, path, WEBHOOKS[path]())
    assert response.status_code == 403
    assert refusals(caplog, path), "a refused webhook must leave a WARNING naming its path"
    assert count(session, InboundMessage) == 0
    assert count(session, Contact) == 0


def test_a_signed_status_callback_without_the_query_twilio_requested_is_refused(twilio):
    form = status_form()
    signed_without_query = PUBLIC_BASE_URL + "/twilio/sms/status"
    response = twilio.post("/twilio/sms/status?outbound=5", form, signed_url=signed_without_query)
    assert response.status_code == 403


def test_a_status_callback_signed_with_its_query_string_is_accepted(twilio):
    assert twilio.post("/twilio/sms/status?outbound=5", status_form()).status_code == 200


def test_a_status_callback_signed_for_another_query_string_is_refused(twilio):
    response = twilio.post("/twilio/sms/status?outbound=5", status_form(),
                           signed_url=PUBLIC_BASE_URL + "/twilio/sms/status?outbound=6")
    assert response.status_code == 403


# HMAC-SHA256 (X-Twilio-Webhooks-Signature-Settings) -------------------------------------------


def _sha256_signature(url: str, form: dict) -> str:
    return RequestValidator(TEST_AUTH_TOKEN).compute_signature(url, form, "HMAC_SHA256")


def test_a_hmac_sha256_signature_announced_in_the_settings_header_is_accepted(twilio, session):
    form = sms_form()
    headers = {"X-Twilio-Signature": _sha256_signature(PUBLIC_BASE_URL + "/twilio/sms", form),
               SETTINGS_HEADER: "key=abc,algorithm=HMAC_SHA256"}
    response = twilio.post("/twilio/sms", form, signed=False, headers=headers)
    assert response.status_code == 200
    assert count(session, InboundMessage) == 1


def test_a_hmac_sha256_signature_without_the_settings_header_is_refused(twilio):
    form = sms_form()
    headers = {"X-Twilio-Signature": _sha256_signature(PUBLIC_BASE_URL + "/twilio/sms", form)}
    assert twilio.post("/twilio/sms", form, signed=False, headers=headers).status_code == 403


def test_a_sha1_signature_under_a_settings_header_announcing_sha256_is_refused(twilio):
    form = sms_form()
    response = twilio.post("/twilio/sms", form,
                           headers={SETTINGS_HEADER: "key=abc,algorithm=HMAC_SHA256"})
    assert response.status_code == 403


def test_a_hmac_sha256_signature_with_a_field_changed_after_signing_is_refused(twilio):
    form = sms_form()
    headers = {"X-Twilio-Signature": _sha256_signature(PUBLIC_BASE_URL + "/twilio/sms", form),
               SETTINGS_HEADER: "key=abc,algorithm=HMAC_SHA256"}
    tampered = {**form, "Body": "something else"}
    assert twilio.post("/twilio/sms", tampered, signed=False, headers=headers).status_code == 403


# Behind a proxy, without PUBLIC_BASE_URL ------------------------------------------------------

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "line.example.net"}


@pytest.fixture
def proxied(database_url, redis_url, instance):
    """Webhooks to an app that learns its public URL from the proxy's X-Forwarded-* headers
    (TRUSTED_PROXIES=1: one proxy in front sets them)."""
    app = create_app(app_config(database_url, redis_url, PUBLIC_BASE_URL=None, TRUSTED_PROXIES=1))
    return TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://line.example.net")


def test_by_default_forwarded_headers_are_not_trusted(database_url, redis_url, instance):
    app = create_app(app_config(database_url, redis_url, PUBLIC_BASE_URL=None))
    direct = TwilioWebhooks(app.test_client(), TEST_AUTH_TOKEN, "https://line.example.net")
    response = direct.post("/twilio/sms", sms_form(), headers=FORWARDED,
                           signed_url="https://line.example.net/twilio/sms")
    assert response.status_code == 403


def test_behind_a_proxy_a_request_signed_for_the_forwarded_url_is_accepted(proxied):
    response = proxied.post("/twilio/sms", sms_form(), headers=FORWARDED,
                            signed_url="https://line.example.net/twilio/sms")
    assert response.status_code == 200


def test_behind_a_proxy_a_request_signed_for_the_internal_url_is_refused(proxied):
    response = proxied.post("/twilio/sms", sms_form(), headers=FORWARDED,
                            signed_url="http://localhost/twilio/sms")
    assert response.status_code == 403


def test_behind_a_proxy_the_query_string_is_part_of_the_signed_url(proxied):
    form = status_form()
    signed = proxied.post("/twilio/sms/status?outbound=5", form, headers=FORWARDED,
                          signed_url="https://line.example.net/twilio/sms/status?outbound=5")
    assert signed.status_code == 200
    without_query = proxied.post("/twilio/sms/status?outbound=5", form, headers=FORWARDED,
                                 signed_url="https://line.example.net/twilio/sms/status")
    assert without_query.status_code == 403
