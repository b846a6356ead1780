"""The coordinator's home page: is the line up, who is on duty, what came in."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from helpline.activity import board
from helpline.routes import get_session, line
from helpline.routes.web.access import EVERYONE, requires
from helpline.runtime import health

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@requires(*EVERYONE)
def home():
    """Today's picture of the line, with codenames and display names only."""
    now = board.board(get_session(), line())
    down = health.down_parts(health.check(get_session(), current_app.config))
    return render_template("dashboard/home.html", board=now, down=down,
                           sandbox=current_app.config["TWILIO_SANDBOX"])
