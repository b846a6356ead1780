"""Text conversations between a texter and a peer volunteer, relayed through the line."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpline.db import Base, utcnow
from helpline.models import Contact

OPEN = ("waiting", "active")


class Conversation(Base):
    """One texter's request for a person, from TALK to DONE. Known to volunteers by its case
    code ("K7") and the texter's codename; a code is unique among open conversations and may
    be used again once one closes."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_open_code", "case_code", unique=True,
              sqlite_where=text("status != 'closed'"),
              postgresql_where=text("status != 'closed'")),
        Index("ix_conversations_status", "status", "volunteer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(8))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(12), default="waiting")  # waiting|active|closed
    urgent: Mapped[bool] = mapped_column(default=False)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    offer_round: Mapped[int] = mapped_column(Integer, default=1)  # +1 at each PASS
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    waiting_since: Mapped[datetime] = mapped_column(default=utcnow)  # opened, or last PASS
    claimed_at: Mapped[datetime | None]
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    texter_last_at: Mapped[datetime | None]
    volunteer_last_at: Mapped[datetime | None]
    last_offer_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]  # nobody claimed in time: backup and coordinators
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(12))
    # texter | volunteer | idle | opt_out

    contact: Mapped[Contact] = relationship()

    @property
    def is_open(self) -> bool:
        """Waiting for a volunteer or with one."""
        return self.status in OPEN


class ConversationMessage(Base):
    """One text in a conversation, as the line received it (bodies are purged by retention)."""

    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    sender: Mapped[str] = mapped_column(String(10))  # texter | volunteer
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    message_sid: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text, default="")
    num_media: Mapped[int] = mapped_column(Integer, default=0)
    relayed: Mapped[bool] = mapped_column(default=False)  # sent on to the other side
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationOffer(Base):
    """A volunteer was offered a conversation (once per round; a PASS starts a new round)."""

    __tablename__ = "conversation_offers"
    __table_args__ = (UniqueConstraint("conversation_id", "round", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"))
    round: Mapped[int] = mapped_column(Integer, default=1)
    urgent: Mapped[bool] = mapped_column(default=False)
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
