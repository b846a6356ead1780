"""The coordinator's heat map of one rota week: how many volunteers are scheduled for each local
hour of each day (volunteers.coverage: the schedule, whole hours), and the week's gaps as spans.

Rows are the wall-clock hours 00:00-23:00, one column per day. The clocks make two exceptions:
- the day they go back has 25 real hours. Its second 01:00 (EST after EDT) gets a row of its
  own, "01:00 (2nd)", in a week that has one, rather than being merged into the first: the two
  passes can have different people on them (a shift ending at 01:30 ends in the first), and a
  merged cell would hide a gap in either. Other days have no such hour in that row;
- the day they go forward has 23: it has no 02:00, and that cell says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from volunteers import coverage, open_shifts, rota

NONE = "none"  # the level of a wall-clock hour a day does not have


@dataclass(frozen=True)
class Cell:
    """One hour of one day: how many are scheduled, a level for its colour, and words for it."""

    day: date
    count: int | None  # None: the day has no such hour
    level: str  # gap (nobody), low (below the minimum), ok, more, most; or none
    title: str  # "Tue 22:00: 0 on duty — gap"


@dataclass(frozen=True)
class Row:
    """One wall-clock hour across the seven days."""

    label: str  # "22:00"; "01:00 (2nd)" for the repeated hour the day the clocks go back
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class HeatMap:
    """A week of coverage, Monday to Sunday in the line's zone."""

    week_start: date
    minimum: int
    days: tuple[date, ...]
    rows: tuple[Row, ...]
    gaps: tuple[open_shifts.GapSpan, ...]

    @property
    def gap_hours(self) -> int:
        """How many hours of the week have fewer than the minimum scheduled."""
        return sum(gap.hours for gap in self.gaps)

    @property
    def clocks_change(self) -> bool:
        """True when a day of the week has an hour more or less than 24 (its cells say so)."""
        return any(cell.level == NONE for row in self.rows for cell in row.cells)


def week(session: Session, week_start: date, zone: str, minimum: int) -> HeatMap:
    """The heat map of the week starting on local Monday `week_start` (rules in the module
    docstring). Nobody at all is always a gap, whatever the minimum."""
    minimum, tz = max(1, minimum), ZoneInfo(zone)
    start = rota.instant_of(week_start, time(0), tz)
    end = rota.instant_of(week_start + timedelta(days=7), time(0), tz)
    hours = coverage.hourly(session, start, end, zone)
    slots: dict[tuple[date, int, int], coverage.Gap] = {}
    for hour in hours:  # (local date, local hour, which pass of that hour)
        slot = (hour.local.date(), hour.local.hour, 0)
        while slot in slots:
            slot = (slot[0], slot[1], slot[2] + 1)
        slots[slot] = hour
    days = tuple(week_start + timedelta(days=n) for n in range(7))
    keys = sorted({(h, n) for _, h, n in slots} | {(h, 0) for h in range(24)})
    rows = tuple(Row(_row_label(h, n), tuple(_cell(day, _row_label(h, n),
                                                    slots.get((day, h, n)), minimum)
                                              for day in days)) for h, n in keys)
    gaps = open_shifts.spans([hour for hour in hours if hour.count < minimum], zone)
    return HeatMap(week_start, minimum, days, rows, tuple(gaps))


def monday_of(at: datetime, zone: str) -> date:
    """The local Monday of the week `at` is in."""
    local = at.astimezone(ZoneInfo(zone)).date()
    return local - timedelta(days=local.weekday())


def _row_label(hour: int, repeat: int) -> str:
    return f"{hour:02d}:00" + (f" ({repeat + 1}{_ORDINAL.get(repeat + 1, 'th')})" if repeat else "")


_ORDINAL = {2: "nd", 3: "rd"}


def _cell(day: date, row: str, hour: coverage.Gap | None, minimum: int) -> Cell:
    where = f"{day:%a} {row}"
    if hour is None:
        return Cell(day, None, NONE, f"{where}: no such hour (the clocks change)")
    count = hour.count
    if count == 0:
        return Cell(day, 0, "gap", f"{where}: 0 on duty — gap")
    if count < minimum:
        return Cell(day, count, "low", f"{where}: {count} on duty — below the minimum of "
                                       f"{minimum}")
    level = ("ok", "more", "most")[min(count - minimum, 2)]
    return Cell(day, count, level, f"{where}: {count} on duty")
