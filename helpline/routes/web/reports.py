"""/reports: the line's work over a chosen period, per day or per hour of the day, as charts
with a table beside each, and each table as CSV. The figures are helpline.reports'."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from helpline.db import utcnow
from helpline.reports import figures, tables
from helpline.reports.period import MAX_DAYS, BadPeriod, Period, parse
from helpline.routes import get_session, line
from helpline.routes.web.access import COORDINATOR, requires

bp = Blueprint("reports", __name__)


@bp.get("/reports")
@requires(COORDINATOR)
def index():
    """The chosen period's figures (the last 7 days unless chosen); a bad period says why."""
    try:
        period = _period()
    except BadPeriod as bad:
        return render_template("reports/index.html", report=None, problems=bad.problems,
                               args=request.args, zone=line().timezone, max_days=MAX_DAYS), 400
    return render_template("reports/index.html", report=figures.report(get_session(), period),
                           problems=[], args=period.args(), zone=period.zone,
                           max_days=MAX_DAYS)


@bp.get("/reports/<name>.csv")
@requires(COORDINATOR)
def csv(name: str):
    """One table of the report as CSV: the same rows as on the page."""
    if name not in figures.SECTIONS:
        abort(404)
    try:
        period = _period()
    except BadPeriod as bad:
        return Response("\n".join(bad.problems) + "\n", 400, mimetype="text/plain")
    table = figures.SECTIONS[name](get_session(), period).table
    response = Response(tables.to_csv(table), mimetype="text/csv")
    per = "per-hour" if period.by == "hour" else "per-day"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name}-{per}-{period.first}-to-{period.last}.csv"')
    return response


def _period() -> Period:
    """The period in the query string (?from=2026-11-22&to=2026-11-29&by=day)."""
    args = request.args
    return parse(args.get("from"), args.get("to"), args.get("by"), line().timezone, utcnow())
