"""Reading the audit log: newest first, filtered by kind of subject, person and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from helpline.audit.models import AuditEvent


@dataclass(frozen=True)
class Filters:
    """What the admin asked to see; None means any."""

    subject_type: str | None = None
    actor: str | None = None  # part of the actor's label (e-mail), any case
    since: date | None = None  # local dates in the line's zone, both inclusive
    until: date | None = None


def subject_types(session: Session) -> list[str]:
    """The kinds of subject the log has entries for, for the filter's choices."""
    return list(session.scalars(select(AuditEvent.subject_type).distinct()
                                .order_by(AuditEvent.subject_type)))


def _filtered(query: Select, filters: Filters, zone: str) -> Select:
    tz = ZoneInfo(zone)
    if filters.subject_type:
        query = query.where(AuditEvent.subject_type == filters.subject_type)
    if filters.actor:
        pattern = "%" + filters.actor.lower().replace("%", "").replace("_", "") + "%"
        query = query.where(func.lower(AuditEvent.actor_label).like(pattern))
    if filters.since:
        query = query.where(AuditEvent.at >= datetime.combine(filters.since, time(), tz))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), tz)
        query = query.where(AuditEvent.at < end)
    return query


def count(session: Session, filters: Filters, zone: str) -> int:
    """How many events match."""
    return session.scalar(_filtered(select(func.count()).select_from(AuditEvent), filters, zone))


def events(session: Session, filters: Filters, zone: str, offset: int,
           limit: int) -> list[AuditEvent]:
    """One page of matching events, newest first."""
    query = _filtered(select(AuditEvent), filters, zone)
    return list(session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                .offset(offset).limit(limit)))


def changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field, before, after) for each value the event changed, as text for the page."""
    before, after = event.before or {}, event.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [(key.replace("_", " "), _shown(before.get(key)), _shown(after.get(key)))
            for key in keys]


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
