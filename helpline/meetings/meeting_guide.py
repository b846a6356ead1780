"""Meeting Guide JSON (code4recovery spec; TSML WordPress exports), read as leniently as TSML UI.

Attendance follows TSML UI's `loadMeetingData`: a meeting is online when it has an http(s)
`conference_url` or a dialable `conference_phone` (the `ONL` type alone does not count); it is
in person unless its types hold `TC` (location temporarily closed) or its address is
approximate. Online and in person is hybrid; online only is online; not online is in person,
temporarily closed when TC.
"""

from __future__ import annotations

import re
from functools import partial

from helpline.meetings.fields import (
    EntryError,
    attendance,
    collect,
    coordinates,
    dial_string,
    entries,
    flag,
    joined,
    load_json,
    meeting_types,
    parse_time,
    postal_code,
    required_time,
    stable_slug,
    text,
    timezone_name,
    web_url,
    weekdays,
)
from helpline.meetings.records import MeetingRecord, ParsedFeed

# Meeting Guide language types (code4recovery spec, src/types.php) -> ISO 639-1.
LANGUAGE_TYPES = {
    "AM": "am", "DA": "da", "DE": "de", "EL": "el", "EN": "en", "FA": "fa", "FR": "fr",
    "HE": "he", "HI": "hi", "HR": "hr", "HU": "hu", "ITA": "it", "JA": "ja", "KOR": "ko",
    "LT": "lt", "ML": "ml", "NO": "no", "POL": "pl", "POR": "pt", "PUN": "pa", "RUS": "ru",
    "S": "es", "SK": "sk", "SV": "sv", "TH": "th", "TL": "tl", "UK": "uk",
}  # fmt: skip

_STATE_POSTAL = re.compile(r"^([A-Z]{2})\s+(\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)$")
_STATE_ONLY = re.compile(r"^[A-Z]{2}$")
_PLACE_KEYS = ("address", "city", "state", "country")


def parse_meeting_guide(
    data: bytes | str | list, *, program: str = "", timezone: str | None = None
) -> ParsedFeed:
    """Parse a Meeting Guide JSON feed (a list of meetings)."""
    zone = timezone_name(timezone)
    items = entries(load_json(data), "a Meeting Guide feed")
    program_code = text(program).upper()
    build = partial(meeting_record, program=program_code, timezone=zone)
    return collect(items, build, "slug", "name")


def meeting_record(entry: dict, program: str, timezone: str | None) -> MeetingRecord:
    """One Meeting Guide entry as a record; EntryError when it cannot be put on a schedule."""
    name, slug = text(entry.get("name")), text(entry.get("slug"))
    if not slug and not name:
        raise EntryError("no slug and no name")
    days = weekdays(entry.get("day"), sunday=0)
    start = required_time(entry, "time")
    types = meeting_types(entry.get("types"))
    place = place_fields(entry)
    conference_url = web_url(entry.get("conference_url"))
    conference_phone = dial_string(entry.get("conference_phone"))
    explicit = flag(entry.get("approximate"))
    approximate = explicit if explicit is not None else not place["address"]
    mode, closed = attendance(bool(conference_url or conference_phone), "TC" in types, approximate)
    latitude, longitude = meeting_coordinates(entry)
    location, group = text(entry.get("location")), text(entry.get("group"))
    return MeetingRecord(
        slug=slug or stable_slug(name, days, start),
        name=name or group or location or "Unnamed meeting",
        weekdays=days,
        start=start,
        end=parse_time(entry.get("end_time")),
        timezone=timezone_name(entry.get("timezone")) or timezone,
        latitude=latitude,
        longitude=longitude,
        location=location,
        **place,
        location_notes=text(entry.get("location_notes")),
        notes=joined(text(entry.get("notes")), text(entry.get("group_notes"))),
        types=types,
        conference_url=conference_url,
        conference_phone=conference_phone,
        conference_notes=joined(
            text(entry.get("conference_url_notes")) if conference_url else "",
            text(entry.get("conference_phone_notes")) if conference_phone else "",
        ),
        attendance=mode,
        temporarily_closed=closed,
        approximate=approximate,
        program=program,
        languages=languages_from_types(types),
        url=web_url(entry.get("url")),
        group=group,
    )


def place_fields(entry: dict) -> dict[str, str]:
    """address, city, state, postal_code, country; missing ones from formatted_address."""
    fields = {key: text(entry.get(key)) for key in _PLACE_KEYS}
    parsed = split_address(text(entry.get("formatted_address")))
    for key in _PLACE_KEYS:
        fields[key] = fields[key] or parsed.get(key, "")
    code = postal_code(entry.get("postal_code"), fields["country"])
    fields["postal_code"] = code or parsed.get("postal_code", "")
    return fields


def split_address(formatted: str) -> dict[str, str]:
    """address, city, state, postal_code, country from "18 Olive Ave, Lewes, DE 19958, USA"."""
    parts = [part.strip() for part in formatted.split(",") if part.strip()]
    for index in range(len(parts) - 1, -1, -1):
        match = _STATE_POSTAL.match(parts[index])
        state_only = _STATE_ONLY.match(parts[index]) and index < len(parts) - 1
        if match or state_only:
            return {
                "address": ", ".join(parts[: max(index - 1, 0)]),
                "city": parts[index - 1] if index else "",
                "state": match.group(1) if match else parts[index],
                "postal_code": match.group(2) if match else "",
                "country": ", ".join(parts[index + 1 :]),
            }
    if len(parts) >= 4:
        return {"address": parts[0], "city": parts[1], "country": parts[-1]}
    return {}


def meeting_coordinates(entry: dict) -> tuple[float | None, float | None]:
    """latitude/longitude, or TSML's "lat,lng" `coordinates` string; (None, None) if neither."""
    latitude, longitude = coordinates(entry.get("latitude"), entry.get("longitude"))
    pair = entry.get("coordinates")
    if latitude is None and isinstance(pair, str) and pair.count(",") == 1:
        latitude, longitude = coordinates(*pair.split(","))
    return latitude, longitude


def languages_from_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """Languages named by the types, in their order; English when none is."""
    found = tuple(dict.fromkeys(LANGUAGE_TYPES[t] for t in types if t in LANGUAGE_TYPES))
    return found or ("en",)
