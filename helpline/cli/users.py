"""`flask --app helpline users ...`: coordinator accounts. Passwords are never typed on a
command line (shell history, `ps`): they are generated and shown once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from helpline import audit, db
from helpline.accounts import coordinators

users_cli = AppGroup("users", help="Coordinator accounts: create, list, deactivate.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(coordinators.ROLES), default="coordinator",
              show_default=True, help="admin: everything; coordinator: rota, volunteers.")
@click.option("--name", "display_name", help="The name shown on the pages (default: from e-mail).")
def users_create(email: str, role: str, display_name: str | None) -> None:
    """Create an account with a generated password, printed once as `password: ...`."""
    with db.job_session() as session:
        try:
            person, password = coordinators.create(session, email, role, display_name)
        except coordinators.AccountError as problem:
            raise click.ClickException(str(problem)) from None
        audit.record(session, audit.COMMAND_LINE, "user.create", "user", person.id,
                     after={"email": person.email, "role": role},
                     summary=f"Created {person.email} ({role})")
    click.echo(f"Created {role} {person.email}. They can change the password once signed in.")
    click.echo(f"password: {password}")


@users_cli.command("create-admin", hidden=True)
@click.argument("email")
@click.pass_context
def users_create_admin(context: click.Context, email: str) -> None:
    """The older name of `users create EMAIL --role admin`."""
    context.invoke(users_create, email=email, role="admin", display_name=None)


@users_cli.command("list")
def users_list() -> None:
    """Every account: e-mail, role, active or not."""
    with db.job_session() as session:
        people, _ = coordinators.listing(session, limit=10_000)
        for person in people:
            state = "active" if person.active else "deactivated"
            click.echo(f"{person.email}\t{person.role}\t{state}")


@users_cli.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Refuse this account's sign-in and end its sessions everywhere."""
    with db.job_session() as session:
        person = _found(session, email)
        try:
            coordinators.deactivate(session, person)
        except coordinators.AccountError as problem:
            raise click.ClickException(str(problem)) from None
        audit.record(session, audit.COMMAND_LINE, "user.deactivate", "user", person.id,
                     before={"active": True}, after={"active": False},
                     summary=f"Deactivated {person.email}")
    click.echo(f"Deactivated {email}; their sessions have ended.")


@users_cli.command("reset-password")
@click.argument("email")
def users_reset_password(email: str) -> None:
    """Give the account a new generated password (printed once); its sessions end."""
    with db.job_session() as session:
        person = _found(session, email)
        password = coordinators.generate_password()
        coordinators.set_password(person, password)
        audit.record(session, audit.COMMAND_LINE, "user.reset_password", "user", person.id,
                     summary=f"New password for {person.email}")
    click.echo(f"password: {password}")


def _found(session, email: str):
    person = coordinators.find(session, email)
    if person is None:
        raise click.ClickException(f"No account has the e-mail {email.strip().lower()}.")
    return person
