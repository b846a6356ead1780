"""/rota: the week calendar of shifts, the coverage heat map, and changes to the rota."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import COORDINATOR, requires

bp = Blueprint("rota", __name__)


@bp.get("/rota")
@requires(COORDINATOR)
def week():
    """The rota week (to be built)."""
    return render_template("base.html")
