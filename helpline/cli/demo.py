"""`flask --app helpline demo seed`: demo data for `make run`, a coordinator and volunteers whose
rota covers every hour, and a few fictional meetings."""

from __future__ import annotations

import secrets
from datetime import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline import db
from helpline.accounts.coordinators import create_coordinator
from helpline.db import utcnow
from helpline.meetings.models import Meeting, MeetingSource
from helpline.models import Coordinator
from volunteers.models import Shift, Volunteer

demo_cli = AppGroup("demo", help="Demo data for trying the line.")
DEMO_EMAIL = "coordinator@example.org"
# 555-01xx numbers are reserved for fiction: nobody real is ever texted by the demo.
DEMO_VOLUNTEERS = [
    ("Alex (demo)", "+13025550101", "en", time(6), time(14)),
    ("Bea (demo)", "+13025550102", "en", time(14), time(22)),
    ("Carmen (demo)", "+13025550103", "es,en", time(22), time(6)),
]


# Fictional meetings around Lewes, DE (ZIP 19958) so `sim text ... "MEETINGS 19958"` answers
# out of the box. Real feeds are imported with `flask --app helpline meetings import`.
DEMO_MEETINGS = [
    # slug, name, start, address, city, latitude, longitude, attendance, languages
    ("sunrise", "Sunrise Group (demo)", time(7), "12 Savannah Rd", "Lewes", 38.7746, -75.1393,
     "in_person", "en"),
    ("noon", "Nooners (demo)", time(12), "30 Kings Hwy", "Lewes", 38.7712, -75.1454, "hybrid",
     "en"),
    ("evening", "Came to Believe (demo)", time(19), "410 Pilottown Rd", "Lewes", 38.7795,
     -75.1390, "in_person", "en"),
    ("late", "Last Call (demo)", time(22, 30), "1 Rehoboth Ave", "Rehoboth Beach", 38.7190,
     -75.0790, "in_person", "en"),
    ("espanol", "Nueva Vida (demo)", time(19, 30), "102 E Laurel St", "Georgetown", 38.6904,
     -75.3855, "in_person", "es"),
    ("online", "Night Owls (demo)", time(23), "", "", None, None, "online", "en"),
]


def _demo_meetings(session: Session) -> None:
    source = MeetingSource(name="demo", kind="csv", location="(built-in demo meetings)",
                           timezone="America/New_York", program="AA",
                           last_status="ok", last_success_at=utcnow(), last_attempt_at=utcnow(),
                           imported_count=len(DEMO_MEETINGS))
    session.add(source)
    session.flush()
    for slug, name, start, address, city, lat, lon, attendance, languages in DEMO_MEETINGS:
        session.add(Meeting(
            source_id=source.id, slug=slug, name=name, program="AA", weekdays="0,1,2,3,4,5,6",
            start=start, timezone="America/New_York", latitude=lat, longitude=lon,
            address=address, city=city, state="DE", attendance=attendance,
            languages=languages, types="O" if languages == "en" else "O,S",
            conference_url="https://example.org/demo-meeting" if attendance != "in_person"
            else "",
        ))


def is_empty(session: Session) -> bool:
    """True when the line has no coordinators and no volunteers yet."""
    people = session.scalar(select(func.count()).select_from(Coordinator))
    return people == 0 and session.scalar(select(func.count()).select_from(Volunteer)) == 0


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
    _demo_meetings(session)
    session.flush()
    return password


@demo_cli.command("seed")
def demo_seed() -> None:
    """Fill an empty database with demo volunteers and a coordinator (password shown once)."""
    with db.job_session() as session:
        password = seed(session)
    if password is None:
        click.echo("Database already has people in it; demo data not added.")
        return
    click.echo(f"Demo coordinator: {DEMO_EMAIL}  password: {password}")
    click.echo("(Shown once. Reset with: flask --app helpline users create-admin EMAIL)")
