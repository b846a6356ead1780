"""Coordinator accounts: creating them, checking who is signing in, passwords, roles, and
ending every session of a person at once."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from helpline.db import utcnow
from helpline.models import Coordinator

ROLES = ("admin", "coordinator")
MIN_PASSWORD = 12
MAX_PASSWORD = 200
# Checked when the e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no such account")


class AccountError(ValueError):
    """A change to an account that cannot be made, with the reason in words for the page."""


def normal_email(email: str) -> str:
    """E-mail addresses are compared trimmed and in lower case."""
    return email.strip().lower()


def find(session: Session, email: str) -> Coordinator | None:
    """The account with this e-mail, active or not."""
    return session.scalar(select(Coordinator).where(Coordinator.email == normal_email(email)))


def authenticate(session: Session, email: str, password: str) -> Coordinator | None:
    """The active coordinator with this e-mail and password, or None."""
    person = find(session, email)
    if person is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(person.password_hash, password) or not person.active:
        return None
    return person


def generate_password() -> str:
    """A password to hand over once: 16 URL-safe characters (96 bits)."""
    return secrets.token_urlsafe(12)


def check_new_password(password: str) -> None:
    """Refuse a password too short to hold against guessing, or absurdly long."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Use at least {MIN_PASSWORD} characters: a few words make a good one.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Use at most {MAX_PASSWORD} characters.")


def create(session: Session, email: str, role: str = "coordinator",
           display_name: str | None = None) -> tuple[Coordinator, str]:
    """Add an account with a generated password; returns it and the password (shown once)."""
    email = normal_email(email)
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise AccountError("Give an e-mail address like lead@example.org.")
    if find(session, email) is not None:
        raise AccountError("There is already an account with that e-mail.")
    password = generate_password()
    person = Coordinator(email=email, display_name=(display_name or email.split("@")[0])[:80],
                         password_hash=generate_password_hash(password), role=role,
                         session_nonce=secrets.token_hex(16))
    session.add(person)
    session.flush()
    return person, password


def create_coordinator(session: Session, email: str, password: str, role: str = "admin",
                       *, method: str = "scrypt") -> None:
    """Add an account with a known password (the demo seed and tests; tests may hash with a
    cheaper method, which sign-in then checks with that method)."""
    session.add(Coordinator(email=normal_email(email), display_name=email.split("@")[0],
                            password_hash=generate_password_hash(password, method=method),
                            role=role, session_nonce=secrets.token_hex(16)))


def set_password(person: Coordinator, password: str) -> None:
    """A new password; every existing session of this person ends."""
    check_new_password(password)
    person.password_hash = generate_password_hash(password)
    person.password_changed_at = utcnow()
    end_sessions(person)


def end_sessions(person: Coordinator) -> None:
    """Every session cookie this person holds, wherever it was copied, stops working."""
    person.session_nonce = secrets.token_hex(16)


def deactivate(session: Session, person: Coordinator) -> None:
    """Sign them out everywhere and refuse their sign-in; the last active admin stays."""
    if person.role == "admin" and person.active and _other_active_admins(session, person) == 0:
        raise AccountError("This is the last active admin: make someone else an admin first.")
    person.active = False
    end_sessions(person)


def reactivate(person: Coordinator) -> None:
    """Let them sign in again (with a password an admin hands them)."""
    person.active = True


def set_role(session: Session, person: Coordinator, role: str) -> None:
    """Change what they may do; the last active admin cannot be made a coordinator."""
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if person.role == "admin" and role != "admin" and person.active and \
            _other_active_admins(session, person) == 0:
        raise AccountError("This is the last active admin: make someone else an admin first.")
    person.role = role


def listing(session: Session, offset: int = 0, limit: int = 50) -> tuple[list[Coordinator], int]:
    """A page of accounts (active first, then by e-mail) and how many there are."""
    total = session.scalar(select(func.count()).select_from(Coordinator))
    people = session.scalars(select(Coordinator).order_by(
        Coordinator.active.desc(), Coordinator.email).offset(offset).limit(limit)).all()
    return list(people), total


def _other_active_admins(session: Session, person: Coordinator) -> int:
    return session.scalar(select(func.count()).select_from(Coordinator).where(
        Coordinator.role == "admin", Coordinator.active.is_(True), Coordinator.id != person.id))
