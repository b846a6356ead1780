"""Volunteers and their weekly shifts."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpline.db import Base, utcnow


def _calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Volunteer(Base):
    """A peer who takes shifts on their own phone; shown to others by display name only."""

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(32), unique=True)  # E.164, never shown to callers
    languages: Mapped[str] = mapped_column(String(40), default="en")  # comma-separated codes
    active: Mapped[bool] = mapped_column(default=True)
    max_conversations: Mapped[int] = mapped_column(Integer, default=2)
    takes: Mapped[str] = mapped_column(String(8), default="both")  # calls | texts | both
    priority: Mapped[int] = mapped_column(Integer, default=100)  # lower rings first
    backup: Mapped[bool] = mapped_column(default=False)  # rung when nobody on duty can take it
    last_offered_at: Mapped[datetime | None]  # for fair-share ordering
    busy_since: Mapped[datetime | None]  # on a call right now
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=_calendar_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The phone menu's PIN (set by texting PIN 4821): only its werkzeug hash, never the digits.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)  # wrong PINs, see calls.menu
    pin_failed_at: Mapped[datetime | None]  # the latest wrong PIN
    proven_call_sid: Mapped[str | None] = mapped_column(String(64))  # the call they proved in

    shifts: Mapped[list[Shift]] = relationship(back_populates="volunteer")

    @property
    def language_codes(self) -> list[str]:
        """The languages this volunteer speaks, as codes."""
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class Shift(Base):
    """A recurring weekly slot in the line's timezone; end <= start means it crosses midnight."""

    __tablename__ = "shifts"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)  # Monday is 0, as in date.weekday()
    starts: Mapped[time]
    ends: Mapped[time]
    first_date: Mapped[date | None]
    last_date: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(String(200))  # for coordinators, shown on /rota

    volunteer: Mapped[Volunteer] = relationship(back_populates="shifts")


class ShiftChange(Base):
    """A dated exception to one occurrence of a weekly shift: dropped, and/or covered by someone
    else (a swap is two changes covering each other). `occurs_on` is the local start date."""

    __tablename__ = "shift_changes"
    __table_args__ = (UniqueConstraint("shift_id", "occurs_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    occurs_on: Mapped[date]
    dropped: Mapped[bool] = mapped_column(default=False)
    covered_by_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    code: Mapped[str | None] = mapped_column(String(8), unique=True)  # "4K2", for TAKE 4K2
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    covered_at: Mapped[datetime | None]
    gap_alerted_at: Mapped[datetime | None]

    shift: Mapped[Shift] = relationship()
    covered_by: Mapped[Volunteer | None] = relationship()


class ExtraShift(Base):
    """A one-off shift on a given date (instants in UTC, entered in the line's local time)."""

    __tablename__ = "extra_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200))

    volunteer: Mapped[Volunteer] = relationship()


class Presence(Base):
    """ON outside a shift (until a time or OFF) or OFF during one (a break): the latest wins."""

    __tablename__ = "presence"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    state: Mapped[str] = mapped_column(String(4))  # on | off
    since: Mapped[datetime] = mapped_column(default=utcnow)
    until: Mapped[datetime | None]  # None: until the next ON/OFF (OFF also ends with the shift)


class RotaSetting(Base):
    """Line-wide rota settings a coordinator chooses (strategy, fallback number, minimum cover)."""

    __tablename__ = "rota_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON, default=dict)
