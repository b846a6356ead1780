"""/rota/import, /rota/export.csv and /rota/calendars: the weekly rota in and out as CSV (the
same parser and all-or-nothing rule as `flask --app helpline rota import`), and the calendar
feed links of `rota calendar-links`. The rules are in volunteers.rota_csv and .calendars.

The export holds volunteers' phone numbers: every download is in the audit log. An upload is
read whole into memory, so it is refused past MAX_BYTES (set MAX_CONTENT_LENGTH as well to
refuse a larger body before it is read).
"""

from __future__ import annotations

import csv
import io
import logging

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from helpline import audit
from helpline.routes import get_session, line
from helpline.routes.web.access import COORDINATOR, actor, is_admin, requires
from helpline.routes.web.paging import requested
from volunteers import rota_csv
from volunteers.calendars import calendar_tokens

log = logging.getLogger(__name__)
bp = Blueprint("rota_files", __name__)

MAX_BYTES = 1_000_000  # 1 MB: a rota of thousands of shifts is far smaller
ERRORS_SHOWN = 100


class ImportForm(FlaskForm):
    """The rota CSV file to import."""

    file = FileField("Rota file (CSV)", validators=[FileRequired("Choose a CSV file to import.")])


@bp.get("/rota/import")
@requires(COORDINATOR)
def import_form():
    """The form to import a rota CSV, with the columns it takes and the export link."""
    return _import_page(ImportForm())


@bp.post("/rota/import")
@requires(COORDINATOR)
def import_rota():
    """Import the uploaded rota CSV: every error listed by line and nothing applied, or all."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, 400)
    text, problem = _text_of(form.file.data.read(MAX_BYTES + 1))
    if problem is not None:
        form.file.errors.append(problem)
        return _import_page(form, 400)
    rows, errors = rota_csv.parse_rota_csv(text, line().region)
    if errors:
        return _import_page(form, 400, errors)
    session = get_session()
    summary = rota_csv.apply_rota(session, rows)
    audit.record(session, actor(), "rota.import", "rota", None,
                 summary=f"Imported {summary.shifts} shifts for {summary.volunteers} volunteers")
    session.commit()
    log.info("rota imported volunteers=%s shifts=%s by=%s", summary.volunteers, summary.shifts,
             current_user.id)
    flash(str(summary).replace("rota: ", "Rota imported: ", 1).replace(" imported (", " (", 1))
    return redirect(url_for("rota.week"))


@bp.get("/rota/export.csv")
@requires(COORDINATOR)
def export():
    """Download the weekly rota as CSV (what import reads); the download is audited."""
    session = get_session()
    text = rota_csv.export_rota(session)
    shifts = sum(1 for _ in csv.reader(io.StringIO(text))) - 1
    audit.record(session, actor(), "rota.export", "rota", None,
                 summary=f"Exported {shifts} shifts (with phone numbers)")
    session.commit()
    log.info("rota exported shifts=%s by=%s", shifts, current_user.id)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=rota.csv"
    response.headers["Cache-Control"] = "no-store"  # phone numbers: no copy in any cache
    return response


@bp.get("/rota/calendars")
@requires(COORDINATOR)
def calendars():
    """Each active volunteer's calendar feed link; the whole rota's to admins only."""
    links = calendar_tokens(get_session())
    page = requested(len(links))
    shown = [(name, _feed_url("calendar.volunteer_feed", token))
             for name, token in links[page.offset:page.offset + page.size]]
    token = current_app.config.get("ROTA_CALENDAR_TOKEN")
    whole = _feed_url("calendar.rota_feed", token) if token and is_admin() else None
    return render_template("rota/calendars.html", links=shown, page=page, whole=whole)


def _import_page(form: ImportForm, status: int = 200, errors: list[str] = ()):
    dated = rota_csv.dated_shift_count(get_session())
    return render_template("rota/import.html", form=form, errors=errors[:ERRORS_SHOWN],
                           more=max(0, len(errors) - ERRORS_SHOWN), total=len(errors),
                           dated=dated, max_mb=MAX_BYTES // 1_000_000), status


def _text_of(data: bytes) -> tuple[str, str | None]:
    """The upload as text, or why it cannot be read as a CSV file."""
    if len(data) > MAX_BYTES:
        return "", f"The file is larger than {MAX_BYTES // 1_000_000} MB: is it the rota CSV?"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", "The file is UTF-16 text, not UTF-8. Save it as 'CSV UTF-8' and import that."
    if b"\x00" in data:
        return "", ("This is not a CSV file (it looks like a spreadsheet or another binary "
                    "file). Save it as 'CSV UTF-8' and import that.")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return "", (f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
                    "Save it as 'CSV UTF-8' and import that.")


def _feed_url(endpoint: str, token: str) -> str:
    """The feed's address as volunteers' calendar apps reach it: at PUBLIC_BASE_URL if set."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        return url_for(endpoint, token=token, _external=True)
    return base.rstrip("/") + url_for(endpoint, token=token)[len(request.script_root):]
