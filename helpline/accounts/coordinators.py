"""Coordinator accounts: creating them, and checking who is signing in."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from helpline.models import Coordinator

# Checked when the e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("no such account")


def authenticate(session: Session, email: str, password: str) -> Coordinator | None:
    """The active coordinator with this e-mail and password, or None."""
    person = session.scalar(select(Coordinator).where(Coordinator.email == email.strip().lower()))
    if person is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(person.password_hash, password) or not person.active:
        return None
    return person


def create_coordinator(session: Session, email: str, password: str, role: str = "admin") -> None:
    """Add a coordinator account with a hashed password."""
    session.add(Coordinator(email=email.strip().lower(), display_name=email.split("@")[0],
                            password_hash=generate_password_hash(password), role=role))
