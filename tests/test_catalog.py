"""Every catalog entry is GSM-7 as written and fits 2 segments with long realistic values."""

from __future__ import annotations

import pytest

from helpline import catalog
from helpline.catalog.render import catalog_problems, is_gsm7, render, segments
from helpline.catalog.samples import LONG_VALUES


def test_every_entry_is_gsm7_and_at_most_two_segments_in_both_languages():
    assert catalog_problems(LONG_VALUES) == []


def test_the_check_would_catch_an_entry_that_is_too_long(monkeypatch):
    monkeypatch.setitem(catalog.MESSAGES, "too_long", {"en": "x " * 200, "es": "y"})
    problems = catalog_problems(LONG_VALUES)
    assert any("too_long" in p for p in problems)


def test_the_check_would_catch_an_entry_that_is_not_gsm7(monkeypatch):
    monkeypatch.setitem(catalog.MESSAGES, "curly", {"en": "It’s ok", "es": "Esta bien"})
    assert any("curly" in p for p in catalog_problems(LONG_VALUES))


@pytest.mark.parametrize("key", sorted(catalog.MESSAGES))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_entry_renders_to_a_short_gsm7_text(key, lang):
    rendered = render(key, lang, **LONG_VALUES)
    assert is_gsm7(rendered)
    assert 0 < segments(rendered) <= 2
    assert not rendered.endswith("..."), "cut short: the entry itself must fit"


@pytest.mark.parametrize("key", sorted(catalog.VOICE))
def test_every_spoken_prompt_exists_in_both_languages_and_fills_in(key):
    for lang in ("en", "es"):
        spoken = catalog.VOICE[key][lang].format(**LONG_VALUES)
        assert spoken and "{" not in spoken and is_gsm7(spoken)


@pytest.mark.parametrize("key", ["greeting", "fallback", "crisis", "peer_by_text"])
def test_spoken_prompts_about_danger_give_the_crisis_line(key):
    for lang in ("en", "es"):
        assert "988" in catalog.VOICE[key][lang].format(**LONG_VALUES)
