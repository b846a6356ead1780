"""Periodic jobs for `rq cron helpline.cron` (the Procfile's `clock`; `make run` starts one)."""

from rq import cron

from helpline.jobs.meetings import refresh_due_sources
from helpline.queues import QUEUE_NAME

# Every 15 minutes: re-import each meeting feed whose refresh interval has passed.
cron.register(refresh_due_sources, queue_name=QUEUE_NAME, cron="*/15 * * * *",
              name="refresh-meeting-feeds")
