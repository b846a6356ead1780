"""`flask --app helpline db ...`: the schema's migrations (Alembic)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from helpline import migrate

db_cli = AppGroup("db", help="Database migrations (Alembic).")


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
