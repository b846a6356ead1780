"""BMLT (NA's Basic Meeting List Toolbox) `switcher=GetSearchResults` JSON.

The answer is a list of meeting objects, or `{"meetings": [...], "formats": [...]}` when asked
for formats too. `venue_type` (1 in person, 2 virtual, 3 hybrid) decides attendance; roots too
old to have it fall back to the `HY` / `VM` formats, then to the link and phone. The `TC`
format closes the in-person part: an in-person meeting is then temporarily closed, a hybrid
one is online only. Unpublished meetings (`published` "0") are skipped.
"""

from __future__ import annotations

import re
from datetime import time
from functools import partial
from typing import Any

from helpline.meetings.fields import (
    EntryError,
    attendance,
    collect,
    coordinates,
    dial_string,
    entries,
    flag,
    load_json,
    meeting_types,
    number,
    postal_code,
    required_time,
    stable_slug,
    text,
    timezone_name,
    web_url,
    weekdays,
)
from helpline.meetings.records import MeetingRecord, ParsedFeed

VENUES = {1: "in_person", 2: "online", 3: "hybrid"}
_DURATION = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_BMLT_LANGUAGES = {"dk": "da"}  # BMLT's code for Danish


def parse_bmlt(
    data: bytes | str | list | dict, *, program: str = "NA", timezone: str | None = None
) -> ParsedFeed:
    """Parse BMLT GetSearchResults JSON (a list, or an object with "meetings")."""
    zone = timezone_name(timezone)
    loaded = load_json(data)
    if isinstance(loaded, dict) and "meetings" in loaded:
        loaded = loaded["meetings"]
    items = entries(loaded, "a BMLT GetSearchResults answer")
    program_code = text(program).upper() or "NA"
    build = partial(bmlt_record, program=program_code, timezone=zone)
    return collect(items, build, "id_bigint", "meeting_name")


def bmlt_record(entry: dict, program: str, timezone: str | None) -> MeetingRecord:
    """One BMLT meeting as a record; EntryError when unpublished or not schedulable."""
    slug, name = text(entry.get("id_bigint")), text(entry.get("meeting_name"))
    if not slug and not name:
        raise EntryError("no id_bigint and no meeting_name")
    if flag(entry.get("published")) is False:
        raise EntryError("not published (published is 0)")
    days = weekdays(entry.get("weekday_tinyint"), sunday=1)
    start = required_time(entry, "start_time")
    types = meeting_types(entry.get("formats"))
    link = web_url(entry.get("virtual_meeting_link"))
    phone = dial_string(entry.get("phone_meeting_number"))
    address, location = text(entry.get("location_street")), text(entry.get("location_text"))
    online = bool(link or phone)
    mode, closed = venue_attendance(entry.get("venue_type"), types, online, address)
    latitude, longitude = coordinates(entry.get("latitude"), entry.get("longitude"))
    country = text(entry.get("location_nation"))
    return MeetingRecord(
        slug=slug or stable_slug(name, days, start),
        name=name or location or "Unnamed meeting",
        weekdays=days,
        start=start,
        end=end_time(start, entry.get("duration_time")),
        timezone=timezone_name(entry.get("time_zone")) or timezone,
        latitude=latitude,
        longitude=longitude,
        location=location,
        address=address,
        city=text(entry.get("location_municipality")),
        state=text(entry.get("location_province")),
        postal_code=postal_code(entry.get("location_postal_code_1"), country),
        country=country,
        location_notes=text(entry.get("location_info")),
        notes=text(entry.get("comments")),
        types=types,
        conference_url=link,
        conference_phone=phone,
        conference_notes=text(entry.get("virtual_meeting_additional_info")) if online else "",
        attendance=mode,
        temporarily_closed=closed,
        approximate=not address,
        program=program,
        languages=languages(entry.get("lang_enum")),
    )


def venue_attendance(
    value: Any, types: tuple[str, ...], has_link: bool, address: str
) -> tuple[str, bool]:
    """(attendance, temporarily_closed) from venue_type, else the HY/VM formats, else links."""
    code = number(value)
    venue = VENUES.get(int(code)) if code is not None and code.is_integer() else None
    if venue is None and ("HY" in types or "VM" in types):
        venue = "hybrid" if "HY" in types else "online"
    closed = "TC" in types
    if venue is None:
        return attendance(has_link, closed, approximate=not address)
    if venue == "in_person":
        return "in_person", closed
    return ("online" if closed or venue == "online" else "hybrid"), False


def end_time(start: time, duration: Any) -> time | None:
    """start + duration ("01:30:00"), wrapping past midnight; None without a duration."""
    match = _DURATION.match(text(duration))
    if not match:
        return None
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if not 0 < minutes < 24 * 60 or int(match.group(2)) > 59:
        return None
    total = (start.hour * 60 + start.minute + minutes) % (24 * 60)
    return time(total // 60, total % 60)


def languages(value: Any) -> tuple[str, ...]:
    """(lang_enum,) as an ISO 639-1 code; English when absent or unreadable."""
    code = text(value).lower()
    code = _BMLT_LANGUAGES.get(code, code)
    return (code,) if re.fullmatch(r"[a-z]{2}", code) else ("en",)
