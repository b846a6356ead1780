"""What the coordinator's home page shows: plain values, no phone numbers, no message bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.db import utcnow
from helpline.line import Line
from helpline.models import Contact, InboundMessage, OutboundMessage
from volunteers.rota import on_duty


@dataclass(frozen=True)
class RecentText:
    """One inbound text as the board lists it."""

    at: str
    codename: str
    intent: str
    language: str


@dataclass(frozen=True)
class Board:
    """The home page's figures."""

    on_duty: list[str]
    recent: list[RecentText]
    texts_today: int
    crisis_today: int
    outbound_by_status: dict[str, int]


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
    return Board(
        on_duty=[v.display_name for v in on_duty(session, now, line.timezone)],
        recent=[RecentText(at.astimezone(zone).strftime("%a %H:%M"), name, intent, lang)
                for at, name, intent, lang in rows],
        texts_today=sum(intents.values()),
        crisis_today=intents.get("crisis", 0),
        outbound_by_status=statuses,
    )
