"""The audit log: every change that matters, with who made it, when, and before -> after.

Adapters record what a signed-in person (or the command line) changed, in the same
transaction as the change:

    audit.record(session, actor, "volunteer.edit", "volunteer", volunteer.id,
                 before=before, after=audit.snapshot(volunteer, FIELDS),
                 summary=f"Edited {volunteer.display_name}")

Phone numbers never reach the log whole: any field whose name contains "phone" keeps only
its last four digits, and free text is cut to a fixed length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from helpline.audit.models import AuditEvent
from helpline.db import utcnow

TEXT_CHARS = 200  # a longer value is cut: the log is for who-did-what, not a copy of the data
SUMMARY_CHARS = 200


@dataclass(frozen=True)
class Actor:
    """Who made a change: a signed-in coordinator (id and e-mail), or the command line."""

    id: int | None
    label: str


COMMAND_LINE = Actor(None, "command line")
THE_LINE = Actor(None, "the line")  # a change the line made itself (a volunteer's text, a job)


def mask_phone(value: Any) -> Any:
    """"+13025550144" -> "…0144": enough to tell two numbers apart, never enough to dial."""
    if not isinstance(value, str) or not value:
        return value
    digits = [c for c in value if c.isdigit()]
    return "…" + "".join(digits[-4:]) if digits else "…"


def _plain(key: str, value: Any) -> Any:
    if "phone" in key.lower():
        return mask_phone(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str) and len(value) > TEXT_CHARS:
        return value[:TEXT_CHARS] + "…"
    if isinstance(value, list | tuple):
        return [_plain(key, item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict:
    """The named attributes of a model, as JSON-safe values with phone numbers masked."""
    return {name: _plain(name, getattr(obj, name)) for name in fields}


def clean(values: dict | None) -> dict | None:
    """A before/after mapping made JSON-safe, phone numbers masked."""
    if values is None:
        return None
    return {key: _plain(key, value) for key, value in values.items()}


def changed(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the keys whose value differs (both sides), so an edit reads as what it changed."""
    if before is None or after is None:
        return before, after
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def record(session: Session, actor: Actor, action: str, subject_type: str,
           subject_id: Any = None, *, before: dict | None = None, after: dict | None = None,
           summary: str = "") -> AuditEvent:
    """Add one audit event to the session (committed with the change it describes)."""
    before, after = changed(clean(before), clean(after))
    event = AuditEvent(
        at=utcnow(), actor_id=actor.id, actor_label=actor.label[:120], action=action[:60],
        subject_type=subject_type[:40],
        subject_id=None if subject_id is None else str(subject_id)[:40],
        summary=summary[:SUMMARY_CHARS], before=before, after=after)
    session.add(event)
    return event
