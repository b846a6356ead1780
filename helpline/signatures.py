"""Twilio's webhook signatures: every webhook is checked with the `twilio` library's
RequestValidator against PUBLIC_BASE_URL + path (or the URL as seen through a proxy), and the
simulator and tests sign requests the same way."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import wraps

from flask import abort, current_app, request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

log = logging.getLogger(__name__)


def webhook_url() -> str:
    """The URL Twilio signed: PUBLIC_BASE_URL plus the path, or the URL as seen via the proxy."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        return request.url
    query = request.query_string.decode("latin-1")
    return base + request.path + (f"?{query}" if query else "")


def signature_is_valid() -> bool:
    """Check X-Twilio-Signature the way Twilio computes it: with the auth token, or, while an
    auth token is being rotated, the previous one (TWILIO_AUTH_TOKEN_PREVIOUS)."""
    signature = request.headers.get(SIGNATURE_HEADER)
    if not signature:
        return False
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    url, config = webhook_url(), current_app.config
    if RequestValidator(config["TWILIO_AUTH_TOKEN"]).validate(url, request.form, signature,
                                                              algorithm):
        return True
    previous = config.get("TWILIO_AUTH_TOKEN_PREVIOUS")
    if previous and RequestValidator(previous).validate(url, request.form, signature, algorithm):
        log.info("webhook signed with the previous auth token path=%s", request.path)
        return True
    return False


def twilio_signed(view: Callable) -> Callable:
    """Refuse (403) any webhook request that Twilio did not sign; 415 for non-form bodies."""

    @wraps(view)
    def checked(*args, **kwargs):
        if request.mimetype != "application/x-www-form-urlencoded":
            log.warning("webhook refused: content type %r path=%s", request.mimetype, request.path)
            abort(415)
        if not signature_is_valid():
            log.warning("webhook refused: bad or missing signature path=%s sid=%s", request.path,
                        request.form.get("MessageSid") or request.form.get("CallSid") or "-")
            abort(403)
        return view(*args, **kwargs)

    return checked


def sign(url: str, params: Mapping[str, str], auth_token: str) -> str:
    """The X-Twilio-Signature Twilio would send for this URL and form (simulator, tests)."""
    return RequestValidator(auth_token).compute_signature(url, params)
