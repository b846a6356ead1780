"""`flask --app helpline twilio configure`: point the line's number at this helpline."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from helpline import telephony

twilio_cli = AppGroup("twilio", help="The Twilio account and number.")


def webhooks(base: str) -> dict[str, str]:
    """The number's webhook URLs for a helpline at `base` (what `configure` sets, and what
    `check` expects)."""
    return {"sms_url": f"{base}/twilio/sms", "sms_fallback_url": f"{base}/twilio/sms/fallback",
            "voice_url": f"{base}/twilio/voice",
            "voice_fallback_url": f"{base}/twilio/voice/fallback",
            "status_callback": f"{base}/twilio/voice/status"}


@twilio_cli.command("configure")
def twilio_configure() -> None:
    """Point the helpline number's webhooks at PUBLIC_BASE_URL."""
    config = current_app.config
    if not config["PUBLIC_BASE_URL"]:
        raise click.ClickException("Set PUBLIC_BASE_URL to the address Twilio should call.")
    base = config["PUBLIC_BASE_URL"]
    telephony.gateway().update_number(
        config["HELPLINE_NUMBER"], **webhooks(base), sms_method="POST", voice_method="POST",
        status_callback_method="POST",
    )
    click.echo(f"{config['HELPLINE_NUMBER']} now sends texts and calls to {base}")
