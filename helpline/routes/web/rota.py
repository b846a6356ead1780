"""/rota: the week calendar of shifts, and a coordinator's changes to the rota: weekly shifts
and extra shifts added, edited and deleted; one date of a shift dropped, covered, swapped or
given back. Decisions are in volunteers.rota_edits and volunteers.rota_changes; the coverage
heat map is rota/_coverage.html. Every form works without JavaScript."""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from helpline.db import utcnow
from helpline.routes import get_session, line
from helpline.routes.web import rota_forms as forms
from helpline.routes.web.access import COORDINATOR, actor, requires
from volunteers import rota_changes, rota_edits, rota_week
from volunteers.models import ExtraShift, Shift
from volunteers.rota_edits import RotaEditError

log = logging.getLogger(__name__)
bp = Blueprint("rota", __name__)


@bp.get("/rota")
@requires(COORDINATOR)
def week():
    """The week calendar: ?week=2026-W49, this week by default."""
    zone, asked = line().timezone, request.args.get("week", "")
    this_monday = rota_week.this_monday(utcnow(), zone)
    parsed = rota_week.parse_week(asked) if asked else None
    monday, notice = parsed or this_monday, None
    if asked and parsed is None:
        notice = f"“{asked[:20]}” is not a week we can show (write it like 2026-W49), " \
                 "so here is this week."
    shown = rota_week.build_week(get_session(), monday, zone)
    return render_template("rota/week.html", week=shown, week_start=monday, zone=zone,
                           notice=notice, this_week=rota_week.week_value(this_monday))


# Weekly shifts


@bp.route("/rota/shifts/new", methods=["GET", "POST"])
@requires(COORDINATOR)
def add_shift():
    """Add a weekly shift."""
    session = get_session()
    form = forms.with_volunteers(forms.ShiftForm(weekday=_arg("weekday", int)), session)
    if form.validate_on_submit():
        try:
            added = rota_edits.add_shift(session, actor(), form.fields())
        except RotaEditError as error:
            forms.refuse(form, error, "starts")
        else:
            log.info("shift added id=%s", added.id)
            return _saved(f"Added {rota_edits.describe(added)}.", added.first_date)
    return _form("rota/shift_form.html", form, heading="Add a weekly shift")


@bp.route("/rota/shifts/<int:shift_id>/edit", methods=["GET", "POST"])
@requires(COORDINATOR)
def edit_shift(shift_id: int):
    """Change a weekly shift."""
    session, shift = get_session(), _found(Shift, shift_id)
    form = forms.with_volunteers(forms.ShiftForm(
        volunteer=shift.volunteer_id, weekday=shift.weekday, starts=shift.starts,
        ends=shift.ends, first_date=shift.first_date, last_date=shift.last_date,
        note=shift.note), session, keep=shift.volunteer_id)
    if form.validate_on_submit():
        try:
            edited, removed = rota_edits.edit_shift(session, actor(), shift_id, form.fields())
        except RotaEditError as error:
            forms.refuse(form, error, "starts")
        else:
            log.info("shift edited id=%s changes_removed=%s", shift_id, removed)
            return _saved(f"Saved {rota_edits.describe(edited)}." + (
                f" {removed} drop(s) or cover(s) no longer on its dates were removed."
                if removed else ""))
    return _form("rota/shift_form.html", form, heading="Change a weekly shift", shift=shift)


@bp.route("/rota/shifts/<int:shift_id>/delete", methods=["GET", "POST"])
@requires(COORDINATOR)
def delete_shift(shift_id: int):
    """Delete a weekly shift and its drops and covers (after a confirmation page)."""
    session, shift, form = get_session(), _found(Shift, shift_id), forms.ConfirmForm()
    if form.validate_on_submit():
        summary = rota_edits.delete_shift(session, actor(), shift_id)
        log.info("shift deleted id=%s", shift_id)
        return _saved(f"Deleted {summary}.")
    changes = rota_edits.upcoming_changes(session, shift_id, _today())
    return _form("rota/delete_shift.html", form, shift=shift, changes=changes,
                 label=rota_edits.describe(shift))


# Extra shifts


@bp.route("/rota/extra/new", methods=["GET", "POST"])
@requires(COORDINATOR)
def add_extra():
    """Add a one-off extra shift."""
    session = get_session()
    form = forms.with_volunteers(forms.ExtraShiftForm(day=_arg("day", date.fromisoformat)),
                                 session)
    if form.validate_on_submit():
        try:
            extra = rota_edits.add_extra(session, actor(), form.volunteer.data, form.day.data,
                                         form.starts.data, form.ends.data, form.note.data,
                                         line().timezone)
        except RotaEditError as error:
            forms.refuse(form, error, "starts")
        else:
            log.info("extra shift added id=%s", extra.id)
            return _saved(f"Added an extra shift for {extra.volunteer.display_name}.",
                          form.day.data)
    return _form("rota/extra_form.html", form)


@bp.route("/rota/extra/<int:extra_id>/delete", methods=["GET", "POST"])
@requires(COORDINATOR)
def delete_extra(extra_id: int):
    """Delete an extra shift (after a confirmation page)."""
    session, extra, form = get_session(), _found(ExtraShift, extra_id), forms.ConfirmForm()
    label = rota_edits.when(extra.starts_at, extra.ends_at, line().timezone)
    if form.validate_on_submit():
        day = rota_week.this_monday(extra.starts_at, line().timezone)
        summary = rota_edits.delete_extra(session, actor(), extra_id, line().timezone)
        log.info("extra shift deleted id=%s", extra_id)
        return _saved(f"Deleted the extra shift of {summary}.", day)
    return _form("rota/delete_extra.html", form, extra=extra, label=label)


# One date of a weekly shift


@bp.route("/rota/shifts/<int:shift_id>/drop", methods=["GET", "POST"])
@requires(COORDINATOR)
def drop(shift_id: int):
    """Leave one date of a shift open, with a TAKE code; nobody is texted."""
    session, shift = get_session(), _found(Shift, shift_id)
    form = forms.DayForm(day=_arg("day", date.fromisoformat))
    if form.validate_on_submit():
        try:
            change = rota_changes.drop(session, actor(), shift_id, form.day.data,
                                       line().timezone, utcnow())
        except RotaEditError as error:
            forms.refuse(form, error, "day")
        else:
            log.info("shift dropped id=%s change=%s", shift_id, change.id)
            return _saved(f"{shift.volunteer.display_name}'s shift on {_day(form)} is open: "
                          f"anyone can take it by texting TAKE {change.code}.", form.day.data)
    return _form("rota/change_form.html", form, shift=shift, action="drop")


@bp.route("/rota/shifts/<int:shift_id>/cover", methods=["GET", "POST"])
@requires(COORDINATOR)
def cover(shift_id: int):
    """Put another volunteer on one date of a shift."""
    session, shift = get_session(), _found(Shift, shift_id)
    form = forms.with_volunteers(forms.CoverForm(day=_arg("day", date.fromisoformat)), session,
                                 leave_out=shift.volunteer_id)
    if form.validate_on_submit():
        try:
            change = rota_changes.cover(session, actor(), shift_id, form.day.data,
                                        form.volunteer.data, line().timezone, utcnow())
        except RotaEditError as error:
            forms.refuse(form, error, "volunteer")
        else:
            log.info("shift covered id=%s change=%s", shift_id, change.id)
            who = rota_edits.volunteer(session, change.covered_by_id).display_name
            return _saved(f"{who} is covering for "
                          f"{shift.volunteer.display_name} on {_day(form)}.", form.day.data)
    return _form("rota/change_form.html", form, shift=shift, action="cover")


@bp.route("/rota/shifts/<int:shift_id>/undo", methods=["GET", "POST"])
@requires(COORDINATOR)
def undo(shift_id: int):
    """Give one date of a shift back to its own volunteer."""
    session, shift = get_session(), _found(Shift, shift_id)
    form = forms.DayForm(day=_arg("day", date.fromisoformat))
    if form.validate_on_submit():
        try:
            rota_changes.undo(session, actor(), shift_id, form.day.data, line().timezone)
        except RotaEditError as error:
            forms.refuse(form, error, "day")
        else:
            log.info("shift change undone id=%s", shift_id)
            return _saved(f"{shift.volunteer.display_name} is back on their shift on "
                          f"{_day(form)}.", form.day.data)
    return _form("rota/change_form.html", form, shift=shift, action="undo")


@bp.route("/rota/swap", methods=["GET", "POST"])
@requires(COORDINATOR)
def swap():
    """Swap one date of a shift with one date of another volunteer's shift."""
    session = get_session()
    form = forms.with_shifts(forms.SwapForm(first_shift=_arg("shift", int),
                                            first_day=_arg("day", date.fromisoformat)), session)
    if form.validate_on_submit():
        try:
            a, b = rota_changes.swap(session, actor(), (form.first_shift.data,
                                                        form.first_day.data),
                                     (form.second_shift.data, form.second_day.data),
                                     line().timezone, utcnow())
        except RotaEditError as error:
            forms.refuse(form, error, "second_shift")
        else:
            log.info("shifts swapped ids=%s,%s", a.shift.id, b.shift.id)
            return _saved(f"Swapped: {b.shift.volunteer.display_name} takes "
                          f"{a.label(line().timezone)}, and {a.shift.volunteer.display_name} "
                          f"takes {b.label(line().timezone)}.", a.day)
    return _form("rota/swap_form.html", form)


# Helpers


def _form(template: str, form, **context):
    """A form page: 400 when a submitted form was refused."""
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, back=_back(), week_arg=_week_arg(),
                           **context), status


def _saved(message: str, day: date | None = None):
    """Commit, say so, and go back to the week (the one holding `day`, if given)."""
    get_session().commit()
    flash(message)
    return redirect(url_for("rota.week", week=rota_week.week_value(day)) if day else _back())


def _back() -> str:
    return url_for("rota.week", week=_week_arg())


def _week_arg() -> str | None:
    """The ?week= the page came from, if it is a week."""
    asked = request.args.get("week", "")
    return asked if asked and rota_week.parse_week(asked) else None


def _arg(name: str, read):
    """A query value read by `read`, or None when absent or unreadable."""
    try:
        return read(request.args[name])
    except (KeyError, ValueError):
        return None


def _found(model, row_id: int):
    row = get_session().get(model, row_id)
    if row is None:
        abort(404)
    return row


def _day(form) -> str:
    day = form.day.data
    return f"{day:%a} {day.day} {day:%b %Y}"


def _today() -> date:
    return utcnow().astimezone(ZoneInfo(line().timezone)).date()
