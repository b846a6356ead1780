"""/volunteers: the coordinator's list of volunteers, and adding, editing, deactivating them."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import COORDINATOR, requires

bp = Blueprint("volunteers", __name__)


@bp.get("/volunteers")
@requires(COORDINATOR)
def index():
    """The volunteers (to be built)."""
    return render_template("base.html")
