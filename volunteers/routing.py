"""Whom to ring, in what order: the routing strategy a coordinator chose, and the fallback.

The strategy is the RotaSetting "routing", e.g. {"strategy": "priority", "fallback_number":
"+13025550199"}:
- "everyone": one round, every available volunteer at once (in priority order);
- "priority": one volunteer per round, by `priority` (lower first), then id;
- "fair_share": one per round, whoever was offered a call longest ago first (never offered
  before anyone), then id; the caller records offers with `note_offered`;
- "language": one per round, those who speak the caller's language first, each group in
  priority order.
An unknown stored strategy rings everyone (a caller must never wait on a settings typo).

When nobody is available the plan falls back to the backup group (active volunteers marked
`backup`, not busy, taking that channel, on duty or not), as one round; with no backup group, to
the fallback number. With neither the plan has `nobody` set and no rounds: the caller of
`ring_order` must then take a message (voicemail, call-back) and must not ring anyone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from volunteers import availability
from volunteers.models import RotaSetting, Volunteer

STRATEGIES = ("everyone", "priority", "fair_share", "language")
SETTING = "routing"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RingPlan:
    """Who to ring round by round, and what to do when nobody is there."""

    strategy: str
    rounds: list[list[Volunteer]]
    fallback: str | None = None  # None: on-duty volunteers; "backup": the backup group; "number"
    fallback_number: str | None = None  # the configured number, whenever there is one

    @property
    def nobody(self) -> bool:
        """Nobody to ring and no number to forward to: take a message instead."""
        return not self.rounds and self.fallback_number is None


# This process's last read of the setting, per database: what the voice fallback can still
# tell a caller when the database itself is failing.
_last_read: dict[str, dict] = {}


def settings(session: Session) -> dict:
    """The line's routing setting ({} when the coordinator has not chosen one)."""
    row = session.get(RotaSetting, SETTING)
    value = dict(row.value or {}) if row is not None else {}
    _last_read[_database_key(session.get_bind())] = dict(value)
    return value


def change(session: Session, strategy: str, fallback_number: str | None) -> tuple[dict, dict]:
    """Choose the strategy and the fallback number (E.164 or None); (before, after)."""
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}, not {strategy!r}")
    before = settings(session)
    after = {**before, "strategy": strategy, "fallback_number": fallback_number}
    session.merge(RotaSetting(key=SETTING, value=after))
    return before, after


def last_known_fallback_number(engine: Engine) -> str | None:
    """The fallback number as last read in this process from this engine's database (None if
    never read, or none set). Reads nothing."""
    return _last_read.get(_database_key(engine), {}).get("fallback_number") or None


def _database_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def ring_order(session: Session, at: datetime, zone: str, *, language: str = "en",
               strategy: str | None = None, for_: str = "calls") -> RingPlan:
    """The plan for a call (or, with for_="texts", a conversation) arriving at `at`: the
    strategy given, else the stored one. Does not record offers: see `note_offered`."""
    if strategy is not None and strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}, not {strategy!r}")
    stored = settings(session)
    chosen = strategy or stored.get("strategy") or "everyone"
    if chosen not in STRATEGIES:
        log.warning("unknown routing strategy %r in settings: ringing everyone", chosen)
        chosen = "everyone"
    number = stored.get("fallback_number") or None
    people = availability.available(session, at, zone, for_=for_)
    if people:
        return RingPlan(chosen, _rounds(chosen, people, language), None, number)
    backups = backup_group(session, for_=for_, at=at)
    if backups:
        return RingPlan(chosen, [backups], "backup", number)
    return RingPlan(chosen, [], "number" if number else None, number)


def backup_group(session: Session, *, for_: str = "calls", at: datetime | None = None
                 ) -> list[Volunteer]:
    """Active volunteers marked backup who take this channel and are not busy at `at` (now),
    by priority then id."""
    at = at or datetime.now(UTC)
    people = [v for v in session.scalars(
        select(Volunteer)
        .where(Volunteer.active.is_(True), Volunteer.backup.is_(True),
               Volunteer.takes.in_((for_, "both")))
        .order_by(Volunteer.priority, Volunteer.id)
    ) if not availability.busy(v, at)]
    if for_ == "texts" and people:
        stopped = availability.texts_stopped(session, [v.phone for v in people])
        people = [v for v in people if v.phone not in stopped]
    return people


def note_offered(session: Session, volunteer_ids: list[int], at: datetime) -> None:
    """Record that these volunteers were offered a call at `at` (for fair share)."""
    if not volunteer_ids:
        return
    chosen = select(Volunteer).where(Volunteer.id.in_(list(volunteer_ids)))
    for volunteer in session.scalars(chosen):
        volunteer.last_offered_at = at
    session.flush()


def _rounds(strategy: str, people: list[Volunteer], language: str) -> list[list[Volunteer]]:
    by_priority = sorted(people, key=lambda v: (v.priority, v.id))
    if strategy == "everyone":
        return [by_priority]
    if strategy == "fair_share":
        ordered = sorted(people, key=lambda v: (
            v.last_offered_at is not None,
            v.last_offered_at.timestamp() if v.last_offered_at else 0.0, v.id))
    elif strategy == "language":
        wanted = _primary(language)
        speaks = [v for v in by_priority if wanted in {_primary(c) for c in v.language_codes}]
        ordered = speaks + [v for v in by_priority if v.id not in {s.id for s in speaks}]
    else:
        ordered = by_priority
    return [[volunteer] for volunteer in ordered]


def _primary(code: str) -> str:
    """"es-MX" -> "es"."""
    return code.strip().lower().split("-")[0].split("_")[0]
