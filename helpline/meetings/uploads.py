"""Feed files uploaded on the Meetings page: checked, then imported at once in the caller's
transaction, all or nothing. An uploaded source is never refreshed; its location,
"upload:<file name>", names no file on the server and no address."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from helpline.meetings import fetch, sources
from helpline.meetings.importer import EmptyFeed, ImportResult, source_named
from helpline.meetings.models import MeetingSource

PREFIX = "upload:"
MAX_BYTES = fetch.MAX_BYTES
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def is_upload(source: MeetingSource) -> bool:
    """True for a source whose meetings came from a file uploaded on the page."""
    return source.location.startswith(PREFIX)


def file_name(filename: str) -> str:
    """The uploaded file's own name, without folders or odd characters (for the list)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    return _UNSAFE.sub("_", base).strip(" .")[:100] or "feed"


def problem(data: bytes) -> str | None:
    """Why these bytes cannot be a feed file, or None when they may be one."""
    if not data.strip():
        return "The file is empty."
    if len(data) > MAX_BYTES:
        return f"The file is larger than {MAX_BYTES // 2**20} MB."
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "The file is UTF-16 text: save it as UTF-8 and upload that."
    if b"\x00" in data[:65536]:
        return ("This is not a meeting feed (it looks like a spreadsheet or another binary "
                "file). Upload Meeting Guide JSON, BMLT JSON or a CSV file.")
    return None


def import_file(session: Session, name: str, filename: str, data: bytes, *, kind: str | None,
                timezone: str | None, program: str | None) -> tuple[MeetingSource, ImportResult]:
    """Import an uploaded feed as source `name` (new, or replacing an uploaded one). Raises
    sources.Refused naming the field at fault; the caller rolls back, so nothing is replaced."""
    sources.check_settings(name, timezone, program)
    wrong = problem(data)
    if wrong is not None:
        raise sources.Refused("file", wrong)
    existing = source_named(session, name)
    if existing is not None and not is_upload(existing):
        raise sources.Refused("name", "A feed address or a file at the command line already "
                                      "has that name: choose another.")
    source = sources.upsert_source(session, name, PREFIX + file_name(filename), kind=kind,
                                   timezone=timezone or None, program=program, refresh_hours=0)
    source.kind = kind or ""  # guessed afresh from this file when not given
    try:
        return source, sources.import_into(session, source, data)
    except EmptyFeed as error:
        raise sources.Refused("file", f"The file has no meeting that could be imported "
                                      f"({error}). Nothing was changed.") from error
    except sources.SourceError as error:
        raise sources.Refused("file", f"The file could not be read as a meeting feed: {error}. "
                                      "Nothing was changed.") from error
