"""/volunteers: the coordinator's list of volunteers, and adding, editing, deactivating,
inviting them and giving them a new calendar link. The decisions are in `volunteers.roster`."""

from __future__ import annotations

import logging

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
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from helpline.config import VOICE_LANGUAGES
from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.web import paging
from helpline.routes.web.access import COORDINATOR, actor, requires
from volunteers import roster
from volunteers.models import Volunteer

log = logging.getLogger(__name__)
bp = Blueprint("volunteers", __name__)

INVITE_SAID = {
    "sent": "Sent {name} a text with the words they can text the line.",
    "already": "An invite went to {name} a moment ago, so it was not sent again.",
    "inactive": "{name} is inactive: reactivate them before sending an invite.",
    "stopped": ("{name} texted STOP to the line, so the line cannot text them. Ask them to "
                "text START to the line, then send the invite again."),
}
TAKEN_JUST_NOW = "Someone saved another volunteer with this number a moment ago. Check it."


class Checkboxes(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VolunteerForm(FlaskForm):
    """A volunteer's details; the rules they must meet are in `volunteers.roster`."""

    display_name = StringField("Display name")
    phone = StringField("Mobile phone number")
    languages = Checkboxes("Languages", validate_choice=False, choices=[
        SelectChoice(code, roster.LANGUAGE_NAMES.get(code, code)) for code in VOICE_LANGUAGES])
    takes = RadioField("Takes the line by", validate_choice=False, default="both", choices=[
        SelectChoice(value, label) for value, label in roster.TAKES.items()])
    max_conversations = IntegerField("Texters at once", default=2,
                                     invalid_value_message=roster.WHOLE_NUMBER)
    priority = IntegerField("Priority", default=100, invalid_value_message=roster.WHOLE_NUMBER)
    backup = BooleanField("Backup: ring them when nobody on duty can take a call")


@bp.get("/volunteers")
@requires(COORDINATOR)
def index():
    """The volunteers a page at a time: on duty or not, next shift, last digits of the phone."""
    session, everyone = get_session(), request.args.get("show") == "all"
    page = paging.requested(roster.count(session, everyone=everyone),
                            show="all" if everyone else None)
    rows = roster.listing(session, utcnow(), line().timezone, everyone=everyone,
                          offset=page.offset, limit=page.size)
    return render_template("volunteers/index.html", rows=rows, page=page, everyone=everyone)


@bp.route("/volunteers/new", methods=["GET", "POST"])
@requires(COORDINATOR)
def new():
    """Add a volunteer; bad values show the form again with what to fix."""
    form = VolunteerForm(data={"languages": [VOICE_LANGUAGES[0]]})
    if request.method == "POST":
        volunteer = _saved(form, None)
        if volunteer is not None:
            log.info("volunteer added id=%s by=%s", volunteer.id, current_user.id_number)
            flash(f"Added {volunteer.display_name}. Send them an invite so they know what to "
                  "text the line.")
            return redirect(url_for("volunteers.edit", volunteer_id=volunteer.id))
    return _form_page(form, None)


@bp.route("/volunteers/<int:volunteer_id>", methods=["GET", "POST"])
@requires(COORDINATOR)
def edit(volunteer_id: int):
    """Change a volunteer's details; also invite them, or give them a new calendar link."""
    volunteer = _volunteer(volunteer_id)
    if request.method == "GET":
        details = roster.details_of(volunteer, line().region)
        return _form_page(VolunteerForm(data=vars(details)), volunteer)
    form = VolunteerForm()
    if _saved(form, volunteer) is None:
        return _form_page(form, volunteer)
    log.info("volunteer edited id=%s by=%s", volunteer.id, current_user.id_number)
    flash(f"Saved {volunteer.display_name}.")
    return redirect(url_for("volunteers.index"))


@bp.post("/volunteers/<int:volunteer_id>/deactivate")
@requires(COORDINATOR)
def deactivate(volunteer_id: int):
    """Take a volunteer off the line: no calls, texts or shifts until reactivated."""
    return _set_active(volunteer_id, False)


@bp.post("/volunteers/<int:volunteer_id>/reactivate")
@requires(COORDINATOR)
def reactivate(volunteer_id: int):
    """Put a deactivated volunteer back on the line."""
    return _set_active(volunteer_id, True)


@bp.post("/volunteers/<int:volunteer_id>/invite")
@requires(COORDINATOR)
def invite(volunteer_id: int):
    """Text the volunteer the words they can text the line (once, however often clicked)."""
    session, volunteer = get_session(), _volunteer(volunteer_id)
    try:
        outcome = roster.invite(session, volunteer, line(), utcnow(), actor())
        session.commit()
    except IntegrityError:  # the same click, twice at once: the other one queued it
        session.rollback()
        outcome = "already"
    if outcome == "sent":
        log.info("volunteer invited id=%s by=%s", volunteer.id, current_user.id_number)
    flash(INVITE_SAID[outcome].format(name=volunteer.display_name))
    return redirect(url_for("volunteers.edit", volunteer_id=volunteer.id))


@bp.post("/volunteers/<int:volunteer_id>/calendar")
@requires(COORDINATOR)
def calendar(volunteer_id: int):
    """Give the volunteer a new calendar link; the old one stops working."""
    session, volunteer = get_session(), _volunteer(volunteer_id)
    roster.new_calendar_link(session, volunteer, actor())
    session.commit()
    log.info("volunteer calendar link reissued id=%s by=%s", volunteer.id, current_user.id_number)
    flash(f"{volunteer.display_name} has a new calendar link; the old one no longer works. "
          "Send them the new one.")
    return redirect(url_for("volunteers.edit", volunteer_id=volunteer.id, _anchor="calendar"))


def _volunteer(volunteer_id: int) -> Volunteer:
    volunteer = get_session().get(Volunteer, volunteer_id)
    if volunteer is None:
        abort(404)
    return volunteer


def _saved(form: VolunteerForm, volunteer: Volunteer | None) -> Volunteer | None:
    """The volunteer added or changed and committed; None, with errors on the form, if not."""
    details = _checked(form, volunteer.id if volunteer else None)
    if details is None:
        return None
    session, region = get_session(), line().region
    try:
        if volunteer is None:
            volunteer = roster.add(session, details, region, actor())
        else:
            roster.update(session, volunteer, details, region, actor())
        session.commit()
    except IntegrityError:  # another coordinator saved this number between check and commit
        session.rollback()
        form.phone.errors = [TAKEN_JUST_NOW]
        return None
    return volunteer


def _checked(form: VolunteerForm, volunteer_id: int | None) -> roster.Details | None:
    """The form's details when they can be saved; else None, every problem on its field."""
    form.validate()  # types only (whole numbers); the rules are the roster's
    details = roster.Details(
        form.display_name.data or "", form.phone.data or "", tuple(form.languages.data or ()),
        form.takes.data, form.max_conversations.data, form.priority.data, bool(form.backup.data))
    found = roster.problems(get_session(), details, line().region, volunteer_id)
    for name, message in found.items():
        if not form[name].errors:
            form[name].errors = [*form[name].errors, message]
    return None if form.errors else details


def _form_page(form: VolunteerForm, volunteer: Volunteer | None):
    feed = _feed_url(volunteer.calendar_token) if volunteer is not None else None
    status = 400 if request.method == "POST" else 200
    return render_template("volunteers/form.html", form=form, volunteer=volunteer,
                           feed_url=feed), status


def _set_active(volunteer_id: int, active: bool):
    session, volunteer = get_session(), _volunteer(volunteer_id)
    if roster.set_active(session, volunteer, active, actor()):
        session.commit()
        log.info("volunteer %s id=%s by=%s", "reactivated" if active else "deactivated",
                 volunteer.id, current_user.id_number)
    flash(f"{volunteer.display_name} is active: the line can ring and text them again."
          if active else f"Deactivated {volunteer.display_name}: the line will not ring or "
          "text them, and their calendar link stops working, until you reactivate them.")
    if request.form.get("back") == "list":
        return redirect(url_for("volunteers.index", show="all"))
    return redirect(url_for("volunteers.edit", volunteer_id=volunteer.id))


def _feed_url(token: str) -> str:
    """The volunteer's calendar feed, at the line's public address when it has one."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        return url_for("calendar.volunteer_feed", token=token, _external=True)
    return base.rstrip("/") + url_for("calendar.volunteer_feed", token=token)
