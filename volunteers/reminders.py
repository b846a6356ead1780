"""Shift reminders for volunteers; open shifts and rota gaps for coordinators: when to text whom
and what.

Reminders. Each lead in SHIFT_REMINDER_HOURS gives each occurrence one reminder, to whoever is on
it. Whole-day leads count on the local clock (24 h before a 19:00 shift is 19:00 the day before,
whatever the clocks do); others are real time. A whole-day reminder falling in QUIET_HOURS moves
to the hour before they begin (20:00) of its own day (for 24 h: the evening before the shift),
unless more than half of the shift is in quiet hours (a night shift); shorter leads may fall at
night. Of two at one instant only the shorter lead's is kept. The planner adds each to the outbox
once (keyed); text_reminder texts only if the occurrence is still that volunteer's, they are active,
the reminder is still the one planned (if the shift or settings changed, the planner adds the new
one) and it is late by no more than a quarter of the notice it gives.

Gap alerts. Hours of the next GAP_ALERT_HOURS with fewer than COVERAGE_MINIMUM volunteers
scheduled, joined into gaps (followed a day further to show where they end). A gap holding an
hour not told yet is texted to each active coordinator with a phone and all its hours remembered
(RotaSetting "gap_alerts"): each gap is told once; one that never ends, again each day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline import catalog, outbox
from helpline.catalog.render import fit, render, segments
from helpline.line import Line
from helpline.models import Coordinator, OutboxItem
from helpline.outbound import queue_text
from volunteers import coverage, rota
from volunteers.commands import label, span
from volunteers.models import ExtraShift, RotaSetting, Shift, ShiftChange, Volunteer

REMINDER_JOB = "send_shift_reminder"
LATE = timedelta(minutes=10)  # the planner still adds a reminder this far past its time
DAY, HOUR, TICK = timedelta(days=1), timedelta(hours=1), timedelta(microseconds=1)
GAP_MEMORY = "gap_alerts"  # the RotaSetting row holding the gap hours coordinators were told
GAP_FOLLOW = timedelta(hours=24)  # how far past the window a gap is followed, to show its end


# Shift reminders


@dataclass(frozen=True)
class ReminderRules:
    """When shift reminders go out: the leads before each occurrence, and the quiet hours."""

    leads: tuple[timedelta, ...]
    quiet: tuple[time, time]  # local; the same time twice: no quiet hours

    @classmethod
    def from_config(cls, config: Mapping) -> ReminderRules:
        """Read SHIFT_REMINDER_HOURS and QUIET_HOURS from the app config."""
        leads = tuple(timedelta(hours=hours) for hours in config["SHIFT_REMINDER_HOURS"])
        return cls(leads, tuple(config["QUIET_HOURS"]))


@dataclass(frozen=True)
class Reminder:
    """One reminder of one occurrence."""

    lead: timedelta
    at: datetime
    moved: bool = False  # out of quiet hours, to the evening


def reminders(occurrence: rota.Occurrence, zone: str, rules: ReminderRules) -> list[Reminder]:
    """The occurrence's reminders in time order (rules in the module docstring)."""
    found = {}
    for lead in sorted(rules.leads, reverse=True):  # the shorter lead wins a shared instant
        reminder = _reminder(occurrence, lead, ZoneInfo(zone), rules.quiet)
        found[reminder.at] = reminder
    return sorted(found.values(), key=lambda reminder: reminder.at)


def _reminder(occurrence: rota.Occurrence, lead: timedelta, tz: ZoneInfo,
              quiet: tuple[time, time]) -> Reminder:
    if lead % DAY:
        return Reminder(lead, occurrence.starts_at - lead)
    local = occurrence.starts_at.astimezone(tz)
    day = local.date() - DAY * (lead // DAY)
    at = rota.instant_of(day, local.time(), tz)
    if _is_quiet(at, tz, quiet) and not _night_shift(occurrence, tz, quiet):
        evening = time((quiet[0].hour - 1) % 24, quiet[0].minute)
        return Reminder(lead, rota.instant_of(day, evening, tz), moved=True)
    return Reminder(lead, at)


def _is_quiet(at: datetime, tz: ZoneInfo, quiet: tuple[time, time]) -> bool:
    begin, end = quiet
    clock = at.astimezone(tz).time()
    return begin <= clock < end if begin <= end else (clock >= begin or clock < end)


def _night_shift(occurrence: rota.Occurrence, tz: ZoneInfo, quiet: tuple[time, time]) -> bool:
    """More than half of the occurrence falls in quiet hours."""
    begin, end = quiet
    inside, day = timedelta(0), occurrence.starts_at.astimezone(tz).date() - DAY
    while begin != end and day <= occurrence.ends_at.astimezone(tz).date():
        opens = rota.instant_of(day, begin, tz)
        closes = rota.instant_of(day + (DAY if end <= begin else timedelta(0)), end, tz)
        overlap = min(closes, occurrence.ends_at) - max(opens, occurrence.starts_at)
        inside, day = inside + max(overlap, timedelta(0)), day + DAY
    return inside * 2 > occurrence.ends_at - occurrence.starts_at


def plan_reminders(session: Session, zone: str, rules: ReminderRules, now: datetime) -> int:
    """Add to the outbox each reminder not yet there of the occurrences coming up (none more than
    LATE past its time). Returns how many were added. Flushes, never commits."""
    if not rules.leads:
        return 0
    wanted = {}
    # A whole-day lead may be an hour longer (DST) or moved to the evening: a day covers both.
    for occurrence in rota.occurrences(session, now, now + max(rules.leads) + DAY, zone):
        volunteer = occurrence.volunteer
        if volunteer is None or not volunteer.active or occurrence.starts_at <= now:
            continue
        for reminder in reminders(occurrence, zone, rules):
            if reminder.at >= now - LATE:
                payload = _payload(occurrence, reminder)
                wanted[reminder_key(**payload)] = (payload, reminder.at)
    known = set(session.scalars(select(OutboxItem.key).where(OutboxItem.key.in_(list(wanted)))))
    for key, (payload, at) in wanted.items():
        if key not in known:
            outbox.add(session, REMINDER_JOB, payload, run_at=at).key = key
    return len(wanted.keys() - known)


def _payload(occurrence: rota.Occurrence, reminder: Reminder) -> dict:
    hours = reminder.lead / HOUR
    which = ({"shift_id": occurrence.shift_id} if occurrence.extra_shift_id is None
             else {"extra_shift_id": occurrence.extra_shift_id})
    return {**which, "occurs_on": occurrence.occurs_on.isoformat(),
            "volunteer_id": occurrence.volunteer_id,
            "lead": int(hours) if hours.is_integer() else hours, "at": reminder.at.isoformat()}


def reminder_key(*, volunteer_id: int, occurs_on: str, lead: float, at: str,
                 shift_id: int | None = None, extra_shift_id: int | None = None) -> str:
    """The idempotency key of one planned reminder (its outbox item and its text)."""
    which = f"s{shift_id}" if extra_shift_id is None else f"x{extra_shift_id}"
    return f"shift-reminder:{which}:{occurs_on}:v{volunteer_id}:{lead:g}h:{at}"


def text_reminder(session: Session, line: Line, rules: ReminderRules, now: datetime, *,
                  volunteer_id: int, occurs_on: str, lead: float, at: str,
                  shift_id: int | None = None, extra_shift_id: int | None = None) -> bool:
    """Queue the planned reminder's text if it still holds at `now` (module docstring); whether
    it did. Flushes, never commits."""
    occurrence = find_occurrence(session, line.timezone, date.fromisoformat(occurs_on),
                                 shift_id=shift_id, extra_shift_id=extra_shift_id)
    reminder = _still_due(occurrence, volunteer_id, timedelta(hours=lead),
                          datetime.fromisoformat(at), line.timezone, rules, now)
    if reminder is None:
        return False
    volunteer, lang = occurrence.volunteer, _lang(occurrence.volunteer)
    body = render(
        "vol_shift_reminder", lang, **line.text_params,
        shift=label(occurrence.starts_at, occurrence.ends_at, line.timezone),
        starts_in=_starts_in(reminder, occurrence, line.timezone, lang))
    key = reminder_key(volunteer_id=volunteer_id, occurs_on=occurs_on, lead=lead, at=at,
                       shift_id=shift_id, extra_shift_id=extra_shift_id)
    queue_text(session, to=volunteer.phone, body=body, purpose="shift_reminder", key=key,
               volunteer_id=volunteer.id)
    return True


def find_occurrence(session: Session, zone: str, occurs_on: date, *, shift_id: int | None = None,
                    extra_shift_id: int | None = None) -> rota.Occurrence | None:
    """The occurrence as the rota has it now, after its changes; None if there is none."""
    if extra_shift_id is not None:
        extra = session.get(ExtraShift, extra_shift_id)
        starts_at = None if extra is None else extra.starts_at
    else:
        shift = session.get(Shift, shift_id)
        starts_at = None if shift is None else rota.instant_of(occurs_on, shift.starts,
                                                               ZoneInfo(zone))
    if starts_at is None:
        return None
    wanted = (shift_id, extra_shift_id, occurs_on)
    return next((o for o in rota.occurrences(session, starts_at, starts_at + TICK, zone)
                 if (o.shift_id, o.extra_shift_id, o.occurs_on) == wanted), None)


def _still_due(occurrence: rota.Occurrence | None, volunteer_id: int, lead: timedelta,
               at: datetime, zone: str, rules: ReminderRules, now: datetime) -> Reminder | None:
    """The reminder, if it is still this volunteer's and still the one planned at `at`."""
    if (occurrence is None or occurrence.volunteer_id != volunteer_id
            or not occurrence.volunteer.active):
        return None  # dropped, handed on, or the volunteer was deactivated
    reminder = next((r for r in reminders(occurrence, zone, rules) if r.lead == lead), None)
    if reminder is None or reminder.at != at:
        return None  # the shift or the settings changed since: the planner adds the new one
    if now - at > (occurrence.starts_at - at) / 4:
        return None  # so late that what it says about the start would be wrong
    return reminder


def _lang(volunteer: Volunteer) -> str:
    first = (volunteer.language_codes or ["en"])[0].split("-")[0].lower()
    return "es" if first == "es" else "en"


def _starts_in(reminder: Reminder, occurrence: rota.Occurrence, zone: str, lang: str) -> str:
    """'in 24 hours', 'in 1 hour', 'in 90 minutes'; 'tomorrow' when moved to the evening."""
    words = catalog.STARTS_IN[lang]
    if reminder.moved:
        tz = ZoneInfo(zone)
        days = (occurrence.starts_at.astimezone(tz).date() - reminder.at.astimezone(tz).date()).days
        return words["tomorrow"] if days == 1 else words["days"].format(n=days)
    minutes = round(reminder.lead / timedelta(minutes=1))
    if minutes % 60:
        return words["minutes"].format(n=minutes)
    return words["hour"] if minutes == 60 else words["hours"].format(n=minutes // 60)


# Open shifts and gap alerts


def alert_open_shift(session: Session, line: Line, change_id: int, now: datetime) -> bool:
    """Text the coordinators if a dropped shift is still open (and not over), once; whether it
    did. Flushes, never commits."""
    change = session.get(ShiftChange, change_id)
    if change is None or not change.dropped or change.covered_by_id is not None:
        return False
    starts, ends = span(change, line.timezone)
    if ends <= now or change.gap_alerted_at is not None:
        return False
    people = session.scalars(select(Coordinator).where(
        Coordinator.active.is_(True), Coordinator.phone.is_not(None)))
    shown = label(starts, ends, line.timezone)
    for person in people:
        body = render("coord_open_shift", "en", shift=shown,
                            who=change.shift.volunteer.display_name, **line.text_params)
        queue_text(session, to=person.phone, body=body, purpose="open_shift_alert",
                   key=f"open-shift:{change.id}:{person.id}")
    change.gap_alerted_at = now
    return True


def alert_new_gaps(session: Session, line: Line, now: datetime, window: timedelta,
                   minimum: int) -> int:
    """Queue one text per active coordinator with a phone listing the gaps they were not told
    about, and remember those gaps' hours. Returns how many texts. Flushes, never commits."""
    people = list(session.scalars(select(Coordinator).where(
        Coordinator.active.is_(True), Coordinator.phone.is_not(None)).order_by(Coordinator.id)))
    told = _told(session)
    runs = new_gaps(session, line.timezone, now, window, minimum, told)
    if not people or not runs:
        return 0
    hours = {_stamp(gap.starts_at) for run in runs for gap in run}
    body = _gaps_text([_gap_label(run, line.timezone) for run in runs], line)
    first = min(hours - told)
    for person in people:
        queue_text(session, to=person.phone, body=body, purpose="gap_alert",
                   key=f"gap-alert:{person.id}:{first}")
    _remember(session, told | hours, now)
    return len(people)


def new_gaps(session: Session, zone: str, now: datetime, window: timedelta, minimum: int,
             told: set[str]) -> list[list[coverage.Gap]]:
    """Gaps (runs of back-to-back hours with fewer than `minimum` scheduled) holding an hour of
    the next `window` that is not in `told`; each followed up to GAP_FOLLOW past the window."""
    start = now.astimezone(ZoneInfo(zone)).replace(minute=0, second=0, microsecond=0)
    end = now + window
    runs: list[list[coverage.Gap]] = []
    for gap in coverage.gaps(session, start.astimezone(UTC), end + GAP_FOLLOW, zone, minimum):
        if runs and runs[-1][-1].ends_at == gap.starts_at:
            runs[-1].append(gap)
        else:
            runs.append([gap])
    return [run for run in runs
            if any(gap.starts_at < end and _stamp(gap.starts_at) not in told for gap in run)]


def _gap_label(run: list[coverage.Gap], zone: str) -> str:
    """'Wed 02:00-05:00', 'Wed 22:00-02:00'; a day or longer: 'Wed 22:00-Fri 02:00'."""
    first, last = run[0].local, run[-1].ends_at.astimezone(ZoneInfo(zone))
    long = run[-1].ends_at - run[0].starts_at >= DAY
    return f"{first:%a %H:%M}-{last:%a %H:%M}" if long else f"{first:%a %H:%M}-{last:%H:%M}"


def _gaps_text(labels: list[str], line: Line) -> str:
    """The alert, listing as many gaps as fit in two segments and counting the rest."""
    for shown in range(len(labels), 0, -1):
        more = len(labels) - shown
        body = render("coord_gaps_more" if more else "coord_gaps", "en", max_segments=9,
                            gaps=", ".join(labels[:shown]), more=str(more), **line.text_params)
        if segments(body) <= 2:
            return body
    return fit(body)


def _told(session: Session) -> set[str]:
    row = session.get(RotaSetting, GAP_MEMORY)
    return set((row.value or {}).get("hours", ())) if row is not None else set()


def _remember(session: Session, hours: set[str], now: datetime) -> None:
    """Keep the gap hours told, forgetting those over a day old."""
    value = {"hours": sorted(hour for hour in hours if hour >= _stamp(now - DAY))}
    row = session.get(RotaSetting, GAP_MEMORY)
    if row is None:
        session.add(RotaSetting(key=GAP_MEMORY, value=value))
    else:
        row.value = value


def _stamp(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%dT%H:%MZ}"
