"""/users: admins add coordinators and admins, change roles, deactivate, reset passwords.

A new or reset password is shown once, on the page that made it (never in a redirect, a
flash message in the session cookie, or a log line), for the admin to hand over."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from helpline import audit
from helpline.accounts import coordinators
from helpline.models import Coordinator
from helpline.routes import get_session
from helpline.routes.web import paging
from helpline.routes.web.access import ADMIN, actor, requires

log = logging.getLogger(__name__)
bp = Blueprint("users", __name__)
ROLE_CHOICES = [SelectChoice("coordinator", "Coordinator: rota, volunteers, blocks, activity"),
                SelectChoice("admin", "Admin: everything, and users, settings and the audit log")]


class NewUserForm(FlaskForm):
    """Who the account is for and what they may do."""

    email = EmailField("E-mail", validators=[DataRequired("Give their e-mail."), Length(max=254)])
    name = StringField("Name shown on the pages", validators=[Optional(), Length(max=80)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="coordinator")


class RoleForm(FlaskForm):
    """A new role for one account."""

    role = SelectField("Role", choices=ROLE_CHOICES)


@bp.get("/users")
@requires(ADMIN)
def index():
    """The accounts, a page at a time, and the form to add one."""
    return _page(NewUserForm())


@bp.post("/users")
@requires(ADMIN)
def create():
    """Add an account; its generated password is shown once."""
    form, session = NewUserForm(), get_session()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        person, password = coordinators.create(session, form.email.data, form.role.data,
                                               form.name.data or None)
    except coordinators.AccountError as problem:
        form.email.errors.append(str(problem))
        return _page(form, 400)
    audit.record(session, actor(), "user.create", "user", person.id,
                 after={"email": person.email, "role": person.role},
                 summary=f"Created {person.email} ({person.role})")
    session.commit()
    log.info("account created id=%s", person.id)
    return _page(NewUserForm(formdata=None), made=(person.email, password))


@bp.post("/users/<int:user_id>/role")
@requires(ADMIN)
def role(user_id: int):
    """Change what an account may do."""
    form, session, person = RoleForm(), get_session(), _person(user_id)
    if form.validate_on_submit():
        before = person.role
        return _change(person, lambda: coordinators.set_role(session, person, form.role.data),
                       "user.role", {"role": before}, {"role": form.role.data},
                       f"{person.email} is now {form.role.data}")
    flash("Choose one of the roles in the list.")
    return redirect(url_for("users.index"))


@bp.post("/users/<int:user_id>/deactivate")
@requires(ADMIN)
def deactivate(user_id: int):
    """Refuse this account's sign-in and end its sessions everywhere."""
    person = _person(user_id)
    return _change(person, lambda: coordinators.deactivate(get_session(), person),
                   "user.deactivate", {"active": True}, {"active": False},
                   f"Deactivated {person.email}; they are signed out everywhere")


@bp.post("/users/<int:user_id>/reactivate")
@requires(ADMIN)
def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    person = _person(user_id)
    return _change(person, lambda: coordinators.reactivate(person), "user.reactivate",
                   {"active": False}, {"active": True}, f"Reactivated {person.email}")


@bp.post("/users/<int:user_id>/password")
@requires(ADMIN)
def reset_password(user_id: int):
    """A new generated password for this account, shown once; its sessions end."""
    session, person = get_session(), _person(user_id)
    password = coordinators.generate_password()
    coordinators.set_password(person, password)
    audit.record(session, actor(), "user.reset_password", "user", person.id,
                 summary=f"New password for {person.email}")
    session.commit()
    log.info("account password reset id=%s", person.id)
    return _page(NewUserForm(formdata=None), made=(person.email, password))


def _person(user_id: int) -> Coordinator:
    person = get_session().get(Coordinator, user_id)
    if person is None:
        abort(404)
    return person


def _change(person: Coordinator, change, action: str, before: dict, after: dict, said: str):
    """Make one change to an account, audit it and say so; or say why it cannot be made."""
    session = get_session()
    try:
        change()
    except coordinators.AccountError as problem:
        session.rollback()
        flash(str(problem))
        return redirect(url_for("users.index"))
    audit.record(session, actor(), action, "user", person.id, before=before, after=after,
                 summary=said)
    session.commit()
    log.info("account changed id=%s action=%s", person.id, action)
    flash(said + ".")
    return redirect(url_for("users.index"))


def _page(form: NewUserForm, status: int = 200, made: tuple[str, str] | None = None):
    session = get_session()
    _, total = coordinators.listing(session, limit=0)
    page = paging.requested(total)
    people, _ = coordinators.listing(session, page.offset, page.size)
    return render_template("users/index.html", form=form, people=people, page=page,
                           roles=ROLE_CHOICES, made=made), status
