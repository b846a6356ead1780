"""Meeting sources (feeds), their meetings, and each texter's latest meeting search."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from helpline.db import Base, utcnow


class MeetingSource(Base):
    """A feed the line imports meetings from, with how its last import went."""

    __tablename__ = "meeting_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # meeting-guide | bmlt | csv
    location: Mapped[str] = mapped_column(String(500))  # URL or file path, as given
    timezone: Mapped[str | None] = mapped_column(String(64))
    program: Mapped[str] = mapped_column(String(20), default="")
    refresh_hours: Mapped[int | None] = mapped_column(Integer)  # None: never refreshed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_status: Mapped[str] = mapped_column(String(20), default="new")  # ok | error | empty
    last_message: Mapped[str] = mapped_column(Text, default="")
    imported_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[list] = mapped_column(JSON, default=list)  # [{"slug":..., "reason":...}]

    @property
    def is_url(self) -> bool:
        """True when the feed is fetched over HTTP(S)."""
        return self.location.startswith(("http://", "https://"))


class Meeting(Base):
    """One meeting from a source, keyed by (source, slug); times are local to `timezone`."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("source_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("meeting_sources.id"), index=True)
    slug: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    program: Mapped[str] = mapped_column(String(20), default="")
    weekdays: Mapped[str] = mapped_column(String(20))  # "0,3": Monday is 0
    start: Mapped[time]
    end: Mapped[time | None]
    timezone: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(60), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    location_notes: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    types: Mapped[str] = mapped_column(String(300), default="")  # comma-separated codes
    attendance: Mapped[str] = mapped_column(String(10))  # in_person | online | hybrid
    temporarily_closed: Mapped[bool] = mapped_column(default=False)
    approximate: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[str] = mapped_column(String(40), default="en")
    conference_url: Mapped[str] = mapped_column(String(500), default="")
    conference_phone: Mapped[str] = mapped_column(String(120), default="")
    conference_notes: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")

    @property
    def weekday_list(self) -> list[int]:
        """The weekdays it meets on (Monday is 0)."""
        return [int(day) for day in self.weekdays.split(",") if day != ""]


class MeetingSearch(Base):
    """A texter's latest meeting search, so MORE, DETAILS n and REMIND n know what was listed."""

    __tablename__ = "meeting_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    place: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    # [{"meeting_id": 12, "starts_at": "2026-11-21T19:00:00+00:00", "miles": 0.8}, ...]
    results: Mapped[list] = mapped_column(JSON, default=list)
    shown: Mapped[int] = mapped_column(Integer, default=0)
