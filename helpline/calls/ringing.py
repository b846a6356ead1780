"""Calls to a human: record each call once, plan who to ring, decide atomically who took it.
Domain functions: a Session and plain values in, decisions out; the caller commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from helpline import outbox
from helpline.calls.models import Call, CallLeg
from helpline.contacts.directory import get_or_create_contact
from helpline.line import Line
from helpline.phones import parse_sender
from volunteers import availability, routing
from volunteers.models import Volunteer

CODE_LETTERS = "ACDEFHJKMNPRTUVWXY"  # no look-alikes of digits
LEG_FINAL = {"completed", "busy", "failed", "no-answer", "canceled"}
# The order a leg's events happen in; a late one never moves a leg back.
LEG_RANK = {"pending": 0, "dialing": 1, "queued": 2, "initiated": 2, "ringing": 3,
            "in-progress": 4, **{status: 5 for status in LEG_FINAL}}
CALL_FINAL = {"completed", "busy", "failed", "no-answer", "canceled"}


def ring_if_caller_waits(session: Session, volunteer: Volunteer) -> None:
    """A volunteer just came on duty: if they take calls and a caller is waiting, ring them now."""
    if volunteer.takes in ("calls", "both") and session.scalar(
            select(Call.id).where(Call.status == "ringing", Call.answered_by_id.is_(None))
            .limit(1)) is not None:
        outbox.add(session, "ring_newcomer", {"volunteer_id": volunteer.id})


def queue_name(call: Call) -> str:
    """The Twilio queue the caller waits in."""
    return f"call-{call.id}"


def case_code(attempt: int) -> str:
    """"7Q2" (1,620 of them); after a collision "7Q2K", then "7Q2K4" and "7Q2K4M": codes stay
    unique among every call ever taken (a coordinator blocks by them), and a line that has
    taken thousands of calls pays one draw more per call, never a search."""
    code = f"{secrets.randbelow(9) + 1}{secrets.choice(CODE_LETTERS)}{secrets.randbelow(10)}"
    for grown, extra in ((1, CODE_LETTERS), (2, "0123456789"), (3, CODE_LETTERS)):
        if attempt >= grown:
            code += secrets.choice(extra)
    return code


def _case_code(session: Session) -> str:
    for attempt in range(40):
        code = case_code(attempt)
        if session.scalar(select(Call.id).where(Call.case_code == code)) is None:
            return code
    raise RuntimeError("no free case code after 40 attempts")


def record_call(session: Session, call_sid: str, caller: str, line: Line) -> Call:
    """The call with this CallSid, recorded on its first webhook (Twilio may repeat them)."""
    call = session.scalar(select(Call).where(Call.call_sid == call_sid))
    if call is not None:
        return call
    contact = get_or_create_contact(session, parse_sender(caller, line.region))
    call = Call(call_sid=call_sid, contact_id=contact.id, case_code=_case_code(session),
                language=line.caller_language(contact.language))
    try:
        with session.begin_nested():
            session.add(call)
    except IntegrityError:  # the same webhook, concurrently
        return session.scalar(select(Call).where(Call.call_sid == call_sid))
    return call


def find_call(session: Session, call_sid: str) -> Call | None:
    """The recorded call with this CallSid."""
    return session.scalar(select(Call).where(Call.call_sid == call_sid))


def join_queue(session: Session, call: Call, now: datetime) -> bool:
    """The caller asked for a peer: queue them and ring volunteers (once per call)."""
    moved = session.execute(
        update(Call).where(Call.id == call.id, Call.queued_at.is_(None))
        .values(status="queued", queued_at=now)
    ).rowcount == 1
    if moved:
        outbox.add(session, "ring_volunteers", {"call_id": call.id, "round": 1})
    session.refresh(call)
    return moved


def plan_round(session: Session, call: Call, round_number: int, line: Line,
               now: datetime) -> list[CallLeg]:
    """The legs of ring round `round_number` (1-based), by the rota's strategy; [] when the
    rounds are exhausted or the call no longer waits."""
    if call.answered_by_id is not None or call.status not in ("queued", "ringing"):
        return []
    if call.ring_round >= round_number:
        return []  # planned already (a retried job)
    plan = routing.ring_order(session, now, line.timezone, language=call.language)
    rung_before = {leg.volunteer_id for leg in call.legs}
    remaining = [r for r in plan.rounds if any(v.id not in rung_before for v in r)]
    if not remaining:
        return []
    volunteers = [v for v in remaining[0] if v.id not in rung_before]
    legs = [CallLeg(call_id=call.id, volunteer_id=v.id, round=round_number) for v in volunteers]
    session.add_all(legs)
    call.ring_round, call.status = round_number, "ringing"
    routing.note_offered(session, [v.id for v in volunteers], now)
    session.flush()
    return legs


def newcomer_leg(session: Session, volunteer_id: int, line: Line, now: datetime,
                 waited_since: datetime) -> CallLeg | None:
    """A volunteer just came ON: when the strategy rings everyone at once, ring them too for
    the caller who has waited longest (since `waited_since`), in the round ringing now, rather
    than after it has missed. None when nobody waits, or the strategy rings one at a time (it
    reaches them in its next round anyway)."""
    waiting = session.scalars(
        select(Call).where(Call.status == "ringing", Call.answered_by_id.is_(None),
                           Call.queued_at >= waited_since).order_by(Call.queued_at, Call.id))
    for call in waiting:
        if any(leg.volunteer_id == volunteer_id for leg in call.legs):
            continue  # rung for this caller already
        plan = routing.ring_order(session, now, line.timezone, language=call.language)
        if plan.strategy != "everyone" or plan.fallback is not None:
            return None
        if not any(v.id == volunteer_id for v in plan.rounds[0]):
            return None  # not free to take a call (busy, texts only, or not on duty after all)
        leg = CallLeg(call_id=call.id, volunteer_id=volunteer_id, round=call.ring_round)
        session.add(leg)
        routing.note_offered(session, [volunteer_id], now)
        session.flush()
        return leg
    return None


def claim(session: Session, call_id: int, leg_id: int, volunteer_id: int, now: datetime) -> bool:
    """Give the call to this volunteer unless someone else already took it (exactly one wins,
    across processes: a conditional update decided by the database)."""
    won = session.execute(
        update(Call)
        .where(Call.id == call_id, Call.answered_by_id.is_(None),
               Call.status.in_(("queued", "ringing")))
        .values(answered_by_id=volunteer_id, answered_at=now, status="answered")
    ).rowcount == 1
    if won:
        availability.mark_busy(session, volunteer_id, now)  # rung for no other caller meanwhile
    leg = session.get(CallLeg, leg_id)
    if leg is not None:
        leg.outcome = "accepted" if won else "late"
        leg.answered_at = leg.answered_at or now
    return won


def leg_progress(session: Session, leg_id: int, status: str, now: datetime,
                 answered_by: str | None = None) -> CallLeg | None:
    """A status callback for a volunteer's leg; statuses only move forward."""
    leg = session.get(CallLeg, leg_id)
    if leg is None or leg.status in LEG_FINAL:
        return leg
    if LEG_RANK.get(status, 0) < LEG_RANK.get(leg.status, 0):
        return leg  # an earlier event arriving late ("ringing" after "in-progress")
    leg.status = status
    if status == "in-progress" and answered_by and answered_by.startswith("machine"):
        leg.outcome = leg.outcome or "machine"
    if status in LEG_FINAL:
        leg.ended_at = now
        if leg.outcome == "accepted" and leg.call.answered_at is not None:
            availability.mark_free(session, leg.volunteer_id, leg.call.answered_at)
        leg.outcome = leg.outcome or {"no-answer": "no_answer", "busy": "declined",
                                      "failed": "failed", "canceled": "cancelled",
                                      "completed": "declined"}[status]
    return leg


def round_over(call: Call, round_number: int) -> bool:
    """True when every leg of this round ended without anyone taking the call."""
    legs = [leg for leg in call.legs if leg.round == round_number]
    return bool(legs) and call.answered_by_id is None and all(leg_over(leg) for leg in legs)


def leg_over(leg: CallLeg) -> bool:
    """The leg can no longer bring anyone to the caller: ended, declined, or a voicemail."""
    return leg.status in LEG_FINAL or leg.outcome in ("declined", "machine")


def call_ended(session: Session, call: Call, now: datetime) -> None:
    """The caller hung up: settle the outcome (a callback that came twice changes nothing)."""
    if call.ended_at is not None:
        return
    call.ended_at = now
    if call.answered_by_id is not None:
        call.outcome = call.outcome or "answered"
        availability.mark_free(session, call.answered_by_id, call.answered_at)
    elif call.outcome is None:
        call.outcome = "abandoned"  # hung up before anyone or anything answered them
    call.status = "done"


def out_of_volunteers(session: Session, call: Call) -> str | None:
    """Nobody is left to ring for a waiting caller: mark the call so the next play of the wait
    URL takes them out of the queue, to the fallback number if there is one ("forward"), else
    to the voicemail offer ("unreached"). Nothing while a leg still rings or the call moved on."""
    if call.answered_by_id is not None or call.status not in ("queued", "ringing"):
        return None
    if not all(leg_over(leg) for leg in call.legs):
        return None
    call.status = "forward" if routing.settings(session).get("fallback_number") else "unreached"
    return call.status


def forward_leg(session: Session, call: Call, now: datetime) -> CallLeg:
    """The call's leg to the fallback number (one per call: a repeated webhook reuses it)."""
    for leg in call.legs:
        if leg.kind == "fallback":
            return leg
    leg = CallLeg(call_id=call.id, kind="fallback", volunteer_id=None, round=0,
                  status="dialing", created_at=now)
    session.add(leg)
    call.status = "forwarding"
    session.flush()
    return leg


def forward_result(session: Session, leg: CallLeg, dial_status: str, dial_sid: str,
                   talked_seconds: int, now: datetime) -> bool:
    """The <Dial> to the fallback number ended; True when someone there talked to the caller."""
    call = leg.call
    if leg.status in LEG_FINAL:  # a repeated action: keep the first answer
        return leg.outcome == "accepted"
    answered = dial_status in ("completed", "answered") and talked_seconds > 0
    leg.status = dial_status if dial_status in LEG_FINAL else "completed"
    leg.ended_at = now
    if dial_sid and not session.scalar(select(CallLeg.id).where(CallLeg.leg_sid == dial_sid)):
        leg.leg_sid = dial_sid
    if answered:
        leg.outcome, leg.answered_at = "accepted", now - timedelta(seconds=talked_seconds)
        call.answered_at = call.answered_at or leg.answered_at
        call.outcome = "forwarded"
    else:
        leg.outcome = {"busy": "declined", "failed": "failed"}.get(dial_status, "no_answer")
    return answered


def volunteer_legs_ringing(session: Session, volunteer_id: int,
                           keep_leg_id: int | None) -> list[CallLeg]:
    """This volunteer's phone ringing for other callers (the leg they took aside)."""
    return list(session.scalars(select(CallLeg).where(
        CallLeg.volunteer_id == volunteer_id, CallLeg.id != keep_leg_id,
        CallLeg.leg_sid.is_not(None), CallLeg.status.not_in(LEG_FINAL))))


def legs_to_cancel(call: Call, keep_leg_id: int | None) -> list[CallLeg]:
    """The other legs still ringing after someone took the call (or the caller left)."""
    return [leg for leg in call.legs
            if leg.id != keep_leg_id and leg.leg_sid and leg.status not in LEG_FINAL]
