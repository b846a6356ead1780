"""Plain factories: make_x(session, **overrides), flushed, never committed by themselves."""

from __future__ import annotations

import itertools
from datetime import time

from helpline.contacts.codenames import new_codename
from helpline.models import Contact
from volunteers.models import Shift, Volunteer

_numbers = itertools.count(1)


def make_contact(session, **overrides) -> Contact:
    """A texter the line has heard from."""
    n = next(_numbers)
    fields = {"address": f"+1302555{n:04d}", "kind": "phone", "codename": new_codename() + f"-{n}"}
    contact = Contact(**{**fields, **overrides})
    session.add(contact)
    session.flush()
    return contact


def make_volunteer(session, *, always_on=True, **overrides) -> Volunteer:
    """A volunteer; by default on duty every hour of every day."""
    n = next(_numbers)
    fields = {"display_name": f"Volunteer {n}", "phone": f"+1215555{n:04d}", "languages": "en"}
    volunteer = Volunteer(**{**fields, **overrides})
    session.add(volunteer)
    if always_on:
        for weekday in range(7):
            volunteer.shifts.append(Shift(weekday=weekday, starts=time(0), ends=time(0)))
    session.flush()
    return volunteer
