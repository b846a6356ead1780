"""/meetings: the coordinator's meeting sources (last import, counts, what was skipped and
why), adding a feed address or uploading a file, Import now (a job through the outbox),
removing a source, and a preview of the reply a texter gets for "MEETINGS 19958 tonight" at a
chosen time. The decisions are in `helpline.meetings` (sources, uploads, import_jobs,
overview, preview); a typed address is only ever fetched by `helpline.meetings.fetch`.

An upload is read whole into memory: the app's MAX_CONTENT_LENGTH (2 MB) refuses a larger
body before it is read, with the page's own 413 message.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from helpline import audit
from helpline.db import utcnow
from helpline.meetings import fetch, import_jobs, overview, preview, sources, uploads
from helpline.meetings.models import MeetingSource
from helpline.routes import get_session, line
from helpline.routes.web import paging
from helpline.routes.web.access import COORDINATOR, actor, requires
from helpline.texts import inbound

log = logging.getLogger(__name__)
bp = Blueprint("meetings_admin", __name__)

KINDS = [SelectChoice("", "Guess from the feed"),
         *(SelectChoice(kind, label) for kind, label in overview.KINDS.items())]
NAME = [DataRequired("Give the source a short name, like sussex-aa."),
        Length(max=80, message="Keep the name under 80 characters.")]
ZONE = [Optional(), Length(max=64, message="That is not a time zone name.")]
PROGRAM = [Optional(), Length(max=20, message="Give the program in letters, like AA or NA.")]
CHOOSE = "Choose one of the formats in the list."


class AddressForm(FlaskForm):
    """A feed address to import from, refreshed every day."""

    name = StringField("Name", id="url-name", validators=NAME)
    url = StringField("Feed address", id="url", validators=[
        DataRequired("Give the feed's address, starting with https://."),
        Length(max=500, message="That address is too long (at most 500 characters).")])
    kind = SelectField("Format", id="url-kind", choices=KINDS, default="",
                       invalid_choice_message=CHOOSE)
    timezone = StringField("Time zone (optional)", id="url-timezone", validators=ZONE)
    program = StringField("Program (optional)", id="url-program", validators=PROGRAM)


class UploadForm(FlaskForm):
    """A feed file to import at once."""

    name = StringField("Name", id="file-name", validators=NAME)
    file = FileField("Feed file", id="file", validators=[
        FileRequired("Choose a Meeting Guide JSON, BMLT JSON or CSV file.")])
    kind = SelectField("Format", id="file-kind", choices=KINDS, default="",
                       invalid_choice_message=CHOOSE)
    timezone = StringField("Time zone (optional)", id="file-timezone", validators=ZONE)
    program = StringField("Program (optional)", id="file-program", validators=PROGRAM)


class PreviewForm(FlaskForm):
    """What a texter sends after MEETINGS, and when (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    q = StringField("Words after MEETINGS", id="q", validators=[
        DataRequired("Give a ZIP or a town, like 19958 tonight."),
        Length(max=120, message="Keep it under 120 characters, as a text would be.")])
    at = DateTimeLocalField("At", id="at", format="%Y-%m-%dT%H:%M", validators=[Optional()])


@bp.get("/meetings")
@requires(COORDINATOR)
def index():
    """The sources, the search preview, and the forms to add a feed."""
    return _page(AddressForm(formdata=None), UploadForm(formdata=None))


@bp.post("/meetings/sources")
@requires(COORDINATOR)
def add_url():
    """Add a feed address (https, a public host: checked now and at every fetch) and queue its
    first import."""
    form, session = AddressForm(), get_session()
    try:
        if not form.validate_on_submit():
            return _page(form, UploadForm(formdata=None), 400)
        source = sources.add_url(session, form.name.data.strip(), form.url.data.strip(),
                                 **_settings(form))
    except sources.Refused as refused:
        getattr(form, refused.field).errors.append(str(refused))
        return _page(form, UploadForm(formdata=None), 400)
    import_jobs.queue(session, source, utcnow())
    audit.record(session, actor(), "meetings.source_add", "meeting_source", source.id,
                 after={"name": source.name, "address": fetch.redacted(source.location),
                        "kind": source.kind, "timezone": source.timezone,
                        "program": source.program},
                 summary=f"Added the meeting feed {source.name}")
    session.commit()
    log.info("meeting source added id=%s host=%s by=%s", source.id,
             fetch.host_of(source.location), current_user.id_number)
    flash(f"Added {source.name}. Its first import is queued: refresh this page to see it.")
    return redirect(url_for("meetings_admin.index"))


@bp.post("/meetings/upload")
@requires(COORDINATOR)
def upload():
    """Import an uploaded feed file at once, all or nothing."""
    form, session = UploadForm(), get_session()
    try:
        if not form.validate_on_submit():
            return _page(AddressForm(formdata=None), form, 400)
        source, result = uploads.import_file(
            session, form.name.data.strip(), form.file.data.filename or "",
            form.file.data.read(uploads.MAX_BYTES + 1), **_settings(form))
    except sources.Refused as refused:
        session.rollback()
        getattr(form, refused.field).errors.append(str(refused))
        return _page(AddressForm(formdata=None), form, 400)
    audit.record(session, actor(), "meetings.upload", "meeting_source", source.id,
                 after={"name": source.name, "file": overview.origin(source.location),
                        "kind": source.kind, "meetings": result.imported,
                        "skipped": len(result.skipped)},
                 summary=f"Uploaded {result.imported} meetings as {source.name}")
    session.commit()
    log.info("meeting file uploaded source=%s meetings=%s skipped=%s by=%s", source.id,
             result.imported, len(result.skipped), current_user.id_number)
    flash(f"Imported {result.imported} meetings into {source.name}; "
          f"skipped {len(result.skipped)}.")
    return redirect(url_for("meetings_admin.index"))


@bp.post("/meetings/sources/<int:source_id>/import")
@requires(COORDINATOR)
def import_now(source_id: int):
    """Queue an import of a feed address now (one at a time per source)."""
    session = get_session()
    source = session.get(MeetingSource, source_id) or abort(404)
    try:
        waiting, queued = import_jobs.queue(session, source, utcnow())
    except import_jobs.NotFetched as error:
        flash(str(error))
        return redirect(url_for("meetings_admin.index"))
    if queued:
        audit.record(session, actor(), "meetings.import", "meeting_source", source.id,
                     after={"name": source.name}, summary=f"Queued an import of {source.name}")
    session.commit()
    said = "Queued an import of" if queued else "An import is already waiting or running for"
    flash(f"{said} {source.name}. Refresh this page to see how it went.")
    return redirect(url_for("meetings_admin.index"))


@bp.post("/meetings/sources/<int:source_id>/remove")
@requires(COORDINATOR)
def remove(source_id: int):
    """Ask first (the confirmation page), then remove the source and its meetings."""
    session, now = get_session(), utcnow()
    source = session.get(MeetingSource, source_id) or abort(404)
    if request.form.get("confirm") != "yes":
        return render_template("meetings/remove.html",
                               source=overview.row(source, line().timezone, now))
    before = {"name": source.name, "from": overview.origin(source.location),
              "meetings": source.imported_count}
    name, removed = sources.remove(session, source_id, now)
    audit.record(session, actor(), "meetings.source_remove", "meeting_source", source_id,
                 before=before, summary=f"Removed the meeting source {name}")
    session.commit()
    log.info("meeting source removed id=%s meetings=%s by=%s", source_id, removed,
             current_user.id_number)
    flash(f"Removed {name} and its {removed} meetings.")
    return redirect(url_for("meetings_admin.index"))


@bp.errorhandler(413)
def too_large(_error):
    """An upload past the app's request limit, refused before it was read."""
    limit = _megabytes(current_app.config.get("MAX_CONTENT_LENGTH"))
    return render_template(
        "errors/page.html", heading="That file is too large",
        message=f"This page takes files of up to {limit} MB. For a larger feed, add its "
                "https:// address instead, or import it at the command line."), 413


def _megabytes(limit: int | None) -> str:
    """A byte limit in MB for people (the upload cap: the app's, else the feed cap)."""
    return f"{min(limit or uploads.MAX_BYTES, uploads.MAX_BYTES) / 2**20:.3g}"


def _settings(form: AddressForm | UploadForm) -> dict:
    """The source settings both forms share, as the domain takes them."""
    return {"kind": form.kind.data or None, "timezone": (form.timezone.data or "").strip(),
            "program": (form.program.data or "").strip()}


def _page(address: AddressForm, upload_form: UploadForm, status: int = 200):
    session, zone, now = get_session(), line().timezone, utcnow()
    form, shown = _preview(zone, now)
    page = paging.requested(overview.count(session), q=request.args.get("q"),
                            at=request.args.get("at"))
    rows = overview.listing(session, zone, now, page.offset, page.size)
    return render_template("meetings/index.html", rows=rows, page=page, address=address,
                           upload=upload_form, preview=form, shown=shown, zone=zone,
                           waiting=any(row.pending for row in rows),
                           upload_mb=_megabytes(current_app.config.get("MAX_CONTENT_LENGTH"))
                           ), status


def _preview(zone: str, now: datetime) -> tuple[PreviewForm, preview.Preview | None]:
    """The preview form and, when asked, the reply the texter path gives at that time."""
    asked = "q" in request.args
    form = PreviewForm(formdata=request.args if asked else None)
    here = now.astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0, tzinfo=None)
    if not asked or not form.validate():
        form.at.data = form.at.data or here
        return form, None
    at = (form.at.data or here).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    body = preview.body_for(form.q.data)
    reads_as = inbound.classify(body)
    if reads_as != "meetings":  # e.g. words of danger: the texter gets that reply instead
        return form, preview.Preview(body, None, reads_as=reads_as)
    return form, preview.reply(get_session(), body, line(), at,
                               language=inbound.detect_language(body, "en"))
