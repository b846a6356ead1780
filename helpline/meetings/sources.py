"""Meeting sources: reading a feed (file or URL), importing it, refreshing the ones that are due.
Network and file access happen here, in commands and jobs, never in a webhook."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.meetings import feeds
from helpline.meetings.importer import (
    EmptyFeed,
    ImportResult,
    record_failure,
    replace_meetings,
    source_named,
)
from helpline.meetings.models import MeetingSource

log = logging.getLogger(__name__)
MAX_FEED_BYTES = 20 * 1024 * 1024


class SourceError(RuntimeError):
    """The feed could not be read or understood; the source keeps its meetings."""


def read(location: str, timeout: float = 30.0) -> bytes:
    """The feed's bytes, from a URL or a file, at most 20 MB."""
    try:
        if location.startswith(("http://", "https://")):
            response = requests.get(location, timeout=timeout, stream=True,
                                    headers={"User-Agent": "helpline-meetings/1"})
            response.raise_for_status()
            data = response.raw.read(MAX_FEED_BYTES + 1, decode_content=True)
        else:
            data = Path(location).expanduser().read_bytes()
    except (OSError, requests.RequestException) as error:
        raise SourceError(f"could not read {location}: {error}") from error
    if len(data) > MAX_FEED_BYTES:
        raise SourceError(f"{location} is larger than {MAX_FEED_BYTES // 2**20} MB")
    return data


def upsert_source(session: Session, name: str, location: str, *, kind: str | None,
                  timezone: str | None, program: str | None,
                  refresh_hours: int | None) -> MeetingSource:
    """The named source, created or updated with these settings."""
    source = source_named(session, name) or MeetingSource(name=name, kind="", location="")
    source.location = location
    source.kind = kind or source.kind or ""
    source.timezone = timezone or source.timezone
    source.program = (program or source.program or "").upper()
    if refresh_hours is not None:
        source.refresh_hours = refresh_hours or None
    if source.refresh_hours is None and source.is_url and refresh_hours is None:
        source.refresh_hours = 24
    session.add(source)
    session.flush()
    return source


def import_into(session: Session, source: MeetingSource, data: bytes,
                progress: Callable[[Iterable], Iterable] = iter) -> ImportResult:
    """Parse and import the feed for this source in the caller's transaction."""
    kind = source.kind or feeds.detect_kind(data, source.location)
    source.kind = kind
    try:
        parsed = feeds.parse(kind, data, program=source.program, timezone=source.timezone)
    except feeds.FeedError as error:
        raise SourceError(str(error)) from error
    return replace_meetings(session, source, parsed, progress)


def import_now(sessions, source_id: int, data: bytes,
               progress: Callable[[Iterable], Iterable] = iter) -> ImportResult:
    """Import in one transaction; on failure roll back and record why in another."""
    session = sessions()
    try:
        source = session.get(MeetingSource, source_id)
        result = import_into(session, source, data, progress)
        session.commit()
        log.info("meetings imported source=%s count=%s skipped=%s", source_id, result.imported,
                 len(result.skipped))
        return result
    except (SourceError, EmptyFeed) as error:
        session.rollback()
        note_failure(sessions, source_id, error)
        raise
    finally:
        session.close()


def note_failure(sessions, source_id: int, error: Exception) -> None:
    status = "empty" if isinstance(error, EmptyFeed) else "error"
    with sessions() as session:
        record_failure(session, session.get(MeetingSource, source_id), status, str(error))
        session.commit()
    log.warning("meetings import failed source=%s status=%s", source_id, status)


def due(session: Session, now: datetime) -> list[int]:
    """Sources with a URL whose refresh interval has passed."""
    sources = session.scalars(select(MeetingSource).where(MeetingSource.refresh_hours.is_not(None)))
    return [s.id for s in sources if s.is_url and (
        s.last_attempt_at is None or s.last_attempt_at + timedelta(hours=s.refresh_hours) <= now)]
