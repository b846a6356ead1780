"""Every catalog entry is GSM-7 as written and fits 2 segments with long realistic values."""

from __future__ import annotations

import pytest

from helpline import catalog
from helpline.catalog.render import catalog_problems, is_gsm7, render, segments

LONG_VALUES = {
    "name": "Sussex County Recovery Helpline Seaside",  # a long line or meeting name (40)
    "crisis": "988",
    "emergency": "911",
    "codename": "Patient Prairie 99",
    "time": "23:59",
    "place": "19958 Rehoboth Beach, DE",
    "when": " (tomorrow morning)",
    "radius": "50",
    "n": "12",
    "text": "x" * 30,
    "options": "Kansas City, MO, Kansas City, KS, Springfield, IL, Springfield, MO, Dover, DE",
    "count": "30",
    "start": "Sun 10:00pm",
    "lead": "60",
    "line": "Sussex County Recovery Helpline",
    "where": "32682 Angola Rd, Lewes Beach, Delaware 19958 USA building",
    "until": " until Wed 10:30pm",
    "shifts": "1) Wed Nov 25 22:00-02:00\n2) Fri Nov 27 14:00-22:00\n3) Sat Nov 28 06:00-14:00",
    "shift": "Wed Nov 25 22:00-02:00",
    "code": "4K2",
    "person": "Alexandra Maria (demo)",
    "language": "Spanish",
    "number": "4 4, 1 6 3 2, 9 6 0 9 6 1",
    "wait": "115 segundos",
    "people": "Alexandra (demo), Beatrice (demo), Carmen Maria (demo), Dana",
    "who": "Alexandra (demo)",
    "starts_in": "en 150 minutos",  # the longest STARTS_IN wording
    "gaps": "Wed 02:00-05:00, Thu 13:00-14:00, Thu 22:00-Sat 06:00, Sat 13:00-14:00",
    "more": "12",
    "duration": "2:00",
    "words": ": '" + "w" * 76 + "...'",  # voicemail.excerpt: at most 80 characters quoted
}


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
