"""The coordinator's home page: is the line up, who is on duty, what came in."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import login_required

from helpline.activity import board
from helpline.routes import get_session, line

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def home():
    """Today's picture of the line, with codenames and display names only."""
    now = board.board(get_session(), line())
    return render_template("dashboard/home.html", board=now,
                           sandbox=current_app.config["TWILIO_SANDBOX"])
