"""The meeting sources as the coordinator's page lists them: where each comes from (a host,
never a whole address: it may carry a token), its last import in the line's time, what was
skipped and why, and an import waiting or running."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.meetings import fetch, import_jobs
from helpline.meetings.models import MeetingSource

KINDS = {"meeting-guide": "Meeting Guide JSON", "bmlt": "BMLT JSON", "csv": "CSV"}
STATUSES = {"new": "not imported yet", "ok": "imported", "error": "failed",
            "empty": "failed: no meetings in it"}
REASONS_SHOWN = 5


@dataclass(frozen=True)
class SourceRow:
    """One source as the page shows it."""

    id: int
    name: str
    kind: str
    origin: str
    fetched: bool  # a feed address: Import now applies
    status: str
    failed: bool
    last_attempt: str | None
    last_attempt_iso: str | None
    last_success: str | None
    meetings: int
    skipped: int
    reasons: list[tuple[str, int]] = field(default_factory=list)
    more_reasons: int = 0
    error: str = ""
    pending: str | None = None


def count(session: Session) -> int:
    """How many sources the line has."""
    return session.scalar(select(func.count(MeetingSource.id))) or 0


def listing(session: Session, zone: str, now: datetime, offset: int = 0,
            limit: int = 25) -> list[SourceRow]:
    """A page of sources, by name, as rows for the page."""
    found = session.scalars(select(MeetingSource).order_by(MeetingSource.name, MeetingSource.id)
                            .offset(offset).limit(limit))
    waiting = import_jobs.pending(session)
    return [row(source, zone, now, waiting.get(source.id)) for source in found]


def row(source: MeetingSource, zone: str, now: datetime,
        waiting: import_jobs.Pending | None = None) -> SourceRow:
    """One source as the page shows it."""
    reasons = Counter(str(item.get("reason", "")) for item in source.skipped or [])
    failed = source.last_status in ("error", "empty")
    return SourceRow(
        id=source.id, name=source.name, kind=KINDS.get(source.kind, "not known yet"),
        origin=origin(source.location), fetched=source.is_url,
        status=STATUSES.get(source.last_status, source.last_status), failed=failed,
        last_attempt=_local(source.last_attempt_at, zone),
        last_attempt_iso=source.last_attempt_at.isoformat() if source.last_attempt_at else None,
        last_success=_local(source.last_success_at, zone) if failed else None,
        meetings=source.imported_count, skipped=len(source.skipped or []),
        reasons=reasons.most_common(REASONS_SHOWN),
        more_reasons=max(0, len(reasons) - REASONS_SHOWN),
        error=source.last_message if failed else "",
        pending=_pending(waiting, zone, now))


def origin(location: str) -> str:
    """Where a source's feed comes from, safe to show: a host, an uploaded file's name, or a
    file the command line imported."""
    if location.startswith("upload:"):
        return f"uploaded file {location.removeprefix('upload:')}"
    if location.startswith(("http://", "https://")):
        return fetch.host_of(location) or "a web address"
    return "a file imported at the command line"


def _local(instant: datetime | None, zone: str) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _pending(waiting: import_jobs.Pending | None, zone: str, now: datetime) -> str | None:
    """'Queued since 18:30' or 'Importing since 18:31' (with the date when not today)."""
    if waiting is None:
        return None
    local = waiting.since.astimezone(ZoneInfo(zone))
    recent = now - waiting.since < timedelta(hours=12)
    when = local.strftime("%H:%M") if recent else local.strftime("%Y-%m-%d %H:%M")
    return f"{waiting.state.capitalize()} since {when}"
