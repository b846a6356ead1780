"""Blocked callers: a coordinator blocks a contact's calls for a while, with a reason.

A coordinator never needs the caller's number: they name the case code of one of the calls
(`7Q2`) or the contact's codename; an administrator at the command line may also give a
number. A blocked caller hears a polite message that still gives the crisis line, and the call
is recorded with the outcome "blocked". Blocks expire by themselves; lifting one ends it early.
Domain functions: a Session and plain values in, decisions out; the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.calls.models import Call
from helpline.contacts import directory
from helpline.models import Block, Contact, Coordinator
from helpline.phones import parse_sender

REASON_CHARS = 200
MAX_DAYS = 366  # a block always ends; a coordinator renews it deliberately
DEFAULT_DAYS = 30
_NUMBER_LIKE = re.compile(r"^\+?[\d\s().-]+$")


class BlockError(ValueError):
    """A block that cannot be made as asked (said in words a coordinator understands)."""


def active_block(session: Session, contact_id: int, now: datetime) -> Block | None:
    """The block in force for this contact at `now`, if any (the one ending last)."""
    return session.scalar(
        select(Block)
        .where(Block.contact_id == contact_id, Block.lifted_at.is_(None), Block.expires_at > now)
        .order_by(Block.expires_at.desc())
        .limit(1)
    )


def find_contact(session: Session, ref: str, region: str, *,
                 by_number: bool = True) -> Contact | None:
    """The contact a coordinator means: a call's case code, a codename, or (unless `by_number`
    is False, as on the web page) a phone number."""
    text = " ".join(ref.split())
    if not text:
        return None
    call = session.scalar(select(Call).where(func.upper(Call.case_code) == text.upper()))
    if call is not None:
        return session.get(Contact, call.contact_id)
    by_name = session.scalar(select(Contact).where(func.lower(Contact.codename) == text.lower()))
    if by_name is not None:
        return by_name
    sender = parse_sender(text, region)
    if not by_number or sender.kind != "phone":
        return None
    return directory.find_contact(session, sender.address)


def block(session: Session, contact: Contact, reason: str, now: datetime, *,
          days: float | None = None, until: datetime | None = None,
          by: int | None = None) -> Block:
    """Block this contact's calls until `until` (or for `days`, default 30). A block already
    in force for the contact is replaced (its end and reason become the new ones)."""
    if contact.kind != "phone":
        raise BlockError("This caller's number was hidden or is not a phone number; blocking "
                         "it would block everyone who calls that way.")
    words = " ".join(reason.split())
    if not words:
        raise BlockError("Give a reason: the next coordinator needs to know why.")
    if len(words) > REASON_CHARS:
        raise BlockError(f"Keep the reason under {REASON_CHARS} characters.")
    if until is None:
        until = now + timedelta(days=DEFAULT_DAYS if days is None else days)
    if until <= now:
        raise BlockError("The block must end in the future.")
    if until > now + timedelta(days=MAX_DAYS):
        raise BlockError(f"A block can last at most {MAX_DAYS} days; renew it when it ends.")
    current = active_block(session, contact.id, now)
    if current is not None:
        current.lifted_at, current.lifted_by_id = now, by
    made = Block(contact_id=contact.id, reason=words, expires_at=until, created_by_id=by,
                 created_at=now)
    session.add(made)
    session.flush()
    return made


def lift(session: Session, block_id: int, now: datetime, by: int | None = None) -> Block | None:
    """End a block now. None when there is no such block; a block already over is unchanged."""
    found = session.get(Block, block_id)
    if found is None:
        return None
    if found.lifted_at is None and found.expires_at > now:
        found.lifted_at, found.lifted_by_id = now, by
    return found


def listing(session: Session, now: datetime, *, include_ended: bool = False) -> list[Block]:
    """Blocks in force (soonest to end first), then, if asked, the 200 that ended last."""
    active = list(session.scalars(
        select(Block)
        .where(Block.lifted_at.is_(None), Block.expires_at > now)
        .order_by(Block.expires_at, Block.id)
    ))
    return active + recently_ended(session, now, 200) if include_ended else active


def looks_like_number(ref: str) -> bool:
    """Whether a reference is written as a phone number (seven digits or more)."""
    text = ref.strip()
    return bool(_NUMBER_LIKE.match(text)) and sum(c.isdigit() for c in text) >= 7


def end_of_local_day(day: date, timezone: str) -> datetime:
    """The UTC instant a block "until `day`" ends: the local midnight after that day."""
    midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))
    return midnight.astimezone(UTC)


def local_time(instant: datetime, timezone: str) -> str:
    """An instant as the line's wall-clock time, e.g. '2026-12-21 19:30 EST'."""
    return instant.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def state(found: Block, now: datetime) -> str:
    """'active', 'lifted' (ended early, or replaced by a newer block) or 'expired'."""
    if found.lifted_at is not None:
        return "lifted"
    return "active" if found.expires_at > now else "expired"


def recently_ended(session: Session, now: datetime, limit: int = 10) -> list[Block]:
    """The blocks that ended most recently, lifted or expired, latest first."""
    ended_at = func.coalesce(Block.lifted_at, Block.expires_at)
    return list(session.scalars(
        select(Block)
        .where((Block.lifted_at.is_not(None)) | (Block.expires_at <= now))
        .order_by(ended_at.desc(), Block.id.desc())
        .limit(limit)
    ))


@dataclass(frozen=True)
class BlockRow:
    """One block as a page or a command lists it: codenames and names, never a number."""

    id: int
    codename: str
    ends: str  # local time: when it will end, or when it ended
    ends_iso: str
    reason: str
    set_by: str | None
    state: str


def describe(session: Session, found: list[Block], now: datetime,
             timezone: str) -> list[BlockRow]:
    """Rows for these blocks, with the contact's codename and who set each block."""
    codenames = _names(session, Contact.id, Contact.codename, {b.contact_id for b in found})
    people = _names(session, Coordinator.id, Coordinator.display_name,
                    {b.created_by_id for b in found if b.created_by_id is not None})
    rows = []
    for b in found:
        ends = b.lifted_at or b.expires_at
        rows.append(BlockRow(b.id, codenames[b.contact_id], local_time(ends, timezone),
                             ends.isoformat(), b.reason, people.get(b.created_by_id),
                             state(b, now)))
    return rows


def _names(session: Session, key, name, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(key, name).where(key.in_(ids))).all())
