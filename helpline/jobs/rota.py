"""Rota jobs: shift reminders for volunteers; open shifts and rota gaps for coordinators.

The rules (when a reminder goes out, which gaps are told) are in volunteers.reminders; these
read the settings, open the job's session and log.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app

from helpline.db import job_session, utcnow
from helpline.line import Line
from volunteers.reminders import (
    ReminderRules,
    alert_new_gaps,
    alert_open_shift,
    plan_reminders,
    reminder_key,
    text_reminder,
)

log = logging.getLogger(__name__)


def check_open_shift(change_id: int) -> None:
    """If a dropped shift is still open (and not over), text the coordinators once."""
    line = Line.from_config(current_app.config)
    with job_session() as session:
        alerted = alert_open_shift(session, line, change_id, utcnow())
    if alerted:
        log.info("open shift alert change=%s", change_id)


def plan_shift_reminders(now: datetime | None = None) -> int:
    """Every 15 minutes: put the coming shift reminders in the outbox, each once."""
    line = Line.from_config(current_app.config)
    rules = ReminderRules.from_config(current_app.config)
    with job_session() as session:
        added = plan_reminders(session, line.timezone, rules, now or utcnow())
    log.info("shift reminders planned=%s", added)
    return added


def send_shift_reminder(volunteer_id: int, occurs_on: str, lead: float, at: str,
                        shift_id: int | None = None, extra_shift_id: int | None = None) -> None:
    """Text the volunteer the planned reminder if it still holds (volunteers.reminders). Safe
    to run twice."""
    line = Line.from_config(current_app.config)
    rules = ReminderRules.from_config(current_app.config)
    planned = {"volunteer_id": volunteer_id, "occurs_on": occurs_on, "lead": lead, "at": at,
               "shift_id": shift_id, "extra_shift_id": extra_shift_id}
    with job_session() as session:
        queued = text_reminder(session, line, rules, utcnow(), **planned)
    if queued:
        log.info("shift reminder queued key=%s", reminder_key(**planned))
    else:
        log.info("shift reminder skipped key=%s", reminder_key(**planned))


def alert_gaps(now: datetime | None = None) -> int:
    """Hourly: text the coordinators about gaps in the rota coming up, each gap once. Returns
    how many texts were queued."""
    config = current_app.config
    with job_session() as session:
        queued = alert_new_gaps(session, Line.from_config(config), now or utcnow(),
                                timedelta(hours=config["GAP_ALERT_HOURS"]),
                                config["COVERAGE_MINIMUM"])
    log.info("gap alerts queued=%s", queued)
    return queued
