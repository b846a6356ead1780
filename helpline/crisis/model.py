"""A small learned second opinion beside the lexicon: logistic regression over the words and
word pairs of a text (as `recognise.words` reads it), trained only on the tuning
corpus by scripts/train_crisis_model.py and shipped as weights in model.json. A text the lexicon
misses counts as danger when the model is at least THRESHOLD sure. The rule that chose it, on
5-fold cross-validation of the tuning corpus (never the held-out part; `train_crisis_model.py
--cv`): the lowest threshold at which the model's own flags are right at least 92% of the time
(0.55: recall 0.843, precision 0.936 in cross-validation). Pure Python; read once per process."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from helpline.crisis.reading import words

WEIGHTS = Path(__file__).with_name("model.json")
THRESHOLD = 0.55


def features(text: str) -> set[str]:
    """The words and word pairs of the text as the lexicon reads it."""
    said = words(text).split()
    return set(said) | {f"{a}_{b}" for a, b in zip(said, said[1:], strict=False)}


def load() -> None:
    """Read the weights now (at start-up), so no text waits for them."""
    _weights()


@lru_cache(maxsize=1)
def _weights() -> tuple[dict[str, float], float]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return data["weights"], data["bias"]


def probability(text: str) -> float:
    """How sure the model is that the text signals danger (0..1)."""
    weights, bias = _weights()
    z = bias + sum(weights.get(f, 0.0) for f in features(text))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def signals_danger(text: str) -> bool:
    """The model's opinion at THRESHOLD."""
    return probability(text) >= THRESHOLD
