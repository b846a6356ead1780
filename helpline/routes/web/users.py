"""/users: admins add coordinators and admins, change roles, deactivate, reset passwords."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import ADMIN, requires

bp = Blueprint("users", __name__)


@bp.get("/users")
@requires(ADMIN)
def index():
    """The accounts (to be built)."""
    return render_template("base.html")
