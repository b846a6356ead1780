"""STOP and START from the line's own people. A volunteer or coordinator who texts STOP gets no
more texts of any kind (their texts are queued against their contact, so STOP cancels what is
pending and the send-time check drops the rest), is taken off text routing and offers (calls
still ring a volunteer who takes calls: STOP is about texts), hands back the conversations they
hold, and the coordinators are told; START undoes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.conversations import lifecycle, relay
from helpline.line import Line
from helpline.models import Contact, Coordinator
from helpline.outbound import queue_text
from volunteers.models import Volunteer


def stopped(session: Session, contact: Contact, line: Line, now: datetime) -> None:
    """A STOP from a staff member's phone: their conversations go back to the pool and the
    other coordinators are told."""
    person = _staff_name(session, contact.address)
    if person is None:
        return
    volunteer = session.scalar(select(Volunteer).where(Volunteer.phone == contact.address))
    if volunteer is not None:
        for conversation in lifecycle.held_by(session, volunteer.id):
            relay.pass_back(session, volunteer, conversation, line, now)
    _tell_coordinators(session, contact, "staff_stopped", person, line, now)


def started(session: Session, contact: Contact, line: Line, now: datetime) -> None:
    """START from a staff member's phone: texts and text routing again; coordinators told."""
    person = _staff_name(session, contact.address)
    if person is not None:
        _tell_coordinators(session, contact, "staff_started", person, line, now)


# Built once: STOP and START from every texter ask it.
_STAFF_NAME = (select(Volunteer.display_name).where(Volunteer.phone == bindparam("phone"))
               .union_all(select(Coordinator.display_name)
                          .where(Coordinator.phone == bindparam("phone"))).limit(1))


def _staff_name(session: Session, phone: str) -> str | None:
    """The display name of the volunteer or coordinator with this phone (one round trip)."""
    with session.no_autoflush:
        return session.scalar(_STAFF_NAME, {"phone": phone})


def _tell_coordinators(session: Session, contact: Contact, message: str, person: str,
                       line: Line, now: datetime) -> None:
    coordinators = session.scalars(select(Coordinator).where(
        Coordinator.active.is_(True), Coordinator.phone.is_not(None), Coordinator.phone != "",
        Coordinator.phone != contact.address).order_by(Coordinator.id))
    for coordinator in coordinators:
        queue_text(session, to=coordinator.phone, purpose="staff_opt_out",
                   key=f"{message}:{contact.id}:{now.isoformat()}:c{coordinator.id}",
                   body=render(message, "en", person=person, **line.text_params))
