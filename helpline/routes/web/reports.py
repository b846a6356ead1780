"""/reports: the coordinator's Reports page."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import COORDINATOR, requires

bp = Blueprint("reports", __name__)


@bp.get("/reports")
@requires(COORDINATOR)
def index():
    """The Reports page (to be built)."""
    return render_template("stub.html", title="Reports")
