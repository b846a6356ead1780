"""/activity: the line's calls and text conversations, each with a page of its own; a
voicemail is marked handled from its call's page. Message words appear on a conversation's
page only, never in a list."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from helpline import audit
from helpline.activity import detail, history, shown, voicemails
from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.web import date_range, paging
from helpline.routes.web.access import COORDINATOR, actor, requires

log = logging.getLogger(__name__)
bp = Blueprint("activity", __name__)


class HandledForm(FlaskForm):
    """A short note on how a voicemail was dealt with."""

    note = TextAreaField("What was done", validators=[Length(
        max=voicemails.NOTE_CHARS,
        message=f"Keep the note under {voicemails.NOTE_CHARS} characters.")])


@bp.get("/activity")
@requires(COORDINATOR)
def index():
    """Calls or text conversations, newest first, filtered and a page at a time."""
    session, zone = get_session(), line().timezone
    filters, problems = _filters()
    page = paging.requested(history.count(session, filters, zone), kind=filters.kind,
                            since=filters.since and filters.since.isoformat(),
                            until=filters.until and filters.until.isoformat(),
                            outcome=filters.outcome, urgency=filters.urgency)
    rows = history.rows(session, filters, zone, utcnow(), page.offset, page.size)
    return render_template("activity/index.html", rows=rows, page=page, filters=filters,
                           problems=problems, args=request.args), 400 if problems else 200


@bp.get("/activity/calls/<int:call_id>")
@requires(COORDINATOR)
def call(call_id: int):
    """One call: its facts, who was rung, its voicemail and whether it was handled."""
    return _call_page(call_id, HandledForm())


@bp.get("/activity/conversations/<int:conversation_id>")
@requires(COORDINATOR)
def conversation(conversation_id: int):
    """One text conversation: its facts, and its messages while retention keeps them."""
    found = detail.conversation(get_session(), conversation_id, line().timezone, utcnow(),
                                current_app.config["RETENTION_DAYS"])
    if found is None:
        abort(404)
    return render_template("activity/conversation.html", conversation=found,
                           retention_days=current_app.config["RETENTION_DAYS"])


@bp.post("/activity/voicemails/<int:voicemail_id>/handled")
@requires(COORDINATOR)
def handled(voicemail_id: int):
    """Mark a voicemail handled with a note; marking it again keeps the first time and note."""
    session, form = get_session(), HandledForm()
    found = voicemails.call_of(session, voicemail_id)
    if found is None:
        abort(404)
    call_id, case_code = found
    if not form.validate_on_submit():
        return _call_page(call_id, form, 400)
    done = voicemails.mark_handled(session, voicemail_id, current_user.id_number,
                                   form.note.data or "", utcnow())
    if done.newly:
        audit.record(session, actor(), "voicemail.handled", "voicemail", voicemail_id,
                     before={"handled": False}, after={"handled": True, "note": done.note},
                     summary=f"Marked the voicemail of call {case_code} handled")
    session.commit()
    log.info("voicemail handled id=%s by=%s newly=%s", voicemail_id, current_user.id_number,
             done.newly)
    flash(f"Marked the voicemail of call {case_code} handled." if done.newly else
          f"The voicemail of call {case_code} was already marked handled by {done.by} "
          f"({shown.when(done.at, line().timezone)}); that first mark and its note are kept.")
    return redirect(url_for("activity.call", call_id=call_id))


def _call_page(call_id: int, form: HandledForm, status: int = 200):
    found = detail.call(get_session(), call_id, line().timezone)
    if found is None:
        abort(404)
    return render_template("activity/call.html", call=found, form=form,
                           retention_days=current_app.config["RETENTION_DAYS"]), status


def _filters() -> tuple[history.Filters, list[str]]:
    """The filters in the query string; a bad date is named and left out, an unknown choice
    is ignored."""
    since, until, problems = date_range.requested()
    kind = request.args.get("kind", "calls")
    kind = kind if kind in history.KINDS else "calls"
    outcome, urgency = request.args.get("outcome", ""), request.args.get("urgency", "")
    return history.Filters(
        kind, since, until,
        outcome if outcome in history.outcomes(kind) else None,
        urgency if urgency in history.URGENCIES else None), problems
