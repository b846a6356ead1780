"""The rota out as iCalendar feeds, for volunteers' calendar apps.

A volunteer's feed holds the occurrences they are on (after drops, covers and
extra shifts) from a week ago to 90 days ahead, titled "Helpline shift" only; the whole rota's
holds every occurrence titled with the display name of who is on it ("Open shift" when dropped
and not covered). Times are UTC instants; no phone number appears in either.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from volunteers.models import Volunteer
from volunteers.rota import Occurrence, occurrences

FEED_PAST, FEED_AHEAD = timedelta(days=7), timedelta(days=90)
SHIFT_SUMMARY = "Helpline shift"
SHIFT_DESCRIPTION = "Text SHIFTS to the line to see or drop your shifts."
PRODID = "-//Helpline//Rota calendar//EN"
_TOKEN_LENGTH = 64  # the model's column size


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    """The instants a feed fetched at `now` covers."""
    return now - FEED_PAST, now + FEED_AHEAD


def volunteer_for_calendar(session: Session, token: str) -> Volunteer | None:
    """The active volunteer whose calendar token this is, if any."""
    if not token or len(token) > _TOKEN_LENGTH:
        return None
    return session.scalar(select(Volunteer).where(Volunteer.calendar_token == token,
                                                  Volunteer.active.is_(True)))


def reissue_token(volunteer: Volunteer) -> str:
    """Give the volunteer a new calendar token (their old feed URL stops working); return it."""
    volunteer.calendar_token = secrets.token_urlsafe(24)
    return volunteer.calendar_token


def calendar_tokens(session: Session) -> list[tuple[str, str]]:
    """(display name, calendar token) of every active volunteer, by name."""
    rows = session.execute(select(Volunteer.display_name, Volunteer.calendar_token)
                           .where(Volunteer.active.is_(True))).all()
    return sorted(((r.display_name, r.calendar_token) for r in rows),
                  key=lambda pair: (pair[0].casefold(), pair))


def volunteer_calendar(session: Session, volunteer: Volunteer, now: datetime, zone: str
                       ) -> bytes:
    """The occurrences this volunteer is on around `now` (see feed_window), as iCalendar."""
    events = [_event(o, "", SHIFT_SUMMARY, SHIFT_DESCRIPTION, now)
              for o in occurrences(session, *feed_window(now), zone)
              if o.volunteer_id == volunteer.id]
    return _calendar("Helpline shifts", f"volunteer-{volunteer.id}@helpline", events)


def rota_calendar(session: Session, now: datetime, zone: str) -> bytes:
    """Every occurrence around `now`, titled with who is on it, as iCalendar; occurrences of
    inactive volunteers are left out."""
    events = []
    for o in occurrences(session, *feed_window(now), zone):
        if o.volunteer is not None and o.volunteer.active:
            events.append(_event(o, ".rota", o.volunteer.display_name, SHIFT_DESCRIPTION, now))
        elif o.volunteer is None and o.original_volunteer.active:
            take = f" Text TAKE {o.code} to the line to cover it." if o.code else ""
            events.append(_event(o, ".rota", "Open shift", "Nobody is on this shift." + take,
                                 now))
    return _calendar("Helpline rota", "rota@helpline", events)


def _event(o: Occurrence, feed: str, summary: str, description: str, now: datetime) -> Event:
    # Per occurrence and per feed: one UID in two calendars of one app can clash.
    key = o.shift_id if o.shift_id is not None else f"x{o.extra_shift_id}"
    return Event.new(uid=f"{key}-{o.occurs_on.isoformat()}{feed}@helpline", start=o.starts_at,
                     end=o.ends_at, summary=summary, description=description,
                     stamp=now.astimezone(UTC))


def _calendar(name: str, uid: str, events: list[Event]) -> bytes:
    calendar = Calendar.new(prodid=PRODID, name=name, uid=uid, subcomponents=events,
                            refresh_interval=timedelta(hours=1))
    calendar.add("X-PUBLISHED-TTL", timedelta(hours=1))
    return calendar.to_ical()
