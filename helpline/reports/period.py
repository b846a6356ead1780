"""The period a report covers: whole local days in the line's zone, from one date to another,
grouped per day or per hour of the day (0-23, added up over the period)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_DAYS = 7
MAX_DAYS = 366
GROUPINGS = ("day", "hour")
YEARS = range(2000, 3000)  # a date far out of this is a typo, not a report


class BadPeriod(ValueError):
    """The period asked for cannot be reported; `problems` say why, in words for a person."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Period:
    """From `first` to `last` (both included, local dates in `zone`), grouped `by` day or hour."""

    first: date
    last: date
    zone: str
    by: str = "day"

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period (local midnight), in UTC."""
        return midnight(self.first, self.zone)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period, in UTC."""
        return midnight(self.last + timedelta(days=1), self.zone)

    @property
    def days(self) -> int:
        """How many local days the period has."""
        return (self.last - self.first).days + 1

    def groups(self) -> list:
        """The groups in order: each local date, or the hours 0-23."""
        if self.by == "hour":
            return list(range(24))
        return [self.first + timedelta(days=n) for n in range(self.days)]

    def key_of(self, at: datetime):
        """The group of an instant inside the period: its local date, or its local hour."""
        local = at.astimezone(ZoneInfo(self.zone))
        return local.hour if self.by == "hour" else local.date()

    def label(self) -> str:
        """'22–29 Nov 2026', '30 Nov – 6 Dec 2026', '28 Dec 2026 – 3 Jan 2027'."""
        first, last = self.first, self.last
        if first == last:
            return _day(last)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{_day(last)}"
        if first.year == last.year:
            return f"{first.day} {first:%b} – {_day(last)}"
        return f"{_day(first)} – {_day(last)}"

    def args(self) -> dict[str, str]:
        """The query values that ask for this period again."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "by": self.by}


def midnight(day: date, zone: str) -> datetime:
    """The instant a local date begins, in UTC (where clocks skip midnight, when they land)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def parse(raw_from: str | None, raw_to: str | None, raw_by: str | None, zone: str,
          now: datetime) -> Period:
    """The period asked for; without dates the last DEFAULT_DAYS days up to today. BadPeriod
    when a date is not one, the dates are the wrong way round or more than MAX_DAYS apart."""
    problems: list[str] = []
    last = _date(raw_to, "To", problems) or now.astimezone(ZoneInfo(zone)).date()
    first = _date(raw_from, "From", problems) or last - timedelta(days=DEFAULT_DAYS - 1)
    by = (raw_by or "day").strip().lower()
    if by not in GROUPINGS:
        problems.append("Group by: choose per day or per hour of the day.")
    if not problems and first > last:
        problems.append("From must be on or before To.")
    elif not problems and (last - first).days + 1 > MAX_DAYS:
        problems.append(f"Choose at most {MAX_DAYS} days: {first.isoformat()} to "
                        f"{last.isoformat()} is {(last - first).days + 1} days.")
    if problems:
        raise BadPeriod(problems)
    return Period(first, last, zone, by)


def _date(raw: str | None, name: str, problems: list[str]) -> date | None:
    """A date like 2026-11-22, None when not given; a problem is named when it is no date."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        found = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        found = None
    if found is None:
        problems.append(f"{name}: give a date like 2026-11-22.")
    elif found.year not in YEARS:
        problems.append(f"{name}: give a date between {YEARS[0]} and {YEARS[-1]}.")
        found = None
    return found


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
