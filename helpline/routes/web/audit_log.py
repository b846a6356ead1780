"""/audit: the audit log for admins, newest first, filterable and a page at a time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request

from helpline.audit import listing
from helpline.routes import get_session, line
from helpline.routes.web import date_range, paging
from helpline.routes.web.access import ADMIN, requires

bp = Blueprint("audit_log", __name__)
PAGE_SIZE = 50


@bp.get("/audit")
@requires(ADMIN)
def index():
    """Who changed what and when, with what it was before and after."""
    session, zone = get_session(), line().timezone
    filters, problems = _filters()
    page = paging.requested(listing.count(session, filters, zone), PAGE_SIZE,
                            kind=filters.subject_type, who=filters.actor,
                            since=request.args.get("since"), until=request.args.get("until"))
    found = listing.events(session, filters, zone, page.offset, page.size)
    tz = ZoneInfo(zone)
    rows = [(event, event.at.astimezone(tz), listing.changes(event)) for event in found]
    return render_template("audit/index.html", rows=rows, page=page, filters=filters,
                           kinds=listing.subject_types(session), problems=problems,
                           args=request.args), 400 if problems else 200


def _filters() -> tuple[listing.Filters, list[str]]:
    """The filters in the query string; a bad date is named and left out."""
    since, until, problems = date_range.requested()
    kind = request.args.get("kind", "").strip()[:40] or None
    who = request.args.get("who", "").strip()[:120] or None
    return listing.Filters(kind, who, since, until), problems
