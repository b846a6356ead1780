"""The coordinator's roster: volunteers added, edited, deactivated, invited, and listed with
whether they are on duty and their next shift. Every change is audited in the caller's
transaction; decisions only, the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline import audit
from helpline.catalog.render import render
from helpline.config import VOICE_LANGUAGES
from helpline.line import Line
from helpline.models import OutboundMessage
from helpline.outbound import queue_text
from helpline.phones import pretty, to_e164
from volunteers import calendars, rota
from volunteers.availability import texts_stopped
from volunteers.commands import language
from volunteers.models import Volunteer

FIELDS = ("display_name", "phone", "languages", "takes", "max_conversations", "priority",
          "backup", "active")
NAME_CHARS = 80
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
TAKES = {"calls": "Calls", "texts": "Texts", "both": "Calls and texts"}
CONVERSATIONS = (0, 10)
PRIORITY = (1, 1000)

NO_NAME = "Give a display name, like a first name or a nickname."
LONG_NAME = f"Keep the display name to {NAME_CHARS} characters or fewer."
BAD_PHONE = ("That is not a phone number we can text: write it like (302) 555-0144 or "
             "+1 302 555 0144")
NO_LANGUAGE = "Choose at least one language they can take calls and texts in."
NO_TAKES = "Choose whether they take calls, texts, or both."
WHOLE_NUMBER = "Write a whole number, like 2."


class Invalid(ValueError):
    """Values a coordinator must fix, as {field: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = errors


@dataclass(frozen=True)
class Details:
    """What a coordinator typed about a volunteer (the phone as typed, in any format)."""

    display_name: str
    phone: str
    languages: tuple[str, ...]
    takes: str | None
    max_conversations: int | None
    priority: int | None
    backup: bool


@dataclass(frozen=True)
class Row:
    """One volunteer in the list: no full phone number, only its last four digits."""

    id: int
    display_name: str
    languages: str
    takes: str
    on_duty: bool
    next_shift: str | None
    next_shift_at: str | None  # ISO 8601, for <time datetime>
    phone_tail: str
    active: bool


# Checking and saving


def problems(session: Session, details: Details, region: str,
             volunteer_id: int | None = None) -> dict[str, str]:
    """What is wrong with these details, by field ({} when they can be saved)."""
    return _cleaned(session, details, region, volunteer_id)[1]


def add(session: Session, details: Details, region: str, actor: audit.Actor) -> Volunteer:
    """A new active volunteer from these details (Invalid when something needs fixing)."""
    values = _valid(session, details, region, None)
    volunteer = Volunteer(**values, active=True)
    session.add(volunteer)
    session.flush()
    audit.record(session, actor, "volunteer.add", "volunteer", volunteer.id,
                 after=audit.snapshot(volunteer, FIELDS), summary=f"Added {volunteer.display_name}")
    return volunteer


def update(session: Session, volunteer: Volunteer, details: Details, region: str,
           actor: audit.Actor) -> bool:
    """Change the volunteer to these details; True when something changed."""
    values = _valid(session, details, region, volunteer)
    before = audit.snapshot(volunteer, FIELDS)
    for name, value in values.items():
        setattr(volunteer, name, value)
    after = audit.snapshot(volunteer, FIELDS)
    if after == before:
        return False
    session.flush()
    audit.record(session, actor, "volunteer.edit", "volunteer", volunteer.id, before=before,
                 after=after, summary=f"Edited {volunteer.display_name}")
    return True


def set_active(session: Session, volunteer: Volunteer, active: bool, actor: audit.Actor) -> bool:
    """Deactivate (no calls, texts or shifts) or reactivate; True when that changed anything."""
    if volunteer.active == active:
        return False
    before = audit.snapshot(volunteer, ("active",))
    volunteer.active = active
    action, verb = ("reactivate", "Reactivated") if active else ("deactivate", "Deactivated")
    audit.record(session, actor, f"volunteer.{action}", "volunteer", volunteer.id,
                 before=before, after=audit.snapshot(volunteer, ("active",)),
                 summary=f"{verb} {volunteer.display_name}")
    session.flush()
    return True


def details_of(volunteer: Volunteer, region: str) -> Details:
    """The volunteer's details as the edit form shows them: the phone written as people do
    in the line's region ((302) 555-0144), or in E.164 when it is from elsewhere."""
    local = pretty(volunteer.phone)
    phone = local if to_e164(local, region) == volunteer.phone else volunteer.phone
    return Details(volunteer.display_name, phone, tuple(volunteer.language_codes),
                   volunteer.takes, volunteer.max_conversations, volunteer.priority,
                   volunteer.backup)


def _valid(session: Session, details: Details, region: str, volunteer: Volunteer | None
           ) -> dict:
    values, errors = _cleaned(session, details, region, volunteer.id if volunteer else None)
    if errors:
        raise Invalid(errors)
    if volunteer is not None:
        values["languages"] = _ordered(values["languages"], volunteer.language_codes)
    return values


def _cleaned(session: Session, details: Details, region: str, volunteer_id: int | None
             ) -> tuple[dict, dict[str, str]]:
    """The values to store and the problems, by field."""
    errors: dict[str, str] = {}
    name = " ".join(details.display_name.split())
    if not name:
        errors["display_name"] = NO_NAME
    elif len(name) > NAME_CHARS:
        errors["display_name"] = LONG_NAME
    phone = to_e164(details.phone.strip(), region) if details.phone.strip() else None
    if phone is None:
        errors["phone"] = BAD_PHONE
    elif (taken := _phone_problem(session, phone, volunteer_id)) is not None:
        errors["phone"] = taken
    languages = [code for code in VOICE_LANGUAGES if code in details.languages]
    if not languages or set(details.languages) - set(VOICE_LANGUAGES):
        errors["languages"] = NO_LANGUAGE
    if details.takes not in TAKES:
        errors["takes"] = NO_TAKES
    for field, (low, high) in (("max_conversations", CONVERSATIONS), ("priority", PRIORITY)):
        number = getattr(details, field)
        if number is None or not low <= number <= high:
            errors[field] = f"Write a whole number from {low} to {high}."
    values = {"display_name": name, "phone": phone, "languages": ",".join(languages),
              "takes": details.takes, "max_conversations": details.max_conversations,
              "priority": details.priority, "backup": bool(details.backup)}
    return values, errors


def _phone_problem(session: Session, phone: str, volunteer_id: int | None) -> str | None:
    other = session.scalar(select(Volunteer).where(Volunteer.phone == phone,
                                                   Volunteer.id != (volunteer_id or 0)))
    if other is None:
        return None
    state = "" if other.active else " (inactive: reactivate them instead)"
    return f"{other.display_name}{state} already has this number. Check the number and try again."


def _ordered(chosen: str, current: list[str]) -> str:
    """Keep the volunteer's first language first when it is still chosen."""
    codes = chosen.split(",")
    return ",".join([c for c in current if c in codes] + [c for c in codes if c not in current])


# Invites and calendar links


def invite(session: Session, volunteer: Volunteer, line: Line, now: datetime,
           actor: audit.Actor) -> str:
    """Text the volunteer the words they can text the line, once a minute at most:
    "sent", "already" (sent this minute), "inactive" or "stopped" (they texted STOP)."""
    if not volunteer.active:
        return "inactive"
    if texts_stopped(session, [volunteer.phone]):
        return "stopped"
    key = f"invite:{volunteer.id}:{now:%Y-%m-%dT%H:%M}"
    if session.scalar(select(OutboundMessage.id).where(OutboundMessage.key == key)) is not None:
        return "already"
    queue_text(session, to=volunteer.phone, purpose="invite", key=key, volunteer_id=volunteer.id,
               body=render("vol_invite", language(volunteer), **line.text_params))
    audit.record(session, actor, "volunteer.invite", "volunteer", volunteer.id,
                 summary=f"Sent {volunteer.display_name} an invite")
    return "sent"


def new_calendar_link(session: Session, volunteer: Volunteer, actor: audit.Actor) -> str:
    """A new calendar token for the volunteer (the old feed stops working); the token is
    returned for the page and never written to the audit log."""
    token = calendars.reissue_token(volunteer)
    session.flush()
    audit.record(session, actor, "volunteer.calendar_link", "volunteer", volunteer.id,
                 summary=f"New calendar link for {volunteer.display_name}")
    return token


# The list


def count(session: Session, *, everyone: bool = False) -> int:
    """How many volunteers the list holds (active ones only unless `everyone`)."""
    query = select(func.count()).select_from(Volunteer)
    return session.scalar(query if everyone else query.where(Volunteer.active.is_(True)))


def listing(session: Session, now: datetime, zone: str, *, everyone: bool = False,
            offset: int = 0, limit: int = 25) -> list[Row]:
    """A page of volunteers by name (active first), with duty and next shift in `zone`."""
    query = select(Volunteer).order_by(Volunteer.active.desc(),
                                       func.lower(Volunteer.display_name), Volunteer.id)
    if not everyone:
        query = query.where(Volunteer.active.is_(True))
    people = session.scalars(query.offset(offset).limit(limit)).all()
    on_duty = {v.id for v in rota.on_duty(session, now, zone)}
    return [_row(session, v, v.id in on_duty, now, zone) for v in people]


def _row(session: Session, volunteer: Volunteer, on_duty: bool, now: datetime, zone: str
         ) -> Row:
    upcoming = [o for o in rota.upcoming_for(session, volunteer.id, now, zone, count=2)
                if o.starts_at > now][:1] if volunteer.active else []
    label = _shift_label(upcoming[0].starts_at, upcoming[0].ends_at, zone) if upcoming else None
    return Row(volunteer.id, volunteer.display_name,
               ", ".join(LANGUAGE_NAMES.get(c, c) for c in volunteer.language_codes),
               TAKES.get(volunteer.takes, volunteer.takes), on_duty, label,
               upcoming[0].starts_at.isoformat() if upcoming else None,
               audit.mask_phone(volunteer.phone), volunteer.active)


def _shift_label(start: datetime, end: datetime, zone: str) -> str:
    """'Wed 25 Nov, 18:00-22:00' or 'Wed 25 Nov, 22:00-Thu 02:00' in the line's time."""
    local, until = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    day = "" if until.date() == local.date() else f"{until:%a} "
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}\u2013{day}{until:%H:%M}"
