"""What an importer produces: plain, validated meeting records, and the reasons others were
skipped. Feeds are parsed into these before anything touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


@dataclass(frozen=True)
class MeetingRecord:
    """One meeting as a feed describes it, normalised.

    `weekdays` use Python's convention (Monday 0 ... Sunday 6), whatever the feed used.
    `start` is local wall-clock time in `timezone` (an IANA name, or None when the feed and the
    source did not say; the importer then derives it from the coordinates).
    """

    slug: str
    name: str
    weekdays: tuple[int, ...]
    start: time
    end: time | None = None
    timezone: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    location: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    location_notes: str = ""
    notes: str = ""
    types: tuple[str, ...] = ()  # upper-case Meeting Guide codes, e.g. ("O", "SP", "ONL")
    conference_url: str = ""
    conference_phone: str = ""
    conference_notes: str = ""
    attendance: str = "in_person"  # in_person | online | hybrid
    temporarily_closed: bool = False
    approximate: bool = False
    program: str = ""  # AA, NA, SMART, ...
    languages: tuple[str, ...] = ("en",)  # ISO 639-1 codes
    url: str = ""
    group: str = ""


@dataclass(frozen=True)
class Skipped:
    """A feed entry that was not imported, and why (said to the operator, kept for the page)."""

    slug: str
    reason: str


@dataclass
class ParsedFeed:
    """Everything a feed held: what can be imported and what cannot."""

    meetings: list[MeetingRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Entries seen in the feed."""
        return len(self.meetings) + len(self.skipped)
