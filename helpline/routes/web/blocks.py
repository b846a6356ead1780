"""GET/POST /blocks: coordinators block a caller for a while, see the blocks, lift one.

Callers are named by a call's case code or their codename; the page never shows or takes a
phone number (an administrator with a number uses `flask --app helpline block add`).
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from helpline import audit
from helpline.calls import blocks
from helpline.db import utcnow
from helpline.models import Contact
from helpline.routes import get_session, line
from helpline.routes.web import paging
from helpline.routes.web.access import ADMIN, COORDINATOR, actor, requires

log = logging.getLogger(__name__)
bp = Blueprint("blocks", __name__)

LENGTHS = [SelectChoice(str(days), f"{days} day{'s' if days > 1 else ''}")
           for days in (1, 7, 30, 90, 365)]
RECENT = 10


class BlockForm(FlaskForm):
    """Who to block, why, and for how long."""

    ref = StringField("Case code or codename", validators=[
        DataRequired("Give a call's case code or the caller's codename."), Length(max=60)])
    reason = TextAreaField("Reason", validators=[
        DataRequired("Give a reason: the next coordinator needs to know why."),
        Length(max=blocks.REASON_CHARS,
               message=f"Keep the reason under {blocks.REASON_CHARS} characters.")])
    days = SelectField("Length", choices=LENGTHS, coerce=int, default=blocks.DEFAULT_DAYS,
                       invalid_value_message="Choose one of the lengths in the list.",
                       invalid_choice_message="Choose one of the lengths in the list.")


@bp.get("/blocks")
@requires(COORDINATOR)
def index():
    """The blocks in force, the recently ended ones, and the form to block a caller."""
    return _page(BlockForm())


@bp.post("/blocks")
@requires(COORDINATOR)
def create():
    """Block the caller named in the form; bad input shows the form again with why."""
    form = BlockForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    session, now = get_session(), utcnow()
    contact, error = _contact_for(form.ref.data)
    if contact is not None:
        try:
            made = blocks.block(session, contact, form.reason.data, now, days=form.days.data,
                                by=current_user.id_number)
        except blocks.BlockError as problem:
            error = str(problem)
    if error is not None:
        form.ref.errors.append(error)
        return _page(form, 400)
    audit.record(session, actor(), "block.set", "block", made.id,
                 after={"contact": contact.codename, "until": made.expires_at,
                        "reason": made.reason}, summary=f"Blocked {contact.codename}")
    session.commit()
    log.info("block set id=%s contact_id=%s by=%s", made.id, contact.id, current_user.id_number)
    flash(f"Blocked {contact.codename} until {blocks.local_time(made.expires_at, _zone())}.")
    return redirect(url_for("blocks.index"))


@bp.post("/blocks/<int:block_id>/lift")
@requires(ADMIN)
def lift(block_id: int):
    """End a block now (admins only: a block is a decision the line's leads review)."""
    session, now = get_session(), utcnow()
    found = blocks.lift(session, block_id, now, by=current_user.id_number)
    if found is None:
        abort(404)
    lifted = found.lifted_at == now
    if lifted:
        audit.record(session, actor(), "block.lift", "block", block_id,
                     before={"until": found.expires_at}, after={"until": now},
                     summary=f"Lifted the block on {found.contact.codename}")
    session.commit()
    if lifted:
        log.info("block lifted id=%s by=%s", block_id, current_user.id_number)
        flash(f"Lifted the block on {found.contact.codename}.")
    else:
        flash(f"The block on {found.contact.codename} had already ended.")
    return redirect(url_for("blocks.index"))


def _contact_for(ref: str) -> tuple[Contact | None, str | None]:
    """The contact a case code or codename names, else None and what to tell the coordinator."""
    if blocks.looks_like_number(ref):
        return None, "Phone numbers are not used here: give a case code or a codename."
    contact = blocks.find_contact(get_session(), ref, line().region, by_number=False)
    if contact is None:
        return None, "No caller has that case code or codename. Check it and try again."
    return contact, None


def _page(form: BlockForm, status: int = 200):
    session, now, zone = get_session(), utcnow(), _zone()
    in_force = blocks.listing(session, now)
    page = paging.requested(len(in_force))
    active = blocks.describe(session, in_force[page.offset:page.offset + page.size], now, zone)
    ended = blocks.describe(session, blocks.recently_ended(session, now, RECENT), now, zone)
    return render_template("blocks/index.html", form=form, active=active, ended=ended,
                           page=page), status


def _zone() -> str:
    return line().timezone
