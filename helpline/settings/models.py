"""The line's settings a coordinator changed on the web page: one row per setting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from helpline.db import Base, utcnow


class LineSetting(Base):
    """A value that overrides the environment's default (or a catalog text) until removed."""

    __tablename__ = "line_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "CRISIS_LINE", "text:…"
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
