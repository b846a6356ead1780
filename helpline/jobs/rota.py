"""Rota jobs: telling coordinators about shifts nobody has taken."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from helpline import texts
from helpline.db import job_session, utcnow
from helpline.line import Line
from helpline.models import Coordinator
from helpline.outbound import queue_text
from volunteers.commands import label, span
from volunteers.models import ShiftChange

log = logging.getLogger(__name__)


def check_open_shift(change_id: int) -> None:
    """If a dropped shift is still open (and not over), text the coordinators once."""
    line = Line.from_config(current_app.config)
    with job_session() as session:
        change = session.get(ShiftChange, change_id)
        if change is None or not change.dropped or change.covered_by_id is not None:
            return
        starts, ends = span(change, line.timezone)
        if ends <= utcnow() or change.gap_alerted_at is not None:
            return
        people = session.scalars(select(Coordinator).where(
            Coordinator.active.is_(True), Coordinator.phone.is_not(None)))
        shown = label(starts, ends, line.timezone)
        for person in people:
            body = texts.render("coord_open_shift", "en", shift=shown,
                                who=change.shift.volunteer.display_name, **line.text_params)
            queue_text(session, to=person.phone, body=body, purpose="open_shift_alert",
                       key=f"open-shift:{change.id}:{person.id}")
        change.gap_alerted_at = utcnow()
        log.info("open shift alert change=%s", change.id)
