"""Offering a waiting conversation to volunteers: "Reply CLAIM K7".

Who and in what order is the line's routing strategy (`volunteers.routing`, for texts): with
"everyone" all volunteers on duty who take texts are offered it at once; with the one-at-a-time
strategies (priority, fair share, language) the next one in order is offered it every
OFFER_STEP while it waits. Nobody at their cap (`Volunteer.max_conversations`) is offered one.
After the line's claim minutes with no claim it is escalated once: the texter is told kindly,
the backup group is offered it, and coordinators with a phone are texted; from then on every
volunteer on duty is offered it, including those who come on duty later (shift start or ON).
An urgent conversation skips the order: everyone on duty and the backup group at once, and the
coordinators (see `urgent.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.catalog.render import render
from helpline.contacts.redact import excerpt
from helpline.conversations import asking
from helpline.conversations.lifecycle import held_counts, language_name, volunteer_language
from helpline.conversations.models import Conversation, ConversationMessage, ConversationOffer
from helpline.line import Line
from helpline.models import Contact, Coordinator
from helpline.outbound import queue_text
from volunteers import availability, rota, routing
from volunteers.models import Volunteer

OFFER_STEP = timedelta(minutes=1)
EXCERPT_CHARS = 60


def offered_ids(session: Session, conversation: Conversation) -> set[int]:
    """Who has been offered this conversation in its current round."""
    return set(session.scalars(select(ConversationOffer.volunteer_id).where(
        ConversationOffer.conversation_id == conversation.id,
        ConversationOffer.round == conversation.offer_round)))


def with_room(session: Session, people: list[Volunteer],
              counts: dict[int, int] | None = None) -> list[Volunteer]:
    """Those who hold fewer conversations than their cap (`counts`: held_counts, if read)."""
    counts = held_counts(session) if counts is None else counts
    return [v for v in people if counts.get(v.id, 0) < max(v.max_conversations or 0, 0)]


def offer_next(session: Session, conversation: Conversation, line: Line, now: datetime, *,
               words: str | None = None, new: bool = False) -> int:
    """Offer the conversation to the next volunteers in the routing order who have not had it
    this round (everyone on duty once it is escalated). Returns how many were offered. A `new`
    conversation was offered to nobody yet; `words` are the texter's first, when known."""
    plan = routing.ring_order(session, now, line.timezone, language=conversation.language,
                              for_="texts")
    if plan.fallback == "backup" and conversation.escalated_at is None:
        return 0  # nobody on duty: the backup group is asked only when nobody claims in time
    if not plan.rounds:
        return 0
    done = set() if new else offered_ids(session, conversation)
    counts = held_counts(session)
    for round_ in plan.rounds:
        fresh = [v for v in with_room(session, round_, counts) if v.id not in done]
        if fresh and conversation.escalated_at is not None:
            fresh = [v for r in plan.rounds for v in with_room(session, r, counts)
                     if v.id not in done]
        if fresh:
            return offer_to(session, conversation, fresh, line, now, words=words, done=done)
    return 0


def offer_to(session: Session, conversation: Conversation, people: list[Volunteer],
             line: Line, now: datetime, *, key: str = "conv_offer", words: str | None = None,
             done: set[int] | None = None) -> int:
    """Text each of these volunteers the offer (once per round), from the line's number."""
    contact = session.get(Contact, conversation.contact_id)
    if words is None:
        words = first_words(session, conversation)
    if asking.keyword(words) in asking.WORDS:
        words = ""  # "TALK" says nothing the offer does not
    words = excerpt(words, EXCERPT_CHARS)
    fresh = record_offers(session, conversation, people, now, done=done)
    for volunteer in fresh:
        lang = volunteer_language(volunteer)
        queue_text(session, to=volunteer.phone, volunteer_id=volunteer.id,
                   purpose="conversation_offer",
                   key=f"conv-offer:{conversation.id}:{conversation.offer_round}:{volunteer.id}",
                   body=render(key, lang, codename=contact.codename, code=conversation.case_code,
                               language=language_name(conversation, lang), words=words,
                               **line.text_params))
    return len(fresh)


def record_offers(session: Session, conversation: Conversation, people: list[Volunteer],
                  now: datetime, *, done: set[int] | None = None) -> list[Volunteer]:
    """Note these volunteers as offered the conversation this round (and for fair share);
    returns those who were not offered it before (`done`, else read), the ones to text."""
    done = offered_ids(session, conversation) if done is None else set(done)
    fresh = []
    for volunteer in people:
        if volunteer.id in done:
            continue
        session.add(ConversationOffer(conversation_id=conversation.id, volunteer_id=volunteer.id,
                                      round=conversation.offer_round, offered_at=now,
                                      urgent=conversation.urgent))
        done.add(volunteer.id)
        fresh.append(volunteer)
    if fresh:
        conversation.last_offer_at = now
        for volunteer in fresh:
            volunteer.last_offered_at = now
    return fresh


def first_words(session: Session, conversation: Conversation) -> str:
    """The texter's first message in this conversation (what the offer quotes)."""
    return session.scalar(select(ConversationMessage.body).where(
        ConversationMessage.conversation_id == conversation.id,
        ConversationMessage.sender == "texter").order_by(ConversationMessage.id).limit(1)) or ""


def offer_to_newcomer(session: Session, volunteer: Volunteer, line: Line, now: datetime) -> int:
    """A volunteer came on duty (ON): offer them every conversation waiting, urgent first."""
    if volunteer.takes not in ("texts", "both") or not with_room(session, [volunteer]):
        return 0
    waiting = session.scalars(select(Conversation).where(Conversation.status == "waiting")
                              .order_by(Conversation.urgent.desc(), Conversation.id))
    return sum(offer_to(session, c, [volunteer], line, now,
                        key="conv_offer_urgent" if c.urgent else "conv_offer")
               for c in waiting)


def tend(session: Session, line: Line, now: datetime) -> dict[str, int]:
    """The periodic round (every minute, from the clock): each waiting conversation is offered
    to the next in order after OFFER_STEP, escalated once after the claim minutes, and offered
    to whoever came on duty since. Returns counts, for the log."""
    counts = {"offered": 0, "escalated": 0}
    waiting = list(session.scalars(select(Conversation).where(Conversation.status == "waiting")
                                   .order_by(Conversation.urgent.desc(), Conversation.id)))
    deadline = timedelta(minutes=line.claim_minutes)
    for conversation in waiting:
        if conversation.escalated_at is None and now - conversation.waiting_since >= deadline:
            escalate(session, conversation, line, now)
            counts["escalated"] += 1
        last = conversation.last_offer_at
        if conversation.urgent or conversation.escalated_at is not None or last is None \
                or now - last >= OFFER_STEP:
            key = "conv_offer_urgent" if conversation.urgent else "conv_offer"
            if conversation.urgent or conversation.escalated_at is not None:
                people = with_room(session, availability.available(session, now, line.timezone,
                                                           for_="texts"))
                counts["offered"] += offer_to(session, conversation, people, line, now, key=key)
            else:
                counts["offered"] += offer_next(session, conversation, line, now)
    return counts


def offer_everyone(session: Session, conversation: Conversation, line: Line,
                   now: datetime) -> int:
    """Offer it to everyone on duty who takes texts and the backup group, at once."""
    people = availability.available(session, now, line.timezone, for_="texts")
    seen = {v.id for v in people}
    people += [v for v in routing.backup_group(session, for_="texts", at=now) if v.id not in seen]
    return offer_to(session, conversation, with_room(session, people), line, now,
                    key="conv_offer_urgent" if conversation.urgent else "conv_offer")


def escalate(session: Session, conversation: Conversation, line: Line, now: datetime) -> None:
    """Nobody claimed in time: tell the texter kindly, offer it to the backup group and
    everyone on duty, and text the coordinators. Once per waiting spell."""
    conversation.escalated_at = now
    contact = session.get(Contact, conversation.contact_id)
    queue_text(session, to=contact.address, contact_id=contact.id, purpose="conversation",
               key=f"conv-unclaimed:{conversation.id}:{conversation.offer_round}",
               body=render("conv_unclaimed", conversation.language, code=conversation.case_code,
                           **line.text_params))
    offer_everyone(session, conversation, line, now)
    count = len(offered_ids(session, conversation))
    since = conversation.waiting_since.astimezone(ZoneInfo(line.timezone)).strftime("%H:%M")
    tell_coordinators(session, conversation, "conv_coordinator_unclaimed", line,
                      key=f"conv-coord:{conversation.id}:{conversation.offer_round}",
                      time=since, count=str(count))


def tell_coordinators(session: Session, conversation: Conversation, message: str, line: Line,
                      *, key: str, **params: str) -> int:
    """Text every active coordinator with a phone (codename and case code only)."""
    contact = session.get(Contact, conversation.contact_id)
    people = session.scalars(select(Coordinator).where(
        Coordinator.active.is_(True), Coordinator.phone.is_not(None), Coordinator.phone != "")
        .order_by(Coordinator.id))
    told = 0
    for person in people:
        queue_text(session, to=person.phone, purpose="conversation_alert",
                   key=f"{key}:c{person.id}",
                   body=render(message, "en", codename=contact.codename,
                               code=conversation.case_code, **params, **line.text_params))
        told += 1
    return told


def next_start(session: Session, line: Line, now: datetime, lang: str) -> str | None:
    """When the next volunteer who takes texts comes on duty, as the texter reads it ("at
    18:00", "tomorrow at 09:00", "Tue at 09:00"); None when nobody is on the rota this week."""
    zone = ZoneInfo(line.timezone)
    coming = [o for o in rota.occurrences(session, now, now + timedelta(days=7), line.timezone)
              if o.volunteer is not None and o.volunteer.takes in ("texts", "both")
              and o.starts_at > now]
    if not coming:
        return None
    start = min(o.starts_at for o in coming).astimezone(zone)
    today = now.astimezone(zone).date()
    clock = start.strftime("%H:%M")
    if start.date() == today:
        return f"a las {clock}" if lang == "es" else f"at {clock}"
    if start.date() == today + timedelta(days=1):
        return f"manana a las {clock}" if lang == "es" else f"tomorrow at {clock}"
    day = _DAYS_ES[start.weekday()] if lang == "es" else start.strftime("%a")
    return f"el {day} a las {clock}" if lang == "es" else f"{day} at {clock}"


_DAYS_ES = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
