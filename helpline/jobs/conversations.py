"""Conversation jobs: every minute the clock tends the waiting ones (next offer, the claim
timeout, volunteers who came on duty) and closes the idle ones. The rules are in
helpline.conversations; this opens the job's session and logs."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from helpline.conversations import lifecycle, offers
from helpline.db import job_session, utcnow
from helpline.followups import consent
from helpline.line import Line

log = logging.getLogger(__name__)


def tend_conversations(now: datetime | None = None) -> dict[str, int]:
    """Offer, escalate and close conversations as their time comes. Returns the counts."""
    line, now = Line.from_config(current_app.config), now or utcnow()
    with job_session() as session:
        counts = offers.tend(session, line, now)
        closed = lifecycle.close_idle(session, line, now)
        for conversation in closed:
            consent.ask(session, conversation, line, now)
        counts["closed_idle"] = len(closed)
    if any(counts.values()):
        log.info("conversations tended offered=%s escalated=%s closed_idle=%s",
                 counts["offered"], counts["escalated"], counts["closed_idle"])
    return counts
