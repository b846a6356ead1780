"""Pure functions that build TwiML documents."""

from __future__ import annotations

from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

VOICE_LANGUAGES = {"en": "en-US", "es": "es-MX"}


def message(text: str | None) -> str:
    """A messaging reply: one <Message>, or an empty <Response/> to say nothing."""
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)


def say_and_hang_up(text: str, lang: str = "en") -> str:
    """Read one prompt to the caller, then end the call."""
    response = VoiceResponse()
    response.say(text, language=VOICE_LANGUAGES.get(lang, "en-US"))
    response.hangup()
    return str(response)
