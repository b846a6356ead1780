"""A From/To pair of local dates in a page's query string (?since=2026-12-01&until=...)."""

from __future__ import annotations

from datetime import date

from flask import request


def requested() -> tuple[date | None, date | None, list[str]]:
    """The dates asked for; a date that is not one is left out and named in the problems."""
    problems, dates = [], {}
    for name, label in (("since", "From"), ("until", "To")):
        raw = request.args.get(name, "").strip()
        try:
            dates[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            problems.append(f"{label}: give a date like 2026-12-01.")
            dates[name] = None
    return dates["since"], dates["until"], problems
