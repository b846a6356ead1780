"""Jobs that keep meeting feeds fresh."""

from __future__ import annotations

import logging
from contextlib import suppress

from helpline import db
from helpline.db import job_session, utcnow
from helpline.meetings import sources
from helpline.meetings.importer import EmptyFeed
from helpline.meetings.models import MeetingSource

log = logging.getLogger(__name__)


def refresh_due_sources() -> int:
    """Re-import every feed whose refresh interval has passed. Returns how many were tried."""
    with job_session() as session:
        due = sources.due(session, utcnow())
    for source_id in due:
        refresh_source(source_id)
    return len(due)


def refresh_source(source_id: int) -> None:
    """Fetch and import one feed (also the Meetings page's "Import now", as the outbox job
    `import_meeting_source`); a failure keeps its meetings and is recorded for the page. Safe
    to run twice; a source removed meanwhile is skipped."""
    with job_session() as session:
        source = session.get(MeetingSource, source_id)
        location = None if source is None else source.location
    if location is None:
        log.info("meetings import skipped: no source=%s", source_id)
        return
    try:
        data = sources.read(location)
    except sources.SourceError as error:
        sources.note_failure(db.current().sessions, source_id, error)
        return
    with suppress(sources.SourceError, EmptyFeed):  # already recorded on the source
        sources.import_now(db.current().sessions, source_id, data)
