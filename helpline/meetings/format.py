"""Meetings as short GSM-7 text lines, full details, and spoken sentences."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from helpline.catalog.render import fit, to_gsm7
from helpline.meetings.models import Meeting

DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("Lun", "Mar", "Mie", "Jue", "Vie", "Sab", "Dom"),
}
SPOKEN_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "es": ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"),
}
SHORTER = [  # whole words, case-insensitive; applied to names and addresses
    (r"alcoholics anonymous", "AA"), (r"narcotics anonymous", "NA"), (r"group", "Grp"),
    (r"meeting", "Mtg"), (r"street", "St"), (r"avenue", "Ave"), (r"road", "Rd"),
    (r"boulevard", "Blvd"), (r"drive", "Dr"), (r"highway", "Hwy"), (r"lane", "Ln"),
    (r"parkway", "Pkwy"), (r"court", "Ct"), (r"place", "Pl"), (r"suite", "Ste"),
    (r"north", "N"), (r"south", "S"), (r"east", "E"), (r"west", "W"), (r"saint", "St"),
    (r"church", "Ch"), (r"fellowship", "Fellowship"), (r"the ", ""),
]


def shorten(text: str, limit: int) -> str:
    """Abbreviate common words, transliterate to GSM-7, and cut to `limit` characters."""
    for pattern, short in SHORTER:
        text = re.sub(rf"\b{pattern}\b" if not pattern.endswith(" ") else rf"^{pattern}", short,
                      text, flags=re.IGNORECASE)
    text = to_gsm7(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,.-") + "."


def clock(moment: datetime) -> str:
    """7:00pm style."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}{'am' if moment.hour < 12 else 'pm'}"


def day_and_time(local: datetime, lang: str) -> str:
    """'Tue 7:00pm'."""
    return f"{DAY_NAMES.get(lang, DAY_NAMES['en'])[local.weekday()]} {clock(local)}"


def local_start(meeting: Meeting, starts_at: datetime) -> datetime:
    """The occurrence in the meeting's own wall-clock time."""
    return starts_at.astimezone(ZoneInfo(meeting.timezone))


def distance(miles: float | None) -> str:
    """0.8mi, 12mi, or nothing for online meetings."""
    if miles is None:
        return ""
    return f" {miles:.1f}mi" if miles < 10 else f" {miles:.0f}mi"


def list_line(n: int, meeting: Meeting, starts_at: datetime, miles: float | None, lang: str,
              name_limit: int = 26, address_limit: int = 24) -> str:
    """'1) Tue 7:00pm Serenity Grp, 12 Main St, Lewes 0.8mi'."""
    when = day_and_time(local_start(meeting, starts_at), lang)
    name = shorten(meeting.name, name_limit)
    if miles is None:
        where = "online"
    else:
        street = shorten(meeting.address or meeting.location, address_limit)
        where = ", ".join(part for part in (street, shorten(meeting.city, 14)) if part)
    return f"{n}) {when} {name}, {where}{distance(miles)}"


def details(meeting: Meeting, starts_at: datetime, lang: str) -> str:
    """Everything a texter needs to get there or join: DETAILS n."""
    local = local_start(meeting, starts_at)
    parts = [f"{meeting.name} - {SPOKEN_DAYS.get(lang, SPOKEN_DAYS['en'])[local.weekday()]} "
             f"{clock(local)}"]
    if meeting.attendance != "online":
        place = ", ".join(p for p in (meeting.location, meeting.address, meeting.city,
                                      meeting.state) if p)
        parts.append(place)
    for extra in (meeting.location_notes, meeting.notes):
        if extra:
            parts.append(extra[:200])
    if meeting.conference_url:
        parts.append(meeting.conference_url)
    if meeting.conference_phone:
        parts.append(f"Dial-in: {meeting.conference_phone}")
    if meeting.conference_notes:
        parts.append(meeting.conference_notes[:120])
    return fit(to_gsm7("\n".join(parts)), 4)


def spoken(meeting: Meeting, starts_at: datetime, lang: str) -> str:
    """'Tuesday at 7:00pm, Serenity Group, 12 Main Street.' for <Say>."""
    local = local_start(meeting, starts_at)
    day = SPOKEN_DAYS.get(lang, SPOKEN_DAYS["en"])[local.weekday()]
    hour = local.hour % 12 or 12
    at = f"{hour}:{local.minute:02d} {'A M' if local.hour < 12 else 'P M'}"
    street = meeting.address or meeting.location or "online"
    return to_gsm7(f"{day} at {at}, {meeting.name}, {street}.")
