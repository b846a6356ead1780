"""`flask --app helpline check`: what this deployment lacks before it can take texts and calls.

Each line says what was looked at and, when it is missing or wrong, what to do. It exits 1
when anything a live line needs is missing (notes alone exit 0): the environment, the database
reachable and migrated, Redis answering, the Twilio credentials accepted by the API, and the
number's webhooks pointing at this deployment. It changes nothing. (In production the app
itself refuses to start without SECRET_KEY, the Twilio credentials, HELPLINE_NUMBER and
PUBLIC_BASE_URL, and says so.)"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from helpline import db, migrate, telephony
from helpline.cli.twilio import webhooks
from helpline.runtime import queues


@dataclass(frozen=True)
class Finding:
    """One thing looked at: fine, missing (the line cannot go live), or a note."""

    state: str  # ok | missing | note
    what: str


def findings(config: Mapping) -> Iterator[Finding]:
    """Everything `check` looks at, in order."""
    yield from _environment(config)
    yield _database(config)
    yield _redis(config)
    yield from _twilio(config)


def _environment(config: Mapping) -> Iterator[Finding]:
    production = config["HELPLINE_ENV"] == "production"
    yield Finding("ok" if production else "note",
                  f"HELPLINE_ENV is {config['HELPLINE_ENV']}"
                  + ("" if production else ": set HELPLINE_ENV=production for a live line"))
    base = config["PUBLIC_BASE_URL"] or ""
    if not base:
        yield Finding("missing", "PUBLIC_BASE_URL is not set: the address Twilio calls, "
                                 "like https://line.example.org")
    elif not base.startswith("https://"):
        yield Finding("missing", f"PUBLIC_BASE_URL {base} is not https: Twilio's requests and "
                                 "the coordinators' passwords would cross the internet in clear")
    else:
        yield Finding("ok", f"PUBLIC_BASE_URL is {base}")
    if config["DATABASE_URL"].startswith("sqlite"):
        yield Finding("missing" if production else "note",
                      "DATABASE_URL is SQLite: set it to PostgreSQL for a live line (the "
                      "Procfile's processes share it)")
    if not config.get("HEALTH_TOKEN"):
        yield Finding("note", "HEALTH_TOKEN is not set: /healthz says only ok or down")
    if config.get("TWILIO_AUTH_TOKEN_PREVIOUS"):
        yield Finding("note", "TWILIO_AUTH_TOKEN_PREVIOUS is set: remove it once the logs no "
                              "longer say 'signed with the previous auth token'")


def _database(config: Mapping) -> Finding:
    where = db.current().engine.url.render_as_string(hide_password=True)
    try:
        with db.current().engine.connect() as connection:
            at = MigrationContext.configure(connection).get_current_heads()
    except SQLAlchemyError as error:
        return Finding("missing", f"the database {where} cannot be reached "
                                  f"({type(error).__name__})")
    head = ScriptDirectory.from_config(migrate.alembic_config(config["DATABASE_URL"])) \
        .get_heads()
    if set(at) != set(head):
        return Finding("missing", f"the database is at {', '.join(at) or 'no revision'}, not "
                                  f"{', '.join(head)}: run flask --app helpline db upgrade")
    return Finding("ok", f"the database {where} is reachable and migrated ({head[0]})")


def _redis(config: Mapping) -> Finding:
    if not config["REDIS_URL"]:
        return Finding("missing" if config["HELPLINE_ENV"] == "production" else "note",
                       "REDIS_URL is not set: only `make run`'s embedded Redis would be used")
    try:
        queues.connect(config).ping()
    except (RedisError, OSError) as error:
        return Finding("missing", f"Redis at REDIS_URL does not answer ({type(error).__name__})")
    return Finding("ok", "Redis answers")


def _twilio(config: Mapping) -> Iterator[Finding]:
    if config["TWILIO_SANDBOX"]:
        yield Finding("missing", "no Twilio account: set TWILIO_ACCOUNT_SID and "
                                 "TWILIO_AUTH_TOKEN (the line runs on the sandbox)")
        return
    number = config["HELPLINE_NUMBER"]
    try:
        now = telephony.gateway().number_webhooks(number)
    except telephony.ProviderError as error:
        if error.status in (401, 403):
            yield Finding("missing", "Twilio refused TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        elif error.status == 404:
            yield Finding("ok", "Twilio accepts the credentials")
            yield Finding("missing", f"HELPLINE_NUMBER {number} is not a number on this "
                                     "Twilio account")
        else:
            yield Finding("missing", f"Twilio could not be asked ({error})")
        return
    yield Finding("ok", "Twilio accepts the credentials")
    if not config["PUBLIC_BASE_URL"]:
        return
    wrong = [name for name, url in webhooks(config["PUBLIC_BASE_URL"]).items()
             if now.get(name) != url]
    if wrong:
        yield Finding("missing", f"{number}'s {', '.join(wrong)} do not point here: run "
                                 "flask --app helpline twilio configure")
    else:
        yield Finding("ok", f"{number} sends its texts and calls here")


@click.command("check")
@with_appcontext
def check_command() -> None:
    """Say what this deployment lacks (exit 1 when something a live line needs is missing)."""
    missing = 0
    for finding in findings(current_app.config):
        mark = {"ok": "ok     ", "missing": "MISSING", "note": "note   "}[finding.state]
        click.echo(f"{mark} {finding.what}")
        missing += finding.state == "missing"
    if missing:
        raise click.ClickException(f"{missing} thing{'s' if missing > 1 else ''} missing "
                                   "before this line can go live")
    click.echo("Nothing missing.")
