"""The audit log: what it keeps of a change (only what changed, phones masked, text cut), and
that changes made outside the pages are in it too: the command line and volunteers' texts."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from helpline import audit
from helpline.audit.models import AuditEvent
from tests.factories import make_volunteer
from tests.test_volunteer_texts import frozen, reply  # noqa: F401 (a fixture)
from volunteers.models import Shift


def test_an_edit_keeps_only_what_changed_with_phones_masked(session):
    event = audit.record(
        session, audit.Actor(7, "lead@example.org"), "volunteer.edit", "volunteer", 3,
        before={"display_name": "Dana", "phone": "+13025550144", "priority": 100},
        after={"display_name": "Dana", "phone": "+1 (302) 555-0199", "priority": 5},
        summary="x" * 500)
    assert event.before == {"phone": "…0144", "priority": 100}
    assert event.after == {"phone": "…0199", "priority": 5}
    assert len(event.summary) == audit.SUMMARY_CHARS and event.subject_id == "3"


def test_long_text_is_cut_and_dates_are_written_as_iso(session):
    from datetime import date

    event = audit.record(session, audit.COMMAND_LINE, "shift.add", "shift", 1,
                         after={"note": "n" * 999, "first_date": date(2026, 12, 1),
                                "languages": ["en", "es"]})
    assert event.after["note"] == "n" * audit.TEXT_CHARS + "…"
    assert event.after["first_date"] == "2026-12-01" and event.after["languages"] == ["en", "es"]


def test_a_volunteer_dropping_and_taking_by_text_is_in_the_log(twilio, session, frozen):  # noqa: F811
    dana = make_volunteer(session, always_on=False, display_name="Dana")
    eli = make_volunteer(session, always_on=False, display_name="Eli")
    dana.shifts.append(Shift(weekday=3, starts=time(14), ends=time(22)))
    session.commit()
    reply(twilio, dana.phone, "DROP 1")
    dropped = session.scalar(select(AuditEvent).where(AuditEvent.action == "shift.drop"))
    assert dropped.actor_label == "Dana (by text)" and dropped.after["code"]
    reply(twilio, eli.phone, f"TAKE {dropped.after['code']}")
    took = session.scalar(select(AuditEvent).where(AuditEvent.action == "shift.cover"))
    assert took.actor_label == "Eli (by text)" and took.after["covered_by"] == "Eli"


def test_changing_call_routing_at_the_command_line_is_in_the_log(app, session):
    result = app.test_cli_runner().invoke(args=[
        "rota", "routing", "--strategy", "priority", "--fallback-number", "(302) 555-0177"])
    assert result.exit_code == 0, result.output
    event = session.scalar(select(AuditEvent))
    assert event.action == "settings.routing" and event.actor_label == "command line"
    assert event.after == {"strategy": "priority", "fallback_phone": "…0177"}
    assert "555" not in str(event.after)
