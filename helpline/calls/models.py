"""Calls to the line: every call, each volunteer leg rung for it, voicemails and call-backs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpline.db import Base, utcnow


class Call(Base):
    """One inbound call: when it came, who answered, how it ended."""

    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    case_code: Mapped[str] = mapped_column(String(8), unique=True)  # "7Q2", never a number
    language: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(20), default="greeting")
    # greeting | queued | ringing | forward | unreached | forwarding | answered | voicemail |
    # blocked | done
    outcome: Mapped[str | None] = mapped_column(String(20))
    # answered | forwarded | voicemail | abandoned | blocked | after_hours | no_answer | info
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    ended_at: Mapped[datetime | None]
    ring_round: Mapped[int] = mapped_column(Integer, default=0)
    callback_requested: Mapped[bool] = mapped_column(default=False)

    legs: Mapped[list[CallLeg]] = relationship(back_populates="call", order_by="CallLeg.id")

    @property
    def wait_seconds(self) -> float | None:
        """From joining the queue to being answered (or leaving)."""
        end = self.answered_at or self.ended_at
        return (end - self.queued_at).total_seconds() if self.queued_at and end else None

    @property
    def talk_seconds(self) -> float | None:
        """From being answered to hanging up."""
        if self.answered_at and self.ended_at:
            return (self.ended_at - self.answered_at).total_seconds()
        return None


class CallLeg(Base):
    """One phone rung for a call, and what happened: a volunteer's (a REST call leg of its
    own), or the line's fallback number (dialled from the caller's call; round 0)."""

    __tablename__ = "call_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="volunteer", server_default="volunteer")
    # volunteer | fallback
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    leg_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # pending | initiated | ringing | in-progress | completed | busy | failed | no-answer | canceled
    outcome: Mapped[str | None] = mapped_column(String(20))
    # accepted | declined | machine | no_answer | cancelled | late | failed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    call: Mapped[Call] = relationship(back_populates="legs")


class Voicemail(Base):
    """A message a caller left when nobody could take the call."""

    __tablename__ = "voicemails"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), unique=True)
    recording_sid: Mapped[str] = mapped_column(String(64), unique=True)
    recording_url: Mapped[str] = mapped_column(String(500))
    duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    transcription: Mapped[str | None] = mapped_column(Text)
    audio_path: Mapped[str | None] = mapped_column(String(500))  # fetched through the gateway
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]  # words and audio deleted (here and at Twilio)
    # A coordinator dealt with it (called back, passed on, nothing to do), with a short note.
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    handled_note: Mapped[str | None] = mapped_column(String(200))


class Callback(Base):
    """A caller asked to be called back; the first volunteer to claim it is bridged through."""

    __tablename__ = "callbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A caller's call-back has their call; a texter's (they opted out of texts and then sent
    # danger words) has no call: their contact and the conversation's case code instead.
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), unique=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    case_code: Mapped[str | None] = mapped_column(String(8))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    claimed_at: Mapped[datetime | None]
    volunteer_leg_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # open | claimed | calling | done | machine (the caller's voicemail answered)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
