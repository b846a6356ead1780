"""The coordinator's home page, Now: the line as it is, refreshed in place every few seconds
by static/now.js from /now/live (the same picture, without the page around it)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template

from helpline.activity import now
from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.web.access import EVERYONE, requires
from helpline.runtime import health
from helpline.settings import training as training_mode

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@requires(*EVERYONE)
def home():
    """Now: who is on duty, who is waiting, what needs handling, what is down."""
    training = training_mode.current(current_app.config.get(training_mode.CONFIG_KEY),
                                     utcnow())
    return render_template("dashboard/home.html", **_live(),
                           sandbox=current_app.config["TWILIO_SANDBOX"],
                           interval=current_app.config["NOW_POLL_SECONDS"],
                           training_until=training and training.until.astimezone(
                               ZoneInfo(line().timezone)).strftime("%H:%M"))


@bp.get("/now/live")
@requires(*EVERYONE)
def live():
    """The live part of Now alone, for the page's script to swap in."""
    return render_template("dashboard/_live.html", **_live())


def _live() -> dict:
    session = get_session()
    picture = now.now(session, line(), current_app.config["COVERAGE_MINIMUM"], utcnow())
    return {"now": picture, "down": health.down_parts(health.check(session,
                                                                   current_app.config))}
