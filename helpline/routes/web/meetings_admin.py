"""/meetings: the coordinator's Meetings page."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import COORDINATOR, requires

bp = Blueprint("meetings_admin", __name__)


@bp.get("/meetings")
@requires(COORDINATOR)
def index():
    """The Meetings page (to be built)."""
    return render_template("stub.html", title="Meetings")
