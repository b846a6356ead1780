"""Meeting sources: reading a feed (file or URL), importing it, refreshing the ones that are due,
adding and removing them. Network and file access happen here, in commands, jobs and the
coordinator's page, never in a webhook. Every URL goes through the safe fetcher (`fetch`); a
file path is read only when the command line asks."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from helpline.meetings import feeds, fetch, import_jobs
from helpline.meetings.importer import (
    EmptyFeed,
    ImportResult,
    record_failure,
    replace_meetings,
    source_named,
)
from helpline.meetings.models import Meeting, MeetingSource

log = logging.getLogger(__name__)
MAX_FEED_BYTES = fetch.MAX_BYTES
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PROGRAM = re.compile(r"^[A-Z0-9-]{0,20}$")


class SourceError(RuntimeError):
    """The feed could not be read or understood; the source keeps its meetings."""


class Refused(SourceError):
    """A source setting the page must ask again for: `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def read(location: str, *, local_files: bool = False) -> bytes:
    """The feed's bytes, at most 20 MB: a URL through the safe fetcher; a file path only when
    the command line asks (`local_files`), never for a job or the web page."""
    if _SCHEME.match(location):  # a URL (or file:, data:...): the fetcher decides
        try:
            return fetch.fetch(location)
        except fetch.FetchError as error:
            raise SourceError(str(error)) from error
    if not local_files:
        raise SourceError("Only https:// feed addresses are fetched here; import a file at "
                          "the command line or upload it on the Meetings page")
    try:
        data = Path(location).expanduser().read_bytes()
    except OSError as error:
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
        if source is None:
            raise SourceError("the source was removed while its feed was being read")
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
    """Record a failed import on the source (in a transaction of its own), if it still exists."""
    status = "empty" if isinstance(error, EmptyFeed) else "error"
    with sessions() as session:
        source = session.get(MeetingSource, source_id)
        if source is None:
            return
        record_failure(session, source, status, str(error))
        session.commit()
    log.warning("meetings import failed source=%s status=%s", source_id, status)


def due(session: Session, now: datetime) -> list[int]:
    """Sources with a URL whose refresh interval has passed."""
    sources = session.scalars(select(MeetingSource).where(MeetingSource.refresh_hours.is_not(None)))
    return [s.id for s in sources if s.is_url and (
        s.last_attempt_at is None or s.last_attempt_at + timedelta(hours=s.refresh_hours) <= now)]


def check_settings(name: str, timezone: str | None, program: str | None) -> None:
    """Raise Refused unless a source may have this name, time zone and program."""
    if not name.strip() or len(name) > 80:
        raise Refused("name", "Give the source a short name (at most 80 characters).")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise Refused("timezone", "That is not a time zone name: give one like "
                                      "America/New_York, or leave it empty.") from error
    if program and not _PROGRAM.match(program.strip().upper()):
        raise Refused("program", "Give the program in letters, like AA or NA.")


def add_url(session: Session, name: str, url: str, *, kind: str | None, timezone: str | None,
            program: str | None) -> MeetingSource:
    """A new source fetched from `url` and refreshed daily. The address is checked now (https,
    a public host) and again at every fetch, since what a name resolves to can change."""
    check_settings(name, timezone, program)
    if source_named(session, name) is not None:
        raise Refused("name", "A source already has that name: choose another, or remove that "
                              "source first.")
    if len(url) > 500:
        raise Refused("url", "That address is too long (at most 500 characters).")
    try:
        fetch.check(url)
    except fetch.FetchError as error:
        raise Refused("url", str(error)) from error
    return upsert_source(session, name, url, kind=kind, timezone=timezone or None,
                         program=program, refresh_hours=None)


def remove(session: Session, source_id: int, now: datetime) -> tuple[str, int] | None:
    """Delete a source, its meetings and its queued imports (a texter's saved search skips what
    is gone); its name and how many meetings went, or None when there is no such source."""
    source = session.get(MeetingSource, source_id)
    if source is None:
        return None
    import_jobs.cancel(session, source_id, now)
    removed = session.execute(delete(Meeting).where(Meeting.source_id == source_id)).rowcount
    name = source.name
    session.delete(source)
    session.flush()
    return name, removed
