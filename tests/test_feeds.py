"""Meeting feeds are parsed into records: two real Meeting Guide feeds (read in place from
../shared/data), the quirks of other real feeds, BMLT, the helpline's CSV, and broken input."""

from __future__ import annotations

import calendar
import contextlib
import json
import re
import textwrap
from datetime import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.meetings import csv_feed
from helpline.meetings.feeds import (
    FeedError,
    detect_kind,
    parse,
    parse_bmlt,
    parse_csv,
    parse_meeting_guide,
)
from helpline.meetings.records import MeetingRecord, ParsedFeed
from tests.meeting_fixtures import DATA as MEETING_DATA

DATA = MEETING_DATA
SUSSEX = DATA / "meeting-guide-sussexaa-tsml.json"
KC = DATA / "meeting-guide-kc-district6.json"
SPEC_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
SUSSEX_ZIP = re.compile(
    r"(?P<address>.+), (?P<city>[^,]+), (?P<state>[A-Z]{2}) (?P<zip>\d{5}), USA"
)


def raw(path: Path) -> list[dict]:
    return json.loads(path.read_bytes())


def pairs(path: Path, **kwargs) -> list[tuple[dict, MeetingRecord]]:
    """Each feed entry with the record parsed from it (the parser keeps the feed's order)."""
    feed = parse_meeting_guide(path.read_bytes(), **kwargs)
    entries = raw(path)
    assert feed.skipped == []
    assert [m.slug for m in feed.meetings] == [str(e["slug"]) for e in entries]
    return list(zip(entries, feed.meetings, strict=True))


def one(entry: dict, **kwargs) -> MeetingRecord:
    """The record parsed from a one-meeting feed (failing if it was skipped)."""
    feed = parse_meeting_guide([entry], **kwargs)
    assert feed.skipped == [], feed.skipped
    return feed.meetings[0]


def skipped(entry: dict) -> str:
    """The reason a one-meeting feed's meeting was skipped."""
    feed = parse_meeting_guide([entry])
    assert feed.meetings == []
    return feed.skipped[0].reason


def is_online(entry: dict) -> bool:
    return bool(
        entry.get("conference_url", "").strip() or entry.get("conference_phone", "").strip()
    )


# --- the two real feeds ---------------------------------------------------------------------


@pytest.mark.parametrize(("path", "documented"), [(SUSSEX, 123), (KC, 206)])
def test_every_meeting_of_a_real_feed_is_accounted_for(path, documented):
    entries = raw(path)
    feed = parse_meeting_guide(path.read_bytes(), program="aa")
    assert len(entries) == documented
    assert len(feed.meetings) + len(feed.skipped) == len(entries) == feed.total
    without_day = [e for e in entries if e.get("day") in (None, "", [])]
    assert without_day == []  # so nothing may be skipped
    assert feed.skipped == []
    assert {m.program for m in feed.meetings} == {"AA"}


@pytest.mark.parametrize("path", [SUSSEX, KC])
def test_real_feed_weekdays_and_times_keep_their_meaning(path):
    for entry, record in pairs(path):
        assert [calendar.day_name[d] for d in record.weekdays] == [SPEC_DAYS[entry["day"]]]
        assert record.start.strftime("%H:%M") == entry["time"]
        expected_end = entry.get("end_time")
        assert (record.end.strftime("%H:%M") if record.end else None) == expected_end
        assert (record.latitude, record.longitude) == (entry["latitude"], entry["longitude"])


def test_a_sunday_meeting_in_the_feed_becomes_python_weekday_6():
    sunday = [(e, r) for e, r in pairs(SUSSEX) if e["day"] == 0]
    assert sunday and all(r.weekdays == (6,) for _, r in sunday)
    monday = [(e, r) for e, r in pairs(SUSSEX) if e["day"] == 1]
    assert monday and all(r.weekdays == (0,) for _, r in monday)


def test_kc_numeric_slugs_and_postal_codes_become_strings():
    records = [record for _, record in pairs(KC)]
    for entry, record in pairs(KC):
        assert isinstance(entry["slug"], int) and record.slug == str(entry["slug"])
        assert isinstance(entry["postal_code"], int)
        assert record.postal_code == str(entry["postal_code"])
    assert len({r.postal_code for r in records}) == 11
    assert {r.city for r in records} == {"Kansas City"}


def test_kc_lowercase_onl_becomes_ONL():
    with_onl = 0
    for entry, record in pairs(KC):
        assert record.types == tuple(dict.fromkeys(t.upper() for t in entry["types"]))
        with_onl += "onl" in entry["types"]
        assert ("ONL" in record.types) == ("onl" in entry["types"])
    assert with_onl > 0


def test_kc_whitespace_only_group_notes_become_empty_and_notes_are_collapsed():
    checked = 0
    for entry, record in pairs(KC):
        assert "\t" not in record.notes and "  " not in record.notes
        if not entry["group_notes"].strip() and not entry["notes"].strip():
            assert record.notes == ""
            checked += 1
        elif entry["group_notes"].strip() and not entry["notes"].strip():
            words = entry["group_notes"].replace("<br>", " ").split()
            assert record.notes == " ".join(words)
    assert checked > 0


def test_kc_unknown_append_key_is_ignored():
    entries = raw(KC)
    assert all("append" in e for e in entries)
    for entry in entries[:20]:
        without = {k: v for k, v in entry.items() if k != "append"}
        assert one(entry) == one(without)


def test_kc_timezone_comes_from_the_argument_when_the_feed_has_none():
    assert all("timezone" not in e for e in raw(KC))
    assert {r.timezone for _, r in pairs(KC)} == {None}
    assert {r.timezone for _, r in pairs(KC, timezone="America/Chicago")} == {"America/Chicago"}


def test_kc_attendance_is_derived_from_conference_details_and_TC():
    online = hybrid = closed = 0
    for entry, record in pairs(KC):
        tc = "TC" in entry["types"]
        if is_online(entry):
            online += 1
            assert record.attendance == ("online" if tc else "hybrid")
            assert not record.temporarily_closed
            hybrid += not tc
        else:
            assert record.attendance == "in_person"
            assert record.temporarily_closed == tc
            closed += tc
    assert online == 81
    assert hybrid > 0 and closed > 0
    for entry, record in pairs(KC):
        assert record.conference_url == entry["conference_url"].strip()
        assert record.conference_phone == entry["conference_phone"].strip()
    assert any(e["conference_url"] == "" for e in raw(KC))


def test_sussex_zip_city_and_street_come_from_formatted_address():
    with_zip = 0
    for entry, record in pairs(SUSSEX):
        assert "postal_code" not in entry
        match = SUSSEX_ZIP.fullmatch(entry["formatted_address"])
        if match:
            with_zip += 1
            assert record.postal_code == match["zip"]
            assert (record.address, record.city, record.state) == (
                match["address"],
                match["city"],
                match["state"],
            )
            assert record.country == "USA"
        else:
            assert entry["formatted_address"] == "Sussex County, DE, USA"
            assert (record.postal_code, record.address, record.state) == ("", "", "DE")
    assert with_zip == len(raw(SUSSEX)) - 12


def test_sussex_attendance_derivation_agrees_with_its_attendance_option():
    disagreements = [
        (entry["slug"], entry["attendance_option"], record.attendance)
        for entry, record in pairs(SUSSEX)
        if record.attendance != entry["attendance_option"]
    ]
    assert disagreements == []
    counts = {o: sum(r.attendance == o for _, r in pairs(SUSSEX)) for o in ("in_person", "online")}
    assert counts == {"in_person": 94, "online": 28}
    assert not any(r.temporarily_closed for _, r in pairs(SUSSEX))


def test_sussex_approximate_online_meetings_are_online_not_hybrid():
    approximate = [(e, r) for e, r in pairs(SUSSEX) if e["approximate"] == "yes"]
    assert len(approximate) == 12
    for entry, record in approximate:
        assert entry["formatted_address"] == "Sussex County, DE, USA"
        assert "TC" not in entry["types"] and is_online(entry)
        assert record.attendance == "online" and record.approximate
        assert record.latitude == entry["latitude"]  # kept: the importer decides what to use
    assert not any(r.approximate for e, r in pairs(SUSSEX) if e["approximate"] == "no")


def test_sussex_conference_details_and_notes_are_kept():
    for entry, record in pairs(SUSSEX):
        assert record.conference_url == entry.get("conference_url", "")
        assert record.conference_phone == entry.get("conference_phone", "")
        for key in ("conference_url_notes", "conference_phone_notes"):
            if entry.get(key):
                assert " ".join(entry[key].split()) in record.conference_notes
        assert record.location_notes == " ".join(entry.get("location_notes", "").split())
        assert record.group == entry.get("group", "")
        assert record.url == entry["url"]


def test_sussex_curly_quotes_and_spanish_are_kept():
    # No *name* in either feed has a curly quote; Sussex has them in a location and notes.
    curly = 0
    for entry, record in pairs(SUSSEX):
        for key in ("name", "location", "notes"):
            value = " ".join(entry.get(key, "").split())
            assert getattr(record, key) == value or key == "notes" and value in record.notes
            curly += "\u2019" in value
        assert record.languages == (("es",) if "S" in entry["types"] else ("en",))
    assert curly >= 2
    chapel = [r for _, r in pairs(SUSSEX) if r.location == "St John\u2019s Chapel"]
    assert chapel


def test_real_feeds_are_detected_as_meeting_guide():
    assert detect_kind(SUSSEX.read_bytes(), SUSSEX.name) == "meeting-guide"
    assert detect_kind(KC.read_bytes(), KC.name) == "meeting-guide"
    assert parse("meeting-guide", KC.read_bytes()) == parse_meeting_guide(KC.read_bytes())


# --- quirks of other real feeds, inline -----------------------------------------------------

BASE = {"slug": "s", "name": "Noon Group", "day": 1, "time": "12:00"}


def test_day_as_an_array_gives_several_weekdays_in_one_record():
    record = one({**BASE, "day": [1, "3", 5.0]})
    assert [calendar.day_name[d] for d in record.weekdays] == ["Monday", "Wednesday", "Friday"]
    assert one({**BASE, "day": ["0", 6]}).weekdays == (5, 6)


@pytest.mark.parametrize(
    ("raw_time", "expected"),
    [
        ("11:00 AM", time(11, 0)),
        ("7:00 PM", time(19, 0)),
        ("7 pm", time(19, 0)),
        ("7:30p.m.", time(19, 30)),
        ("12:00 AM", time(0, 0)),
        ("12 pm", time(12, 0)),
        ("19.00", time(19, 0)),
        ("19:00:00", time(19, 0)),
        ("06:45", time(6, 45)),
        ("1930", time(19, 30)),
        (19, time(19, 0)),
    ],
)
def test_times_in_the_forms_real_feeds_use(raw_time, expected):
    assert one({**BASE, "time": raw_time, "end_time": raw_time}).start == expected
    assert one({**BASE, "time": raw_time, "end_time": raw_time}).end == expected


@pytest.mark.parametrize("raw_time", ["25:00", "7:75", "soon", "13 pm", "0 am", "7:5"])
def test_an_unparseable_time_is_skipped_with_the_value_in_the_reason(raw_time):
    assert skipped({**BASE, "time": raw_time}) == f"unparseable time {raw_time!r}"


def test_an_unparseable_end_time_only_drops_the_end():
    assert one({**BASE, "end_time": "later"}).end is None


def test_a_meeting_without_a_day_is_an_appointment_and_is_skipped_with_its_slug():
    feed = parse_meeting_guide(
        [{**BASE, "day": None}, {k: v for k, v in BASE.items() if k != "day"}]
    )
    assert [s.slug for s in feed.skipped] == ["s", "s"]
    assert all("appointment" in s.reason for s in feed.skipped)
    assert "0 (Sunday) to 6 (Saturday)" in skipped({**BASE, "day": 7})


def test_no_slug_and_no_name_is_skipped_by_position():
    feed = parse_meeting_guide([BASE, {"day": 1, "time": "12:00"}])
    assert [(s.slug, s.reason) for s in feed.skipped] == [("#2", "no slug and no name")]


def test_a_missing_slug_is_derived_stably_from_name_day_and_time():
    entry = {"name": "Café Serenity", "day": 2, "time": "7 pm"}
    record = one(entry)
    assert record.slug == "cafe-serenity-tue-1900" == one(dict(entry)).slug
    assert one({**entry, "time": "8 pm"}).slug != record.slug


def test_duplicate_slugs_keep_the_first():
    feed = parse_meeting_guide([BASE, {**BASE, "name": "Other"}])
    assert [m.name for m in feed.meetings] == ["Noon Group"]
    assert feed.skipped[0].slug == "s" and "duplicate slug" in feed.skipped[0].reason


def test_without_coordinates_a_meeting_is_kept_for_the_importer_to_geocode():
    record = one({**BASE, "address": "1 Main St", "city": "Edmonton", "state": "AB"})
    assert (record.latitude, record.longitude) == (None, None)
    assert (record.address, record.city, record.state) == ("1 Main St", "Edmonton", "AB")
    assert one({**BASE, "latitude": "38.7", "longitude": "-75.1"}).latitude == 38.7
    assert one({**BASE, "latitude": "north", "longitude": -75}).longitude is None


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        ("[open]", ("O",)),
        ("[OPEN]", ("O",)),
        ("O, D ,onl", ("O", "D", "ONL")),
        (["o", "sp", 12, None, ""], ("O", "SP", "12")),
        ('["C","TC"]', ("C", "TC")),
        (None, ()),
    ],
)
def test_types_as_list_comma_string_or_bracketed_string(types, expected):
    assert one({**BASE, "types": types}).types == expected


def test_numbers_as_strings_and_strings_as_numbers():
    record = one({"slug": 254, "name": "W", "day": "3", "time": "18:30", "postal_code": 64113})
    assert (record.slug, record.postal_code, record.weekdays) == ("254", "64113", (2,))
    boston = one({**BASE, "postal_code": 2134, "country": "USA"})
    assert boston.postal_code == "02134"


def test_the_meetings_timezone_wins_over_the_argument():
    assert one({**BASE, "timezone": "America/Denver"}, timezone="America/New_York").timezone == (
        "America/Denver"
    )
    assert one(BASE, timezone="America/New_York").timezone == "America/New_York"
    assert one({**BASE, "timezone": "Mars/Olympus"}, timezone="UTC").timezone == "UTC"


def test_text_is_stripped_and_collapsed_but_unicode_is_left_alone():
    record = one({**BASE, "name": "  Grupo \t Nueva\n Generación “Hoy”  ", "notes": "   "})
    assert record.name == "Grupo Nueva Generación “Hoy”"
    assert record.notes == ""


def test_the_ONL_type_alone_does_not_make_a_meeting_online():
    record = one({**BASE, "types": ["ONL"], "address": "1 Main St"})
    assert record.attendance == "in_person" and "ONL" in record.types


@pytest.mark.parametrize(
    ("extra", "attendance", "closed"),
    [
        ({"conference_url": "https://zoom.us/j/1"}, "hybrid", False),
        ({"conference_phone": "+1 301 715 8592,,123#"}, "hybrid", False),
        ({"conference_url": "https://zoom.us/j/1", "types": ["TC"]}, "online", False),
        ({"conference_url": "https://zoom.us/j/1", "approximate": "yes"}, "online", False),
        ({"conference_url": "https://zoom.us/j/1", "approximate": True}, "online", False),
        ({"types": ["TC"]}, "in_person", True),
        ({"conference_url": "zoom.us/j/1"}, "in_person", False),  # not an http(s) URL
        ({"conference_url": "   ", "conference_phone": ""}, "in_person", False),
        ({"conference_phone": "555-1212"}, "in_person", False),  # not dialable
    ],
)
def test_attendance_and_closure_as_tsml_ui_derives_them(extra, attendance, closed):
    record = one({**BASE, "address": "1 Main St", **extra})
    assert (record.attendance, record.temporarily_closed) == (attendance, closed)


def test_an_online_meeting_without_any_address_is_online_not_hybrid():
    record = one({**BASE, "conference_url": "https://meet.google.com/abc"})
    assert (record.attendance, record.approximate) == ("online", True)


def test_invalid_conference_details_are_dropped_with_their_notes():
    record = one({**BASE, "conference_url": "javascript:alert(1)", "conference_url_notes": "ID 1"})
    assert (record.conference_url, record.conference_notes) == ("", "")


@pytest.mark.parametrize(
    ("types", "languages"),
    [([], ("en",)), (["S"], ("es",)), (["EN", "S"], ("en", "es")), (["POL"], ("pl",)),
     (["RUS", "O"], ("ru",)), (["POR"], ("pt",)), (["FR"], ("fr",)), (["SP"], ("en",))],
)  # fmt: skip
def test_languages_come_from_language_types(types, languages):
    assert one({**BASE, "types": types}).languages == languages


def test_program_is_the_argument_upper_cased():
    assert one(BASE, program="aa").program == "AA"
    assert one(BASE).program == ""


def test_regions_and_unknown_keys_are_ignored():
    plain = one(BASE)
    assert one({**BASE, "region": "X", "regions": ["X", "Y"], "venmo": "@a", "zz": [1]}) == plain


# --- BMLT --------------------------------------------------------------------------------------

BMLT = [
    {  # in person, Sunday, 90 minutes
        "id_bigint": "1201", "worldid_mixed": "G00123", "service_body_bigint": "7",
        "weekday_tinyint": "1", "venue_type": "1", "start_time": "19:00:00",
        "duration_time": "01:30:00", "time_zone": "", "formats": "O,BT,WC",
        "lang_enum": "en", "longitude": "-94.5786", "latitude": "39.0997",
        "meeting_name": "Just for Today", "location_text": "St. Mary's Hall",
        "location_info": "Basement, side door", "location_street": "101 E 12th St",
        "location_municipality": "Kansas City", "location_province": "MO",
        "location_postal_code_1": "64106", "location_nation": "US", "comments": "",
        "virtual_meeting_link": "", "phone_meeting_number": "",
        "virtual_meeting_additional_info": "", "published": "1",
    },
    {  # virtual, Monday, Spanish
        "id_bigint": "1202", "weekday_tinyint": "2", "venue_type": "2",
        "start_time": "20:00:00", "duration_time": "01:00:00", "time_zone": "America/Chicago",
        "formats": "VM,O", "lang_enum": "es", "latitude": "0", "longitude": "0",
        "meeting_name": "Recuperación en Línea", "location_street": "",
        "virtual_meeting_link": "https://zoom.us/j/8765432109",
        "phone_meeting_number": "+1 312 626 6799,,8765432109#",
        "virtual_meeting_additional_info": "Passcode: 1234", "published": "1",
    },
    {  # hybrid, Saturday, ends after midnight
        "id_bigint": 1203, "weekday_tinyint": 7, "venue_type": 3, "start_time": "23:30:00",
        "duration_time": "01:00:00", "formats": "C,HY", "latitude": 39.1, "longitude": -94.6,
        "meeting_name": "Late Night", "location_street": "200 Main St",
        "location_municipality": "Kansas City", "location_province": "MO",
        "virtual_meeting_link": "https://meet.google.com/abc-defg-hij", "published": "1",
    },
    {  # in person, temporarily closed
        "id_bigint": "1204", "weekday_tinyint": "4", "venue_type": "1", "start_time": "12:00:00",
        "duration_time": "01:00:00", "formats": "O,TC", "meeting_name": "Noon Hope",
        "location_street": "5 Oak Ave", "published": "1",
    },
    {  # hybrid whose room is closed: online only
        "id_bigint": "1205", "weekday_tinyint": "6", "venue_type": "3", "start_time": "18:00:00",
        "formats": "O,TC,HY", "meeting_name": "Friday Hybrid", "location_street": "7 Elm St",
        "virtual_meeting_link": "https://zoom.us/j/1112223334", "published": "1",
    },
    {  # unpublished
        "id_bigint": "1206", "weekday_tinyint": "3", "venue_type": "1", "start_time": "19:00:00",
        "meeting_name": "Old Meeting", "published": "0",
    },
]  # fmt: skip


def bmlt_by_slug(**kwargs) -> dict[str, MeetingRecord]:
    feed = parse_bmlt(json.dumps(BMLT).encode(), **kwargs)
    assert feed.total == len(BMLT)
    return {m.slug: m for m in feed.meetings}


def test_bmlt_results_become_records():
    meetings = bmlt_by_slug(timezone="America/Chicago")
    first = meetings["1201"]
    assert (first.weekdays, first.start, first.end) == ((6,), time(19), time(20, 30))
    assert first.timezone == "America/Chicago"  # time_zone "" falls back to the argument
    assert (first.latitude, first.longitude) == (39.0997, -94.5786)
    assert (first.location, first.location_notes) == ("St. Mary's Hall", "Basement, side door")
    assert (first.address, first.city, first.state, first.postal_code, first.country) == (
        "101 E 12th St", "Kansas City", "MO", "64106", "US",
    )  # fmt: skip
    assert first.types == ("O", "BT", "WC") and first.program == "NA"
    virtual = meetings["1202"]
    assert virtual.weekdays == (0,) and virtual.languages == ("es",)
    assert virtual.name == "Recuperación en Línea"
    assert (virtual.latitude, virtual.longitude) == (None, None)  # 0,0 is no place
    assert virtual.conference_notes == "Passcode: 1234"
    assert meetings["1203"].weekdays == (5,) and meetings["1203"].end == time(0, 30)


def test_bmlt_venue_type_and_tc_decide_attendance():
    meetings = bmlt_by_slug()
    got = {slug: (m.attendance, m.temporarily_closed) for slug, m in meetings.items()}
    assert got == {
        "1201": ("in_person", False),
        "1202": ("online", False),
        "1203": ("hybrid", False),
        "1204": ("in_person", True),
        "1205": ("online", False),
    }


def test_bmlt_unpublished_meetings_are_skipped_with_a_reason():
    feed = parse_bmlt(BMLT)
    assert [(s.slug, s.reason) for s in feed.skipped] == [
        ("1206", "not published (published is 0)")
    ]


def test_bmlt_object_wrapper_and_program_argument():
    wrapped = json.dumps({"meetings": BMLT, "formats": [{"key_string": "O"}]})
    assert parse_bmlt(wrapped) == parse_bmlt(BMLT)
    assert detect_kind(wrapped.encode()) == detect_kind(json.dumps(BMLT).encode()) == "bmlt"
    assert {m.program for m in parse("bmlt", BMLT, program="ca").meetings} == {"CA"}


def test_bmlt_without_venue_type_falls_back_to_formats_and_links():
    base = {"id_bigint": "9", "weekday_tinyint": "2", "start_time": "19:00", "meeting_name": "M"}
    cases = [
        ({"formats": "HY", "location_street": "1 A St"}, "hybrid"),
        ({"formats": "VM"}, "online"),
        ({"virtual_meeting_link": "https://zoom.us/j/1", "location_street": "1 A St"}, "hybrid"),
        ({"location_street": "1 A St"}, "in_person"),
    ]
    for extra, expected in cases:
        assert parse_bmlt([{**base, **extra}]).meetings[0].attendance == expected


# --- CSV ----------------------------------------------------------------------------------------


def documented_example() -> str:
    return textwrap.dedent(csv_feed.__doc__.split("::\n\n", 1)[1])


def test_the_documented_csv_example_parses():
    feed = parse_csv(documented_example(), program="smart", timezone="America/New_York")
    assert feed.skipped == []
    lewes, online = feed.meetings
    assert (lewes.slug, lewes.weekdays, lewes.start, lewes.end) == (
        "smart-lewes", (1,), time(18, 30), time(19, 30),
    )  # fmt: skip
    assert (lewes.postal_code, lewes.types, lewes.attendance) == ("19958", ("O", "D"), "in_person")
    assert online.slug == "smart-online-mon-thu-1900"  # as the docstring promises
    assert (online.weekdays, online.attendance) == ((0, 3), "online")
    assert {m.program for m in feed.meetings} == {"SMART"}
    assert {m.timezone for m in feed.meetings} == {"America/New_York"}
    assert detect_kind(documented_example().encode()) == "csv"


def test_a_bad_csv_row_is_reported_by_line_while_the_good_rows_import():
    content = (
        "Name,Day,Time,Notes,Timezone,Colour\n"
        'Good One,tue,7pm,"two\nlines",,blue\n'  # a quoted line break: the row spans 2-3
        "Bad Day,funday,7pm,,,\n"
        "\n"
        "# a comment row\n"
        "No Time,wed,,,,\n"
        "Bad Zone,thu,8pm,,Mars/Base,\n"
        "Good Two,Sunday;6,08:00,,America/Denver,\n"
    )
    feed = parse_csv(content.encode("utf-8-sig"))
    assert [(m.name, m.weekdays) for m in feed.meetings] == [
        ("Good One", (1,)),
        ("Good Two", (5, 6)),
    ]
    assert feed.meetings[0].notes == "two lines"
    assert [s.reason.split(":")[0] for s in feed.skipped] == ["line 4", "line 7", "line 8"]
    assert "'funday'" in feed.skipped[0].reason and "no time" in feed.skipped[1].reason
    assert "'Mars/Base'" in feed.skipped[2].reason
    assert [s.slug for s in feed.skipped] == ["Bad Day", "No Time", "Bad Zone"]


@pytest.mark.parametrize(
    ("day", "weekdays"),
    [("Tuesday", (1,)), ("tue", (1,)), ("TUES", (1,)), ("2", (1,)), ("0", (6,)),
     ("mon;wed", (0, 2)), ("sat; sun", (5, 6))],
)  # fmt: skip
def test_csv_days_by_name_abbreviation_or_sunday_based_number(day, weekdays):
    assert parse_csv(f"name,day,time\nM,{day},7pm\n").meetings[0].weekdays == weekdays


def test_csv_rows_with_unreadable_optional_values_are_skipped():
    rows = [
        ("latitude,longitude", "north,-75"),
        ("conference_url", "zoom.us/j/1"),
        ("conference_phone", "555-1212"),
        ("end_time", "later"),
        ("language", "spanish"),
    ]
    for columns, values in rows:
        feed = parse_csv(f"name,day,time,{columns}\nM,mon,7pm,{values}\n")
        assert feed.meetings == [] and feed.skipped[0].reason.startswith("line 2: ")


def test_csv_language_program_and_duplicate_slugs():
    content = (
        "slug,name,day,time,language,program,types\nx,A,mon,7pm,es;en,wfs,S\nx,B,tue,7pm,,,S\n"
    )
    feed = parse_csv(content, program="smart")
    assert [(m.languages, m.program) for m in feed.meetings] == [(("es", "en"), "WFS")]
    assert "duplicate slug 'x' (already used by line 2)" in feed.skipped[0].reason
    assert parse_csv("name,day,time,types\nB,tue,7pm,S;O\n").meetings[0].languages == ("es",)


@pytest.mark.parametrize("content", ["", "\n\n", "slug,name,day\nx,y,mon\n", "a;b;c\n1;2;3\n"])
def test_a_csv_without_the_required_header_is_a_feed_error(content):
    with pytest.raises(FeedError, match="CSV"):
        parse_csv(content)


def test_a_csv_with_only_a_header_is_an_empty_feed():
    assert parse_csv("name,day,time\n") == ParsedFeed()


# --- dispatch and broken input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"[]", "feed.json", "meeting-guide"),
        (b'[{"slug": "a"}]', "", "meeting-guide"),
        (b'[{"id_bigint": "1"}]', "", "bmlt"),
        (b'{"meetings": []}', "", "bmlt"),
        (b"anything", "https://example.org/list.CSV?x=1", "csv"),
        (b"not json", "", "meeting-guide"),
        (b"\xff\xfe", "", "meeting-guide"),
    ],
)
def test_detect_kind(data, filename, kind):
    assert detect_kind(data, filename) == kind


def test_parse_dispatches_and_rejects_unknown_kinds():
    assert parse("csv", "name,day,time\nA,mon,7pm\n").meetings[0].name == "A"
    with pytest.raises(FeedError, match="unknown feed kind"):
        parse("xml", b"<meetings/>")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not valid JSON"),
        (b"<html>Service Unavailable</html>", "not valid JSON"),
        (b'[{"slug": "a",', "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b'{"slug": "a"}', "JSON list of meetings, not an object"),
        (b'"meetings"', "not a string"),
        (b"null", "not null"),
        (b"[1, 2, 3]", "list of meeting objects, not of a number"),
        (b'[["a"], null]', "list of meeting objects, not of a list"),
        (b"[" * 100_000, "not valid JSON"),
        (None, "must be JSON text"),
    ],
)
def test_broken_meeting_guide_input_is_a_feed_error(data, message):
    with pytest.raises(FeedError, match=message):
        parse_meeting_guide(data)


def test_an_empty_feed_is_empty_not_an_error():
    assert parse_meeting_guide(b"[]") == ParsedFeed()
    assert parse_bmlt(b"[]") == parse_bmlt(b'{"meetings": []}') == ParsedFeed()


@pytest.mark.parametrize(
    "value",
    [10**5000, float("nan"), float("inf"), [[[[]]]], {"a": 1}, True],
    ids=["huge-int", "nan", "inf", "nested-list", "object", "true"],
)
def test_absurd_values_anywhere_are_skipped_or_ignored_never_a_crash(value):
    feed = parse_meeting_guide([{key: value for key in ("slug", "name", "day", "time")}, BASE])
    assert [m.slug for m in feed.meetings] == ["s"] and feed.skipped[0].slug == "#1"
    record = one({**BASE, **{k: value for k in ("latitude", "postal_code", "types", "notes")}})
    assert (record.latitude, record.postal_code, record.notes) == (None, "", "")


def test_stray_non_objects_among_meetings_are_skipped_not_fatal():
    feed = parse_meeting_guide([BASE, None, "x"])
    assert len(feed.meetings) == 1 and [s.slug for s in feed.skipped] == ["#2", "#3"]


MG_KEYS = [
    "slug", "name", "day", "time", "end_time", "timezone", "types", "latitude", "longitude",
    "coordinates", "address", "city", "state", "postal_code", "country", "formatted_address",
    "approximate", "conference_url", "conference_phone", "conference_url_notes",
    "conference_phone_notes", "location", "location_notes", "notes", "group_notes", "group", "url",
]  # fmt: skip
PLAUSIBLE = st.sampled_from(
    ["", " ", "0", "1", "6", "7", "-1", "19:00", "7 pm", "24:00", "yes", "no", "TC", "[open]",
     "https://zoom.us/j/1", "http://[::1", "+1 302 555 0100", "America/Chicago",
     "a, b, DE 19958, c", "../../etc/passwd", "\x00", "Ω"]
)  # fmt: skip
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | PLAUSIBLE
JSON_LIKE = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
MEETINGS = st.dictionaries(st.sampled_from(MG_KEYS) | st.text(max_size=6), JSON_LIKE, max_size=14)


@settings(deadline=None, max_examples=300)
@given(entries=st.lists(MEETINGS, max_size=5))
def test_property_any_list_of_objects_parses_and_accounts_for_every_entry(entries):
    feed = parse_meeting_guide(entries, timezone="UTC")
    assert feed.total == len(entries)
    for record in feed.meetings:
        assert record.slug and record.weekdays and all(0 <= d <= 6 for d in record.weekdays)
        assert record.attendance in ("in_person", "online", "hybrid")
        assert not (record.temporarily_closed and record.attendance != "in_person")
    assert len({m.slug for m in feed.meetings}) == len(feed.meetings)


@settings(deadline=None, max_examples=200)
@given(data=JSON_LIKE | st.lists(JSON_LIKE | MEETINGS, max_size=4) | st.binary(max_size=40))
def test_property_any_input_raises_nothing_but_feed_error(data):
    for parser in (parse_meeting_guide, parse_bmlt):
        with contextlib.suppress(FeedError):
            parser(data)
        encoded = data if isinstance(data, bytes) else json.dumps(data).encode()
        with contextlib.suppress(FeedError):
            parser(encoded)


@settings(deadline=None, max_examples=200)
@given(rows=st.lists(st.lists(st.text(max_size=8) | PLAUSIBLE, max_size=6), max_size=5))
def test_property_any_csv_raises_nothing_but_feed_error(rows):
    lines = ["name,day,time,end_time,timezone"] + [",".join(row) for row in rows]
    try:
        feed = parse_csv("\n".join(lines))
    except FeedError:
        return
    assert all(s.reason.startswith("line ") for s in feed.skipped)
