"""The retention job (hourly, from the clock): purge what people said once the period has
passed, in batches of short transactions; recordings are deleted at Twilio between them. The
rules are in helpline.retention.purge."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app

from helpline import telephony
from helpline.db import job_session, utcnow
from helpline.retention import purge

log = logging.getLogger(__name__)


def purge_old(now: datetime | None = None, batch: int = purge.BATCH) -> dict[str, int]:
    """Purge everything older than RETENTION_DAYS; returns how many of each kind."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["RETENTION_DAYS"])
    with job_session() as session:
        kept = purge.protected(session, cutoff)
    counts = {"texts_in": 0, "texts_out": 0, "conversation_messages": 0, "voicemails": 0}
    steps = {"texts_in": lambda s: purge.purge_texts(s, cutoff, kept, batch),
             "texts_out": lambda s: purge.purge_sent(s, cutoff, kept, batch),
             "conversation_messages": lambda s: purge.purge_conversations(s, cutoff, batch)}
    for kind, step in steps.items():
        while True:
            with job_session() as session:  # one short transaction a batch
                done = step(session)
            counts[kind] += done
            if done < batch:
                break
    counts["voicemails"] = _purge_voicemails(cutoff, kept, now, batch)
    if any(counts.values()):
        log.info("retention purged texts_in=%s texts_out=%s conversation_messages=%s "
                 "voicemails=%s", *counts.values())
    return counts


def _purge_voicemails(cutoff: datetime, kept: purge.Kept, now: datetime, batch: int) -> int:
    purged = 0
    while True:
        with job_session() as session:
            due = purge.voicemails_due(session, cutoff, kept, batch)
        for recording in due:
            try:
                telephony.gateway().delete_recording(recording.recording_sid)
            except telephony.ProviderError as error:  # kept for the next run
                log.warning("recording not deleted voicemail=%s sid=%s status=%s",
                            recording.voicemail_id, recording.recording_sid, error.status)
                continue
            purge.delete_audio(current_app.instance_path, recording)
            with job_session() as session:
                purge.mark_purged(session, recording.voicemail_id, now)
            purged += 1
        if len(due) < batch:
            return purged
