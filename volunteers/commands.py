"""Volunteers run their part of the rota by text: ON [until 22:00], OFF, SHIFTS, DROP 2,
TAKE 4K2, WHO, COMMANDS, and PIN 4821: the PIN a call from their phone must key before the
phone menu (`helpline.calls.menu`) says or changes anything; 4 to 8 ASCII digits, not all one
digit, not a straight run; only its werkzeug hash is kept. The words of other domains
(CALLBACK 7Q2) and what ON means for a caller already waiting are added in
`helpline.texts.volunteer_words`. Decisions only; the caller commits."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from helpline import audit, outbox, params
from helpline.catalog.render import render
from helpline.line import Line
from helpline.outbound import queue_text
from volunteers import rota
from volunteers.availability import texts_stopped
from volunteers.models import ExtraShift, Presence, ShiftChange, Volunteer

CODE_LETTERS = "ACDEFHJKMNPRTUVWXY"  # no B/8, I/1, O/0, S/5, G/6, L, Q, Z/2 look-alikes
UNTIL = re.compile(r"\b(?:until|till|til|hasta)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b", re.I)
OPEN_SHIFT_ALERT_HOURS = 12
PIN_DIGITS = re.compile(r"[0-9]{4,8}")  # ASCII digits only: no "²" or "١"


@dataclass(frozen=True)
class Command:
    """A volunteer's text, read."""

    word: str
    argument: str = ""


def parse(body: str) -> Command:
    """The command word (upper-case) and what follows it."""
    parts = body.strip().split(None, 1)
    word = re.sub(r"[^A-Z]", "", parts[0].upper()) if parts else ""
    return Command(word, parts[1].strip() if len(parts) > 1 else "")


def label(start: datetime, end: datetime, zone: str) -> str:
    """'Wed Nov 25 22:00-02:00' in the line's time."""
    local_start, local_end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    return f"{local_start:%a %b} {local_start.day} {local_start:%H:%M}-{local_end:%H:%M}"


def span(change: ShiftChange, zone: str) -> tuple[datetime, datetime]:
    """When the changed occurrence starts and ends (UTC), expanded in the line's zone."""
    shift = change.shift
    end_day = change.occurs_on + timedelta(days=1 if shift.ends <= shift.starts else 0)
    return (rota.instant_of(change.occurs_on, shift.starts, ZoneInfo(zone)),
            rota.instant_of(end_day, shift.ends, ZoneInfo(zone)))


def handle(session: Session, volunteer: Volunteer, body: str, line: Line, now: datetime) -> str:
    """The reply to a volunteer's rota word; anything else gets the list of words."""
    command = parse(body)
    handlers = {"ON": _on, "OFF": _off, "SHIFTS": _shifts, "SHIFT": _shifts, "DROP": _drop,
                "TAKE": _take, "WHO": _who, "PIN": _pin}
    handler = handlers.get(command.word)
    if handler is None:
        return render("vol_commands", language(volunteer), **line.text_params)
    return handler(session, volunteer, command.argument, line, now)


def language(volunteer: Volunteer) -> str:
    """The language a volunteer is texted in: Spanish when it is their first, else English."""
    return "es" if volunteer.language_codes[:1] == ["es"] else "en"


def until_instant(argument: str, zone: str, now: datetime) -> datetime | None:
    """'until 22:00' / 'till 10pm' as the next such local time after now."""
    match = UNTIL.search(argument)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        hour = hour % 12 + (12 if match.group(3).lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    local = now.astimezone(ZoneInfo(zone))
    target = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= local:
        target += timedelta(days=1)
    return target.replace(tzinfo=ZoneInfo(zone)).astimezone(now.tzinfo)


def _on(session, volunteer, argument, line, now) -> str:
    until = until_instant(argument, line.timezone, now)
    session.add(Presence(volunteer_id=volunteer.id, state="on", since=now, until=until))
    shown = "" if until is None else f" until {until.astimezone(ZoneInfo(line.timezone)):%a %H:%M}"
    return render("vol_on", language(volunteer), until=shown)


def _off(session, volunteer, argument, line, now) -> str:
    session.add(Presence(volunteer_id=volunteer.id, state="off", since=now, until=None))
    return render("vol_off", language(volunteer))


def _shifts(session, volunteer, argument, line, now) -> str:
    upcoming = rota.upcoming_for(session, volunteer.id, now, line.timezone, 3)
    if not upcoming:
        return render("vol_no_shifts", language(volunteer))
    listed = "\n".join(f"{i}) {label(o.starts_at, o.ends_at, line.timezone)}"
                       for i, o in enumerate(upcoming, 1))
    return render("vol_shifts", language(volunteer), shifts=listed)


def by_text(volunteer: Volunteer) -> audit.Actor:
    """A volunteer changing the rota by texting the line, for the audit log."""
    return audit.Actor(None, f"{volunteer.display_name} (by text)")


def new_code(session: Session) -> str:
    """A TAKE code no open shift has yet, like 4K2."""
    while True:
        code = f"{secrets.randbelow(9) + 1}{secrets.choice(CODE_LETTERS)}{secrets.randbelow(10)}"
        if session.scalar(select(ShiftChange.id).where(ShiftChange.code == code)) is None:
            return code


def _drop(session, volunteer, argument, line, now) -> str:
    lang = language(volunteer)
    upcoming = rota.upcoming_for(session, volunteer.id, now, line.timezone, 3)
    number = params.whole(argument, len(upcoming))
    if not number:
        return render("vol_bad_number", lang)
    occurrence = upcoming[number - 1]
    shown = label(occurrence.starts_at, occurrence.ends_at, line.timezone)
    if occurrence.extra_shift_id is not None:
        session.delete(session.get(ExtraShift, occurrence.extra_shift_id))
        audit.record(session, by_text(volunteer), "extra_shift.delete", "extra_shift",
                     occurrence.extra_shift_id, summary=f"{volunteer.display_name} dropped {shown}")
        return render("vol_dropped", lang, shift=shown)
    change = _change_for(session, occurrence)
    if change.covered_by_id == volunteer.id:
        change.covered_by_id, change.covered_at = None, None  # was covering: open again
    else:
        change.dropped = True
    change.code = change.code or new_code(session)
    session.flush()
    audit.record(session, by_text(volunteer), "shift.drop", "shift", occurrence.shift_id,
                 after={"occurs_on": occurrence.occurs_on, "code": change.code},
                 summary=f"{volunteer.display_name} dropped {shown} by text")
    _offer(session, change, volunteer, shown, line)
    outbox.add(session, "check_open_shift", {"change_id": change.id},
               run_at=max(now, occurrence.starts_at - timedelta(hours=OPEN_SHIFT_ALERT_HOURS)))
    return render("vol_dropped", lang, shift=shown)


def _change_for(session: Session, occurrence) -> ShiftChange:
    change = session.scalar(select(ShiftChange).where(
        ShiftChange.shift_id == occurrence.shift_id, ShiftChange.occurs_on == occurrence.occurs_on))
    if change is None:
        change = ShiftChange(shift_id=occurrence.shift_id, occurs_on=occurrence.occurs_on)
        session.add(change)
    return change


def _others(session: Session, *excluded: int | None) -> list[Volunteer]:
    """Active volunteers but these, leaving out anyone who texted STOP to the line."""
    people = list(session.scalars(select(Volunteer).where(
        Volunteer.active.is_(True), Volunteer.id.not_in([e for e in excluded if e is not None]))
        .order_by(Volunteer.id)))
    stopped = texts_stopped(session, [v.phone for v in people]) if people else set()
    return [v for v in people if v.phone not in stopped]


def _offer(session, change: ShiftChange, dropper: Volunteer, shown: str, line: Line) -> None:
    """Text every other active volunteer: reply TAKE code."""
    for other in _others(session, dropper.id):
        body = render("vol_offer", language(other), shift=shown, code=change.code,
                            **line.text_params)
        queue_text(session, to=other.phone, body=body, purpose="open_shift_offer",
                   key=f"offer:{change.id}:{change.code}:{other.id}", volunteer_id=other.id)


def _take(session, volunteer, argument, line, now) -> str:
    lang = language(volunteer)
    code = re.sub(r"[^A-Z0-9]", "", argument.upper())[:8]
    change = session.scalar(select(ShiftChange).where(ShiftChange.code == code)) if code else None
    if change is None or span(change, line.timezone)[1] <= now:
        return render("vol_no_code", lang, code=code or "?")
    shown = label(*span(change, line.timezone), line.timezone)
    won = session.execute(
        update(ShiftChange)
        .where(ShiftChange.id == change.id, ShiftChange.covered_by_id.is_(None))
        .values(covered_by_id=volunteer.id, covered_at=now)
    ).rowcount == 1  # the database decides: exactly one taker wins, however many at once
    if not won:
        return render("vol_taken", lang, shift=shown)
    audit.record(session, by_text(volunteer), "shift.cover", "shift", change.shift_id,
                 after={"occurs_on": change.occurs_on, "covered_by": volunteer.display_name},
                 summary=f"{volunteer.display_name} took {shown} by text")
    dropper = change.shift.volunteer_id
    for other in _others(session, volunteer.id, dropper):
        queue_text(session, to=other.phone, purpose="open_shift_covered",
                   body=render("vol_covered", language(other), shift=shown,
                                     **line.text_params),
                   key=f"covered:{change.id}:{change.code}:{other.id}", volunteer_id=other.id)
    return render("vol_took", lang, shift=shown)


def _who(session, volunteer, argument, line, now) -> str:
    people = [v.display_name for v in rota.on_duty(session, now, line.timezone)]
    if not people:
        return render("vol_nobody", language(volunteer))
    return render("vol_who", language(volunteer), people=", ".join(people))


def acceptable_pin(digits: str) -> bool:
    """4 to 8 ASCII digits, not all one digit (0000) and not a straight run up or down, the
    keypad's 0 following 9 (1234, 4321, 7890)."""
    if not PIN_DIGITS.fullmatch(digits):
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    return steps not in ({0}, {1}, {9})


def _pin(session, volunteer, argument, line, now) -> str:
    """PIN 4821: the PIN for the phone menu, kept as a hash; the reply never repeats it."""
    digits = argument.strip()
    if not acceptable_pin(digits):
        return render("vol_pin_bad", language(volunteer))
    volunteer.pin_hash = generate_password_hash(digits)
    return render("vol_pin_set", language(volunteer))


def volunteer_with_phone(session: Session, phone: str) -> Volunteer | None:
    """The active volunteer whose phone this is, if any."""
    return session.scalar(select(Volunteer).where(Volunteer.phone == phone,
                                                  Volunteer.active.is_(True)))
