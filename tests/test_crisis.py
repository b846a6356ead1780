"""Texts that may signal danger are recognised, in English and Spanish, in any case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- the lexicon, on what people really text (tests/crisis_corpus; bench/crisis_eval.py) ---

ISSUE_DANGER = [
    "im on the bridge", "i have the pills lined up", "sitting in the garage with the car running",
    "at the tracks", "wrote my note", "my friend isnt breathing", "cant wake him up",
    "his lips are blue", "kms", "unalive", "sewerslide", "me voy a matar",
    "tengo las pastillas listas", "mi amigo no respira", "I relapsed and I want to die",
]
ISSUE_SAFE = [
    "crisis center hours?", "emergency contact form", "overdose awareness day vigil",
    "midlife crisis lol", "i od'd on coffee", "not in crisis, just need to talk",
    "10 years ago i tried to end it, today i have 5 years sober", "this traffic is killing me",
    "me muero de hambre", "crisis de los 40 jaja", "my phone is dying",
]


@pytest.mark.parametrize("text", ISSUE_DANGER)
def test_plans_goodbyes_others_in_danger_slang_and_spanish_are_recognised(text):
    assert signals_danger(text)


@pytest.mark.parametrize("text", ISSUE_SAFE)
def test_services_events_jokes_reassurance_and_the_distant_past_are_not_danger(text):
    assert not signals_danger(text)


def test_long_ago_does_not_hide_danger_that_is_back_tonight():
    assert signals_danger("i tried to kill myself 10 years ago and tonight i want to again")
    assert signals_danger("my dad killed himself years ago. i have his gun in my lap")


def _corpus(held_out: bool):
    from bench.crisis_eval import rows

    return rows(held_out)


def _scores(rows):
    from bench.crisis_eval import scores

    return scores(rows)


def test_the_corpus_is_big_balanced_bilingual_and_its_held_out_fifth_stands_apart():
    tuning, held = _corpus(False), _corpus(True)
    every = tuning + held
    assert len(every) >= 800
    assert 0.45 <= sum(danger for _, danger, _ in every) / len(every) <= 0.55
    assert sum(lang == "es" for _, _, lang in every) / len(every) >= 1 / 3
    assert 0.15 <= len(held) / len(every) <= 0.25
    assert {t.lower() for t, _, _ in tuning} & {t.lower() for t, _, _ in held} == set()


def test_the_tuning_corpus_is_recognised_as_built():
    figures = _scores(_corpus(False))
    assert figures["recall"] >= 0.97 and figures["precision"] >= 0.97, figures


def test_the_held_out_corpus_meets_the_target():
    """The issue's target on the held-out part, which neither the lexicon nor the model was
    built from (measured: recall 0.985, precision 0.930 on 540 held-out texts)."""
    held = _corpus(True)
    figures = _scores(held)
    assert figures["recall"] >= 0.97 and figures["precision"] >= 0.92, figures
    for lang in ("en", "es"):
        apart = _scores([row for row in held if row[2] == lang])
        assert apart["recall"] >= 0.95 and apart["precision"] >= 0.90, (lang, apart)


def test_the_model_was_trained_on_exactly_the_current_tuning_files_and_no_held_out_one():
    import hashlib
    import json

    from helpline.crisis import model
    from scripts.train_crisis_model import tuning_files

    trained_on = json.loads(model.WEIGHTS.read_text(encoding="utf-8"))["trained_on"]
    assert not any(name.startswith("held_out") for name in trained_on)
    assert trained_on == {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                          for p in tuning_files()}, \
        "the corpus changed: run .venv/bin/python scripts/train_crisis_model.py"


def test_the_model_speaks_only_where_the_lexicon_is_silent_and_never_alone_for_the_obvious():
    from helpline.crisis import model
    from helpline.crisis.recognise import lexicon_says

    assert lexicon_says("i want to kill myself") and signals_danger("i want to kill myself")
    assert not signals_danger("MEETINGS 19958") and model.probability("MEETINGS 19958") < 0.5
    assert 0.0 <= model.probability("") <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=1600))
def test_any_text_at_all_gets_an_answer_without_an_error(text):
    assert signals_danger(text) in (True, False)
