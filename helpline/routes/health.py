"""GET /healthz: the database, Redis, the worker's and the clock's heartbeats, and the oldest
outbox work still waiting, each on its own; 503 when any is down."""

from __future__ import annotations

from flask import Blueprint, current_app

from helpline.routes import get_session
from helpline.runtime import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Each part's state as JSON; 503 when any is down."""
    report = health.check(get_session(), current_app.config)
    return report, 200 if report["status"] == "ok" else 503
