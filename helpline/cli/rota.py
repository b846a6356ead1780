"""`flask --app helpline rota ...`: the weekly rota in and out as CSV, and calendar links."""

from __future__ import annotations

import click
from flask import current_app, url_for
from flask.cli import AppGroup

from helpline import audit, db
from helpline.phones import parse_sender
from volunteers import calendars, rota_csv, routing
from volunteers.models import RotaSetting

rota_cli = AppGroup("rota", help="The weekly rota: import and export CSV, calendar links.")


@rota_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check the file and print what would change.")
def import_command(path: str, dry_run: bool) -> None:
    """Import the weekly rota from a CSV file (- for stdin); all or nothing.

    Columns: name,phone,day,start,end and optionally languages (en;es). One row is one weekly
    shift in the line's time (HELPLINE_TIMEZONE): 19:00 or 7:00 PM, an end at or before the
    start being the next day; days in English (Monday, mon) or Spanish (lunes). Phones are
    matched in E.164, national ones read in HELPLINE_REGION.

    Every row is checked first; any error stops the import, each one listed with its line
    number, and nothing is written.

    The file is the weekly rota of the volunteers it names: a new phone adds a volunteer; each
    named volunteer's weekly shifts become exactly the file's rows (an unchanged shift keeps
    its drops and covers, a removed one loses them). Their extra shifts and ON/OFF stay, and
    volunteers not in the file are not touched.
    """
    text = _read_text(path)
    rows, errors = rota_csv.parse_rota_csv(text, current_app.config["HELPLINE_REGION"])
    if errors:
        for error in errors:
            click.echo(error, err=True)
        count = f"{len(errors)} error{'s' if len(errors) > 1 else ''}"
        raise click.ClickException(f"{count} in {path}; nothing was imported")
    with db.job_session() as session:
        summary = rota_csv.apply_rota(session, rows)
        if dry_run:
            session.rollback()
        else:
            audit.record(session, audit.COMMAND_LINE, "rota.import", "rota", None,
                         summary=str(summary)[:200])
    click.echo(f"{summary} (dry run: nothing written)" if dry_run else str(summary))


def _read_text(path: str) -> str:
    with click.open_file(path, "rb") as file:
        data = file.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{path} is not UTF-8 text (save it as 'CSV UTF-8'): {error}") from error


@rota_cli.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export_command(output: str | None) -> None:
    """Write active volunteers' weekly shifts as CSV (what import reads), sorted by name."""
    with db.job_session() as session:
        text = rota_csv.export_rota(session)
        dated = rota_csv.dated_shift_count(session)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        click.echo(f"rota: {text.count(chr(10)) - 1} shifts written to {output}", err=True)
    else:
        click.echo(text, nl=False)
    if dated:
        click.echo(f"note: {dated} shift(s) with first or last dates are not in the export "
                   "(the CSV cannot hold dates; an import leaves them alone)", err=True)


@rota_cli.command("calendar-links")
def calendar_links_command() -> None:
    """Print each active volunteer's calendar feed URL, and the whole rota's if configured."""
    config = current_app.config
    base = config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with db.job_session() as session:
        links = calendars.calendar_tokens(session)
    with current_app.test_request_context(base_url=base):
        for name, token in links:
            url = url_for("calendar.volunteer_feed", token=token, _external=True)
            click.echo(f"{name}: {url}")
        if config.get("ROTA_CALENDAR_TOKEN"):
            url = url_for("calendar.rota_feed", token=config["ROTA_CALENDAR_TOKEN"],
                          _external=True)
            click.echo(f"Whole rota: {url}")
    click.echo("Each link shows its shifts to whoever has it: send it only to its owner.",
               err=True)


@rota_cli.command("routing")
@click.option("--strategy", type=click.Choice(routing.STRATEGIES),
              help="Who is rung first for a call: everyone at once, by priority, fair share, "
                   "or those who speak the caller's language first.")
@click.option("--fallback-number", help="A number to put callers through to when no volunteer "
                                        "can be rung (E.164 or national).")
@click.option("--no-fallback", is_flag=True, help="Remove the fallback number.")
def routing_command(strategy: str | None, fallback_number: str | None, no_fallback: bool) -> None:
    """Show, or change, how calls are routed: the strategy and the fallback number."""
    if fallback_number and no_fallback:
        raise click.ClickException("Give --fallback-number or --no-fallback, not both.")
    if fallback_number:
        sender = parse_sender(fallback_number, current_app.config["HELPLINE_REGION"])
        if sender.kind != "phone":
            raise click.ClickException(f"{fallback_number!r} is not a phone number that can be "
                                       "called.")
        fallback_number = sender.address
    with db.job_session() as session:
        value = routing.settings(session)
        before = {"strategy": value.get("strategy"),
                  "fallback_phone": value.get("fallback_number")}
        if strategy:
            value["strategy"] = strategy
        if fallback_number or no_fallback:
            value["fallback_number"] = fallback_number or None
        if strategy or fallback_number or no_fallback:
            session.merge(RotaSetting(key=routing.SETTING, value=value))
            audit.record(session, audit.COMMAND_LINE, "settings.routing", "settings", "routing",
                         before=before, after={"strategy": value.get("strategy"),
                                               "fallback_phone": value.get("fallback_number")},
                         summary="Call routing changed")
    click.echo(f"strategy: {value.get('strategy') or 'everyone'}")
    none = "none (callers nobody can take are offered a voice message)"
    click.echo(f"fallback number: {value.get('fallback_number') or none}")
