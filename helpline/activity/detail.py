"""One call or one text conversation in full, for its Activity page: the facts, the voicemail,
and the conversation's messages while retention keeps them. Never a phone number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.activity import history, shown, voicemails
from helpline.calls.models import Call, Callback, Voicemail
from helpline.contacts.redact import blank_numbers
from helpline.conversations.models import Conversation, ConversationMessage, ConversationOffer
from helpline.models import Contact
from volunteers.models import Volunteer

LEG_OUTCOMES = {"accepted": "took the call", "declined": "declined", "machine": "voicemail "
                "picked up", "no_answer": "did not answer", "cancelled": "stopped ringing "
                "(someone else answered or the caller left)", "late": "answered too late",
                "failed": "could not be rung"}


@dataclass(frozen=True)
class VoicemailFacts:
    """A call's voice message: its words while retained, and whether someone handled it."""

    id: int
    left: str
    length: str
    purged: bool  # words and audio deleted by retention
    transcription: str | None  # None: none came (only English is transcribed)
    urgent: bool
    handled: voicemails.Handled | None
    handled_at: str  # local time, "" while not handled


@dataclass(frozen=True)
class CallFacts:
    """A call as its page shows it."""

    id: int
    case_code: str
    codename: str
    language: str
    came_in: str
    outcome: str
    queued: str
    wait: str
    answered_by: str
    talk: str
    ended: str
    rung: list[tuple[str, str]]  # (volunteer or "fallback number", what happened)
    callback: str  # the call-back's status, "" when none was asked for
    voicemail: VoicemailFacts | None


@dataclass(frozen=True)
class Message:
    """One text of a conversation: who wrote it (codename or display name) and its words."""

    at: str
    at_iso: str
    sender: str  # texter | volunteer
    who: str
    body: str
    media: int


@dataclass(frozen=True)
class ConversationFacts:
    """A conversation as its page shows it; `messages` is empty once purged."""

    id: int
    case_code: str
    codename: str
    language: str
    outcome: str
    urgent: bool
    opened: str
    claimed: str
    held_by: str
    wait: str
    closed: str
    offered: int  # volunteers offered it, over every round
    purged: bool
    message_count: int
    messages: list[Message]


def call(session: Session, call_id: int, zone: str) -> CallFacts | None:
    """The call's facts, who was rung, its call-back and voicemail; None if no such call."""
    found = session.get(Call, call_id)
    if found is None:
        return None
    names = _names(session, [found.answered_by_id, *(leg.volunteer_id for leg in found.legs)])
    callback = session.scalar(select(Callback.status).where(Callback.call_id == call_id))
    return CallFacts(
        found.id, found.case_code, session.get(Contact, found.contact_id).codename,
        found.language, shown.when(found.created_at, zone),
        (found.outcome or f"in progress ({found.status})").replace("_", " "),
        shown.when(found.queued_at, zone), shown.duration(found.wait_seconds),
        names.get(found.answered_by_id, ""), shown.duration(found.talk_seconds),
        shown.when(found.ended_at, zone),
        [(names.get(leg.volunteer_id, "fallback number"),
          LEG_OUTCOMES.get(leg.outcome or "", leg.status)) for leg in found.legs],
        callback or "", _voicemail(session, call_id, zone))


def _voicemail(session: Session, call_id: int, zone: str) -> VoicemailFacts | None:
    row = session.execute(select(Voicemail, voicemails.urgent())
                          .where(Voicemail.call_id == call_id)).first()
    if row is None:
        return None
    vm, urgent = row
    done = voicemails.handled(session, vm.id)
    return VoicemailFacts(vm.id, shown.when(vm.created_at, zone),
                          shown.duration(vm.duration_seconds), vm.purged_at is not None,
                          None if vm.transcription is None else blank_numbers(vm.transcription),
                          bool(urgent),
                          voicemails.Handled(False, *done) if done else None,
                          shown.when(done[0], zone) if done else "")


def conversation(session: Session, conversation_id: int, zone: str, at: datetime,
                 retention_days: int) -> ConversationFacts | None:
    """The conversation's facts and, while retention keeps them, its messages."""
    found = session.get(Conversation, conversation_id)
    if found is None:
        return None
    purged = found.closed_at is not None and found.closed_at < at - timedelta(
        days=retention_days)
    count = session.scalar(select(func.count()).where(
        ConversationMessage.conversation_id == conversation_id))
    offered = session.scalar(select(func.count(ConversationOffer.volunteer_id.distinct()))
                             .where(ConversationOffer.conversation_id == conversation_id))
    codename = session.get(Contact, found.contact_id).codename
    return ConversationFacts(
        found.id, found.case_code, codename, found.language,
        history.conversation_outcome(found), found.urgent, shown.when(found.opened_at, zone),
        shown.when(found.claimed_at, zone),
        _names(session, [found.volunteer_id]).get(found.volunteer_id, ""),
        history.conversation_wait(found, at), shown.when(found.closed_at, zone), offered,
        purged, count, [] if purged else _messages(session, conversation_id, codename, zone))


def _messages(session: Session, conversation_id: int, codename: str, zone: str
              ) -> list[Message]:
    rows = session.execute(
        select(ConversationMessage, Volunteer.display_name)
        .outerjoin(Volunteer, Volunteer.id == ConversationMessage.volunteer_id)
        .where(ConversationMessage.conversation_id == conversation_id)
        .order_by(ConversationMessage.created_at, ConversationMessage.id)).all()
    return [Message(shown.when(m.created_at, zone), m.created_at.isoformat(), m.sender,
                    codename if m.sender == "texter" else (name or "a volunteer"),
                    blank_numbers(m.body),
                    m.num_media) for m, name in rows]


def _names(session: Session, ids: list[int | None]) -> dict[int, str]:
    """Display names of these volunteers, by id."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(session.execute(select(Volunteer.id, Volunteer.display_name)
                                .where(Volunteer.id.in_(wanted))).all())
