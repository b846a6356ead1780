"""Operator commands: `flask --app helpline <command>`, one module per group. Adapters over
domain functions: read the arguments, call the domain, commit, print."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    from helpline.cli.blocks import block_cli
    from helpline.cli.check import check_command
    from helpline.cli.db import db_cli
    from helpline.cli.demo import demo_cli
    from helpline.cli.meetings import meetings_cli
    from helpline.cli.rota import rota_cli
    from helpline.cli.runtime import clock_command, dev_command, worker_command
    from helpline.cli.sim import sim_cli
    from helpline.cli.twilio import twilio_cli
    from helpline.cli.users import users_cli

    for command in (db_cli, users_cli, sim_cli, twilio_cli, demo_cli, worker_command,
                    clock_command, dev_command, meetings_cli, rota_cli, block_cli, check_command):
        app.cli.add_command(command)
