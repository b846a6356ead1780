"""Coordinator sign-in and sign-out (Flask-Login sessions, Flask-WTF CSRF)."""

from __future__ import annotations

import logging

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from helpline.accounts import coordinators
from helpline.models import Coordinator
from helpline.routes import get_session

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see the line."


class StaffUser(UserMixin):
    """The signed-in coordinator, as Flask-Login sees them."""

    def __init__(self, person: Coordinator) -> None:
        self.id, self.display_name, self.role = person.id, person.display_name, person.role


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The coordinator behind a session cookie, if still active."""
    person = get_session().get(Coordinator, int(user_id)) if user_id.isdigit() else None
    return StaffUser(person) if person is not None and person.active else None


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign a coordinator in."""
    form, error = LoginForm(), None
    if form.validate_on_submit():
        person = coordinators.authenticate(get_session(), form.email.data, form.password.data)
        if person is not None:
            login_user(StaffUser(person))
            log.info("coordinator signed in id=%s", person.id)
            return redirect(_safe_next(request.args.get("next")))
        log.warning("coordinator sign-in refused")
        error = "That e-mail and password do not match an account."
    status = 400 if request.method == "POST" and error is None and form.errors else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """Sign out (a POST with the CSRF token, so no link can sign anyone out)."""
    logout_user()
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only same-site paths after sign-in, never another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("dashboard.home")
