"""Benchmark: how well `signals_danger` recognises danger, on the project's labelled corpus
(tests/crisis_corpus/: realistic SMS in English and Spanish, half in danger, with hard
negatives). Prints recall and precision, overall and per language, on the held-out part (never
used to build the lexicon) and on the tuning part; fails if the held-out part misses the target.

    .venv/bin/python bench/crisis_eval.py              # or: make bench
    .venv/bin/python bench/crisis_eval.py --misses     # what the TUNING part gets wrong
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpline.crisis import signals_danger  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "crisis_corpus"
HELD_OUT = sorted(CORPUS.glob("held_out*.csv"))  # written apart, never read to build the lexicon
RECALL_TARGET, PRECISION_TARGET = 0.97, 0.92


def rows(held_out: bool) -> list[tuple[str, bool, str]]:
    """(text, in danger, language) of the held-out file, or of every tuning file."""
    files = HELD_OUT if held_out else sorted(p for p in CORPUS.glob("*.csv") if p not in HELD_OUT)
    found = []
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            found += [(r["text"], r["danger"] == "1", r["lang"]) for r in csv.DictReader(handle)]
    return found


def scores(labelled: list[tuple[str, bool, str]]) -> dict[str, float | int]:
    """Recall, precision and the counts behind them."""
    said = [(danger, signals_danger(text)) for text, danger, _ in labelled]
    hits = sum(1 for danger, flagged in said if danger and flagged)
    danger = sum(1 for d, _ in said if d)
    flagged = sum(1 for _, f in said if f)
    return {"n": len(said), "danger": danger, "hits": hits, "flagged": flagged,
            "recall": hits / danger if danger else 1.0,
            "precision": hits / flagged if flagged else 1.0}


def report(name: str, labelled: list[tuple[str, bool, str]]) -> dict[str, float | int]:
    """Print one part's figures, overall and per language; return the overall ones."""
    overall = scores(labelled)
    for lang in ("all", "en", "es"):
        part = overall if lang == "all" else scores([r for r in labelled if r[2] == lang])
        print(f"  {name:9} {lang:3}  n={part['n']:4}  recall {part['recall']:.3f} "
              f"({part['hits']}/{part['danger']})  precision {part['precision']:.3f} "
              f"({part['hits']}/{part['flagged']})")
    return overall


def main() -> int:
    tuning = rows(held_out=False)
    if "--misses" in sys.argv:
        for text, danger, lang in tuning:
            if signals_danger(text) != danger:
                print(f"{'MISSED' if danger else 'FALSE '} {lang} {text}")
        return 0
    print("crisis recognition (signals_danger) on tests/crisis_corpus:")
    held = report("held-out", rows(held_out=True))
    report("tuning", tuning)
    ok = held["recall"] >= RECALL_TARGET and held["precision"] >= PRECISION_TARGET
    print(f"target on held-out: recall >= {RECALL_TARGET}, precision >= {PRECISION_TARGET}: "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
