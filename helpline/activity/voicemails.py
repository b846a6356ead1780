"""Voicemails as coordinators deal with them: the ones nobody has handled yet, which were
urgent, and marking one handled with a short note (the first mark stands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, exists, func, literal, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from helpline.activity import shown
from helpline.calls.models import Call, Callback, Voicemail
from helpline.contacts.redact import blank_numbers
from helpline.models import Contact, Coordinator, OutboundMessage

NOTE_CHARS = 200


@dataclass(frozen=True)
class Unhandled:
    """A voicemail nobody has marked handled: by case code and codename, never words."""

    voicemail_id: int
    call_id: int
    case_code: str
    codename: str
    left: str  # local time
    length: str  # "0:42"
    callback: bool  # the caller asked to be called back
    urgent: bool


@dataclass(frozen=True)
class Handled:
    """Who marked a voicemail handled, when, and whether it was this request that did."""

    newly: bool
    at: datetime
    by: str
    note: str


def urgent() -> ColumnElement[bool]:
    """True for a voicemail whose words of danger sent an urgent notice (its texts' keys and
    purpose outlive retention; the words do not)."""
    stem = cast(Voicemail.id, String) + literal(":%")
    return exists().where(OutboundMessage.purpose == "voicemail_urgent",
                          or_(OutboundMessage.key.like(literal("voicemail:") + stem),
                              OutboundMessage.key.like(literal("voicemail-urgent:") + stem)))


def unhandled(session: Session, zone: str, limit: int) -> tuple[list[Unhandled], int]:
    """The newest voicemails not yet handled (at most `limit`), and how many there are."""
    total = session.scalar(select(func.count()).where(Voicemail.handled_at.is_(None)))
    asked = exists().where(Callback.call_id == Call.id)
    rows = session.execute(
        select(Voicemail, Call.case_code, Contact.codename, asked, urgent())
        .join(Call, Call.id == Voicemail.call_id).join(Contact, Contact.id == Call.contact_id)
        .where(Voicemail.handled_at.is_(None))
        .order_by(Voicemail.created_at.desc(), Voicemail.id.desc()).limit(limit)).all()
    return [Unhandled(vm.id, vm.call_id, code, codename, shown.clock(vm.created_at, zone),
                      shown.duration(vm.duration_seconds), bool(callback), bool(danger))
            for vm, code, codename, callback, danger in rows], total


def mark_handled(session: Session, voicemail_id: int, coordinator_id: int, note: str,
                 now: datetime) -> Handled | None:
    """Mark the voicemail handled unless someone already did (their time and note stand); a
    number in the note is blanked. None when there is no such voicemail. Flushes, never
    commits."""
    newly = session.execute(
        update(Voicemail).where(Voicemail.id == voicemail_id, Voicemail.handled_at.is_(None))
        .values(handled_at=now, handled_by_id=coordinator_id,
                handled_note=blank_numbers(note.strip())[:NOTE_CHARS] or None)
        .execution_options(synchronize_session=False)).rowcount == 1
    found = handled(session, voicemail_id)
    return None if found is None else Handled(newly, *found)


def call_of(session: Session, voicemail_id: int) -> tuple[int, str] | None:
    """The id and case code of the call a voicemail was left in; None if no such voicemail."""
    row = session.execute(select(Call.id, Call.case_code).join(Voicemail, Voicemail.call_id
                                                              == Call.id)
                          .where(Voicemail.id == voicemail_id)).first()
    return None if row is None else (row[0], row[1])


def handled(session: Session, voicemail_id: int) -> tuple[datetime, str, str] | None:
    """When a voicemail was handled, by whom and the note; None when not (or no voicemail)."""
    row = session.execute(
        select(Voicemail.handled_at, Coordinator.display_name, Voicemail.handled_note)
        .outerjoin(Coordinator, Coordinator.id == Voicemail.handled_by_id)
        .where(Voicemail.id == voicemail_id, Voicemail.handled_at.is_not(None))).first()
    return None if row is None else (row[0], row[1] or "someone", row[2] or "")
