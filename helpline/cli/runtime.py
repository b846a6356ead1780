"""`flask --app helpline worker`, `clock` and `dev`: the line's processes (see
`helpline.runtime`)."""

from __future__ import annotations

import click
from flask import current_app


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run the rq worker with its scheduler and the outbox relay."""
    from helpline.runtime import queues, worker

    if not current_app.config["REDIS_URL"]:
        queues.ensure_embedded()
    # rq blocks on the queue for up to 405 s: its reads may take that long, and no longer.
    worker.run(queues.connect(current_app.config, timeout=420),
               current_app.config["OUTBOX_POLL_SECONDS"], burst=burst,
               sweep_after=current_app.config["OUTBOX_SWEEP_SECONDS"],
               relay_connection=queues.connect(current_app.config, timeout=10))


@click.command("clock")
def clock_command() -> None:
    """Run the clock: enqueue the periodic jobs of the cron table, through Redis outages."""
    from helpline.runtime import clock, queues

    if not current_app.config["REDIS_URL"]:
        queues.ensure_embedded()
    clock.run(queues.connect(current_app.config, timeout=10))


@click.command("dev")
@click.option("--port", default=5000, show_default=True)
def dev_command(port: int) -> None:
    """Run everything on embedded defaults: Redis, worker and web. Ctrl-C stops it all."""
    from helpline.runtime import supervisor

    supervisor.run(current_app.config, port)
