"""The meeting search against a brute force of its specification, on two real Meeting Guide feeds
(Sussex County DE and Kansas City MO, read in place from ../shared/data) imported into the test
database: ZIPs near and far, evenings, nights, the 15-minute grace, both DST changes, time words,
filters, online meetings, closed venues and re-imports.

The brute force is written from the specification only (zoneinfo, geocode.miles and the Meeting
rows); it never calls the search's helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpline.meetings import geocode, index, search, sources
from helpline.meetings.models import Meeting
from helpline.meetings.when import window
from tests.meeting_fixtures import DATA as MEETING_DATA

DATA = MEETING_DATA
SUSSEX = DATA / "meeting-guide-sussexaa-tsml.json"
KC = DATA / "meeting-guide-kc-district6.json"
NEW_YORK, CHICAGO = "America/New_York", "America/Chicago"
FEEDS = {"sussex-aa": (SUSSEX, NEW_YORK), "kc-district6": (KC, CHICAGO)}

# The specification's constants, written out independently of search.py.
SPEC_RADII = (5.0, 10.0, 25.0, 50.0)
SPEC_GRACE = timedelta(minutes=15)
SPEC_SOON = timedelta(hours=24)
SPEC_ENOUGH = 3

ZIPS = ["19958", "19971", "19947", "64111", "64130", "66101", "59001"]


# The feeds, imported


@dataclass(frozen=True)
class Row:
    """A Meeting row, detached from the session."""

    id: int
    slug: str
    latitude: float | None
    longitude: float | None
    timezone: str
    weekdays: tuple[int, ...]
    start: time
    program: str
    attendance: str
    closed: bool
    languages: frozenset[str]


@dataclass
class Loaded:
    rows: list[Row]
    built: index.MeetingIndex

    def by_id(self) -> dict[int, Row]:
        return {row.id: row for row in self.rows}


def import_feed(session, name: str, path: Path, zone: str, data: bytes | None = None) -> None:
    source = sources.upsert_source(session, name, str(path), kind=None, timezone=zone,
                                   program="AA", refresh_hours=0)
    sources.import_into(session, source, path.read_bytes() if data is None else data)
    session.commit()


def rows_of(session) -> list[Row]:
    result = []
    for m in session.scalars(select(Meeting).order_by(Meeting.id)):
        result.append(Row(
            id=m.id, slug=m.slug, latitude=m.latitude,
            longitude=m.longitude, timezone=m.timezone, weekdays=tuple(m.weekday_list),
            start=m.start, program=m.program, attendance=m.attendance,
            closed=m.temporarily_closed,
            languages=frozenset(code for code in m.languages.split(",") if code),
        ))
    return result


@pytest.fixture
def loaded(session) -> Loaded:
    """Both real feeds imported as an operator would, and the index built from them."""
    for name, (path, zone) in FEEDS.items():
        import_feed(session, name, path, zone)
    rows = rows_of(session)
    assert len(rows) == 123 + 206
    return Loaded(rows, index.build(session))


# The brute force


def occurrence(row: Row, after: datetime, end: datetime) -> datetime | None:
    """The first instant >= after at the meeting's wall-clock start on one of its weekdays, in
    its own zone; None when that is after `end`."""
    zone = ZoneInfo(row.timezone)
    first = after.astimezone(zone).date() - timedelta(days=1)
    instants = []
    for k in range(10):
        day = first + timedelta(days=k)
        if day.weekday() in row.weekdays:
            instants.append(datetime.combine(day, row.start, zone).astimezone(UTC))
    upcoming = [t for t in instants if t >= after]
    t = min(upcoming, default=None)
    return t if t is not None and t <= end else None


def matches(row: Row, query: search.Query) -> bool:
    if query.programs and row.program not in query.programs:
        return False
    return query.language is None or query.language in row.languages


def place_candidates(rows: list[Row], query: search.Query) -> list[Row]:
    return [row for row in rows
            if row.attendance in ("in_person", "hybrid") and not row.closed
            and row.latitude is not None and row.longitude is not None and matches(row, query)]


def expected_nearby(rows: list[Row], query: search.Query, now: datetime, limit: int):
    """(radius, [(meeting id, starts_at, miles rounded)]) as the specification says."""
    after = max(query.start, now - SPEC_GRACE)
    soon = min(query.end, now + SPEC_SOON)
    scored = []
    for row in place_candidates(rows, query):
        distance = geocode.miles(query.latitude, query.longitude, row.latitude, row.longitude)
        scored.append((row, distance, occurrence(row, after, query.end)))
    radius = SPEC_RADII[-1]
    for r in SPEC_RADII:
        if sum(1 for _, d, t in scored if d <= r and t is not None and t <= soon) >= SPEC_ENOUGH:
            radius = r
            break
    hits = sorted((t, d, row.id) for row, d, t in scored if d <= radius and t is not None)
    return radius, [(i, t, round(d, 3)) for t, d, i in hits[:limit]]


def expected_online(rows: list[Row], query: search.Query, now: datetime, limit: int):
    """[(meeting id, starts_at)] of online and hybrid meetings, soonest first."""
    after = max(query.start, now - SPEC_GRACE)
    hits = []
    for row in rows:
        if row.attendance in ("online", "hybrid") and matches(row, query):
            t = occurrence(row, after, query.end)
            if t is not None:
                hits.append((t, row.id))
    return [(i, t) for t, i in sorted(hits)[:limit]]


def actual_nearby(found: search.Found):
    return found.radius, [(h.meeting_id, h.starts_at, round(h.miles, 3)) for h in found.hits]


def actual_online(found: search.Found):
    assert found.radius is None
    assert all(h.miles is None for h in found.hits)
    return [(h.meeting_id, h.starts_at) for h in found.hits]


def place_query(place: geocode.Place, now: datetime, **kwargs) -> search.Query:
    """The default window: from a day ago to a week ahead."""
    start = kwargs.pop("start", now - timedelta(days=1))
    end = kwargs.pop("end", now + timedelta(days=7))
    return search.Query(start=start, end=end, latitude=place.latitude,
                        longitude=place.longitude, **kwargs)


def compare_nearby(loaded: Loaded, query, now, limits=(3, 30)) -> str:
    """How the search and the brute force differ, for each limit ("" when they agree)."""
    differences = []
    for limit in limits:
        got = actual_nearby(search.find(loaded.built, query, now, limit))
        expected = expected_nearby(loaded.rows, query, now, limit)
        if got != expected:
            differences.append(f"  top {limit}: " + described(got, expected))
    return "\n".join(differences)


def described(got, expected) -> str:
    """A readable difference: radius, and the hits only one side has (UTC times)."""
    (got_radius, got_hits), (want_radius, want_hits) = got, expected
    lines = [f"radius {got_radius} (brute force {want_radius}); {len(got_hits)} hits "
             f"(brute force {len(want_hits)})"]
    for tag, one, other in (("search only", got_hits, want_hits),
                            ("brute force only", want_hits, got_hits)):
        lines += [f"    {tag}: meeting {i} at {t:%a %m-%d %H:%M} UTC, {d} mi"
                  for i, t, d in one if (i, t, d) not in other]
    return "\n".join(lines)


def report(differences: dict[str, str]) -> str:
    return "\n".join(f"{label}:\n{text}" for label, text in differences.items())


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: str, *args, fold: int = 0) -> datetime:
    """A fixed instant given by its local reading (test data only; the search gets UTC)."""
    return datetime(*args, tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


# The specification's constants


def test_search_constants_are_the_specified_ones():
    assert search.RADII == SPEC_RADII
    assert search.GRACE == SPEC_GRACE
    assert search.SOON == SPEC_SOON
    assert search.ENOUGH == SPEC_ENOUGH


# 1. ZIPs near and far, at several instants

# Local readings in the ZIP's own zone (May 2026: daylight time). On Monday 2026-05-11 meetings
# start at 19:00 near Lewes and at 19:00 and 20:00 in Kansas City. Seconds matter: a texter's
# "now" is rarely on the minute.
INSTANTS = {
    "wednesday evening": (2026, 5, 13, 18, 40),
    "sunday morning": (2026, 5, 17, 8, 5),
    "02:30 at night": (2026, 5, 12, 2, 30),
    "19:05, 5 min after 19:00 meetings started": (2026, 5, 11, 19, 5),
    "19:14:59": (2026, 5, 11, 19, 14, 59),
    "19:15, exactly 15 min after 19:00": (2026, 5, 11, 19, 15),
    "19:15:30, 15.5 min after 19:00": (2026, 5, 11, 19, 15, 30),
    "19:16": (2026, 5, 11, 19, 16),
    "20:05": (2026, 5, 11, 20, 5),
    "20:15:30": (2026, 5, 11, 20, 15, 30),
    "20:16": (2026, 5, 11, 20, 16),
}


@pytest.mark.parametrize("zip_code", ZIPS)
def test_place_search_top_3_and_30_equal_the_brute_force_at_every_instant(loaded, zip_code):
    place = geocode.by_zip(zip_code)
    differences = {}
    for label, reading in INSTANTS.items():
        now = local(place.timezone, *reading)
        if found := compare_nearby(loaded, place_query(place, now), now):
            differences[f"{label} ({now:%Y-%m-%d %H:%M:%S} UTC)"] = found
    assert not differences, report(differences)


def test_the_fixture_instants_exercise_the_grace_and_far_away_cases(loaded):
    """Guard the test data: Monday meetings at 19:00 near Lewes and at 20:00 in Kansas City are
    within the first radius, and nothing is within 50 miles of Absarokee MT."""
    for zip_code, hour in (("19958", 19), ("64111", 20)):
        place = geocode.by_zip(zip_code)
        now = local(place.timezone, 2026, 5, 11, hour, 5)
        radius, hits = expected_nearby(loaded.rows, place_query(place, now), now, 30)
        assert radius == 5.0
        assert hits[0][1] == local(place.timezone, 2026, 5, 11, hour, 0), zip_code
    far = geocode.by_zip("59001")
    now = local(far.timezone, 2026, 5, 13, 18, 40)
    found = search.find(loaded.built, place_query(far, now), now)
    assert (found.radius, found.hits) == (50.0, [])


@pytest.mark.parametrize(("zip_code", "hour"), [("19958", 19), ("64111", 20)])
def test_a_meeting_that_started_up_to_15_minutes_ago_is_listed_and_not_a_second_later(
        loaded, zip_code, hour):
    place = geocode.by_zip(zip_code)
    started = local(place.timezone, 2026, 5, 11, hour, 0)
    for now, listed in ((started + timedelta(minutes=15), True),
                        (started + timedelta(minutes=15, seconds=1), False)):
        query = place_query(place, now)
        found = search.find(loaded.built, query, now, 3)
        assert any(h.starts_at == started for h in found.hits) is listed, now
        assert all(h.starts_at >= now - SPEC_GRACE for h in found.hits)
        # A second past the grace, the next three are the next meetings, not next week's.
        assert actual_nearby(found) == expected_nearby(loaded.rows, query, now, 3)


def entry(meeting_id: int, weekday: int, hour: int, attendance: str = "in_person"):
    """A meeting in Kansas City for a hand-made index."""
    return index.Entry(meeting_id, 39.0, -94.6, CHICAGO, (weekday,), time(hour), (
        weekday * 1440 + hour * 60,), "AA", attendance, False, frozenset({"en"}))


@pytest.mark.parametrize("attendance", ["in_person", "online"])
@pytest.mark.parametrize("seconds", [0, 30])
def test_minimal_a_meeting_started_15_minutes_and_some_seconds_ago_takes_no_place(
        attendance, seconds):
    """Monday 20:00, Tuesday 07:00, 12:00 and 18:00; asked on Monday at 20:16:00 or 20:15:30
    (after = 20:01:00 or 20:00:30): the next three are Tuesday's, within 5 miles."""
    meetings = index.MeetingIndex([entry(1, 0, 20, attendance), entry(2, 1, 7, attendance),
                                   entry(3, 1, 12, attendance), entry(4, 1, 18, attendance)], ())
    now = local(CHICAGO, 2026, 5, 11, 20, 16) - timedelta(seconds=seconds)
    query = search.Query(now - timedelta(days=1), now + timedelta(days=7), 39.0, -94.6,
                         online=attendance == "online")
    found = search.find(meetings, query, now, 3)
    tuesday = [(i, local(CHICAGO, 2026, 5, 12, hour)) for i, hour in ((2, 7), (3, 12), (4, 18))]
    assert [(h.meeting_id, h.starts_at) for h in found.hits] == tuesday
    assert found.radius == (None if attendance == "online" else 5.0)


@pytest.mark.parametrize("zip_code", ["19958", "64111"])
def test_a_limit_below_3_keeps_the_radius_the_specification_gives(loaded, zip_code):
    """The radius depends on how many meetings start soon, not on how many are shown: the top
    1 and top 2 are the first of the top 3."""
    place = geocode.by_zip(zip_code)
    differences = {}
    for label in ("wednesday evening", "sunday morning", "02:30 at night"):
        now = local(place.timezone, *INSTANTS[label])
        if found := compare_nearby(loaded, place_query(place, now), now, (1, 2)):
            differences[label] = found
    assert not differences, report(differences)


# 2. Daylight-saving changes (2026-03-08 spring forward, 2026-11-01 fall back)

# (label, zone, instant in UTC, its local reading, UTC offset in hours)
DST_INSTANTS = [
    ("spring: saturday evening before", NEW_YORK, utc(2026, 3, 7, 23, 30), "03-07 18:30", -5),
    ("spring: sunday 01:30 before", NEW_YORK, utc(2026, 3, 8, 6, 30), "03-08 01:30", -5),
    ("spring: sunday '02:30' (gap)", NEW_YORK, utc(2026, 3, 8, 7, 30), "03-08 03:30", -4),
    ("spring: sunday afternoon after", NEW_YORK, utc(2026, 3, 8, 19, 0), "03-08 15:00", -4),
    ("fall: saturday evening before", NEW_YORK, utc(2026, 10, 31, 22, 30), "10-31 18:30", -4),
    ("fall: sunday 01:30 first (EDT)", NEW_YORK, utc(2026, 11, 1, 5, 30), "11-01 01:30", -4),
    ("fall: sunday 01:30 second (EST)", NEW_YORK, utc(2026, 11, 1, 6, 30), "11-01 01:30", -5),
    ("fall: sunday afternoon after", NEW_YORK, utc(2026, 11, 1, 20, 0), "11-01 15:00", -5),
    ("spring: saturday evening before", CHICAGO, utc(2026, 3, 8, 0, 30), "03-07 18:30", -6),
    ("spring: sunday 01:30 before", CHICAGO, utc(2026, 3, 8, 7, 30), "03-08 01:30", -6),
    ("spring: sunday '02:30' (gap)", CHICAGO, utc(2026, 3, 8, 8, 30), "03-08 03:30", -5),
    ("spring: sunday afternoon after", CHICAGO, utc(2026, 3, 8, 20, 0), "03-08 15:00", -5),
    ("fall: saturday evening before", CHICAGO, utc(2026, 10, 31, 23, 30), "10-31 18:30", -5),
    ("fall: sunday 01:30 first (CDT)", CHICAGO, utc(2026, 11, 1, 6, 30), "11-01 01:30", -5),
    ("fall: sunday 01:30 second (CST)", CHICAGO, utc(2026, 11, 1, 7, 30), "11-01 01:30", -6),
    ("fall: sunday afternoon after", CHICAGO, utc(2026, 11, 1, 21, 0), "11-01 15:00", -6),
]
DST_ZIPS = {NEW_YORK: ["19958", "19970"], CHICAGO: ["64111", "66101"]}
CHANGES = {"spring": utc(2026, 3, 8, 7, 0), "fall": utc(2026, 11, 1, 6, 0)}  # New York's


def test_the_dst_instants_read_as_labelled():
    for label, zone, now, reading, offset in DST_INSTANTS:
        there = now.astimezone(ZoneInfo(zone))
        assert there.strftime("%m-%d %H:%M") == reading, label
        assert there.utcoffset() == timedelta(hours=offset), label
    # The "02:30" of spring is what zoneinfo makes of the non-existent reading.
    assert local(NEW_YORK, 2026, 3, 8, 2, 30) == utc(2026, 3, 8, 7, 30)
    assert local(CHICAGO, 2026, 3, 8, 2, 30) == utc(2026, 3, 8, 8, 30)
    assert local(NEW_YORK, 2026, 11, 1, 1, 30, fold=1) == utc(2026, 11, 1, 6, 30)


@pytest.mark.parametrize("zone", [NEW_YORK, CHICAGO])
def test_around_both_dst_changes_the_search_equals_the_brute_force(loaded, zone):
    differences = {}
    for label, instant_zone, now, _, _ in DST_INSTANTS:
        if instant_zone != zone:
            continue
        for zip_code in DST_ZIPS[zone]:
            place = geocode.by_zip(zip_code)
            if found := compare_nearby(loaded, place_query(place, now), now, (3, 30, 500)):
                differences[f"{zip_code} {label}"] = found
    assert not differences, report(differences)


@pytest.mark.parametrize("zone", [NEW_YORK, CHICAGO])
def test_across_dst_changes_every_meeting_keeps_its_local_wall_clock_time(loaded, zone):
    rows = loaded.by_id()
    nineteens: dict[str, set[bool]] = {"spring": set(), "fall": set()}
    for label, instant_zone, now, _, _ in DST_INSTANTS:
        if instant_zone != zone:
            continue
        season = label.split(":")[0]
        for zip_code in DST_ZIPS[zone]:
            place = geocode.by_zip(zip_code)
            for hit in search.find(loaded.built, place_query(place, now), now, 500).hits:
                row = rows[hit.meeting_id]
                there = hit.starts_at.astimezone(ZoneInfo(row.timezone))
                assert (there.hour, there.minute) == (row.start.hour, row.start.minute), hit
                assert there.weekday() in row.weekdays, (label, hit)
                if row.start == time(19, 0):
                    assert there.hour == 19
                    nineteens[season].add(hit.starts_at > CHANGES[season])
    # 19:00 meetings were seen both before and after each change.
    assert nineteens == {"spring": {False, True}, "fall": {False, True}}


def test_a_saturday_and_a_sunday_19_00_meeting_straddle_the_change_at_19_00_local(loaded):
    """Asked on the Saturday evening before and the Sunday afternoon after each change, the
    first 19:00 meeting near 64111 is that same evening at 19:00 Kansas City time, with the
    offset of that day (spring: CST then CDT; fall: CDT then CST)."""
    place = geocode.by_zip("64111")
    rows = loaded.by_id()
    for now, offset in ((utc(2026, 3, 8, 0, 30), -6), (utc(2026, 3, 8, 20, 0), -5),
                        (utc(2026, 10, 31, 23, 30), -5), (utc(2026, 11, 1, 21, 0), -6)):
        hits = search.find(loaded.built, place_query(place, now), now, 500).hits
        first = next(h for h in hits if rows[h.meeting_id].start == time(19, 0))
        there = first.starts_at.astimezone(ZoneInfo(CHICAGO))
        assert there.hour == 19 and there.date() == now.astimezone(ZoneInfo(CHICAGO)).date()
        assert there.utcoffset() == timedelta(hours=offset)


# 3. Time words


WINDOW_INSTANTS = {
    "tuesday 02:30": (2026, 5, 12, 2, 30),
    "wednesday 18:40": (2026, 5, 13, 18, 40),
    "friday 13:00": (2026, 5, 15, 13, 0, 20),
    "sunday 08:05": (2026, 5, 17, 8, 5),
    "saturday before spring forward 21:10": (2026, 3, 7, 21, 10),
    "saturday before fall back 21:10": (2026, 10, 31, 21, 10),
}
PART_HOURS = {"tonight": (17, 24), "morning": (5, 12)}


@pytest.mark.parametrize("zip_code", ["19958", "64111", "66101"])
@pytest.mark.parametrize("word", ["tonight", "tomorrow", "sunday", "morning"])
def test_time_word_windows_equal_the_brute_force_and_hold_every_hit(loaded, zip_code, word):
    place = geocode.by_zip(zip_code)
    zone = ZoneInfo(place.timezone)
    rows = loaded.by_id()
    differences = {}
    for label, reading in WINDOW_INSTANTS.items():
        now = local(place.timezone, *reading)
        when = window({word}, place.timezone, now)
        query = place_query(place, now, start=when.start, end=when.end)
        if found := compare_nearby(loaded, query, now, (3, 30, 500)):
            differences[label] = found
        today = now.astimezone(zone).date()
        for hit in search.find(loaded.built, query, now, 500).hits:
            there = hit.starts_at.astimezone(zone)
            assert when.start <= hit.starts_at <= when.end, (label, hit)
            assert hit.starts_at >= now - SPEC_GRACE, (label, hit)
            assert (there.hour, there.minute) == (rows[hit.meeting_id].start.hour,
                                                  rows[hit.meeting_id].start.minute)
            if word in PART_HOURS:
                low, high = PART_HOURS[word]
                assert low <= there.hour < high, (label, hit)
            if word == "tonight":
                assert there.date() == today, (label, hit)
            if word == "tomorrow":
                assert there.date() == today + timedelta(days=1), (label, hit)
            if word == "sunday":
                assert there.weekday() == 6, (label, hit)
                assert there.date() - today < timedelta(days=7), (label, hit)
    assert not differences, report(differences)


# 4. Program and language filters


def test_no_na_meetings_in_two_aa_feeds(loaded):
    now = local(NEW_YORK, 2026, 5, 13, 18, 40)
    for zip_code in ("19958", "64111"):
        place = geocode.by_zip(zip_code)
        query = place_query(place, now, programs=frozenset({"NA"}))
        assert search.find(loaded.built, query, now).hits == []
        assert expected_nearby(loaded.rows, query, now, 30)[1] == []
    online_na = search.Query(now - timedelta(days=1), now + timedelta(days=7), online=True,
                             programs=frozenset({"NA"}))
    assert search.find(loaded.built, online_na, now).hits == []


def test_an_aa_filter_changes_nothing_and_equals_the_brute_force(loaded):
    now = local(CHICAGO, 2026, 5, 13, 18, 40)
    for zip_code in ("19958", "64111"):
        place = geocode.by_zip(zip_code)
        plain = search.find(loaded.built, place_query(place, now), now)
        for programs in ({"AA"}, {"AA", "NA"}):
            query = place_query(place, now, programs=frozenset(programs))
            assert not (diff := compare_nearby(loaded, query, now)), diff
            assert search.find(loaded.built, query, now) == plain


def test_spanish_filter_finds_georgetowns_spanish_meeting_as_the_brute_force_does(loaded):
    spanish = [row for row in loaded.rows if "es" in row.languages]
    assert [(row.slug, row.weekdays, row.start) for row in spanish] == [
        ("lunes-nueva-generacion", (0,), time(19, 0))]
    rows = loaded.by_id()
    now = local(NEW_YORK, 2026, 5, 11, 12, 0)  # Monday noon
    for zip_code in ("19947", "19958", "19971"):
        query = place_query(geocode.by_zip(zip_code), now, language="es")
        assert not (diff := compare_nearby(loaded, query, now)), diff
        hits = search.find(loaded.built, query, now).hits
        assert [rows[h.meeting_id].slug for h in hits] == ["lunes-nueva-generacion"]
        assert hits[0].starts_at == local(NEW_YORK, 2026, 5, 11, 19, 0)
    far = place_query(geocode.by_zip("64111"), now, language="es")
    assert search.find(loaded.built, far, now).hits == []
    assert expected_nearby(loaded.rows, far, now, 30)[1] == []
    online_es = search.Query(now - timedelta(days=1), now + timedelta(days=7), online=True,
                             language="es")
    assert actual_online(search.find(loaded.built, online_es, now, 10)) == expected_online(
        loaded.rows, online_es, now, 10)


# 5. Online


ONLINE_INSTANTS = [
    local(NEW_YORK, 2026, 5, 13, 18, 40),  # Wednesday evening in Delaware
    local(CHICAGO, 2026, 5, 14, 12, 15, 30),  # 15.5 minutes after Kansas City's noon meetings
    local(CHICAGO, 2026, 5, 14, 12, 10),  # noon meetings still within the grace
]


@pytest.mark.parametrize("now", ONLINE_INSTANTS, ids=["wed-evening", "noon+15m30s", "noon+10m"])
def test_online_search_top_10_equals_the_brute_force(loaded, now):
    expected = expected_online(loaded.rows, search.Query(now - timedelta(days=1),
                                                         now + timedelta(days=7)), now, 10)
    assert len(expected) == 10
    asked = search.Query(now - timedelta(days=1), now + timedelta(days=7), online=True,
                         latitude=38.7381, longitude=-75.1747)
    nowhere = search.Query(now - timedelta(days=1), now + timedelta(days=7))
    assert actual_online(search.find(loaded.built, asked, now, 10)) == expected
    assert actual_online(search.find(loaded.built, nowhere, now, 10)) == expected


# 6. Temporarily closed venues


def test_temporarily_closed_in_person_meetings_never_appear_in_a_place_search(loaded):
    closed = [row for row in loaded.rows if row.closed]
    assert len(closed) == 9 and {row.attendance for row in closed} == {"in_person"}
    closed_ids = {row.id for row in closed}
    # Asked for right at the closed venue, ten minutes before its meeting starts: it would be
    # the first hit if it were a candidate.
    for row in closed:
        day = date(2026, 5, 11) + timedelta(days=row.weekdays[0])
        starts = datetime.combine(day, row.start, ZoneInfo(row.timezone)).astimezone(UTC)
        now = starts - timedelta(minutes=10)
        place = geocode.Place(row.latitude, row.longitude, row.timezone, "venue", "MO")
        query = place_query(place, now)
        expected = expected_nearby(loaded.rows, query, now, 500)
        assert closed_ids.isdisjoint(i for i, _, _ in expected[1])
        assert closed_ids.isdisjoint(r.id for r in place_candidates(loaded.rows, query))
        found = search.find(loaded.built, query, now, 500)
        assert closed_ids.isdisjoint(h.meeting_id for h in found.hits), row.slug
        assert actual_nearby(found) == expected
    # And none from the Kansas City ZIPs over a whole week.
    now = local(CHICAGO, 2026, 5, 11, 0, 0)
    for zip_code in ("64111", "64130", "66101"):
        query = place_query(geocode.by_zip(zip_code), now, start=now, end=now + timedelta(7))
        found = search.find(loaded.built, query, now, 1000)
        assert len(found.hits) > 20
        assert closed_ids.isdisjoint(h.meeting_id for h in found.hits)


# 7. Re-imports and the process-wide index


def test_a_reimport_that_drops_meetings_changes_the_current_index(loaded, session):
    first = index.current(session)
    assert index.current(session) is first  # nothing changed: not rebuilt
    assert first.size == 329

    entries = json.loads(KC.read_bytes())
    kept, dropped = entries[::2], entries[1::2]
    import_feed(session, "kc-district6", KC, CHICAGO, json.dumps(kept).encode())

    second = index.current(session)
    assert second is not first
    assert index.current(session) is second
    rows = rows_of(session)
    slugs = {row.id: row.slug for row in rows}
    kc_slugs = {row.slug for row in rows if row.timezone == CHICAGO}
    assert kc_slugs == {str(e["slug"]) for e in kept}
    assert kc_slugs.isdisjoint(str(e["slug"]) for e in dropped)
    assert set(second.by_id) == set(slugs) and second.size == 123 + len(kept)

    dropped_slugs = {str(e["slug"]) for e in dropped}
    now = local(CHICAGO, 2026, 5, 13, 11, 50)
    after = Loaded(rows, second)
    for zip_code in ("64111", "64130", "66101"):
        query = place_query(geocode.by_zip(zip_code), now)
        assert not (diff := compare_nearby(after, query, now, (3, 30, 500))), diff
        hits = search.find(second, query, now, 500).hits
        assert hits and dropped_slugs.isdisjoint(slugs[h.meeting_id] for h in hits)
    online_query = search.Query(now - timedelta(days=1), now + timedelta(days=7), online=True)
    found = search.find(second, online_query, now, 500)
    assert actual_online(found) == expected_online(rows, online_query, now, 500)
    assert found.hits and {h.meeting_id for h in found.hits} <= set(slugs)
    assert dropped_slugs.isdisjoint(slugs[h.meeting_id] for h in found.hits)


def test_the_current_index_is_not_rebuilt_by_a_search_or_a_read(loaded, session):
    first = index.current(session)
    rows_of(session)
    place = geocode.by_zip("19958")
    now = local(NEW_YORK, 2026, 5, 13, 18, 40)
    search.find(first, place_query(place, now), now)
    assert index.current(session) is first
