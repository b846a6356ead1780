"""A checker for voice TwiML: Twilio's documented verbs, their attributes, and what may nest in
what (https://www.twilio.com/docs/voice/twiml). Shared by the voice tests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SAY = {"voice", "language", "loop"}
PLAY = {"loop", "digits"}
PAUSE = {"length"}
#: Twilio's TwiML voice verbs allowed directly under <Response>, with their documented attributes.
VERB_ATTRIBUTES: dict[str, set[str]] = {
    "Say": SAY,
    "Play": PLAY,
    "Pause": PAUSE,
    "Gather": {"action", "actionOnEmptyResult", "enhanced", "finishOnKey", "hints", "input",
               "language", "method", "numDigits", "partialResultCallback",
               "partialResultCallbackMethod", "profanityFilter", "speechModel", "speechTimeout",
               "timeout"},
    "Dial": {"action", "answerOnBridge", "callerId", "events", "hangupOnStar", "method", "record",
             "recordingStatusCallback", "recordingStatusCallbackEvent",
             "recordingStatusCallbackMethod", "recordingTrack", "referMethod", "referUrl",
             "ringTone", "sequential", "timeLimit", "timeout", "trim"},
    "Enqueue": {"action", "maxQueueSize", "method", "waitUrl", "waitUrlMethod", "workflowSid"},
    "Leave": set(),
    "Hangup": set(),
    "Redirect": {"method"},
    "Reject": {"reason"},
    "Record": {"action", "finishOnKey", "maxLength", "method", "playBeep",
               "recordingStatusCallback", "recordingStatusCallbackEvent",
               "recordingStatusCallbackMethod", "timeout", "transcribe", "transcribeCallback",
               "trim"},
}
_CALLBACKS = {"statusCallback", "statusCallbackEvent", "statusCallbackMethod"}
_DETECTION = {"machineDetection", "machineDetectionTimeout", "machineDetectionSpeechThreshold",
              "machineDetectionSpeechEndThreshold", "machineDetectionSilenceTimeout",
              "amdStatusCallback", "amdStatusCallbackMethod"}
#: What each verb may nest, with the nested nouns' documented attributes. A verb not listed
#: here nests nothing.
NESTED: dict[str, dict[str, set[str]]] = {
    "Gather": {"Say": SAY, "Play": PLAY, "Pause": PAUSE},
    "Dial": {
        "Number": {"sendDigits", "url", "method", "byoc", *_CALLBACKS, *_DETECTION},
        "Queue": {"url", "method", "reservationSid", "postWorkActivitySid"},
        "Client": {"url", "method", *_CALLBACKS},
        "Conference": {"muted", "beep", "startConferenceOnEnter", "endConferenceOnExit",
                       "waitUrl", "waitMethod", "maxParticipants", "record", "region", "coach",
                       "trim", "participantLabel", "jitterBufferSize", "eventCallbackUrl",
                       "recordingStatusCallback", "recordingStatusCallbackMethod",
                       "recordingStatusCallbackEvent", *_CALLBACKS},
        "Sip": {"username", "password", "url", "method", *_CALLBACKS, *_DETECTION},
    },
    "Client": {"Identity": set(), "Parameter": {"name", "value"}},
}
#: Elements whose text Twilio acts on (a sentence, a URL, a number, a queue's name).
NEEDS_TEXT = {"Say", "Play", "Redirect", "Enqueue", "Number", "Queue", "Conference", "Sip",
              "Identity"}
#: Elements that take neither text nor nested elements.
EMPTY = {"Pause", "Leave", "Hangup", "Reject", "Record", "Parameter"}
#: Verbs after which nothing in the document is ever reached.
FINAL = {"Hangup", "Redirect", "Reject"}
INTEGERS = {"numDigits", "timeout", "length", "loop", "maxLength", "maxQueueSize", "timeLimit",
            "maxParticipants"}
BOOLEANS = {"actionOnEmptyResult", "answerOnBridge", "hangupOnStar", "playBeep", "transcribe",
            "enhanced", "profanityFilter", "startConferenceOnEnter", "endConferenceOnExit"}
SAY_TEXT_LIMIT = 4096  # characters Twilio reads from one <Say>
LANGUAGE = re.compile(r"[a-z]{2,3}-[A-Z]{2}")


def twiml_problems(document: str) -> list[str]:
    """Everything in a voice TwiML document that Twilio's documented verbs do not allow."""
    try:
        root = ET.fromstring(document)  # noqa: S314 (our own app's answer)
    except ET.ParseError as error:
        return [f"not XML: {error}"]
    if root.tag != "Response":
        return [f"root is <{root.tag}>, not <Response>"]
    problems = []
    if root.attrib:
        problems.append(f"<Response> has attributes {sorted(root.attrib)}")
    if (root.text or "").strip():
        problems.append("<Response> has bare text")
    for position, verb in enumerate(root):
        if verb.tag not in VERB_ATTRIBUTES:
            problems.append(f"<{verb.tag}> is not a TwiML voice verb")
            continue
        problems += _element_problems(verb, VERB_ATTRIBUTES[verb.tag])
        if verb.tag in FINAL and position < len(root) - 1:
            problems.append(f"<{root[position + 1].tag}> after <{verb.tag}> is never reached")
    return problems


def _element_problems(element: ET.Element, attributes: set[str]) -> list[str]:
    """One element's attributes, text and children, recursively."""
    tag, text = element.tag, (element.text or "").strip()
    problems = _value_problems(element)
    unknown = set(element.attrib) - attributes
    if unknown:
        problems.append(f"<{tag}> has undocumented attributes {sorted(unknown)}")
    if (element.tail or "").strip():
        problems.append(f"bare text after <{tag}>")
    if tag in NEEDS_TEXT and not text and not (tag == "Enqueue" and element.get("workflowSid")):
        problems.append(f"<{tag}> is empty")
    if tag in EMPTY and (text or len(element)):
        problems.append(f"<{tag}> must be empty")
    if tag == "Gather" and text:
        problems.append("<Gather> has bare text")
    if tag == "Dial" and text and len(element):
        problems.append("<Dial> has both a number as text and nested nouns")
    if tag == "Dial" and not text and not len(element):
        problems.append("<Dial> dials nothing")
    if tag == "Say" and len(element.text or "") > SAY_TEXT_LIMIT:
        problems.append("<Say> text is longer than Twilio reads")
    allowed = NESTED.get(tag, {})
    for child in element:
        if child.tag not in allowed:
            problems.append(f"<{child.tag}> cannot be nested in <{tag}>")
        else:
            problems += _element_problems(child, allowed[child.tag])
    return problems


def _value_problems(element: ET.Element) -> list[str]:
    """Attribute values Twilio would reject: methods, numbers, booleans, languages, URLs."""
    problems = []
    for name, value in element.attrib.items():
        where = f"<{element.tag} {name}={value!r}>"
        if (name == "method" or name.endswith("Method")) and value not in ("GET", "POST"):
            problems.append(f"{where} is not GET or POST")
        elif name in INTEGERS and not value.isdigit():
            problems.append(f"{where} is not a non-negative integer")
        elif name in BOOLEANS and value not in ("true", "false"):
            problems.append(f"{where} is not true or false")
        elif name == "language" and not LANGUAGE.fullmatch(value):
            problems.append(f"{where} is not a language-LOCALE code")
        elif (name in ("action", "url") or name.endswith(("Url", "Callback"))) and (
                not value or any(ch.isspace() for ch in value)):
            problems.append(f"{where} is not a URL")
    if element.tag == "Redirect" and any(ch.isspace() for ch in (element.text or "").strip()):
        problems.append("<Redirect> text is not a URL")
    return problems
