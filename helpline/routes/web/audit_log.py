"""/audit: the audit log for admins, filterable and a page at a time."""

from __future__ import annotations

from flask import Blueprint, render_template

from helpline.routes.web.access import ADMIN, requires

bp = Blueprint("audit_log", __name__)


@bp.get("/audit")
@requires(ADMIN)
def index():
    """The audit log (to be built)."""
    return render_template("base.html")
