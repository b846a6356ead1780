"""Twilio's webhooks: every route here is signature-checked and exempt from CSRF."""


def blueprints() -> tuple:
    """The webhook blueprints, for the line's app and training mode's practice line."""
    from helpline.routes.twilio import calls, sms, voice, voicemail

    return sms.bp, voice.bp, calls.bp, voicemail.bp
