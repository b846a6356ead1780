"""Coordinator sign-in, sign-out and password change (Flask-Login sessions, Flask-WTF CSRF).

A session cookie names the person and their session nonce; signing out, changing the
password or being deactivated gives them a new nonce, so every copy of an old cookie dies.
Sessions also end after SESSION_IDLE of quiet and SESSION_LONGEST after sign-in.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from helpline import audit
from helpline.accounts import coordinators
from helpline.models import Coordinator
from helpline.routes import get_session
from helpline.routes.web import limits
from helpline.routes.web.access import EVERYONE, actor, requires

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see the line."
SESSION_IDLE = timedelta(hours=4)
SESSION_LONGEST = timedelta(hours=12)
TOO_MANY = ("Too many sign-in attempts. Wait 15 minutes and try again, or ask an admin to "
            "set you a new password.")


class StaffUser(UserMixin):
    """The signed-in coordinator, as Flask-Login sees them."""

    def __init__(self, person: Coordinator) -> None:
        self.id = f"{person.id}:{person.session_nonce}"
        self.id_number, self.email = person.id, person.email
        self.display_name, self.role = person.display_name, person.role


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The coordinator behind a session cookie, if still active and the session not ended."""
    number, _, nonce = user_id.partition(":")
    if not number.isdigit() or not nonce:
        return None
    person = get_session().get(Coordinator, int(number))
    if person is None or not person.active or person.session_nonce != nonce:
        return None
    if time.time() - session.get("signed_in_at", 0) > SESSION_LONGEST.total_seconds():
        return None
    return StaffUser(person)


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    """The current password, and the new one twice."""

    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    new = PasswordField("New password", validators=[
        DataRequired(), Length(min=coordinators.MIN_PASSWORD, max=coordinators.MAX_PASSWORD,
                               message=f"Use {coordinators.MIN_PASSWORD} to "
                                       f"{coordinators.MAX_PASSWORD} characters.")])
    again = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("new", message="The two new passwords differ.")])


@bp.route("/login", methods=["GET", "POST"])
@limits.limiter.limit(limits.line_wide, key_func=lambda: "line", methods=["POST"],
                      scope="login-line")
@limits.limiter.limit(limits.PER_ADDRESS, methods=["POST"], deduct_when=limits.failed,
                      scope="login-address")
@limits.limiter.limit(limits.PER_ACCOUNT, key_func=limits.account_key, methods=["POST"],
                      deduct_when=limits.failed, scope="login-account")
def login():
    """Sign a coordinator in."""
    form, error = LoginForm(), None
    if form.validate_on_submit():
        person = coordinators.authenticate(get_session(), form.email.data, form.password.data)
        if person is not None:
            _fresh_session()
            login_user(StaffUser(person))
            session.permanent, session["signed_in_at"] = True, time.time()
            log.info("coordinator signed in id=%s", person.id)
            return redirect(safe_next(request.args.get("next")))
        log.warning("coordinator sign-in refused")
        error = "That e-mail and password do not match an account."
    status = 400 if request.method == "POST" and error is None and form.errors else 200
    return render_template("auth/login.html", form=form, error=error), status


def too_many_attempts(_error):
    """The answer to a rate-limited sign-in: the page again, saying why, as a 429."""
    log.warning("coordinator sign-in rate-limited")
    return render_template("auth/login.html", form=LoginForm(), error=TOO_MANY), 429


@bp.post("/logout")
def logout():
    """Sign out everywhere (a POST with the CSRF token, so no link can sign anyone out)."""
    if current_user.is_authenticated:
        person = get_session().get(Coordinator, current_user.id_number)
        if person is not None:
            coordinators.end_sessions(person)
            get_session().commit()
    logout_user()
    _fresh_session()
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(*EVERYONE)
def password():
    """Change one's own password; other copies of the session end."""
    form, db = PasswordForm(), get_session()
    if form.validate_on_submit():
        person = db.get(Coordinator, current_user.id_number)
        if coordinators.authenticate(db, person.email, form.current.data) is None:
            log.warning("password change refused id=%s", person.id)
            form.current.errors.append("That is not your current password.")
        else:
            coordinators.set_password(person, form.new.data)
            audit.record(db, actor(), "user.password", "user", person.id,
                         summary=f"{person.email} changed their password")
            db.commit()
            login_user(StaffUser(person))
            session["signed_in_at"] = time.time()
            flash("Your password is changed. Other devices are signed out.")
            return redirect(url_for("dashboard.home"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status


def forget_request_state() -> None:
    """Start each request without the last one's user or CSRF token in `g`: the same as in
    production, also where one app context spans several requests (tests, the simulator),
    so a session ended by one request is ended for the next."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)


def _fresh_session() -> None:
    """A new session from scratch (a new CSRF token too) at sign-in and sign-out."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF keeps this request's token here


def safe_next(target: str | None) -> str:
    """Only a path on this site after sign-in, never another host however it is spelled."""
    home = url_for("dashboard.home")
    if not target or len(target) > 2000:
        return home
    for form in (target, unquote(target)):  # "/%09/evil.com" is read both ways somewhere
        if not form.startswith("/") or form.startswith("//") or \
                any(ord(c) < 0x21 or c in "\\\x7f" for c in form):
            return home  # browsers read "/\evil.com" and "/\t/evil.com" as another site
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return home
    return target
