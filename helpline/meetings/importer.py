"""Importing a parsed feed: every meeting placed and zoned, the source replaced atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from helpline.db import utcnow
from helpline.meetings import geocode
from helpline.meetings.models import Meeting, MeetingSource
from helpline.meetings.records import MeetingRecord, ParsedFeed, Skipped


class EmptyFeed(ValueError):
    """The feed held no importable meeting: the source keeps what it had."""


@dataclass
class ImportResult:
    """How an import went, for the operator and the coordinator page."""

    imported: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def summary(self, name: str) -> str:
        """One line: counts and where to look for the skipped ones."""
        line = f"{name}: imported {self.imported} meetings, skipped {len(self.skipped)}"
        return line + ("" if not self.skipped else " (see `flask --app helpline meetings sources`)")


def source_named(session: Session, name: str) -> MeetingSource | None:
    """The source with this name, if the line has one."""
    return session.scalar(select(MeetingSource).where(MeetingSource.name == name))


def _valid_zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _placed(record: MeetingRecord) -> MeetingRecord | str:
    """The record with coordinates, geocoded from its ZIP or city if needed; or why it can't be."""
    if record.latitude is not None and record.longitude is not None:
        return record
    place = geocode.by_zip(record.postal_code) if record.postal_code else None
    if place is None and record.city:
        found = geocode.by_city(record.city, record.state or None)
        place = found if isinstance(found, geocode.Place) else None
    if place is not None:
        return replace(record, latitude=place.latitude, longitude=place.longitude,
                       approximate=True)
    if record.attendance == "online":
        return record  # an online-only meeting needs no place
    return "no coordinates, and its ZIP/city could not be found offline"


def _zone(record: MeetingRecord, source: MeetingSource) -> str | None:
    """The feed's zone, else the source's, else the one at its coordinates."""
    zone = _valid_zone(record.timezone) or _valid_zone(source.timezone)
    if zone is None and record.latitude is not None:
        zone = geocode.timezone_at(record.latitude, record.longitude)
    return zone


def _row(record: MeetingRecord, source: MeetingSource, zone: str) -> Meeting:
    return Meeting(
        source_id=source.id, slug=record.slug[:200], name=record.name[:300] or record.slug,
        program=(record.program or source.program or "").upper()[:20],
        weekdays=",".join(str(d) for d in sorted(set(record.weekdays))), start=record.start,
        end=record.end, timezone=zone, latitude=record.latitude, longitude=record.longitude,
        location=record.location[:300], address=record.address[:300], city=record.city[:120],
        state=record.state[:60], postal_code=record.postal_code[:20],
        location_notes=record.location_notes, notes=record.notes, types=",".join(record.types),
        attendance=record.attendance, temporarily_closed=record.temporarily_closed,
        approximate=record.approximate, languages=",".join(record.languages)[:40] or "en",
        conference_url=record.conference_url[:500], conference_phone=record.conference_phone[:120],
        conference_notes=record.conference_notes, url=record.url[:500],
    )


def prepare(parsed: ParsedFeed, source: MeetingSource,
            progress: Callable[[Iterable], Iterable] = iter) -> tuple[list[Meeting], list[Skipped]]:
    """Turn records into rows (placed, zoned, one per slug); the rest are skipped with reasons."""
    rows, skipped, seen = [], list(parsed.skipped), set()
    for record in progress(parsed.meetings):
        placed = _placed(record)
        if isinstance(placed, str):
            skipped.append(Skipped(record.slug, placed))
            continue
        zone = _zone(placed, source)
        if zone is None:
            skipped.append(Skipped(record.slug, "no timezone: give the source --timezone"))
        elif record.slug in seen:
            skipped.append(Skipped(record.slug, "the same slug appears twice in the feed"))
        else:
            seen.add(record.slug)
            rows.append(_row(placed, source, zone))
    return rows, skipped


def replace_meetings(session: Session, source: MeetingSource, parsed: ParsedFeed,
                     progress: Callable[[Iterable], Iterable] = iter) -> ImportResult:
    """Swap the source's meetings for the feed's, in the caller's transaction (all or nothing).
    An empty result raises EmptyFeed and changes nothing."""
    rows, skipped = prepare(parsed, source, progress)
    if not rows:
        raise EmptyFeed(f"no importable meetings ({len(skipped)} skipped)")
    session.execute(delete(Meeting).where(Meeting.source_id == source.id))
    session.add_all(rows)
    now = utcnow()
    source.last_attempt_at = source.last_success_at = now
    source.last_status, source.last_message = "ok", ""
    source.imported_count = len(rows)
    source.skipped = [{"slug": s.slug, "reason": s.reason} for s in skipped]
    session.flush()
    return ImportResult(len(rows), skipped)


def record_failure(session: Session, source: MeetingSource, status: str, message: str) -> None:
    """Note a failed or empty import; the source's meetings stay as they were."""
    source.last_attempt_at = utcnow()
    source.last_status, source.last_message = status, message[:2000]
