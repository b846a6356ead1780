"""Texts that may signal danger are recognised, in English and Spanish, in any case."""

from __future__ import annotations

import pytest

from helpline.texts.crisis import signals_danger
from helpline.texts.inbound import classify


@pytest.mark.parametrize("text", [
    "I want to kill myself", "thinking about suicide", "I'm suicidal", "i want to die",
    "I took too much, I think I'm overdosing", "he OD'd", "I don't want to live anymore",
    "CRISIS", "emergency", "I keep cutting myself", "better off dead",
    "quiero morir", "Me quiero matar... quiero matarme", "sobredosis", "no quiero vivir",
    "pensando en el suicidio", "Crisis!", "I can’t go on",
])
def test_danger_is_recognised(text):
    assert signals_danger(text)
    assert classify(text) == "crisis"


@pytest.mark.parametrize("text", [
    "MEETINGS 19958", "hello", "Where is a meeting tonight?", "I'm 30 days sober today!",
    "HELP", "odd question about the meeting", "Dodge city meetings", "ok",
])
def test_ordinary_texts_are_not_crisis(text):
    assert not signals_danger(text)


def test_stop_alone_is_an_opt_out_even_though_it_is_urgent_to_honour():
    assert classify("STOP") == "opt_out"
    assert classify("stop please I want to die") == "crisis"
