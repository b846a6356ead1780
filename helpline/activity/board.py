"""What the coordinator's home page shows: plain values, no phone numbers, no message bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.calls.models import Call, Voicemail
from helpline.conversations.models import OPEN, Conversation
from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Contact, InboundMessage, OutboundMessage
from volunteers.availability import busy
from volunteers.models import Volunteer
from volunteers.rota import on_duty


@dataclass(frozen=True)
class RecentText:
    """One inbound text as the board lists it."""

    at: str
    codename: str
    intent: str
    language: str


@dataclass(frozen=True)
class RecentCall:
    """One call as the board lists it: by case code and codename, never a number."""

    at: str
    case_code: str
    codename: str
    language: str
    outcome: str  # the final outcome, or what is happening now
    wait: str  # "0:42", or "" when the caller never waited
    answered_by: str
    voicemail_id: int | None


@dataclass(frozen=True)
class OpenConversation:
    """One waiting or active text conversation: case code and codename, never a body."""

    case_code: str
    codename: str
    language: str
    urgent: bool
    status: str  # waiting | active
    since: str  # waiting since, or claimed at (local time)
    waited: str  # "4:10" so far (waiting) or before the claim (active)
    held_by: str


@dataclass(frozen=True)
class Board:
    """The home page's figures."""

    on_duty: list[str]
    recent: list[RecentText]
    texts_today: int
    crisis_today: int
    outbound_by_status: dict[str, int]
    calls: list[RecentCall]
    calls_by_outcome: dict[str, int]
    waiting: list[OpenConversation]
    active: list[OpenConversation]


def board(session: Session, line: Line, recent: int = 20) -> Board:
    """Gather the home page's figures for the last 24 hours."""
    now, zone = utcnow(), ZoneInfo(line.timezone)
    since = now - timedelta(hours=24)
    rows = session.execute(
        select(InboundMessage.received_at, Contact.codename, InboundMessage.intent,
               InboundMessage.language)
        .join(Contact).order_by(InboundMessage.id.desc()).limit(recent)
    ).all()
    intents = dict(session.execute(
        select(InboundMessage.intent, func.count()).where(InboundMessage.received_at >= since)
        .group_by(InboundMessage.intent)
    ).all())
    statuses = dict(session.execute(
        select(OutboundMessage.status, func.count()).where(OutboundMessage.created_at >= since)
        .group_by(OutboundMessage.status)
    ).all())
    conversations = open_conversations(session, zone, now)
    return Board(
        waiting=[c for c in conversations if c.status == "waiting"],
        active=[c for c in conversations if c.status == "active"],
        calls=recent_calls(session, zone, recent),
        calls_by_outcome=dict(session.execute(
            select(func.coalesce(Call.outcome, "in progress"), func.count())
            .where(Call.created_at >= since).group_by(Call.outcome)).all()),
        on_duty=[f"{v.display_name} (on a call)" if busy(v, now) else v.display_name
                 for v in on_duty(session, now, line.timezone)],
        recent=[RecentText(at.astimezone(zone).strftime("%a %H:%M"), name, intent, lang)
                for at, name, intent, lang in rows],
        texts_today=sum(intents.values()),
        crisis_today=intents.get("crisis", 0),
        outbound_by_status=statuses,
    )


def recent_calls(session: Session, zone: ZoneInfo, limit: int = 20) -> list[RecentCall]:
    """The latest calls, newest first."""
    rows = session.execute(
        select(Call, Contact.codename, Volunteer.display_name, Voicemail.id)
        .join(Contact, Contact.id == Call.contact_id)
        .outerjoin(Volunteer, Volunteer.id == Call.answered_by_id)
        .outerjoin(Voicemail, Voicemail.call_id == Call.id)
        .order_by(Call.id.desc()).limit(limit)
    ).all()
    return [RecentCall(
        at=call.created_at.astimezone(zone).strftime("%a %H:%M"), case_code=call.case_code,
        codename=codename, language=call.language,
        outcome=(call.outcome or call.status).replace("_", " "),
        wait=_minutes(call.wait_seconds), answered_by=answered or "",
        voicemail_id=voicemail_id,
    ) for call, codename, answered, voicemail_id in rows]


def open_conversations(session: Session, zone: ZoneInfo, now) -> list[OpenConversation]:
    """Waiting conversations (urgent first, then the longest waiting) and active ones."""
    rows = session.execute(
        select(Conversation, Contact.codename, Volunteer.display_name)
        .join(Contact, Contact.id == Conversation.contact_id)
        .outerjoin(Volunteer, Volunteer.id == Conversation.volunteer_id)
        .where(Conversation.status.in_(OPEN))
        .order_by(Conversation.urgent.desc(), Conversation.waiting_since, Conversation.id)
    ).all()
    return [OpenConversation(
        case_code=c.case_code, codename=codename, language=c.language, urgent=c.urgent,
        status=c.status, held_by=held or "",
        since=(c.claimed_at if c.status == "active" else c.waiting_since)
        .astimezone(zone).strftime("%a %H:%M"),
        waited=_minutes(((c.claimed_at if c.status == "active" else now) - c.waiting_since)
                        .total_seconds()),
    ) for c, codename, held in rows]


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
