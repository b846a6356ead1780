"""Whom to ring, in what order: the routing strategies a coordinator chooses, and the fallback
when nobody on duty can take the call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_volunteer
from volunteers.models import RotaSetting
from volunteers.routing import note_offered, ring_order

ZONE = "America/New_York"
AT = datetime(2026, 11, 23, 15, tzinfo=UTC)  # Monday 10:00 EST


def choose(session, **value) -> None:
    session.merge(RotaSetting(key="routing", value=value))
    session.flush()


def test_everyone_rings_all_available_volunteers_in_one_round(session):
    later, first = make_volunteer(session, priority=50), make_volunteer(session, priority=10)
    make_volunteer(session, busy_since=AT - timedelta(minutes=5))
    make_volunteer(session, takes="texts")
    make_volunteer(session, always_on=False)
    plan = ring_order(session, AT, ZONE)
    assert (plan.strategy, plan.rounds, plan.fallback, plan.nobody) == (
        "everyone", [[first, later]], None, False)


def test_priority_rings_one_volunteer_per_round_lowest_priority_first_then_by_id(session):
    a, b, c = (make_volunteer(session, priority=p) for p in (20, 10, 20))
    choose(session, strategy="priority")
    assert ring_order(session, AT, ZONE).rounds == [[b], [a], [c]]


def test_fair_share_rings_the_never_offered_first_then_who_was_offered_longest_ago(session):
    recent = make_volunteer(session, last_offered_at=AT - timedelta(hours=1), priority=1)
    never = make_volunteer(session)
    earlier = make_volunteer(session, last_offered_at=AT - timedelta(hours=2))
    never_too = make_volunteer(session)
    plan = ring_order(session, AT, ZONE, strategy="fair_share")
    assert plan.rounds == [[never], [never_too], [earlier], [recent]]


def test_note_offered_sends_volunteers_to_the_back_of_the_fair_share(session):
    a, b = make_volunteer(session), make_volunteer(session)
    note_offered(session, [a.id], AT)
    assert (a.last_offered_at, b.last_offered_at) == (AT, None)
    assert ring_order(session, AT, ZONE, strategy="fair_share").rounds == [[b], [a]]


def test_language_rings_the_speakers_first_each_group_in_priority_order(session):
    english = make_volunteer(session, priority=1, languages="en")
    bilingual = make_volunteer(session, priority=5, languages="en,es")
    mexican = make_volunteer(session, priority=9, languages="es-MX")
    english_too = make_volunteer(session, priority=3, languages="en")
    plan = ring_order(session, AT, ZONE, language="es", strategy="language")
    assert plan.rounds == [[bilingual], [mexican], [english], [english_too]]


def test_the_stored_strategy_applies_unless_the_caller_gives_one(session):
    a, b = make_volunteer(session, priority=2), make_volunteer(session, priority=1)
    choose(session, strategy="priority")
    assert ring_order(session, AT, ZONE).rounds == [[b], [a]]
    assert ring_order(session, AT, ZONE, strategy="everyone").rounds == [[b, a]]


def test_an_unknown_stored_strategy_rings_everyone_and_an_unknown_given_one_is_refused(session):
    a, b = make_volunteer(session), make_volunteer(session)
    choose(session, strategy="round_robin")
    plan = ring_order(session, AT, ZONE)
    assert (plan.strategy, plan.rounds) == ("everyone", [[a, b]])
    with pytest.raises(ValueError):
        ring_order(session, AT, ZONE, strategy="round_robin")


def test_texts_go_to_available_volunteers_who_take_texts(session):
    make_volunteer(session, takes="calls")
    texts = make_volunteer(session, takes="texts")
    assert ring_order(session, AT, ZONE, for_="texts").rounds == [[texts]]


def test_with_nobody_available_the_backup_group_rings_in_priority_order_even_off_duty(session):
    make_volunteer(session, busy_since=AT)  # on duty, on a call
    second = make_volunteer(session, always_on=False, backup=True, priority=5)
    first = make_volunteer(session, always_on=False, backup=True, priority=1)
    make_volunteer(session, always_on=False, backup=True, active=False)
    make_volunteer(session, always_on=False, backup=True, busy_since=AT)
    make_volunteer(session, always_on=False, backup=True, takes="texts")
    choose(session, strategy="priority", fallback_number="+13025550199")
    plan = ring_order(session, AT, ZONE)
    assert (plan.rounds, plan.fallback, plan.nobody) == ([[first, second]], "backup", False)


def test_with_nobody_available_and_no_backup_group_the_fallback_number_is_used(session):
    make_volunteer(session, always_on=False)
    choose(session, strategy="priority", fallback_number="+13025550199")
    plan = ring_order(session, AT, ZONE)
    assert (plan.rounds, plan.fallback, plan.fallback_number, plan.nobody) == (
        [], "number", "+13025550199", False)


def test_with_nobody_available_no_backup_group_and_no_number_the_plan_says_nobody(session):
    make_volunteer(session, always_on=False)
    plan = ring_order(session, AT, ZONE)
    assert (plan.rounds, plan.fallback, plan.fallback_number, plan.nobody) == (
        [], None, None, True)


def test_the_fallback_number_comes_with_a_plan_of_volunteers_for_when_nobody_answers(session):
    v = make_volunteer(session)
    choose(session, fallback_number="+13025550199")
    plan = ring_order(session, AT, ZONE)
    assert (plan.rounds, plan.fallback, plan.fallback_number) == ([[v]], None, "+13025550199")
