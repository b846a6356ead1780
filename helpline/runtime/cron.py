"""The cron table: periodic jobs, enqueued by the clock (`flask --app helpline clock`)."""

from rq import cron

from helpline.jobs.conversations import tend_conversations
from helpline.jobs.meetings import refresh_due_sources
from helpline.jobs.retention import purge_old
from helpline.jobs.rota import alert_gaps, plan_shift_reminders
from helpline.runtime.queues import QUEUE_NAME

# Every 15 minutes: re-import each meeting feed whose refresh interval has passed.
cron.register(refresh_due_sources, queue_name=QUEUE_NAME, cron="*/15 * * * *",
              name="refresh-meeting-feeds")

# Every 15 minutes: put the coming shift reminders in the outbox (each once, sent at its time).
cron.register(plan_shift_reminders, queue_name=QUEUE_NAME, cron="*/15 * * * *",
              name="plan-shift-reminders")

# Every hour: text the coordinators about new gaps in the rota of the next GAP_ALERT_HOURS.
cron.register(alert_gaps, queue_name=QUEUE_NAME, cron="5 * * * *", name="rota-gap-alerts")

# Every minute: offer waiting text conversations on, escalate unclaimed ones, close idle ones.
cron.register(tend_conversations, queue_name=QUEUE_NAME, cron="* * * * *",
              name="tend-conversations")

# Every hour: purge what people said once RETENTION_DAYS have passed (bodies, voicemail words
# and recordings), in batches.
cron.register(purge_old, queue_name=QUEUE_NAME, cron="23 * * * *", name="retention")
