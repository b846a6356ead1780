"""`flask --app helpline users ...`: coordinator accounts."""

from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup

from helpline import db
from helpline.accounts import coordinators

users_cli = AppGroup("users", help="Coordinator accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", help="Leave out to generate one and show it once.")
def users_create_admin(email: str, password: str | None) -> None:
    """Create a coordinator account with the admin role."""
    password = password or secrets.token_urlsafe(12)
    with db.job_session() as session:
        coordinators.create_coordinator(session, email, password, role="admin")
    click.echo(f"Created admin {email}; password: {password}")
