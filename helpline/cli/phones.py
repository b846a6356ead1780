"""What each simulated phone has seen: the texts it sent the line (with the line's answer) and
the texts and calls the sandbox recorded for it, oldest first. For the /simulator page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.models import Contact, InboundMessage, SandboxRecord


@dataclass(frozen=True)
class Line:
    """One line on a phone's screen: what was sent ("out") or received ("in"), and when."""

    at: datetime
    way: str  # out | in
    text: str


def screen(session: Session, number: str, limit: int = 30) -> list[Line]:
    """The last `limit` texts this number sent and received (calls rung shown as a line)."""
    lines = []
    sent = session.execute(
        select(InboundMessage.received_at, InboundMessage.body, InboundMessage.reply)
        .join(Contact, Contact.id == InboundMessage.contact_id)
        .where(Contact.address == number)
        .order_by(InboundMessage.id.desc()).limit(limit)).all()
    for at, body, reply in sent:
        lines.append(Line(at, "out", body or "(a picture or an empty text)"))
        if reply:
            lines.append(Line(at, "in", reply))
    records = session.execute(
        select(SandboxRecord.created_at, SandboxRecord.kind, SandboxRecord.body)
        .where(SandboxRecord.to_address == number, SandboxRecord.kind.in_(("sms", "call")))
        .order_by(SandboxRecord.id.desc()).limit(limit)).all()
    for at, kind, body in records:
        lines.append(Line(at, "in", body or "") if kind == "sms"
                     else Line(at, "in", "(the line rings this phone)"))
    lines.sort(key=lambda line: (line.at, line.way == "in"))
    return lines[-limit:]
