"""The helpline's meeting CSV, for programs that publish no feed (SMART Recovery, Women for
Sobriety, Recovery Dharma, local groups). One row per meeting.

File: UTF-8 (a byte-order mark is fine; Windows-1252, as older Excel saves it, is accepted
too), comma-separated, values quoted with double quotes when they hold a comma or a line break.
The first row is the header. Column names are matched without regard to case or surrounding
spaces and may come in any order; columns not listed here are ignored. `name`, `day` and `time`
are required; every other column may be missing or empty. Blank rows, and rows whose first cell
starts with `#`, are ignored.

| column | meaning |
|---|---|
| `slug` | a stable id of the meeting within the file; empty: derived from name, day and time |
| `name` | the meeting's name (required) |
| `day` | `Tuesday`, `tue`, or `0` (Sunday) ... `6` (Saturday); several separated by `;` |
| `time` | start, local wall-clock time: `19:00`, `7:00 PM`, `7pm` (required) |
| `end_time` | end, in the same forms |
| `timezone` | IANA name (`America/Chicago`); empty: the source's, else found from the place |
| `location` | the venue's name (`Community Center`) |
| `address`, `city`, `state`, `postal_code`, `country` | the street address, in parts |
| `latitude`, `longitude` | decimal degrees; empty: the importer geocodes postal_code / city |
| `types` | Meeting Guide type codes separated by `;` (`O;D`); `TC` = location temporarily closed |
| `conference_url` | the http(s) link of an online meeting |
| `conference_phone` | the dial-in number of an online meeting (at least 10 digits) |
| `notes` | free text |
| `language` | ISO 639-1 codes separated by `;` (`en;es`); empty: from language types, else `en` |
| `program` | `SMART`, `WFS`, ...; empty: the source's program |

A meeting with a conference_url or conference_phone is online; it is hybrid when it also has a
street `address` and is not `TC`. Without either it is in person (temporarily closed with `TC`).

A row that cannot be imported (no name, no or unknown day, a time that is not a time, or a
`timezone`, `latitude`/`longitude`, `end_time`, `conference_url`, `conference_phone` or
`language` that is present but unreadable) is skipped and reported as `line N: reason`, N
being the line where the row starts (the header is line 1); the other rows import.

Example (the second meeting gets a derived slug, "smart-online-mon-thu-1900")::

    slug,name,day,time,end_time,address,city,state,postal_code,types,conference_url
    smart-lewes,SMART Recovery Lewes,Tuesday,18:30,19:30,400 Savannah Rd,Lewes,DE,19958,O;D,
    ,SMART Online,mon;thu,7:00 PM,8:00 PM,,,,,O,https://zoom.us/j/5551234567
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import time
from typing import Any

from helpline.meetings.fields import (
    EntryError,
    FeedError,
    attendance,
    claim_slug,
    coordinates,
    dial_string,
    meeting_types,
    parse_time,
    postal_code,
    stable_slug,
    text,
    timezone_name,
    web_url,
    weekdays,
)
from helpline.meetings.meeting_guide import languages_from_types
from helpline.meetings.records import MeetingRecord, ParsedFeed, Skipped

REQUIRED = ("name", "day", "time")


def parse_csv(data: bytes | str, *, program: str = "", timezone: str | None = None) -> ParsedFeed:
    """Parse the helpline's meeting CSV (format in this module's docstring)."""
    zone = timezone_name(timezone)
    rows = _rows(_decode(data))
    header_line, header = next(rows, (0, []))
    columns = [text(name).lower() for name in header]
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        found = f"line {header_line} has no" if header else "no header row: need"
        raise FeedError(f"CSV {found} column(s) {', '.join(missing)}")
    result, seen = ParsedFeed(), {}
    for line, cells in rows:
        row: dict[str, str] = {}
        for column, cell in zip(columns, cells, strict=False):
            row.setdefault(column, cell)
        try:
            record = row_record(row, text(program).upper(), zone)
            claim_slug(seen, record.slug, f"line {line}")
        except EntryError as error:
            label = text(row.get("slug")) or text(row.get("name")) or f"line {line}"
            result.skipped.append(Skipped(label, f"line {line}: {error}"))
        else:
            result.meetings.append(record)
    return result


def _decode(data: Any) -> str:
    """The CSV text: UTF-8 (with or without BOM), else Windows-1252."""
    if isinstance(data, bytes | bytearray):
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return bytes(data).decode("cp1252")
            except UnicodeDecodeError:
                raise FeedError("the CSV is neither UTF-8 nor Windows-1252 text") from None
    if not isinstance(data, str):
        raise FeedError(f"the CSV must be text, not {type(data).__name__}")
    return data.removeprefix("\ufeff")


def _rows(content: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row that is not blank or a # comment."""
    reader = csv.reader(io.StringIO(content, newline=""))
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells) and not cells[0].lstrip().startswith("#"):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise FeedError(f"line {reader.line_num}: the CSV cannot be read ({error})") from None


def row_record(row: dict[str, str], program: str, zone: str | None) -> MeetingRecord:
    """One CSV row as a record; EntryError with the reason when it cannot be imported."""
    name = text(row.get("name"))
    if not name:
        raise EntryError("no name")
    days = _days(row.get("day"))
    start = _time(row, "time")
    if start is None:
        raise EntryError("no time")
    types = meeting_types(row.get("types"))
    url = _checked(row, "conference_url", web_url, "is not an http:// or https:// link")
    phone = _checked(row, "conference_phone", dial_string, "has fewer than 10 digits")
    address, country = text(row.get("address")), text(row.get("country"))
    mode, closed = attendance(bool(url or phone), "TC" in types, approximate=not address)
    latitude, longitude = _coordinates(row)
    return MeetingRecord(
        slug=text(row.get("slug")) or stable_slug(name, days, start),
        name=name,
        weekdays=days,
        start=start,
        end=_time(row, "end_time"),
        timezone=_checked(row, "timezone", timezone_name, "is not an IANA timezone") or zone,
        latitude=latitude,
        longitude=longitude,
        location=text(row.get("location")),
        address=address,
        city=text(row.get("city")),
        state=text(row.get("state")),
        postal_code=postal_code(row.get("postal_code"), country),
        country=country,
        notes=text(row.get("notes")),
        types=types,
        conference_url=url,
        conference_phone=phone,
        attendance=mode,
        temporarily_closed=closed,
        approximate=not address,
        program=text(row.get("program")).upper() or program,
        languages=_languages(row.get("language")) or languages_from_types(types),
    )


def _days(value: Any) -> tuple[int, ...]:
    """Python weekdays from "tue", "Tuesday", "2" or "mon;thu"."""
    parts = [part for part in re.split(r"[;,]", text(value)) if part.strip()]
    if not parts:
        raise EntryError("no day")
    return weekdays(parts, sunday=0)


def _time(row: dict[str, str], column: str) -> time | None:
    """The column's time, None when empty; EntryError when present but not a time."""
    raw = text(row.get(column))
    parsed = parse_time(raw) if raw else None
    if raw and parsed is None:
        raise EntryError(f"{column} {raw!r} is not a time like 19:00 or 7:00 PM")
    return parsed


def _checked(row: dict[str, str], column: str, parse: Any, problem: str) -> Any:
    """parse(value) of a column, "" when empty; EntryError when present but unreadable."""
    raw = text(row.get(column))
    value = parse(raw) if raw else ""
    if raw and not value:
        raise EntryError(f"{column} {raw!r} {problem}")
    return value


def _coordinates(row: dict[str, str]) -> tuple[float | None, float | None]:
    """(latitude, longitude), (None, None) when both are empty; EntryError when unreadable."""
    raw = (text(row.get("latitude")), text(row.get("longitude")))
    if not any(raw):
        return None, None
    latitude, longitude = coordinates(*raw)
    if latitude is None:
        raise EntryError(f"latitude/longitude {raw[0]!r}, {raw[1]!r} are not decimal degrees")
    return latitude, longitude


def _languages(value: Any) -> tuple[str, ...]:
    """ISO 639-1 codes from "en;es"; () when empty; EntryError for anything else."""
    codes = [code.lower() for code in re.split(r"[;,\s]+", text(value)) if code]
    bad = [code for code in codes if not re.fullmatch(r"[a-z]{2}", code)]
    if bad:
        raise EntryError(f"language {bad[0]!r} is not an ISO 639-1 code like en or es")
    return tuple(dict.fromkeys(codes))
