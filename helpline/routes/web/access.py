"""Who may see which page: sign-in and a role on every coordinator page.

Two roles: `admin` may do everything (users, settings, the audit log, lifting blocks);
`coordinator` runs the rota, the volunteers and the line's activity. Every view of the
coordinator pages is wrapped in `requires(...)`; a test walks the URL map to be sure.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort
from flask_login import current_user, login_required

from helpline.audit import Actor

ADMIN, COORDINATOR = "admin", "coordinator"
ROLES = (ADMIN, COORDINATOR)
EVERYONE = ROLES  # every signed-in person with a known role


def requires(*roles: str) -> Callable:
    """Sign-in, then one of these roles (admins pass every check); 403 otherwise."""
    allowed = set(roles) | {ADMIN}

    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        checked.allowed_roles = frozenset(allowed)  # read by the test that walks the URL map
        return login_required(checked)

    return wrap


def is_admin() -> bool:
    """True when the signed-in person is an admin (templates show admin-only actions)."""
    return current_user.is_authenticated and current_user.role == ADMIN


def actor() -> Actor:
    """The signed-in person, for the audit log."""
    return Actor(current_user.id_number, current_user.email)


def refused(_error):
    """A signed-in person asked for a page their role does not open."""
    from flask import render_template

    return render_template(
        "errors/page.html", heading="This page is not open to you",
        message="Your role does not include this page. An admin can change your role on "
                "the Users page if you need it."), 403


def not_found(_error):
    """No such page (or no such volunteer, shift or block); says nothing more."""
    from flask import render_template, request

    if not request.path.startswith(("/twilio/", "/calendar/", "/healthz")):
        return render_template("errors/page.html", heading="Not found",
                               message="There is nothing at this address."), 404
    return "Not found", 404
