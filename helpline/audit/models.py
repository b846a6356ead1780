"""The audit log's table: who changed what, when, before and after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from helpline.db import Base, utcnow


class AuditEvent(Base):
    """One change that matters: a volunteer, a shift, a block, a user, a setting.

    `actor_label` is kept as written at the time (an e-mail, or "command line"), so the log
    still reads right after the account is renamed or deactivated. Phone numbers in `before`
    and `after` are masked to their last four digits before they are stored."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    actor_label: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60), index=True)  # "volunteer.edit"
    subject_type: Mapped[str] = mapped_column(String(40))  # "volunteer"
    subject_id: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
