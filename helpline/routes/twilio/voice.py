"""Twilio voice webhooks: greeting and menu, meetings by ZIP, a volunteer's PIN and phone menu.
Any failure still answers TwiML with the fallback and the crisis line; a caller never hears
Twilio's application error. A call from a volunteer's number is trusted only with full
STIR/SHAKEN attestation (`StirVerstat`) or their PIN (`helpline.calls.menu`); the PIN comes in
the form's Digits, never in a URL, and is never logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from helpline import db, params, twiml
from helpline.calls import menu as voice_menu
from helpline.calls import quick as quick_calls
from helpline.calls import ringing
from helpline.db import utcnow
from helpline.phones import parse_sender
from helpline.routes import get_session, line, retried_if_lost
from helpline.signatures import twilio_signed
from volunteers import routing

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/twilio/voice")
TWIML = {"Content-Type": "text/xml; charset=utf-8"}


LAST_RESORT = ("We are sorry, the helpline is having trouble right now. If you are in danger, "
               "call or text 988, or call 911. Please try again in a few minutes.")


def _fallback_number(read_database: bool) -> str | None:
    """The routing fallback number: read now when the database can be trusted to answer, else
    as this process last read it (the failure may be the database itself)."""
    database = db.current()
    if read_database:
        try:
            with database.sessions() as session:
                return routing.settings(session).get("fallback_number") or None
        except Exception:
            log.warning("voice fallback could not read the fallback number; using the last known")
    return routing.last_known_fallback_number(database.engine)


def _fallback(read_database: bool = False) -> str:
    """The fallback words with the line's own numbers, connecting the caller to the fallback
    number when there is one (from the line, never read aloud), or fixed words if even that
    fails."""
    try:
        the_line = line()
        number = _fallback_number(read_database)
        if number:  # connect them, never read the number out: it may be a person's phone
            return twiml.dial_then_say(voice_menu.spoken("fallback_call", the_line), number,
                                       caller_id=the_line.number,
                                       after=voice_menu.spoken("fallback", the_line))
        return twiml.say_and_hang_up(voice_menu.spoken("fallback", the_line))
    except Exception:
        log.exception("voice fallback could not be built; using the last-resort words")
        return twiml.say_and_hang_up(LAST_RESORT)


def never_fails(view: Callable[[], str]) -> Callable:
    """Answer TwiML from the view, or the fallback if it raises (logged with the CallSid)."""

    @wraps(view)
    def answered():
        try:
            return view(), 200, TWIML
        except HTTPException:  # a request Twilio would not send: 4xx, as for texts
            raise
        except Exception as error:
            get_session().rollback()
            log.exception("voice webhook failed call_sid=%s path=%s",
                          request.form.get("CallSid", "-"), request.path)
            # A failing database could hang the fallback too: then only what is in memory.
            return _fallback(read_database=not isinstance(error, SQLAlchemyError)), 200, TWIML

    return answered


def _digits() -> str:
    return params.keys(request.form.get("Digits"))


def _attempt() -> int:
    return params.whole(request.args.get("try"), 9) or 1


def _call_sid() -> str:
    return params.text(request.form.get("CallSid"), 64)


def _language() -> str:
    """The language the caller chose (or was greeted in), as recorded with their call."""
    call = ringing.find_call(get_session(), _call_sid())
    return call.language if call is not None else line().languages[0]


@bp.post("")
@twilio_signed
@never_fails
@retried_if_lost
def incoming() -> str:
    """Someone called the helpline: greet them and offer the menu, at once for the commonest
    call (`calls.quick`), else by the full path."""
    if not _call_sid():
        log.warning("voice webhook without a CallSid")
        abort(400)
    caller, the_line, now = request.form.get("From", ""), line(), utcnow()
    recorded = quick_calls.answer(_call_sid(), parse_sender(caller, the_line.region), the_line,
                                  now)
    if recorded is not None:
        call_id, language = recorded
        log.info("voice call_sid=%s call=%s quick", _call_sid(), call_id)
        return voice_menu.greeting(the_line, language)
    log.info("voice call_sid=%s", _call_sid())
    session = get_session()
    answer = voice_menu.answer_call(session, _call_sid(), caller, the_line, now,
                                    params.text(request.form.get("StirVerstat"), 64))
    session.commit()
    return answer


@bp.post("/volunteer/pin")
@twilio_signed
@never_fails
def volunteer_pin() -> str:
    """A call from a volunteer's phone keyed a PIN (or nothing)."""
    session = get_session()
    answer = voice_menu.volunteer_pin(session, _call_sid(), request.form.get("From", ""),
                                      _digits(), _attempt(), line(), utcnow())
    session.commit()
    return answer


@bp.post("/volunteer")
@twilio_signed
@never_fails
def volunteer() -> str:
    """A volunteer pressed a key in their own menu (only on the call that proved it is theirs)."""
    session = get_session()
    answer = voice_menu.volunteer_choice(session, _call_sid(), request.form.get("From", ""),
                                         _digits(), _attempt(), line(), utcnow())
    session.commit()
    return answer


@bp.post("/menu")
@twilio_signed
@never_fails
def menu() -> str:
    """The caller pressed a menu key (or nothing)."""
    session = get_session()
    answer = voice_menu.menu_choice(session, _call_sid(), request.form.get("From", ""),
                                    _digits(), _attempt(), line(), utcnow())
    session.commit()
    return answer


@bp.post("/meetings")
@twilio_signed
@never_fails
def meetings() -> str:
    """The caller keyed a ZIP: read the next meetings near it."""
    return voice_menu.meetings_for_zip(get_session(), _digits(), _attempt(), line(), utcnow(),
                                       _language())


@bp.post("/meetings/text")
@twilio_signed
@never_fails
def text_meetings() -> str:
    """The caller pressed 1 to get the meetings by text."""
    session = get_session()
    answer = voice_menu.text_meetings(
        session, _digits(), params.keys(request.args.get("zip"), 5), request.form.get("From", ""),
        request.form.get("CallSid", "-")[:64], line(), utcnow(), _language())
    session.commit()
    return answer


@bp.post("/fallback")
@twilio_signed
def fallback():
    """Static TwiML for Twilio's fallback URL: apologise and give the crisis line."""
    log.warning("voice fallback used call_sid=%s", request.form.get("CallSid", "-"))
    return _fallback(), 200, TWIML
