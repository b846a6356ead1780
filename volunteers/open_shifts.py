"""Gaps in the rota as spans of time, and asking volunteers to cover one ("find cover").

A gap is a run of back-to-back hours with fewer than the minimum scheduled (volunteers.coverage).
Finding cover for a gap texts, through the outbox and once per volunteer and thing asked (keyed):
- for each dropped, uncovered occurrence touching its hours: the offer DROP sends ("Reply TAKE
  4K2"), the change given a code first if it has none (a drop made on the rota page);
- for its hours no dropped occurrence touches: nothing can be TAKEn (the rota has no slot that
  belongs to nobody: a ShiftChange needs a volunteer's shift, an ExtraShift a volunteer), so a
  plain request to text ON at that time. ON puts a volunteer on duty; it does not add them to the
  rota (coverage counts the rota only), and the text says so.
Texts go to active volunteers who have not texted STOP, who did not drop that shift and who are
not scheduled at any time it (or the piece of gap) lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.line import Line
from helpline.models import OutboundMessage
from helpline.outbound import queue_text
from volunteers import coverage, rota
from volunteers.availability import texts_stopped
from volunteers.commands import label, language, new_code
from volunteers.models import ShiftChange, Volunteer

DAY = timedelta(days=1)


@dataclass(frozen=True)
class GapSpan:
    """Back-to-back hours with fewer than the minimum scheduled."""

    starts_at: datetime
    ends_at: datetime
    label: str  # "Tue 1 Dec 22:00–06:00", in the line's time
    fewest: int  # the fewest scheduled in any of its hours
    most: int  # the most scheduled in any of its hours
    hours: int

    @property
    def nobody(self) -> bool:
        """True when some hour of it has nobody scheduled at all."""
        return self.fewest == 0


@dataclass(frozen=True)
class Cover:
    """What finding cover did: volunteers texted now, open shifts offered, a gap still there."""

    texted: int
    offers: int
    still_a_gap: bool


def spans(hours: list[coverage.Gap], zone: str) -> list[GapSpan]:
    """Gap hours (in time order) joined into spans where one ends as the next begins."""
    runs: list[list[coverage.Gap]] = []
    for hour in hours:
        if runs and runs[-1][-1].ends_at == hour.starts_at:
            runs[-1].append(hour)
        else:
            runs.append([hour])
    return [GapSpan(run[0].starts_at, run[-1].ends_at,
                    span_label(run[0].starts_at, run[-1].ends_at, zone),
                    min(hour.count for hour in run), max(hour.count for hour in run), len(run))
            for run in runs]


def span_label(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    """'Tue 1 Dec 22:00–06:00'; a day or longer: 'Tue 1 Dec 22:00–Thu 3 Dec 06:00'."""
    tz = ZoneInfo(zone)
    first, last = starts_at.astimezone(tz), ends_at.astimezone(tz)
    if ends_at - starts_at >= DAY:
        return f"{_day(first)} {first:%H:%M}–{_day(last)} {last:%H:%M}"
    return f"{_day(first)} {first:%H:%M}–{last:%H:%M}"


def _day(local: datetime) -> str:
    return f"{local:%a} {local.day} {local:%b}"


def hour_start(now: datetime, zone: str) -> datetime:
    """The start of the local hour `now` is in (UTC): gaps are listed from there."""
    local = now.astimezone(ZoneInfo(zone))
    return local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)


def upcoming(session: Session, now: datetime, days: int, zone: str, minimum: int
             ) -> list[GapSpan]:
    """The gaps from the current hour to `days` days from now, as spans."""
    return spans(coverage.gaps(session, hour_start(now, zone), now + days * DAY, zone, minimum),
                 zone)


def find_cover(session: Session, line: Line, starts_at: datetime, ends_at: datetime,
               minimum: int, now: datetime) -> Cover:
    """Ask volunteers to cover what is still a gap of [starts_at, ends_at) (rules in the module
    docstring). Flushes, never commits."""
    hours = coverage.gaps(session, max(starts_at, hour_start(now, line.timezone)), ends_at,
                          line.timezone, minimum)
    if not hours:
        return Cover(0, 0, still_a_gap=False)
    around = rota.occurrences(session, hours[0].starts_at - DAY, hours[-1].ends_at + DAY,
                              line.timezone)
    dropped = [o for o in around if o.volunteer is None and o.ends_at > now
               and any(_overlap(o, h) for h in hours)]
    rest = [h for h in hours if not any(_overlap(o, h) for o in dropped)]
    people = _reachable(session)
    texts = []
    for occurrence in dropped:
        texts += _offers(session, occurrence, people, around, line)
    for piece in spans(rest, line.timezone):
        texts += _asks(piece, people, around, line)
    return Cover(_queue(session, texts), len(dropped), still_a_gap=True)


def _overlap(a, b) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _reachable(session: Session) -> list[Volunteer]:
    """Active volunteers who have not texted STOP to the line, by id."""
    people = list(session.scalars(select(Volunteer).where(Volunteer.active.is_(True))
                                  .order_by(Volunteer.id)))
    stopped = texts_stopped(session, [v.phone for v in people]) if people else set()
    return [v for v in people if v.phone not in stopped]


def _free(people: list[Volunteer], around: list[rota.Occurrence], span) -> list[Volunteer]:
    """Those not scheduled at any time during `span`."""
    busy = {o.volunteer_id for o in around if o.volunteer is not None and _overlap(o, span)}
    return [v for v in people if v.id not in busy]


def _offers(session: Session, occurrence: rota.Occurrence, people: list[Volunteer],
            around: list[rota.Occurrence], line: Line) -> list[tuple]:
    """DROP's offer of this open occurrence, to each free volunteer but the one who dropped it."""
    change = session.scalar(select(ShiftChange).where(
        ShiftChange.shift_id == occurrence.shift_id,
        ShiftChange.occurs_on == occurrence.occurs_on))
    if change.code is None:
        change.code = new_code(session)
        session.flush()
    shown = label(occurrence.starts_at, occurrence.ends_at, line.timezone)
    return [(v, render("vol_offer", language(v), shift=shown, code=change.code,
                       **line.text_params), "open_shift_offer",
             f"cover-offer:{change.id}:{change.code}:{v.id}")
            for v in _free(people, around, occurrence)
            if v.id != occurrence.original_volunteer.id]


def _asks(piece: GapSpan, people: list[Volunteer], around: list[rota.Occurrence],
          line: Line) -> list[tuple]:
    """The request to text ON during a piece of gap no shift can fill, to each free volunteer."""
    key = "vol_gap_nobody" if piece.nobody else "vol_gap_short"
    shown = _text_label(piece.starts_at, piece.ends_at, line.timezone)
    until = f"{piece.ends_at.astimezone(ZoneInfo(line.timezone)):%H:%M}"
    stem = f"cover-ask:{_stamp(piece.starts_at)}:{_stamp(piece.ends_at)}"
    return [(v, render(key, language(v), shift=shown, time=until, **line.text_params),
             "gap_cover_request", f"{stem}:{v.id}") for v in _free(people, around, piece)]


def _text_label(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    """As DROP's offer names a shift ('Wed Nov 25 22:00-02:00'); with both days when a day or
    longer ('Wed Nov 25 22:00-Fri Nov 27 06:00')."""
    if ends_at - starts_at < DAY:
        return label(starts_at, ends_at, zone)
    first, last = starts_at.astimezone(ZoneInfo(zone)), ends_at.astimezone(ZoneInfo(zone))
    return (f"{first:%a %b} {first.day} {first:%H:%M}-{last:%a %b} {last.day} {last:%H:%M}")


def _queue(session: Session, texts: list[tuple]) -> int:
    """Queue the texts not queued before (by key); how many volunteers were texted now."""
    known = set(session.scalars(select(OutboundMessage.key).where(
        OutboundMessage.key.in_([key for *_, key in texts])))) if texts else set()
    texted = set()
    for volunteer, body, purpose, key in texts:
        if key not in known:
            queue_text(session, to=volunteer.phone, body=body, purpose=purpose, key=key,
                       volunteer_id=volunteer.id)
            texted.add(volunteer.id)
    return len(texted)


def _stamp(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%dT%H:%MZ}"
