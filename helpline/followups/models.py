"""A texter's answer to "Want us to check in later?", kept as the record of consent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpline.db import Base, utcnow


class Consent(Base):
    """One check-in question, asked once per conversation, and what the texter said."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), unique=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))  # who held it
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    question: Mapped[str] = mapped_column(Text)  # the exact words shown
    language: Mapped[str] = mapped_column(String(8), default="en")
    given_at: Mapped[datetime | None]  # YES, in reply, within ANSWER_WITHIN
    declined_at: Mapped[datetime | None]  # NO to the question
    withdrawn_at: Mapped[datetime | None]  # NO / NO MORE / CANCEL CHECKINS later, or STOP
    withdrawn_by: Mapped[str | None] = mapped_column(String(20))  # the word, or "stop"

    @property
    def active(self) -> bool:
        """Consent given and not withdrawn."""
        return self.given_at is not None and self.withdrawn_at is None
