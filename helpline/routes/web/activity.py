"""/activity: the coordinator's Activity page."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import COORDINATOR, requires

bp = Blueprint("activity", __name__)


@bp.get("/activity")
@requires(COORDINATOR)
def index():
    """The Activity page (to be built)."""
    return render_template("stub.html", title="Activity")
