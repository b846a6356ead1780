"""Volunteers and their weekly shifts."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpline.db import Base, utcnow


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

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

    volunteer: Mapped[Volunteer] = relationship(back_populates="shifts")
