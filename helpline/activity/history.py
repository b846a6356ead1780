"""The Activity list: calls and text conversations, newest first, filtered by local dates,
outcome and urgency. By case code and codename with who took it; never numbers or words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from helpline.activity import shown, voicemails
from helpline.calls.models import Call, Voicemail
from helpline.conversations.models import Conversation
from helpline.models import Contact
from volunteers.models import Volunteer

KINDS = ("calls", "conversations")
CALL_OUTCOMES = ("answered", "forwarded", "voicemail", "abandoned", "blocked", "after_hours",
                 "no_answer", "info", "in_progress")
CONVERSATION_OUTCOMES = ("waiting", "active", "closed", "unclaimed")
URGENCIES = ("urgent", "not_urgent")
CLOSED_BY = {"texter": "closed by the texter", "volunteer": "closed by the volunteer",
             "idle": "closed: nobody wrote for a while", "opt_out": "closed: the texter opted out"}


@dataclass(frozen=True)
class Filters:
    """What the coordinator asked to see; None means any. Dates are the line's, inclusive."""

    kind: str = "calls"
    since: date | None = None
    until: date | None = None
    outcome: str | None = None
    urgency: str | None = None

    def outcomes(self) -> tuple[str, ...]:
        """The outcomes this kind of activity can have, for the filter's choices."""
        return outcomes(self.kind)


def outcomes(kind: str) -> tuple[str, ...]:
    """The outcomes calls or conversations can have."""
    return CALL_OUTCOMES if kind == "calls" else CONVERSATION_OUTCOMES


@dataclass(frozen=True)
class Row:
    """One call or conversation in the list."""

    id: int
    at: str  # when it came in, local
    at_iso: str
    case_code: str
    codename: str
    language: str
    outcome: str  # in words
    wait: str  # time to answer (a call) or to claim (a conversation)
    taken_by: str
    urgent: bool


def count(session: Session, filters: Filters, zone: str) -> int:
    """How many calls or conversations match."""
    query = _calls(filters, zone) if filters.kind == "calls" else _conversations(filters, zone)
    return session.scalar(select(func.count()).select_from(query.subquery()))


def rows(session: Session, filters: Filters, zone: str, at: datetime, offset: int,
         limit: int) -> list[Row]:
    """One page of matching calls or conversations, newest first."""
    if filters.kind == "calls":
        found = session.execute(_calls(filters, zone).offset(offset).limit(limit)).all()
        return [_call_row(*row, zone) for row in found]
    found = session.execute(_conversations(filters, zone).offset(offset).limit(limit)).all()
    return [_conversation_row(*row, zone, at) for row in found]


def _between(column, filters: Filters, zone: str) -> list:
    tz, where = ZoneInfo(zone), []
    if filters.since:
        where.append(column >= datetime.combine(filters.since, time(), tz))
    if filters.until:
        where.append(column < datetime.combine(filters.until + timedelta(days=1), time(), tz))
    return where


def _calls(filters: Filters, zone: str) -> Select:
    urgent = voicemails.urgent()
    query = (select(Call, Contact.codename, Volunteer.display_name, Voicemail.handled_at,
                    Voicemail.id, urgent)
             .join(Contact, Contact.id == Call.contact_id)
             .outerjoin(Volunteer, Volunteer.id == Call.answered_by_id)
             .outerjoin(Voicemail, Voicemail.call_id == Call.id)
             .where(*_between(Call.created_at, filters, zone))
             .order_by(Call.created_at.desc(), Call.id.desc()))
    if filters.outcome == "in_progress":
        query = query.where(Call.outcome.is_(None))
    elif filters.outcome:
        query = query.where(Call.outcome == filters.outcome)
    if filters.urgency:
        query = query.where(urgent if filters.urgency == "urgent" else ~urgent)
    return query


def _call_row(call: Call, codename: str, taken: str | None, handled_at, voicemail_id,
              urgent: bool, zone: str) -> Row:
    outcome = (call.outcome or "in progress").replace("_", " ")
    if voicemail_id is not None:
        outcome += ", handled" if handled_at else ", not handled yet"
    return Row(call.id, shown.when(call.created_at, zone), call.created_at.isoformat(),
               call.case_code, codename, call.language, outcome,
               shown.duration(call.wait_seconds), taken or "", bool(urgent))


def _conversations(filters: Filters, zone: str) -> Select:
    query = (select(Conversation, Contact.codename, Volunteer.display_name)
             .join(Contact, Contact.id == Conversation.contact_id)
             .outerjoin(Volunteer, Volunteer.id == Conversation.volunteer_id)
             .where(*_between(Conversation.opened_at, filters, zone))
             .order_by(Conversation.opened_at.desc(), Conversation.id.desc()))
    if filters.outcome == "unclaimed":
        query = query.where(Conversation.status == "closed", Conversation.claimed_at.is_(None))
    elif filters.outcome:
        query = query.where(Conversation.status == filters.outcome)
    if filters.urgency:
        query = query.where(Conversation.urgent.is_(filters.urgency == "urgent"))
    return query


def conversation_outcome(conversation: Conversation) -> str:
    """Waiting, active, or how it closed (and whether anyone ever claimed it), in words."""
    if conversation.status != "closed":
        return conversation.status
    words = CLOSED_BY.get(conversation.closed_by or "", "closed")
    return words if conversation.claimed_at else f"{words}, never claimed"


def conversation_wait(conversation: Conversation, at: datetime) -> str:
    """From waiting (since it opened or was last passed back) to being claimed; so far while
    it waits; until it closed if nobody claimed it since."""
    claimed = conversation.claimed_at
    if claimed is not None and claimed < conversation.waiting_since:
        claimed = None  # the claim before a PASS
    end = claimed or conversation.closed_at or at
    return shown.duration(shown.between(conversation.waiting_since, end))


def _conversation_row(conversation: Conversation, codename: str, held: str | None, zone: str,
                      at: datetime) -> Row:
    return Row(conversation.id, shown.when(conversation.opened_at, zone),
               conversation.opened_at.isoformat(), conversation.case_code, codename,
               conversation.language, conversation_outcome(conversation),
               conversation_wait(conversation, at), held or "", conversation.urgent)
