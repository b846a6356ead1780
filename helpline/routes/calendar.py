"""GET /calendar/...ics: the rota as iCalendar feeds for calendar apps to subscribe to.

A volunteer's feed is found by their calendar token; the whole rota's by ROTA_CALENDAR_TOKEN
(while that is unset, the whole-rota feed is a 404). The token in the URL is the only key:
calendar apps send no cookies or CSRF tokens, so these routes are GET only and need neither.
An unknown token (or an inactive volunteer's) is a plain 404 that says nothing more.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app

from helpline.db import utcnow
from helpline.routes import get_session, line
from volunteers import calendars

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.get("/volunteer/<token>.ics")
def volunteer_feed(token: str) -> Response:
    """One volunteer's shifts, for their own calendar."""
    session = get_session()
    volunteer = calendars.volunteer_for_calendar(session, token)
    if volunteer is None:
        abort(404)
    return _ics(calendars.volunteer_calendar(session, volunteer, utcnow(), line().timezone))


@bp.get("/rota/<token>.ics")
def rota_feed(token: str) -> Response:
    """Every shift with who is on it, for whoever holds ROTA_CALENDAR_TOKEN."""
    expected = current_app.config.get("ROTA_CALENDAR_TOKEN")
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        abort(404)
    return _ics(calendars.rota_calendar(get_session(), utcnow(), line().timezone))


def _ics(body: bytes) -> Response:
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
