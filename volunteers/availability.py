"""Who on duty can take a call or a text now: not on a call through the line (busy), taking
that channel, and, for texts, not having texted STOP to the line. `rota.on_duty` says who is
on duty at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from helpline.models import Contact
from volunteers.models import Volunteer
from volunteers.rota import on_duty

CHANNELS = ("calls", "texts")
BUSY_AT_MOST = timedelta(hours=4)  # longer than any call a volunteer takes


def available(session: Session, at: datetime, zone: str, *, for_: str = "calls"
              ) -> list[Volunteer]:
    """Volunteers on duty at `at`, not busy, who take this channel ("calls" or "texts"); for
    texts, not those who texted STOP to the line (they can get no texts)."""
    if for_ not in CHANNELS:
        raise ValueError(f"for_ must be one of {CHANNELS}, not {for_!r}")
    people = [v for v in on_duty(session, at, zone)
              if not busy(v, at) and v.takes in (for_, "both")]
    if for_ == "texts" and people:
        stopped = texts_stopped(session, [v.phone for v in people])
        people = [v for v in people if v.phone not in stopped]
    return people


def texts_stopped(session: Session, phones: list[str]) -> set[str]:
    """Which of these phones texted STOP to the line (and not START since)."""
    return set(session.scalars(select(Contact.address).where(
        Contact.address.in_(phones), Contact.opted_out_at.is_not(None))))


def busy(volunteer: Volunteer, at: datetime) -> bool:
    """On a call through the line at `at`. A mark older than BUSY_AT_MOST is taken to be one
    whose end Twilio never reported: it must not keep a volunteer from callers for ever."""
    since = volunteer.busy_since
    return since is not None and _utc(since) > _utc(at) - BUSY_AT_MOST


def mark_busy(session: Session, volunteer_id: int, at: datetime) -> None:
    """The volunteer is talking to a caller through the line from `at`."""
    session.execute(update(Volunteer).where(Volunteer.id == volunteer_id).values(busy_since=at))


def mark_free(session: Session, volunteer_id: int, busy_from: datetime) -> None:
    """The call the volunteer took at `busy_from` ended. A later call keeps them busy (a late
    or repeated status callback for an earlier call changes nothing)."""
    session.execute(update(Volunteer).where(
        Volunteer.id == volunteer_id, Volunteer.busy_since.is_not(None),
        Volunteer.busy_since <= busy_from).values(busy_since=None))


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime given where an aware instant is required")
    return at.astimezone(UTC)
