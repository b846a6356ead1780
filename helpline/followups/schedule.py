"""When a check-in goes out: the CHECKIN_SCHEDULE offsets after consent, counted in the texter's
own wall-clock time (the next day at the same local hour, whatever the clocks did), then moved
out of QUIET_HOURS to the next allowed local time. The texter's zone: from the ZIP of their
latest meeting search, else their number's area code, else the line's."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.followups.models import Consent
from helpline.line import Line
from helpline.meetings import geocode
from helpline.meetings.models import MeetingSearch
from helpline.models import Contact
from helpline.outbound import queue_text
from helpline.phones import timezone_of
from volunteers.models import Volunteer

_ZIP = re.compile(r"\b(\d{5})\b")


def zone_for(session: Session, contact: Contact, line: Line) -> str:
    """The texter's IANA zone, as best the line knows it."""
    place = session.scalar(select(MeetingSearch.place).where(
        MeetingSearch.contact_id == contact.id).order_by(MeetingSearch.id.desc()).limit(1))
    found = _ZIP.search(place or "")
    spot = geocode.by_zip(found.group(1)) if found else None
    if spot is not None and spot.timezone:
        return spot.timezone
    return timezone_of(contact.address) or line.timezone


def humane(at: datetime, zone: str, quiet: tuple[time, time]) -> datetime:
    """`at`, or if it falls in the local quiet hours, the end of them (UTC)."""
    local = at.astimezone(ZoneInfo(zone))
    start, end = quiet
    clock = local.time().replace(tzinfo=None)
    if start == end:
        quiet_now = False
    elif start > end:  # across midnight, 21:00-09:00
        quiet_now = clock >= start or clock < end
    else:
        quiet_now = start <= clock < end
    if not quiet_now:
        return at.astimezone(UTC)
    day = local.date() + timedelta(days=1 if start > end and clock >= start else 0)
    return datetime.combine(day, end, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def plan(session: Session, consent: Consent, contact: Contact, line: Line) -> list[datetime]:
    """Queue the check-ins for a consent (each once, by key); returns when each goes out."""
    zone = zone_for(session, contact, line)
    local = consent.given_at.astimezone(ZoneInfo(zone))
    holder = session.get(Volunteer, consent.volunteer_id) if consent.volunteer_id else None
    body = render("checkin", consent.language, person=holder.display_name) if holder else \
        render("checkin_unsigned", consent.language)
    times = []
    for number, after in enumerate(line.checkin_after, 1):
        when = humane((local + after).astimezone(UTC), zone, line.quiet_hours)  # wall-clock days
        queue_text(session, to=contact.address, body=body, purpose="checkin", run_at=when,
                   key=f"checkin:{consent.id}:{number}", contact_id=contact.id)
        times.append(when)
    return times
