"""Jobs that ring volunteers for a waiting caller and stop the other phones once one answers."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from helpline import outbox, telephony
from helpline.calls import ringing
from helpline.calls.models import Call, CallLeg
from helpline.db import job_session, utcnow
from helpline.line import Line
from volunteers import availability
from volunteers.models import Volunteer

log = logging.getLogger(__name__)


def ring_volunteers(call_id: int, round: int = 1) -> None:  # noqa: A002 (the payload's name)
    """Ring this round's volunteers, one REST call leg each. Safe to run twice."""
    line = Line.from_config(current_app.config)
    with job_session() as session:
        call = session.get(Call, call_id)
        if call is None:
            return
        ringing.plan_round(session, call, round, line, utcnow())
        pending = session.scalars(select(CallLeg).where(
            CallLeg.call_id == call_id, CallLeg.round == round, CallLeg.status == "pending"))
        legs = [(leg.id, session.get(Volunteer, leg.volunteer_id).phone) for leg in pending]
        if not legs and (state := ringing.out_of_volunteers(session, call)):
            log.info("nobody left to ring call=%s round=%s next=%s", call_id, round, state)
    for leg_id, phone in legs:
        _ring(leg_id, phone, line.ring_seconds)


def ring_newcomer(volunteer_id: int) -> None:
    """A volunteer came ON while a caller waits: ring them now for that caller."""
    line = Line.from_config(current_app.config)
    now = utcnow()
    since = now - timedelta(seconds=current_app.config["CALL_MAX_WAIT_SECONDS"])
    with job_session() as session:
        leg = ringing.newcomer_leg(session, volunteer_id, line, now, since)
        if leg is None:
            return
        leg_id, phone = leg.id, session.get(Volunteer, volunteer_id).phone
        log.info("ringing a volunteer who came on call=%s leg=%s", leg.call_id, leg_id)
    _ring(leg_id, phone, line.ring_seconds)


def _ring(leg_id: int, phone: str, ring_seconds: int) -> None:
    with job_session() as session:  # claim the leg: a retried job never rings twice
        claimed = session.execute(
            update(CallLeg).where(CallLeg.id == leg_id, CallLeg.status == "pending")
            .values(status="dialing")).rowcount
        if claimed != 1:
            return
        leg = session.get(CallLeg, leg_id)
        if availability.busy(session.get(Volunteer, leg.volunteer_id), utcnow()):
            # They took another caller since this round was planned: not rung on a live call.
            _never_rang(session, leg, "canceled", "busy")
            return
    try:
        sent = telephony.ring_from_line(phone, f"/twilio/voice/screen?leg={leg_id}",
                                        f"/twilio/voice/leg-status?leg={leg_id}",
                                        ring_seconds=ring_seconds)
    except telephony.ProviderError as error:
        log.warning("ringing failed leg=%s code=%s", leg_id, error.code)
        with job_session() as session:
            _never_rang(session, session.get(CallLeg, leg_id), "failed", "failed")
        return
    with job_session() as session:
        leg = session.get(CallLeg, leg_id)
        leg.leg_sid = sent.sid
        if leg.status == "dialing":
            leg.status = "initiated"
    log.info("ringing leg=%s sid=%s", leg_id, sent.sid)


def _never_rang(session, leg: CallLeg, status: str, outcome: str) -> None:
    """End a leg that was not dialled; if its round is over with it, ring the next."""
    leg.status, leg.outcome, leg.ended_at = status, outcome, utcnow()
    _next_round_if_over(session, leg)


def _next_round_if_over(session, leg: CallLeg) -> None:
    if ringing.round_over(leg.call, leg.round):
        outbox.add(session, "ring_volunteers", {"call_id": leg.call_id, "round": leg.round + 1})


def cancel_legs(call_id: int, keep_leg_id: int | None = None) -> None:
    """Stop every other volunteer's phone for this call. Safe to run twice."""
    with job_session() as session:
        call = session.get(Call, call_id)
        targets = [(leg.id, leg.leg_sid, leg.status) for leg in ringing.legs_to_cancel(call,
                                                                                     keep_leg_id)]
    _cancel(targets)


def cancel_volunteer_legs(volunteer_id: int, keep_leg_id: int) -> None:
    """A volunteer took a call: stop their phone ringing for any other caller (call waiting),
    so those callers' rounds move on to someone free. Safe to run twice."""
    with job_session() as session:
        legs = ringing.volunteer_legs_ringing(session, volunteer_id, keep_leg_id)
        for leg in legs:
            leg.outcome = leg.outcome or "busy"  # said before Twilio's "canceled" can arrive
        targets = [(leg.id, leg.leg_sid, leg.status) for leg in legs]
    _cancel(targets)


def _cancel(targets: list[tuple[int, str, str]]) -> None:
    for leg_id, sid, status in targets:
        answered = status == "in-progress"  # a ringing leg is canceled, an answered one ended
        try:
            telephony.gateway().update_call(sid, status="completed" if answered else "canceled")
        except telephony.ProviderError as error:
            log.info("leg already over leg=%s code=%s", leg_id, error.code)
        with job_session() as session:
            leg = session.get(CallLeg, leg_id)
            leg.outcome = leg.outcome or "cancelled"
