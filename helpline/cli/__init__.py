"""Operator commands: `flask --app helpline <command>`. Adapters over domain functions."""

from __future__ import annotations

import secrets

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from helpline import db, migrate, telephony
from helpline.cli import demo, simulator
from helpline.db import utcnow

db_cli = AppGroup("db", help="Database migrations (Alembic).")
users_cli = AppGroup("users", help="Coordinator accounts.")
sim_cli = AppGroup("sim", help="Simulate Twilio webhooks against the running line.")
twilio_cli = AppGroup("twilio", help="The Twilio account and number.")
demo_cli = AppGroup("demo", help="Demo data for trying the line.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations to DATABASE_URL."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION (e.g. base)."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrate.revision(current_app.config["DATABASE_URL"], message)


@db_cli.command("current")
def db_current() -> None:
    """Show the database's migration revision."""
    migrate.current(current_app.config["DATABASE_URL"])


@demo_cli.command("seed")
def demo_seed() -> None:
    """Fill an empty database with demo volunteers and a coordinator (password shown once)."""
    with db.job_session() as session:
        password = demo.seed(session)
    if password is None:
        click.echo("Database already has people in it; demo data not added.")
        return
    click.echo(f"Demo coordinator: {demo.DEMO_EMAIL}  password: {password}")
    click.echo("(Shown once. Reset with: flask --app helpline users create-admin EMAIL)")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", help="Leave out to generate one and show it once.")
def users_create_admin(email: str, password: str | None) -> None:
    """Create a coordinator account with the admin role."""
    password = password or secrets.token_urlsafe(12)
    with db.job_session() as session:
        demo.create_coordinator(session, email, password, role="admin")
    click.echo(f"Created admin {email}; password: {password}")


@sim_cli.command("text")
@click.argument("sender")
@click.argument("body")
@click.option("--url", default="http://127.0.0.1:5000", show_default=True,
              help="The running app; falls back to in-process when nothing answers there.")
@click.option("--in-process", is_flag=True, help="Don't use a running app.")
@click.option("--sid", help="Reuse a MessageSid (to see how a retried webhook is handled).")
def sim_text(sender: str, body: str, url: str, in_process: bool, sid: str | None) -> None:
    """Text the line as SENDER, signed like Twilio; print the reply and texts the line sent."""
    form = simulator.text_form(sender, body, current_app.config["HELPLINE_NUMBER"], sid)
    since = utcnow()
    exchange = None if in_process else _sim_over_http(url, form)
    if exchange is None:
        exchange = simulator.in_process(current_app, form)
    _print_exchange(exchange, simulator.texts_sent_since(since))


def _sim_over_http(url: str, form: dict) -> simulator.Exchange | None:
    import requests

    config = current_app.config
    try:
        response = simulator.post_signed(url.rstrip("/"), "/twilio/sms", form,
                                         config["TWILIO_AUTH_TOKEN"], config["PUBLIC_BASE_URL"])
    except requests.ConnectionError:
        click.echo(f"(nothing answers at {url}: simulating in-process)", err=True)
        return None
    return simulator.Exchange(response.status_code, simulator.replies_in(response.text))


def _print_exchange(exchange: simulator.Exchange, sent: list[tuple[str, str]]) -> None:
    click.echo(f"HTTP {exchange.status}")
    for reply in exchange.replies:
        click.echo(f"< reply: {reply}")
    if not exchange.replies:
        click.echo("< (no reply)")
    for to, body in sent:
        click.echo(f"> sent to {to}: {body}")


@twilio_cli.command("configure")
def twilio_configure() -> None:
    """Point the helpline number's webhooks at PUBLIC_BASE_URL."""
    config = current_app.config
    if not config["PUBLIC_BASE_URL"]:
        raise click.ClickException("Set PUBLIC_BASE_URL to the address Twilio should call.")
    base = config["PUBLIC_BASE_URL"]
    telephony.gateway().update_number(
        config["HELPLINE_NUMBER"], sms_url=f"{base}/twilio/sms", sms_method="POST",
        sms_fallback_url=f"{base}/twilio/sms/fallback", voice_url=f"{base}/twilio/voice",
        voice_method="POST", voice_fallback_url=f"{base}/twilio/voice/fallback",
        status_callback=f"{base}/twilio/voice/status", status_callback_method="POST",
    )
    click.echo(f"{config['HELPLINE_NUMBER']} now sends texts and calls to {base}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run the rq worker with its scheduler and the outbox relay."""
    from helpline.runtime import queues, worker

    if not current_app.config["REDIS_URL"]:
        queues.ensure_embedded()
    worker.run(queues.connect(current_app.config, timeout=None),
               current_app.config["OUTBOX_POLL_SECONDS"], burst=burst)


@click.command("dev")
@click.option("--port", default=5000, show_default=True)
def dev_command(port: int) -> None:
    """Run everything on embedded defaults: Redis, worker and web. Ctrl-C stops it all."""
    from helpline.runtime import supervisor

    supervisor.run(current_app.config, port)


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    from helpline.cli.blocks import block_cli
    from helpline.cli.meetings import meetings_cli
    from helpline.cli.rota import rota_cli
    from helpline.cli.sim_call import sim_call

    sim_cli.add_command(sim_call)
    for command in (db_cli, users_cli, sim_cli, twilio_cli, demo_cli, worker_command, dev_command,
                    meetings_cli, rota_cli, block_cli):
        app.cli.add_command(command)
