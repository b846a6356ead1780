"""The coordinator's Now page: who is on duty and how busy, callers on the line, conversations
waiting and active, voicemails nobody has handled, the next 72 hours' gaps, the last day's
figures. Plain values: codenames, case codes and display names, never numbers or words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.activity import shown, voicemails
from helpline.calls.models import Call
from helpline.conversations.models import OPEN, Conversation
from helpline.line import Line
from helpline.models import Contact, InboundMessage
from volunteers import open_shifts
from volunteers.availability import busy
from volunteers.models import Volunteer
from volunteers.rota import on_duty

GAP_DAYS = 3  # the next 72 hours
VOICEMAILS_SHOWN = 10
CALLS_AT_MOST = timedelta(hours=4)  # a call whose end Twilio never reported drops off the page
CALL_STATES = {  # what a call not yet ended is doing, in the coordinator's words
    "greeting": "at the menu", "queued": "in the queue", "ringing": "volunteers are being rung",
    "forward": "being put through to the fallback number",
    "forwarding": "put through to the fallback number",
    "unreached": "hearing that nobody is free", "answered": "talking with a volunteer",
    "voicemail": "leaving a voice message", "blocked": "hearing the blocked-caller message",
}
WAITING_CALL = ("queued", "ringing", "forward", "unreached")


@dataclass(frozen=True)
class OnDuty:
    """A volunteer on duty: on a call through the line, and how many conversations they hold."""

    name: str
    on_call: bool
    conversations: int
    takes: str  # calls | texts | both


@dataclass(frozen=True)
class LiveCall:
    """A call not yet ended, by case code and codename."""

    call_id: int
    case_code: str
    codename: str
    language: str
    state: str
    waiting: bool  # nobody has the caller yet
    since: str  # when the call came in, local time
    wait: str  # in the queue so far, or before a volunteer answered
    with_: str  # the volunteer who answered


@dataclass(frozen=True)
class OpenConversation:
    """A waiting or active text conversation: case code and codename, never a body."""

    conversation_id: int
    case_code: str
    codename: str
    language: str
    urgent: bool
    status: str  # waiting | active
    since: str  # waiting since, or claimed at (local time)
    waited: str  # so far (waiting) or before the claim (active)
    held_by: str


@dataclass(frozen=True)
class Now:
    """Everything the Now page shows, as of `at`."""

    at: str  # "14:02", the line's local time
    on_duty: list[OnDuty]
    calls: list[LiveCall]
    waiting: list[OpenConversation]
    active: list[OpenConversation]
    voicemails: list[voicemails.Unhandled]
    voicemails_total: int
    gaps: list[open_shifts.GapSpan]
    texts_today: int
    crisis_today: int
    calls_by_outcome: dict[str, int]

    @property
    def counts(self) -> str:
        """The one line a screen reader hears when something changed."""
        callers = sum(call.waiting for call in self.calls)
        parts = [f"{len(self.waiting)} waiting", f"{len(self.active)} active"]
        if callers:
            parts.append(f"{callers} caller{'s' if callers != 1 else ''} waiting")
        if self.voicemails_total:
            parts.append(f"{self.voicemails_total} voicemail"
                         f"{'s' if self.voicemails_total != 1 else ''} to handle")
        return ", ".join(parts)


def now(session: Session, line: Line, minimum: int, at: datetime) -> Now:
    """The line as it is at `at`."""
    zone = line.timezone
    conversations = open_conversations(session, zone, at)
    messages, total = voicemails.unhandled(session, zone, VOICEMAILS_SHOWN)
    texts, crisis, outcomes = last_day(session, at)
    return Now(
        at=shown.clock(at, zone, "%H:%M"), on_duty=who_is_on(session, line, at),
        calls=live_calls(session, zone, at),
        waiting=[c for c in conversations if c.status == "waiting"],
        active=[c for c in conversations if c.status == "active"],
        voicemails=messages, voicemails_total=total,
        gaps=open_shifts.upcoming(session, at, GAP_DAYS, zone, minimum),
        texts_today=texts, crisis_today=crisis, calls_by_outcome=outcomes)


def who_is_on(session: Session, line: Line, at: datetime) -> list[OnDuty]:
    """The volunteers on duty, each with a call through the line or not, and their load."""
    people = on_duty(session, at, line.timezone)
    held = dict(session.execute(
        select(Conversation.volunteer_id, func.count())
        .where(Conversation.status == "active").group_by(Conversation.volunteer_id)).all())
    return [OnDuty(v.display_name, busy(v, at), held.get(v.id, 0), v.takes) for v in people]


def live_calls(session: Session, zone: str, at: datetime) -> list[LiveCall]:
    """Calls that have not ended, the longest waiting first."""
    rows = session.execute(
        select(Call, Contact.codename, Volunteer.display_name)
        .join(Contact, Contact.id == Call.contact_id)
        .outerjoin(Volunteer, Volunteer.id == Call.answered_by_id)
        .where(Call.ended_at.is_(None), Call.status != "done",
               Call.created_at >= at - CALLS_AT_MOST)
        .order_by(Call.created_at, Call.id)).all()
    return [LiveCall(
        call.id, call.case_code, codename, call.language,
        CALL_STATES.get(call.status, call.status.replace("_", " ")),
        call.status in WAITING_CALL and call.answered_at is None,
        shown.clock(call.created_at, zone),
        shown.duration(shown.between(call.queued_at, call.answered_at or at)),
        answered or "") for call, codename, answered in rows]


def open_conversations(session: Session, zone: str, at: datetime) -> list[OpenConversation]:
    """Waiting conversations (urgent first, then the longest waiting) and active ones."""
    rows = session.execute(
        select(Conversation, Contact.codename, Volunteer.display_name)
        .join(Contact, Contact.id == Conversation.contact_id)
        .outerjoin(Volunteer, Volunteer.id == Conversation.volunteer_id)
        .where(Conversation.status.in_(OPEN))
        .order_by(Conversation.urgent.desc(), Conversation.waiting_since, Conversation.id)
    ).all()
    return [OpenConversation(
        c.id, c.case_code, codename, c.language, c.urgent, c.status,
        shown.clock(c.claimed_at if c.status == "active" else c.waiting_since, zone),
        shown.duration(shown.between(c.waiting_since,
                                     c.claimed_at if c.status == "active" else at)),
        held or "") for c, codename, held in rows]


def last_day(session: Session, at: datetime) -> tuple[int, int, dict[str, int]]:
    """Texts in and those with words of danger over the last 24 hours; calls by outcome."""
    since = at - timedelta(hours=24)
    intents = dict(session.execute(
        select(InboundMessage.intent, func.count()).where(InboundMessage.received_at >= since)
        .group_by(InboundMessage.intent)).all())
    outcomes = dict(session.execute(
        select(func.coalesce(Call.outcome, "in_progress"), func.count())
        .where(Call.created_at >= since).group_by(Call.outcome)).all())
    return sum(intents.values()), intents.get("crisis", 0), outcomes
