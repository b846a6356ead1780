"""Benchmark: who is on duty at an instant, with 1,000 volunteers and 10,000 shift rows.

Generates a seeded rota for a line in America/New_York: 1,000 volunteers, each with ten weekly
shift rows, one per quarterly term from 2025 to mid-2027 (first/last dates; about 30 on duty at a
time), starting at any half hour (the DST hours too) and up to 10 hours long (overnight ones
included); about 8,000 dated changes (drops, covers, swaps), 4,000 extra shifts and 26,000
presence rows (ON for a while, ON then OFF, breaks, OFF during a shift) across 2026. Bulk-inserts
them into SQLite (a temporary file) and, when available, PostgreSQL (BENCH_POSTGRES_URL, an empty
database, else a throwaway cluster started like the test suite's), then times 2,000

    rota.on_duty(session, at, "America/New_York")

at random instants of 2026 (half of them in the weeks of the DST changes, the repeated and the
skipped hour included), each with a fresh session as a request has, so the per-call version
check and the loading of the Volunteer rows are included; the first index build is timed
separately. 100 instants are compared with a brute force written here from the rules in
volunteers/rota.py's docstring. Exits non-zero on any mismatch or when SQLite's median is over
1 ms.

    .venv/bin/python bench/rota_on_duty.py            # or: make bench
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import bulk_load, figures, measure_backends, phase, spread, verdict  # noqa: E402

from helpline.db import Database  # noqa: E402
from volunteers import rota  # noqa: E402
from volunteers.models import ExtraShift, Presence, Shift, ShiftChange, Volunteer  # noqa: E402

SEED = 2026
ZONE = "America/New_York"
TZ = ZoneInfo(ZONE)
VOLUNTEERS, TERMS = 1000, 10  # 10,000 shift rows
CHANGES, EXTRAS = 8000, 4000
QUERIES, CHECKED = 2000, 100
TARGET_MEDIAN_MS = 1.0
YEAR = 2026
DST_CHANGES = (datetime(YEAR, 3, 8, 7, tzinfo=UTC), datetime(YEAR, 11, 1, 6, tzinfo=UTC))
MINUTE = timedelta(minutes=1)


@dataclass
class Data:
    """The generated rota, as inserted (plain dicts, also read by the brute force)."""

    volunteers: list[dict]
    shifts: list[dict]
    changes: list[dict]
    extras: list[dict]
    presence: list[dict]


# Data


def quarters() -> list[tuple[date, date]]:
    """TERMS quarters from January 2025."""
    spans = []
    for n in range(TERMS):
        year, quarter = 2025 + n // 4, n % 4
        first = date(year, quarter * 3 + 1, 1)
        after = date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
        spans.append((first, after - timedelta(days=1)))
    return spans


def volunteers(rng: random.Random) -> list[dict]:
    """Mostly active, some busy, a mix of languages, channels, priorities and backups."""
    now = datetime(YEAR, 1, 1, tzinfo=UTC)
    return [{
        "id": n, "display_name": f"Volunteer {n}", "phone": f"+1215555{n:04d}",
        "languages": rng.choice(["en"] * 8 + ["es,en"] * 3 + ["es"]),
        "active": rng.random() < 0.95, "max_conversations": 2,
        "takes": rng.choice(["both"] * 6 + ["calls", "texts"]),
        "priority": rng.randrange(1, 200), "backup": rng.random() < 0.05,
        "busy_since": now if rng.random() < 0.1 else None, "created_at": now,
    } for n in range(1, VOLUNTEERS + 1)]  # fmt: skip


def shifts(rng: random.Random) -> list[dict]:
    """One weekly shift per volunteer per term; the first term open at its start, the last at
    its end. Half-hour starts, mostly daytime, some in the DST hours; 1 to 10 hours long."""
    rows, terms = [], quarters()
    for volunteer in range(1, VOLUNTEERS + 1):
        for n, (first, last) in enumerate(terms):
            step = rng.randrange(12, 44) if rng.random() < 0.7 else rng.randrange(48)
            length = 48 if rng.random() < 0.01 else rng.randrange(2, 21)
            end = (step + length) % 48
            rows.append({
                "id": len(rows) + 1, "volunteer_id": volunteer, "weekday": rng.randrange(7),
                "starts": clock(step // 2, step % 2 * 30), "ends": clock(end // 2, end % 2 * 30),
                "first_date": None if n == 0 else first,
                "last_date": None if n == TERMS - 1 else last,
            })  # fmt: skip
    return rows


def occurrence_day(rng: random.Random, shift: dict) -> date | None:
    """A random local start date in YEAR of this shift, or None if it has none then."""
    first = max(shift["first_date"] or date(YEAR, 1, 1), date(YEAR, 1, 1))
    last = min(shift["last_date"] or date(YEAR, 12, 31), date(YEAR, 12, 31))
    days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() == shift["weekday"]]
    return rng.choice(days) if days else None


def changes(rng: random.Random, rows: list[dict]) -> list[dict]:
    """Drops, covers, drop-then-taken, and swaps (two changes covering each other)."""
    made: dict[tuple[int, date], dict] = {}

    def add(shift: dict, day: date, dropped: bool, covered_by: int | None) -> None:
        made.setdefault((shift["id"], day), {
            "shift_id": shift["id"], "occurs_on": day, "dropped": dropped,
            "covered_by_id": covered_by, "code": f"C{len(made):05d}", "created_at": DST_CHANGES[0],
        })  # fmt: skip

    while len(made) < CHANGES:
        shift = rng.choice(rows)
        day = occurrence_day(rng, shift)
        if day is None:
            continue
        other = rng.randrange(1, VOLUNTEERS + 1)
        roll = rng.random()
        if roll < 0.35:
            add(shift, day, True, None)
        elif roll < 0.65:
            add(shift, day, False, other)
        elif roll < 0.8:
            add(shift, day, True, other)
        else:
            theirs = rng.choice(rows[(other - 1) * TERMS:other * TERMS])
            their_day = occurrence_day(rng, theirs)
            if their_day is not None and theirs["volunteer_id"] != shift["volunteer_id"]:
                add(shift, day, False, theirs["volunteer_id"])
                add(theirs, their_day, False, shift["volunteer_id"])
    return list(made.values())


def random_instant(rng: random.Random, dst_share: float = 0.5, hours: bool = True) -> datetime:
    """Across YEAR, to the second; `dst_share` of them in the weeks of the DST changes, some of
    those (with `hours`) in the hours around the change (the repeated or skipped hour too)."""
    if rng.random() >= dst_share:
        return datetime(YEAR, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(365 * 86400))
    change, roll = rng.choice(DST_CHANGES), rng.random() if hours else 0.0
    spread = 4 * 86400 if roll < 0.6 else 3 * 3600 if roll < 0.9 else 3600
    return change + timedelta(seconds=rng.randrange(-spread, spread))


def extras(rng: random.Random) -> list[dict]:
    """One-off shifts of 1 to 8 hours."""
    rows = []
    for n in range(1, EXTRAS + 1):
        start = random_instant(rng, 0.1, hours=False).replace(minute=0, second=0)
        rows.append({"id": n, "volunteer_id": rng.randrange(1, VOLUNTEERS + 1),
                     "starts_at": start, "ends_at": start + timedelta(hours=rng.randrange(1, 9)),
                     "created_at": start})
    return rows


def during_a_shift(rng: random.Random, mine: list[dict]) -> datetime | None:
    """A random instant inside one of these shifts' occurrences in YEAR."""
    shift = rng.choice(mine)
    day = occurrence_day(rng, shift)
    if day is None:
        return None
    start, end = occurrence(shift, day)
    return start + (end - start) * rng.random() if end > start else None


def presence(rng: random.Random, rows: list[dict]) -> list[dict]:
    """Per volunteer: ON then OFF, ON for a while, breaks and OFF during shifts, OFF outside."""
    made = []

    def add(volunteer: int, state: str, since: datetime, until: datetime | None) -> None:
        made.append({"id": len(made) + 1, "volunteer_id": volunteer, "state": state,
                     "since": since.replace(microsecond=0), "until": until})

    for volunteer in range(1, VOLUNTEERS + 1):
        mine = rows[(volunteer - 1) * TERMS:volunteer * TERMS]
        for _ in range(8):
            since = random_instant(rng, 0.1, hours=False)
            add(volunteer, "on", since, None)
            add(volunteer, "off", since + timedelta(minutes=rng.randrange(30, 360)), None)
        for _ in range(4):
            since = random_instant(rng, 0.1, hours=False)
            add(volunteer, "on", since, since + timedelta(minutes=rng.randrange(30, 180)))
        for _ in range(6):
            since = during_a_shift(rng, mine) or random_instant(rng, 0.1, hours=False)
            if rng.random() < 0.5:
                add(volunteer, "off", since, None)
            else:
                add(volunteer, "off", since, since + timedelta(minutes=rng.randrange(10, 60)))
    return made


def generate(rng: random.Random) -> Data:
    """The whole rota."""
    rows = shifts(rng)
    return Data(volunteers(rng), rows, changes(rng, rows), extras(rng), presence(rng, rows))


# Databases


def load(database_url: str, data: Data) -> Database:
    """Migrate, then bulk-insert everything with Core."""
    tables = ((Volunteer, data.volunteers), (Shift, data.shifts), (ShiftChange, data.changes),
              (ExtraShift, data.extras), (Presence, data.presence))
    return bulk_load(database_url, tables, 5000)


def timed(database: Database, instants: list[datetime]) -> dict:
    """Build the index once (timed), then time on_duty at every instant, a session each."""
    with database.sessions() as session:
        started = time.perf_counter()
        built = rota.current_index(session)
        build_s = time.perf_counter() - started
    timings, results = [], []
    for at in instants:
        session = database.sessions()  # one per request, as in routes.get_session
        started = time.perf_counter()
        found = rota.on_duty(session, at, ZONE)
        timings.append((time.perf_counter() - started) * 1000)
        results.append({v.id for v in found})
        assert rota.current_index(session) is built, "the index was rebuilt mid-run"
        session.close()
    sizes = [len(r) for r in results]
    return {"build_s": build_s, "figures": figures(timings), "results": results,
            "on_duty": (min(sizes), statistics.median(sizes), max(sizes))}


# The brute force, from the rules (deliberately not sharing code with volunteers.rota)


def wall_instant(day: date, wall: clock) -> datetime:
    """A local wall time as an instant: a repeated one's first pass; a skipped one's first real
    instant whose wall time is at or after it (found minute by minute)."""
    local = datetime.combine(day, wall, tzinfo=TZ)
    instant = local.astimezone(UTC)
    naive = local.replace(tzinfo=None)
    if instant.astimezone(TZ).replace(tzinfo=None) == naive:
        return instant
    while (instant - MINUTE).astimezone(TZ).replace(tzinfo=None) >= naive:
        instant -= MINUTE
    return instant


def occurrence(shift: dict, day: date) -> tuple[datetime, datetime]:
    """The instants of a shift's occurrence starting on local date `day`."""
    next_day = shift["ends"] <= shift["starts"]
    return (wall_instant(day, shift["starts"]),
            wall_instant(day + timedelta(days=next_day), shift["ends"]))


class Brute:
    """On duty at an instant by expanding every shift, change, extra and presence row."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.changes = {(c["shift_id"], c["occurs_on"]): c for c in data.changes}
        self.active = {v["id"] for v in data.volunteers if v["active"]}
        self.rows = defaultdict(list)
        for row in sorted(data.presence, key=lambda r: (r["since"], r["id"])):
            self.rows[row["volunteer_id"]].append(row)

    def assigned(self, at: datetime) -> dict[int, list[datetime]]:
        """Volunteer -> starts of the occurrences they are on at `at`, after changes."""
        found = defaultdict(list)
        today = at.astimezone(TZ).date()
        for shift in self.data.shifts:
            for back in (0, 1, 2):
                day = today - timedelta(days=back)
                if day.weekday() != shift["weekday"]:
                    continue
                if (shift["first_date"] and day < shift["first_date"]) or (
                        shift["last_date"] and day > shift["last_date"]):
                    continue
                start, end = occurrence(shift, day)
                if not start <= at < end:
                    continue
                change = self.changes.get((shift["id"], day))
                who = shift["volunteer_id"]
                if change and change["covered_by_id"]:
                    who = change["covered_by_id"]
                elif change and change["dropped"]:
                    who = None
                if who is not None:
                    found[who].append(start)
        for extra in self.data.extras:
            if extra["starts_at"] <= at < extra["ends_at"]:
                found[extra["volunteer_id"]].append(extra["starts_at"])
        return found

    def holds(self, rows: list[dict], n: int, at: datetime, assigned: list[datetime]) -> bool:
        """Whether presence row n of a volunteer's rows holds instant `at`."""
        row = rows[n]
        opposite = "off" if row["state"] == "on" else "on"
        ended = next((r["since"] for r in rows[n + 1:]
                      if r["state"] == opposite and r["until"] is None), None)
        if row["since"] > at or (ended is not None and at >= ended):
            return False
        if row["until"] is not None:
            return at < row["until"]
        if row["state"] == "on":
            return True
        # an open OFF lasts to the end of an occurrence they were on when they said it
        return any(start <= row["since"] for start in assigned)

    def on_duty(self, at: datetime) -> set[int]:
        """The expected ids."""
        assigned = self.assigned(at)
        result = set()
        for volunteer in self.active:
            rows = self.rows.get(volunteer, [])
            said = None
            for n in range(len(rows) - 1, -1, -1):  # latest first
                if self.holds(rows, n, at, assigned.get(volunteer, [])):
                    said = rows[n]["state"]
                    break
            if said == "on" or (said is None and volunteer in assigned):
                result.add(volunteer)
        return result


def check(data: Data, instants: list[datetime], outcomes: dict[str, dict]) -> int:
    """Compare every 20th instant of each backend with the brute force; count misses."""
    brute, mismatches = Brute(data), 0
    for number in range(0, len(instants), len(instants) // CHECKED):
        expected = brute.on_duty(instants[number])
        for backend, outcome in outcomes.items():
            got = outcome["results"][number]
            if got != expected:
                mismatches += 1
                print(f"  MISMATCH [{backend}] #{number} at {instants[number].isoformat()}: "
                      f"missing {sorted(expected - got)}, extra {sorted(got - expected)}")
    return mismatches


# Main


def main() -> int:
    """Run the whole benchmark; 0 when correct and within target."""
    began = clock_ = time.perf_counter()
    rng = random.Random(SEED)
    data = generate(rng)
    instants = [random_instant(rng) for _ in range(QUERIES)]
    print(f"rota on duty: {len(data.volunteers):,} volunteers, {len(data.shifts):,} shifts, "
          f"{len(data.changes):,} changes, {len(data.extras):,} extra shifts, "
          f"{len(data.presence):,} presence rows; {QUERIES} instants")
    clock_ = phase("generate", clock_)
    with measure_backends("bench_rota", lambda url: load(url, data),
                          lambda database: timed(database, instants), "on_duty",
                          clock_) as (outcomes, _, clock_):
        print(f"correctness: {CHECKED} instants per backend against a brute force")
        mismatches = check(data, instants, outcomes)
        clock_ = phase("brute force", clock_)
    print(f"\non_duty at {QUERIES} instants (1 session each, in-process):")
    for backend, outcome in outcomes.items():
        f = outcome["figures"]
        low, middle, high = outcome["on_duty"]
        print(f"  {backend:<11} index build {outcome['build_s'] * 1000:.0f} ms   "
              f"on duty {low}-{high} (median {middle:g})")
        print(f"  {'':<11} {spread(f)}")
    median = outcomes["sqlite"]["figures"]["median"]
    return verdict(mismatches, CHECKED * len(outcomes),
                   [("SQLite median", median, TARGET_MEDIAN_MS)], began)


if __name__ == "__main__":
    sys.exit(main())
