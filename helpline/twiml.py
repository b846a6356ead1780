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


def gather(prompt: str, action: str, *, digits: int, lang: str = "en", timeout: int = 6,
           after: str | None = None) -> str:
    """Ask for keypresses; with no input, say `after` (if any) and redirect to the action."""
    response = VoiceResponse()
    ask = response.gather(num_digits=digits, action=action, method="POST", timeout=timeout,
                          action_on_empty_result=True)
    ask.say(prompt, language=VOICE_LANGUAGES.get(lang, "en-US"))
    if after:
        response.say(after, language=VOICE_LANGUAGES.get(lang, "en-US"))
    return str(response)


def say_then_gather(spoken: list[str], prompt: str, action: str, *, digits: int,
                    lang: str = "en", goodbye: str = "") -> str:
    """Read some sentences, then ask for a keypress; hang up kindly if none comes."""
    response = VoiceResponse()
    language = VOICE_LANGUAGES.get(lang, "en-US")
    for sentence in spoken:
        response.say(sentence, language=language)
    ask = response.gather(num_digits=digits, action=action, method="POST", timeout=6,
                          action_on_empty_result=True)
    ask.say(prompt, language=language)
    if goodbye:
        response.say(goodbye, language=language)
    response.hangup()
    return str(response)


def redirect(url: str) -> str:
    """Send the call on to another of our voice webhooks."""
    response = VoiceResponse()
    response.redirect(url, method="POST")
    return str(response)


def enqueue(say: str, queue: str, *, wait_url: str, action: str, lang: str = "en") -> str:
    """Reassure the caller, then place them in a Twilio queue."""
    response = VoiceResponse()
    response.say(say, language=VOICE_LANGUAGES.get(lang, "en-US"))
    response.enqueue(queue, wait_url=wait_url, wait_url_method="POST", action=action,
                     method="POST")
    return str(response)


def hold(say: str | None, pause: int, lang: str = "en") -> str:
    """What a waiting caller hears: a few words (or none), then quiet."""
    response = VoiceResponse()
    if say:
        response.say(say, language=VOICE_LANGUAGES.get(lang, "en-US"))
    response.pause(length=pause)
    return str(response)


def leave_queue() -> str:
    """Take the caller out of the queue (the Enqueue action decides what follows)."""
    response = VoiceResponse()
    response.leave()
    return str(response)


def bridge_to_queue(queue: str) -> str:
    """Connect the volunteer who accepted to the caller waiting in the queue."""
    response = VoiceResponse()
    dial = response.dial()
    dial.queue(queue)
    return str(response)


def connect() -> str:
    """An empty answer: for a <Number url>, it means "connect the call now"."""
    return str(VoiceResponse())


def hang_up() -> str:
    """End the call quietly."""
    response = VoiceResponse()
    response.hangup()
    return str(response)


def gather_spoken(parts: list[tuple[str, str]], action: str, *, digits: int, timeout: int = 6,
                  play: str | None = None) -> str:
    """Ask for keypresses over prompts each read in its own language (a recording first, if
    any); with no input Twilio comes back to the action with empty Digits."""
    response = VoiceResponse()
    ask = response.gather(num_digits=digits, action=action, method="POST", timeout=timeout,
                          action_on_empty_result=True)
    if play:
        ask.play(play)
    for text, lang in parts:
        ask.say(text, language=VOICE_LANGUAGES.get(lang, "en-US"))
    return str(response)


def dial_number(say: str, number: str, *, caller_id: str, action: str, lang: str = "en",
                timeout: int = 30) -> str:
    """Reassure the caller, then connect them to a number, shown the line's number as caller
    ID; the action hears how it went."""
    response = VoiceResponse()
    response.say(say, language=VOICE_LANGUAGES.get(lang, "en-US"))
    dial = response.dial(caller_id=caller_id, action=action, method="POST", timeout=timeout)
    dial.number(number)
    return str(response)


def dial_then_say(say: str, number: str, *, caller_id: str, after: str, lang: str = "en",
                  timeout: int = 30) -> str:
    """Reassure the caller, connect them to a number (the line's number as caller ID) without
    a callback, then, whatever happened, say `after` and hang up."""
    response = VoiceResponse()
    voice = VOICE_LANGUAGES.get(lang, "en-US")
    response.say(say, language=voice)
    response.dial(caller_id=caller_id, timeout=timeout).number(number)
    response.say(after, language=voice)
    response.hangup()
    return str(response)
