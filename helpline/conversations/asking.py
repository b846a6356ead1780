"""Reading a text as a request for a person: TALK, CHAT, HABLAR, PEER (the welcome menu's words),
or plain words asking for someone ("can I talk to someone", "is anyone there", "necesito hablar
con alguien"). Accents and case do not matter; the crisis recogniser runs before this."""

from __future__ import annotations

import re

from helpline.crisis.recognise import plain

WORDS = {"TALK", "CHAT", "HABLAR", "PEER", "CHARLAR", "PERSON", "HUMAN", "HUMANO", "PERSONA",
         "VOLUNTEER", "VOLUNTARIO", "COMPANERO"}

_PERSON = r"(?:some ?(?:one|body)|any ?(?:one|body)|a (?:real )?(?:person|human|peer|volunteer)" \
          r"|a (?:real )?live person|(?:a )?peer|(?:a )?volunteer|a counselou?r|you ?guys|u guys" \
          r"|someone real|somebody real|ppl|people)"
_TALK = r"(?:talk|text|chat|speak|vent|reach out)"
_PATTERNS_EN = (
    rf"\b(?:can|could|may|cn) (?:i|we|u|you) (?:please )?{_TALK}\b",
    rf"\b(?:need|needa|wanna|want|would like|like|got) (?:to )?{_TALK}\b",
    r"\bneed (?:a |some )?(?:someone|somebody|person|human|peer|friend)\b",
    rf"\b{_TALK} (?:to|with) {_PERSON}",
    r"\b(?:is|r|are) (?:there )?(?:any ?one|any ?body|some ?one|some ?body|u|you) "
    r"(?:there|here|around|awake|up|available)\b",
    r"\bany ?(?:one|body) (?:there|here|around|awake|up|listening)\b",
    r"\b(?:hello|hi|hey)+ ?\?{2,}",
    rf"\b(?:put|connect|get) me (?:through )?(?:to|with) {_PERSON}",
    rf"\b(?:someone|somebody) to (?:{_TALK}|listen)\b",
    r"\b(?:real|live) (?:person|human)\b",
    r"\blisten to me\b",
    r"\bi need help\b",
    r"\bplease help me\b",
)
_PERSONA = r"(?:alguien|una persona|un companero|una companera|un voluntario|una voluntaria" \
           r"|un humano|una humana|ustedes|un consejero|una consejera)"
_HABLAR = r"(?:hablar|platicar|charlar|escribir|conversar|desahogarme)"
_PATTERNS_ES = (
    rf"\b(?:necesito|quiero|quisiera|ocupo|puedo|podria|me gustaria) {_HABLAR}\b",
    rf"\b{_HABLAR} con {_PERSONA}",
    r"\bhay (?:alguien|alguno|alguna)\b",
    r"\b(?:alguien|alguno) (?:ahi|alli|aqui|despierto|disponible)\b",
    r"\bnecesito (?:a )?(?:alguien|ayuda|un companero|una persona)\b",
    r"\bayudame\b",
    r"\bme (?:puede|pueden|podrias|podrian) (?:ayudar|escuchar)\b",
    r"\bescuchame\b",
)
_ASKING = re.compile("|".join(_PATTERNS_EN + _PATTERNS_ES))
# Asking about the line, not for a person: "can I talk about meetings", "who do I talk to
# about volunteering", "do you have a talk meeting".
_NOT_ASKING = re.compile(
    r"\b(?:volunteer(?:ing)? (?:with|for|at) (?:you|the line|your)|how (?:do|can) i volunteer"
    r"|become a volunteer|talk (?:meeting|meetings|show)|speaker meeting"
    r"|ser voluntari[oa])\b")


def keyword(body: str) -> str:
    """The text as one bare upper-case word ("talk!" -> "TALK"), or ""."""
    words = plain(body).upper().split()
    return re.sub(r"[^A-Z]", "", words[0]) if len(words) == 1 else ""


def asks_for_person(body: str) -> bool:
    """True when the text is TALK (or a sibling word), or plainly asks for a person."""
    if keyword(body) in WORDS:
        return True
    words = " ".join(re.sub(r"[^a-z0-9?' ]", " ", plain(body)).split())
    words = words.replace("'", "")
    if _NOT_ASKING.search(words):
        return False
    return bool(_ASKING.search(words))
