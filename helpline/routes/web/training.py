"""Training mode, turned on and off by an admin from /simulator: a practice line of its own for
a few hours (see helpline.runtime.training_line), audited, seen by every web process within
seconds, ending by itself."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, request, url_for

from helpline.phones import example_numbers
from helpline.routes import get_session, line
from helpline.routes.web.access import ADMIN, actor, requires
from helpline.runtime import settings_sync, training_line
from helpline.settings import SettingError
from helpline.settings import training as training_mode

log = logging.getLogger(__name__)
bp = Blueprint("training", __name__)


@bp.post("/simulator/training")
@requires(ADMIN)
def start():
    """Open a practice line for the hours and trainees given (ending any other session)."""
    try:
        lasting = training_mode.read_hours(request.form.get("hours", ""))
        names = training_mode.read_names(request.form.get("trainees", ""))
    except SettingError as error:
        flash(f"Training did not start: {error}")
        return redirect(url_for("simulator.index"), 303)
    live, session = current_app._get_current_object(), get_session()
    numbers = example_numbers(line().region, len(names) + 1)
    started = training_mode.start(session, actor(), lasting=lasting, names=names,
                                  phones=numbers[1:], texter=numbers[0])
    try:
        training_line.prepare(live, session, started)
        session.commit()
    except Exception as error:  # the practice line is made from files and migrations
        session.rollback()
        log.error("training not started (%s)", type(error).__name__)
        flash("Training did not start: the practice line could not be made. Nothing changed.")
        return redirect(url_for("simulator.index"), 303)
    settings_sync.refresh(live, force=True)
    training_line.remove_others(live, keep=started.id)
    log.info("training started training=%s", started.id)
    flash("Training mode is on: the phones below are the practice line's.")
    return redirect(url_for("simulator.index"), 303)


@bp.post("/simulator/training/end")
@requires(ADMIN)
def end():
    """End training now and delete the practice line."""
    live, session = current_app._get_current_object(), get_session()
    was_on = training_mode.stop(session, actor())
    session.commit()
    settings_sync.refresh(live, force=True)
    training_line.remove_others(live, keep=None)
    flash("Training mode is off." if was_on else "Training mode was already off.")
    return redirect(url_for("simulator.index"), 303)
