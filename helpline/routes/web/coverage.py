"""/rota/coverage and /rota/gaps: the coverage heat map of a week, the gaps of the next days, and
"find cover" for one. The rules are in volunteers.heatmap and volunteers.open_shifts.

The heat map is the partial rota/_coverage.html, included by this blueprint's page and by the
rota week page; a partial cannot query, so templates get `coverage_for(week_start, zone)`.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.validators import DataRequired

from helpline import audit
from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.web.access import COORDINATOR, actor, requires
from helpline.routes.web.paging import requested
from volunteers import heatmap, open_shifts

log = logging.getLogger(__name__)
bp = Blueprint("coverage", __name__)

GAP_DAYS = 14
LONGEST_GAP = timedelta(days=GAP_DAYS + 1)
ISO_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.IGNORECASE)
YEARS = range(2000, 3000)  # a week far out of this is a typo, not a rota


class CoverForm(FlaskForm):
    """The gap to find cover for: its first and last instants (ISO 8601, with offset)."""

    starts_at = HiddenField(validators=[DataRequired()])
    ends_at = HiddenField(validators=[DataRequired()])
    page = HiddenField()


@bp.app_context_processor
def heat_map_helper() -> dict:
    """Every template may call coverage_for (the rota week page's include does)."""
    return {"coverage_for": coverage_for}


def coverage_for(week_start: date, zone: str) -> heatmap.HeatMap:
    """The heat map of the week starting on local Monday `week_start`."""
    return heatmap.week(get_session(), week_start, zone, current_app.config["COVERAGE_MINIMUM"])


@bp.get("/rota/coverage")
@requires(COORDINATOR)
def week():
    """The heat map and gap list of one ISO week (?week=2026-W49; without it, this week)."""
    zone = line().timezone
    week_start = _week_start(request.args.get("week"), zone)
    if week_start is None:
        abort(404)
    year, number, _ = week_start.isocalendar()
    return render_template("rota/coverage.html", week_start=week_start, zone=zone, year=year,
                           number=number, iso=iso_week(week_start),
                           before=iso_week(week_start - timedelta(days=7)),
                           after=iso_week(week_start + timedelta(days=7)))


@bp.get("/rota/gaps")
@requires(COORDINATOR)
def gaps():
    """The gaps of the next GAP_DAYS days, a page at a time, each with "find cover"."""
    zone, minimum = line().timezone, current_app.config["COVERAGE_MINIMUM"]
    found = open_shifts.upcoming(get_session(), utcnow(), GAP_DAYS, zone, minimum)
    page = requested(len(found))
    return render_template("rota/gaps.html", gaps=found[page.offset:page.offset + page.size],
                           page=page, days=GAP_DAYS, minimum=max(1, minimum), zone=zone)


@bp.post("/rota/gaps/find-cover")
@requires(COORDINATOR)
def find_cover():
    """Text volunteers the open shifts in a gap, or ask them to go ON for it; once each."""
    form = CoverForm()
    span = _span(form.starts_at.data, form.ends_at.data) if form.validate_on_submit() else None
    if span is None:
        abort(400)
    shown = open_shifts.span_label(*span, line().timezone)
    try:
        result = _ask(*span, shown)
    except IntegrityError:  # the same texts queued at this moment by another click
        get_session().rollback()
        result = open_shifts.Cover(0, 0, still_a_gap=True)
    log.info("find cover texted=%s offers=%s by=%s", result.texted, result.offers,
             current_user.id)
    flash(_said(result, shown))
    page = form.page.data if (form.page.data or "").isdigit() else None
    return redirect(url_for("coverage.gaps", page=page))


def _ask(starts_at: datetime, ends_at: datetime, shown: str) -> open_shifts.Cover:
    """Find cover, audit it if anyone was texted, and commit."""
    session = get_session()
    result = open_shifts.find_cover(session, line(), starts_at, ends_at,
                                    current_app.config["COVERAGE_MINIMUM"], utcnow())
    if result.texted:
        audit.record(session, actor(), "rota.find_cover", "rota", None,
                     summary=f"Asked {_people(result.texted)} to cover {shown}")
    session.commit()
    return result


def iso_week(monday: date) -> str:
    """'2026-W49' for the week of this date."""
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


def _week_start(raw: str | None, zone: str) -> date | None:
    """The Monday of ?week=2026-W49; this week's when not given; None when it is no week."""
    if not raw:
        return heatmap.monday_of(utcnow(), zone)
    match = ISO_WEEK.fullmatch(raw.strip())
    if not match or int(match.group(1)) not in YEARS:
        return None
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None


def _span(starts: str, ends: str) -> tuple[datetime, datetime] | None:
    """The posted instants, when they are aware, in order and no longer than a listed gap."""
    try:
        start, end = datetime.fromisoformat(starts), datetime.fromisoformat(ends)
    except ValueError:
        return None
    if start.tzinfo is None or end.tzinfo is None or not start < end <= start + LONGEST_GAP:
        return None
    return start, end


def _people(n: int) -> str:
    return f"{n} volunteer{'' if n == 1 else 's'}"


def _said(result: open_shifts.Cover, shown: str) -> str:
    if not result.still_a_gap:
        return f"{shown} is no longer a gap: nobody was texted."
    if result.texted:
        return f"Texted {_people(result.texted)} about {shown}."
    return (f"Nobody was texted about {shown}: everyone who can be asked has been asked "
            "already, or no free volunteer can get texts.")
