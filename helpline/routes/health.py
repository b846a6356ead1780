"""GET /healthz: ok or down for anyone (a load balancer, an uptime check); with the
HEALTH_TOKEN as a bearer token, each part on its own: the database, Redis, the worker's and the
clock's heartbeats, and the oldest outbox work still waiting. 503 when any is down."""

from __future__ import annotations

import hmac

from flask import Blueprint, current_app, request

from helpline.routes import get_session
from helpline.runtime import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """ok/down as JSON; the parts too for whoever holds HEALTH_TOKEN; 503 when any is down."""
    report = health.check(get_session(), current_app.config)
    status = 200 if report["status"] == "ok" else 503
    if not _has_token():
        return {"status": report["status"]}, status
    return report, status


def _has_token() -> bool:
    expected = current_app.config.get("HEALTH_TOKEN")
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given[len("Bearer "):].encode(), expected.encode())
