"""`flask --app helpline sim text`: text the line as someone, signed like Twilio (`sim call` is
in `sim_call`)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from helpline.cli import simulator
from helpline.cli.sim_call import sim_call
from helpline.db import utcnow

sim_cli = AppGroup("sim", help="Simulate Twilio webhooks against the running line.")
sim_cli.add_command(sim_call)


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
