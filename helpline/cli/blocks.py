"""`flask --app helpline block ...`: block a caller for a while, list the blocks, lift one.

Output names callers by codename only, never by number, even when a number was typed in.
"""

from __future__ import annotations

import logging
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import audit, db
from helpline.calls import blocks
from helpline.db import utcnow
from helpline.models import Coordinator

log = logging.getLogger(__name__)
block_cli = AppGroup("block", help="The blocklist: callers whose calls the line does not take.")

BY_HELP = "The e-mail of the coordinator doing this (recorded with the block)."


@block_cli.command("add")
@click.argument("ref")
@click.option("--reason", required=True, help=f"Why (at most {blocks.REASON_CHARS} characters).")
@click.option("--days", type=click.IntRange(min=1),
              help=f"How many days the block lasts (default {blocks.DEFAULT_DAYS}).")
@click.option("--until", "until_day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The last local day of the block (YYYY-MM-DD); it ends at midnight after it.")
@click.option("--by", "by_email", help=BY_HELP)
def add_command(ref: str, reason: str, days: int | None, until_day: datetime | None,
                by_email: str | None) -> None:
    """Block the calls of REF: a call's case code (7Q2), a codename, or a phone number."""
    if days is not None and until_day is not None:
        raise click.UsageError("Give --days or --until, not both.")
    config, now = current_app.config, utcnow()
    zone = config["HELPLINE_TIMEZONE"]
    until = blocks.end_of_local_day(until_day.date(), zone) if until_day else None
    with db.job_session() as session:
        by = _coordinator_id(session, by_email)
        contact = blocks.find_contact(session, ref, config["HELPLINE_REGION"])
        if contact is None:
            raise click.ClickException(
                "No caller matches that. Give a call's case code (like 7Q2), the caller's "
                "codename, or the number they call from.")
        try:
            made = blocks.block(session, contact, reason, now, days=days, until=until, by=by)
        except blocks.BlockError as error:
            raise click.ClickException(str(error)) from error
        codename, block_id, ends = contact.codename, made.id, made.expires_at
        audit.record(session, _actor(by_email), "block.set", "block", block_id,
                     after={"contact": codename, "until": ends, "reason": made.reason},
                     summary=f"Blocked {codename}")
    log.info("block set id=%s contact_id=%s by=%s", block_id, contact.id, by)
    click.echo(f"Blocked {codename} until {blocks.local_time(ends, zone)} (block {block_id})")


@block_cli.command("list")
@click.option("--all", "show_all", is_flag=True, help="Also the blocks lifted or expired.")
def list_command(show_all: bool) -> None:
    """List the blocks in force (soonest to end first), or with --all the ended ones too."""
    now, zone = utcnow(), current_app.config["HELPLINE_TIMEZONE"]
    with db.job_session() as session:
        rows = blocks.describe(session, blocks.listing(session, now, include_ended=show_all),
                               now, zone)
    if not rows:
        click.echo("No blocks." if show_all else "No blocks in force.")
        return
    table = [("ID", "CODENAME", "UNTIL", "STATE", "BY", "REASON")] + [
        (str(r.id), r.codename, r.ends, r.state, r.set_by or "-", r.reason) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(5)]
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        click.echo("  ".join([*cells, line[5]]))


@block_cli.command("lift")
@click.argument("block_id", metavar="ID", type=int)
@click.option("--by", "by_email", help=BY_HELP)
def lift_command(block_id: int, by_email: str | None) -> None:
    """End block ID now (its number is in `block list`)."""
    now = utcnow()
    with db.job_session() as session:
        by = _coordinator_id(session, by_email)
        found = blocks.lift(session, block_id, now, by=by)
        if found is None:
            raise click.ClickException(f"There is no block {block_id} (see: block list --all).")
        codename, lifted = found.contact.codename, found.lifted_at == now
        if lifted:
            audit.record(session, _actor(by_email), "block.lift", "block", block_id,
                         before={"until": found.expires_at}, after={"until": now},
                         summary=f"Lifted the block on {codename}")
    if not lifted:
        click.echo(f"Block {block_id} ({codename}) had already ended; nothing changed.")
        return
    log.info("block lifted id=%s by=%s", block_id, by)
    click.echo(f"Lifted block {block_id} ({codename})")


def _actor(by_email: str | None) -> audit.Actor:
    """The command line, with the e-mail given in --by if any."""
    if by_email:
        return audit.Actor(None, f"command line ({by_email.strip().lower()})")
    return audit.COMMAND_LINE


def _coordinator_id(session: Session, email: str | None) -> int | None:
    """The id of the active coordinator with this e-mail; None when no e-mail was given."""
    if email is None:
        return None
    person_id = session.scalar(select(Coordinator.id).where(
        Coordinator.email == email.strip().lower(), Coordinator.active.is_(True)))
    if person_id is None:
        raise click.ClickException(f"No active coordinator has the e-mail {email.strip()}.")
    return person_id
