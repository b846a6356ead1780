"""Train the crisis model (helpline/crisis/model.json) on the TUNING corpus only.

    .venv/bin/python scripts/train_crisis_model.py          # train and write model.json
    .venv/bin/python scripts/train_crisis_model.py --cv     # 5-fold cross-validation figures

Logistic regression by stochastic gradient descent, fixed seeds, so the same corpus gives the
same weights. The held-out files (tests/crisis_corpus/held_out*.csv) are never read here: they
are only measured, by bench/crisis_eval.py. model.json records which files it was trained on
and their SHA-256, and tests/test_crisis.py checks that it is up to date with the corpus."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpline.crisis import model  # noqa: E402
from helpline.crisis.lexicon import DANGER  # noqa: E402,F401  (the lexicon must import cleanly)

CORPUS = ROOT / "tests" / "crisis_corpus"
EPOCHS, RATE, L2, PRUNE = 12, 0.3, 0.1, 1e-3  # L2 and features chosen by cross-validation
RUNS = 5  # models from differently shuffled data, averaged: less depends on one order


def tuning_files() -> list[Path]:
    """The tuning part of the corpus: every CSV that is not held out."""
    return sorted(p for p in CORPUS.glob("*.csv") if not p.name.startswith("held_out"))


def rows(paths: list[Path]) -> list[tuple[str, bool]]:
    found = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as handle:
            found += [(r["text"], r["danger"] == "1") for r in csv.DictReader(handle)]
    return found


def train(data: list[tuple[set[str], bool]]) -> tuple[dict[str, float], float]:
    """RUNS logistic regressions, each over its own shuffle of the data, averaged."""
    runs = [_train_once(data, run) for run in range(RUNS)]
    keys = set().union(*(weights for weights, _ in runs))
    return ({k: sum(w.get(k, 0.0) for w, _ in runs) / RUNS for k in keys},
            sum(b for _, b in runs) / RUNS)


def _train_once(data: list[tuple[set[str], bool]], run: int) -> tuple[dict[str, float], float]:
    weights: dict[str, float] = {}
    bias = 0.0
    data = list(data)
    for epoch in range(EPOCHS):
        random.Random(run * 1000 + epoch).shuffle(data)
        for found, danger in data:
            z = bias + sum(weights.get(f, 0.0) for f in found)
            gradient = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - danger
            bias -= RATE * gradient
            for f in found:
                weights[f] = weights.get(f, 0.0) * (1 - RATE * L2) - RATE * gradient
    return weights, bias


def cross_validate(labelled: list[tuple[str, bool]], folds: int = 5) -> None:
    from helpline.crisis.recognise import lexicon_says

    shuffled = list(labelled)
    random.Random(7).shuffle(shuffled)
    said = []
    for fold in range(folds):
        test = shuffled[fold::folds]
        learned = train([(model.features(t), d) for i, (t, d) in enumerate(shuffled)
                         if i % folds != fold])
        for text, danger in test:
            z = learned[1] + sum(learned[0].get(f, 0.0) for f in model.features(text))
            said.append((danger, 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))),
                         lexicon_says(text)))
    for threshold in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9):
        for name, flag in (("model", lambda p, r, t=threshold: p >= t),
                           ("lexicon or model", lambda p, r, t=threshold: r or p >= t)):
            pairs = [(d, flag(p, r)) for d, p, r in said]
            hits = sum(1 for d, f in pairs if d and f)
            print(f"t={threshold:<5} {name:<17} recall {hits / sum(d for d, _ in pairs):.3f} "
                  f"precision {hits / max(1, sum(f for _, f in pairs)):.3f}")


def main() -> None:
    files = tuning_files()
    labelled = rows(files)
    if "--cv" in sys.argv:
        cross_validate(labelled)
        return
    weights, bias = train([(model.features(t), d) for t, d in labelled])
    kept = {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= PRUNE}
    model.WEIGHTS.write_text(json.dumps({
        "trained_on": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files},
        "texts": len(labelled), "bias": round(bias, 4), "weights": kept,
    }, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"model.json: {len(kept)} weights from {len(labelled)} tuning texts")


if __name__ == "__main__":
    main()
