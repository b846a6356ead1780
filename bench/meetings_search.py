"""Benchmark: "the next 3 meetings near a ZIP" over 100,000 meetings, with a correctness check.

Generates 100,000 synthetic meetings around real US ZIP centroids (the `zipcodes` data; seeded,
so runs are comparable), bulk-inserts them into SQLite (a temporary file) and, when available,
PostgreSQL (BENCH_POSTGRES_URL, an empty database, else a throwaway cluster started like the test
suite's), then times 2,000 searches the way a texter's "MEETINGS 19958" runs them:

    search.find(index.current(session), Query(now - 1 day, now + 7 days, lat, lon), now, limit=3)

with a fresh session per search (as a request has), so the per-call version check against the
database is included; the first index build is timed separately. 200 of the searches are
compared with a brute force over all 100,000 meetings written here from the spec. Exits non-zero
on any mismatch or when SQLite misses its targets (median <= 2 ms, p99 <= 10 ms).

    .venv/bin/python bench/meetings_search.py            # or: make bench
    .venv/bin/python bench/meetings_search.py --profile  # plus cProfile of the SQLite loop
"""

from __future__ import annotations

import cProfile
import math
import pstats
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import zipcodes  # noqa: E402
from common import bulk_load, figures, measure_backends, phase, spread, verdict  # noqa: E402

from helpline.db import Database  # noqa: E402
from helpline.meetings import geocode, index, search  # noqa: E402
from helpline.meetings.models import Meeting, MeetingSource  # noqa: E402

SEED = 42
MEETINGS, QUERIES, CHECKED, LIMIT = 100_000, 2000, 200, 3
JITTER_MILES = 3.0  # each meeting within this of its ZIP's centroid
TARGET_MEDIAN_MS, TARGET_P99_MS = 2.0, 10.0  # SQLite
YEAR = 2026
# US daylight-saving changes in YEAR (2:00 local; 06:00-10:00 UTC across the mainland zones).
DST_CHANGES = (datetime(YEAR, 3, 8, 8, tzinfo=UTC), datetime(YEAR, 11, 1, 8, tzinfo=UTC))
PROGRAMS = (("AA", 60), ("NA", 30), ("SMART", 10))


@dataclass(frozen=True)
class Zip:
    """A ZIP of the pool: its centroid (as the product geocodes it) and time zone."""

    code: str
    latitude: float
    longitude: float
    timezone: str


@dataclass(frozen=True)
class Synthetic:
    """What the brute force needs of one generated meeting (the same values as inserted)."""

    id: int
    latitude: float
    longitude: float
    timezone: str
    weekdays: frozenset[int]
    hour: int
    minute: int
    walk_in: bool  # in person or hybrid, and not temporarily closed


@dataclass(frozen=True)
class Probe:
    """One search: where (a ZIP's centroid) and when."""

    code: str
    latitude: float
    longitude: float
    now: datetime


# Data


def zip_pool() -> list[Zip]:
    """Standard (residential) ZIPs that have coordinates and a time zone, as geocode sees them."""
    geocode.warm()
    pool = []
    for row in zipcodes.list_all():
        if row["zip_code_type"] != "STANDARD" or "/" not in (row.get("timezone") or ""):
            continue
        place = geocode.by_zip(row["zip_code"])
        if place is not None and place.timezone:
            pool.append(Zip(row["zip_code"], place.latitude, place.longitude, place.timezone))
    pool.sort(key=lambda z: z.code)  # independent of the package's order
    return pool


def jitter(rng: random.Random, latitude: float, longitude: float) -> tuple[float, float]:
    """A point uniformly within JITTER_MILES of (latitude, longitude)."""
    distance, bearing = JITTER_MILES * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    per_degree = geocode.EARTH_RADIUS_MILES * math.pi / 180
    d_lat = distance * math.cos(bearing) / per_degree
    shrink = max(math.cos(math.radians(latitude)), 0.05)
    d_lon = distance * math.sin(bearing) / (per_degree * shrink)
    return round(latitude + d_lat, 6), round(longitude + d_lon, 6)


def start_time(rng: random.Random) -> clock:
    """On a 15-minute step: mostly 06:00-21:45, some at any hour (DST gaps and repeats too)."""
    step = rng.randrange(24, 88) if rng.random() < 0.85 else rng.randrange(96)
    return clock(step // 4, step % 4 * 15)


def generate(rng: random.Random, pool: list[Zip], source_id: int) -> tuple[list[dict], list]:
    """The rows to insert and, for the brute force, the same meetings as Synthetic."""
    programs, program_weights = zip(*PROGRAMS, strict=True)
    rows, synthetic = [], []
    for number in range(1, MEETINGS + 1):
        place = rng.choice(pool)
        latitude, longitude = jitter(rng, place.latitude, place.longitude)
        weekdays = sorted(rng.sample(range(7), rng.randint(1, 3)))
        starts = start_time(rng)
        roll = rng.random()
        attendance = "in_person" if roll < 0.8 else "hybrid" if roll < 0.9 else "online"
        closed = rng.random() < 0.03
        spanish = rng.random() < 0.05
        program = rng.choices(programs, program_weights)[0]
        rows.append({
            "id": number, "source_id": source_id, "slug": f"bench-{number}",
            "name": f"{program} bench meeting {number}", "program": program,
            "weekdays": ",".join(map(str, weekdays)), "start": starts,
            "end": (datetime(2000, 1, 1, starts.hour, starts.minute) + timedelta(hours=1)).time(),
            "timezone": place.timezone, "latitude": latitude, "longitude": longitude,
            "location": "Community hall", "address": f"{number} Main St", "city": "",
            "state": "", "postal_code": place.code, "location_notes": "", "notes": "",
            "types": "O,D", "attendance": attendance, "temporarily_closed": closed,
            "approximate": False, "languages": "es" if spanish else "en",
            "conference_url": "" if attendance == "in_person" else "https://zoom.example/j/1",
            "conference_phone": "", "conference_notes": "", "url": "",
        })  # fmt: skip
        synthetic.append(Synthetic(
            number, latitude, longitude, place.timezone, frozenset(weekdays), starts.hour,
            starts.minute, attendance in ("in_person", "hybrid") and not closed,
        ))  # fmt: skip
    return rows, synthetic


def random_instant(rng: random.Random) -> datetime:
    """Across YEAR, to the second; half of them in the weeks of the daylight-saving changes."""
    roll = rng.random()
    if roll < 0.5:
        begin = datetime(YEAR, 1, 1, tzinfo=UTC)
        return begin + timedelta(seconds=rng.randrange(365 * 86400))
    change = rng.choice(DST_CHANGES)
    spread = 4 * 86400 if roll < 0.8 else 30 * 3600  # the week, or the day and a night around
    return change + timedelta(seconds=rng.randrange(-spread, spread))


def probes(rng: random.Random, pool: list[Zip], synthetic: list[Synthetic]) -> list[Probe]:
    """Half from any ZIP of the pool, half weighted by meetings in the ZIP's grid cell (metros)."""
    per_cell = Counter(index.cell_of(m.latitude, m.longitude) for m in synthetic)
    weights = [per_cell[index.cell_of(z.latitude, z.longitude)] + 1 for z in pool]
    chosen = []
    for _ in range(QUERIES):
        place = rng.choice(pool) if rng.random() < 0.5 else rng.choices(pool, weights)[0]
        chosen.append(Probe(place.code, place.latitude, place.longitude, random_instant(rng)))
    return chosen


# Databases


def load(database_url: str, rows: list[dict]) -> Database:
    """Migrate, then bulk-insert the source and the meetings with Core."""
    source = {
        "id": 1, "name": "bench", "kind": "csv", "location": "bench.csv", "timezone": None,
        "program": "", "last_attempt_at": datetime.now(UTC), "last_success_at": datetime.now(UTC),
        "last_status": "ok", "imported_count": len(rows),
    }  # fmt: skip
    return bulk_load(database_url, [(MeetingSource, [source]), (Meeting, rows)], 10_000)


def query(probe: Probe) -> search.Query:
    """The search a texter's "MEETINGS <zip>" runs: from a day ago to a week ahead."""
    return search.Query(start=probe.now - timedelta(days=1), end=probe.now + timedelta(days=7),
                        latitude=probe.latitude, longitude=probe.longitude)


def timed_searches(database: Database, chosen: list[Probe]) -> dict:
    """Build the index once (timed), then time every search; keep what each one found."""
    with database.sessions() as session:
        started = time.perf_counter()
        built = index.current(session)
        build_s = time.perf_counter() - started
    assert built.size == MEETINGS, built.size
    totals, checks, finds, results = [], [], [], []
    for probe in chosen:
        session = database.sessions()  # one per request, as in routes.get_session
        started = time.perf_counter()
        meetings = index.current(session)
        checked = time.perf_counter()
        found = search.find(meetings, query(probe), probe.now, limit=LIMIT)
        done = time.perf_counter()
        session.close()
        assert meetings is built, "the index was rebuilt mid-run"
        totals.append((done - started) * 1000)
        checks.append((checked - started) * 1000)
        finds.append((done - checked) * 1000)
        results.append(found)
    return {"build_s": build_s, "total": figures(totals), "check": figures(checks),
            "find": figures(finds), "results": results}


def profile_loop(database: Database, chosen: list[Probe], top: int = 15) -> None:
    """cProfile of the query loop (after the timed run, so the figures are unaffected)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for probe in chosen:
        with database.sessions() as session:
            search.find(index.current(session), query(probe), probe.now, limit=LIMIT)
    profiler.disable()
    print(f"\ncProfile of {len(chosen)} SQLite searches, top {top} by cumulative time:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


# The brute force, from the spec (deliberately not sharing code with helpline.meetings.search)

_zones: dict[str, ZoneInfo] = {}
BAND_DEGREES = search.RADII[-1] / (geocode.EARTH_RADIUS_MILES * math.pi / 180) + 0.01


def next_occurrence(meeting: Synthetic, after: datetime) -> datetime:
    """The earliest start at or after `after`, each local date's wall time expanded in the zone."""
    zone = _zones.get(meeting.timezone) or _zones.setdefault(meeting.timezone,
                                                             ZoneInfo(meeting.timezone))
    first = (after - timedelta(days=1)).date()  # UTC date: a day early covers any US zone
    best = None
    for offset in range(10):
        day = first + timedelta(days=offset)
        if day.weekday() not in meeting.weekdays:
            continue
        local = datetime(day.year, day.month, day.day, meeting.hour, meeting.minute, tzinfo=zone)
        instant = local.astimezone(UTC)
        if instant >= after and (best is None or instant < best):
            best = instant
    assert best is not None
    return best


def brute_force(walk_in: list[Synthetic], probe: Probe) -> tuple[list[tuple], float]:
    """The expected top LIMIT as (id, starts_at, miles), and the radius they came from."""
    now = probe.now
    start, end = now - timedelta(days=1), now + timedelta(days=7)
    after, soon = max(start, now - search.GRACE), min(end, now + search.SOON)
    near = []  # (miles, meeting) within the widest radius
    for meeting in walk_in:  # every open in-person meeting; the band only skips the far ones
        if abs(meeting.latitude - probe.latitude) <= BAND_DEGREES:
            distance = geocode.miles(probe.latitude, probe.longitude, meeting.latitude,
                                     meeting.longitude)
            if distance <= search.RADII[-1]:
                near.append((distance, meeting))
    timed = []
    for distance, meeting in near:
        starts = next_occurrence(meeting, after)
        if starts <= end:
            timed.append((starts, distance, meeting.id))
    for radius in search.RADII:
        inside = sorted(item for item in timed if item[1] <= radius)
        if sum(1 for item in inside if item[0] <= soon) >= search.ENOUGH:
            break
    top = [(meeting_id, starts, distance) for starts, distance, meeting_id in inside[:LIMIT]]
    return top, radius


def check(synthetic: list[Synthetic], chosen: list[Probe], outcomes: dict[str, dict]) -> int:
    """Compare every 10th search of each backend with the brute force; print and count misses."""
    walk_in = [meeting for meeting in synthetic if meeting.walk_in]
    picked = range(0, len(chosen), len(chosen) // CHECKED)
    mismatches, shown = 0, 0
    for number in picked:
        expected, radius = brute_force(walk_in, chosen[number])
        for backend, outcome in outcomes.items():
            found = outcome["results"][number]
            got = [(hit.meeting_id, hit.starts_at, hit.miles) for hit in found.hits]
            same = (found.radius == radius and len(got) == len(expected) and all(
                g[0] == e[0] and g[1] == e[1] and abs(g[2] - e[2]) < 1e-9
                for g, e in zip(got, expected, strict=True)))
            if not same:
                mismatches += 1
                if shown < 5:
                    shown += 1
                    probe = chosen[number]
                    print(f"  MISMATCH [{backend}] #{number} ZIP {probe.code} at "
                          f"{probe.now.isoformat()}:\n    expected r={radius} "
                          f"{_show(expected)}\n    got      r={found.radius} {_show(got)}")
    return mismatches


def _show(hits: list[tuple]) -> str:
    return ", ".join(f"#{i} {s:%Y-%m-%d %H:%M}Z {d:.2f}mi" for i, s, d in hits) or "(none)"


# Main


def report(backend: str, outcome: dict) -> None:
    """The figures of one backend."""
    print(f"  {backend:<11} index build {outcome['build_s'] * 1000:.0f} ms")
    for part, label in (("total", "search"), ("check", "  version check"),
                        ("find", "  find")):
        print(f"  {'':<11} {label:<16} {spread(outcome[part])}")


def main() -> int:
    """Run the whole benchmark; 0 when correct and within targets."""
    began = clock_ = time.perf_counter()
    print(f"meetings search: {MEETINGS:,} meetings, {QUERIES} searches for the next {LIMIT}")
    rng = random.Random(SEED)
    pool = zip_pool()
    clock_ = phase(f"ZIP pool: {len(pool):,} ZIPs", clock_)
    rows, synthetic = generate(rng, pool, source_id=1)
    chosen = probes(rng, pool, synthetic)
    clock_ = phase("generate meetings and searches", clock_)
    with measure_backends("bench_meetings", lambda url: load(url, rows),
                          lambda database: timed_searches(database, chosen), "searches",
                          clock_) as (outcomes, sqlite, clock_):
        print(f"correctness: {CHECKED} searches per backend against a brute force")
        mismatches = check(synthetic, chosen, outcomes)
        clock_ = phase("brute force", clock_)
        if "--profile" in sys.argv[1:]:
            profile_loop(sqlite, chosen)
            clock_ = phase("profile", clock_)

    print(f"\nnext {LIMIT} meetings near a ZIP, {QUERIES} searches (1 session each, in-process):")
    for backend, outcome in outcomes.items():
        report(backend, outcome)
    radii = Counter(found.radius for found in outcomes["sqlite"]["results"])
    print("  radius used: " + ", ".join(f"{r:g} mi x{n}" for r, n in sorted(radii.items())))
    total = outcomes["sqlite"]["total"]
    targets = [("SQLite median", total["median"], TARGET_MEDIAN_MS),
               ("SQLite p99", total["p99"], TARGET_P99_MS)]
    return verdict(mismatches, CHECKED * len(outcomes), targets, began, width=14)


if __name__ == "__main__":
    sys.exit(main())
