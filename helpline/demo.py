"""Demo data for `make run`: a coordinator and volunteers whose rota covers every hour."""

from __future__ import annotations

import secrets
from datetime import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from helpline.models import Coordinator
from volunteers.models import Shift, Volunteer

DEMO_EMAIL = "coordinator@example.org"
# 555-01xx numbers are reserved for fiction: nobody real is ever texted by the demo.
DEMO_VOLUNTEERS = [
    ("Alex (demo)", "+13025550101", "en", time(6), time(14)),
    ("Bea (demo)", "+13025550102", "en", time(14), time(22)),
    ("Carmen (demo)", "+13025550103", "es,en", time(22), time(6)),
]


def is_empty(session: Session) -> bool:
    """True when the line has no coordinators and no volunteers yet."""
    people = session.scalar(select(func.count()).select_from(Coordinator))
    return people == 0 and session.scalar(select(func.count()).select_from(Volunteer)) == 0


def create_coordinator(session: Session, email: str, password: str, role: str = "admin") -> None:
    """Add a coordinator account with a hashed password."""
    session.add(Coordinator(email=email.strip().lower(), display_name=email.split("@")[0],
                            password_hash=generate_password_hash(password), role=role))


def seed(session: Session) -> str | None:
    """Fill an empty database with the demo line; returns the coordinator's one-time password."""
    if not is_empty(session):
        return None
    password = secrets.token_urlsafe(12)
    create_coordinator(session, DEMO_EMAIL, password)
    for name, phone, languages, starts, ends in DEMO_VOLUNTEERS:
        volunteer = Volunteer(display_name=name, phone=phone, languages=languages)
        session.add(volunteer)
        for weekday in range(7):
            volunteer.shifts.append(Shift(weekday=weekday, starts=starts, ends=ends))
    session.flush()
    return password
