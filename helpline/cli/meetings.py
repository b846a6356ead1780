"""`flask --app helpline meetings ...`: import feeds, list sources, refresh them."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from helpline import db
from helpline.meetings import sources
from helpline.meetings.importer import EmptyFeed
from helpline.meetings.models import MeetingSource

meetings_cli = AppGroup("meetings", help="Meeting feeds: import, list, refresh.")


@meetings_cli.command("import")
@click.argument("path_or_url")
@click.option("--source", "name", required=True, help="A short name for this feed, e.g. sussex-aa.")
@click.option("--timezone", help="IANA zone for meetings whose feed has none (America/Chicago).")
@click.option("--program", help="AA, NA, SMART... for every meeting of this feed.")
@click.option("--kind", type=click.Choice(["meeting-guide", "bmlt", "csv"]),
              help="The feed's format; guessed from the content when left out.")
@click.option("--refresh-hours", type=int,
              help="Re-import a URL feed this often (default 24 for URLs; 0: never).")
def import_command(path_or_url, name, timezone, program, kind, refresh_hours) -> None:
    """Import (or re-import) a meeting feed from a file or an https URL; the old meetings stay
    on failure."""
    started = time.monotonic()
    with db.job_session() as session:
        source = sources.upsert_source(session, name, path_or_url, kind=kind, timezone=timezone,
                                       program=program, refresh_hours=refresh_hours)
        source_id = source.id
    try:
        data = sources.read(path_or_url, local_files=True)
    except sources.SourceError as error:
        sources.note_failure(db.current().sessions, source_id, error)
        raise click.ClickException(str(error)) from error

    def progress(records):
        with click.progressbar(records, label=f"Importing {name}", file=sys.stderr) as bar:
            yield from bar

    try:
        result = sources.import_now(db.current().sessions, source_id, data, progress)
    except (sources.SourceError, EmptyFeed) as error:
        raise click.ClickException(f"{name}: {error}; the previous meetings were kept") from error
    for skipped in result.skipped:
        click.echo(f"  skipped {skipped.slug}: {skipped.reason}", err=True)
    click.echo(f"{result.summary(name)} in {time.monotonic() - started:.1f} s")


@meetings_cli.command("sources")
def sources_command() -> None:
    """List meeting sources with their last import."""
    with db.job_session() as session:
        rows = session.scalars(select(MeetingSource).order_by(MeetingSource.name)).all()
        if not rows:
            click.echo("No meeting sources yet: flask --app helpline meetings import ...")
        for s in rows:
            when = s.last_attempt_at.strftime("%Y-%m-%d %H:%M UTC") if s.last_attempt_at else "-"
            click.echo(f"{s.name}: {s.imported_count} meetings, {len(s.skipped)} skipped, "
                       f"last {s.last_status} at {when} ({s.kind}, {s.location})")
            if s.last_message:
                click.echo(f"  {s.last_message}")


@meetings_cli.command("refresh")
@click.option("--all", "everything", is_flag=True, help="Every URL source, due or not.")
def refresh_command(everything: bool) -> None:
    """Re-import the URL feeds that are due (what the cron job does), now."""
    from helpline.jobs.meetings import refresh_source

    with db.job_session() as session:
        query = select(MeetingSource.id, MeetingSource.location)
        ids = [i for i, loc in session.execute(query) if loc.startswith("http")] if everything \
            else sources.due(session, db.utcnow())
    for source_id in ids:
        refresh_source(source_id)
    click.echo(f"refreshed {len(ids)} source(s)")
