"""Coverage of the rota: the hours with too few volunteers scheduled, for gap warnings and the
coordinator's heat map.

Coverage is about the schedule, not about this moment: weekly occurrences after their changes (a
dropped one counts for nobody, a covered one for whoever covers it) and extra shifts, of active
volunteers. Presence (ON/OFF) and busy are ignored. A volunteer counts for an hour only when
their occurrences (back-to-back ones joined) hold the WHOLE hour.

Hours are real hours: consecutive 60-minute blocks of instants from `start` (pass a local hour,
such as local midnight; the last block ends at `end` if that comes first), each labelled with
its local start time. So the day the clocks go back has 25 of them (01:00 EDT, then 01:00 EST)
and the day they go forward 23 (no 02:00).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from volunteers import rota

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Gap:
    """One hour block and how many volunteers are scheduled for all of it."""

    starts_at: datetime
    ends_at: datetime
    local: datetime  # starts_at in the line's zone
    label: str  # "Sun 1 Nov 01:00 EST"
    count: int


def hourly(session: Session, start: datetime, end: datetime, zone: str) -> list[Gap]:
    """Every hour block in [start, end) with its count (see the module docstring)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("naive datetime given where an aware instant is required")
    blocks = []
    while start + len(blocks) * HOUR < end:
        begins = start + len(blocks) * HOUR
        blocks.append((begins, min(begins + HOUR, end)))
    counts = [0] * len(blocks)
    for spans in _scheduled(session, start, end, zone).values():
        for begins, ends in spans:
            k = max(0, -((start - begins) // HOUR))  # the first block starting at or after it
            while k < len(blocks) and blocks[k][1] <= ends:
                counts[k] += 1
                k += 1
    tz = ZoneInfo(zone)
    return [Gap(begins, ends, begins.astimezone(tz), _label(begins.astimezone(tz)), count)
            for (begins, ends), count in zip(blocks, counts, strict=True)]


def gaps(session: Session, start: datetime, end: datetime, zone: str, minimum: int = 1
         ) -> list[Gap]:
    """The hour blocks in [start, end) with fewer than `minimum` volunteers scheduled."""
    return [hour for hour in hourly(session, start, end, zone) if hour.count < minimum]


def _scheduled(session: Session, start: datetime, end: datetime, zone: str
               ) -> dict[int, list[tuple[datetime, datetime]]]:
    """Per active volunteer, the spans they are scheduled for, overlapping ones joined."""
    spans = defaultdict(list)
    for occurrence in rota.occurrences(session, start, end, zone):
        if occurrence.volunteer is not None and occurrence.volunteer.active:
            spans[occurrence.volunteer.id].append((occurrence.starts_at, occurrence.ends_at))
    joined = {}
    for volunteer_id, mine in spans.items():
        mine.sort()
        merged = [mine[0]]
        for begins, ends in mine[1:]:
            if begins <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], ends))
            else:
                merged.append((begins, ends))
        joined[volunteer_id] = merged
    return joined


def _label(local: datetime) -> str:
    return f"{local:%a} {local.day} {local:%b %H:%M %Z}"
