"""Senders are normalised to E.164, and odd senders are classified instead of crashing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpline.phones import parse_sender, redact, to_e164


@pytest.mark.parametrize(
    ("raw", "address", "kind"),
    [
        ("+13025550123", "+13025550123", "phone"),
        ("(302) 555-0123", "+13025550123", "phone"),
        ("302.555.0123", "+13025550123", "phone"),
        ("+44 20 7183 8750", "+442071838750", "phone"),
        ("88022", "88022", "shortcode"),
        ("247365", "247365", "shortcode"),
        ("MyBank", "MyBank", "alphanumeric"),
        ("+1 (000) nonsense", "+1 (000) nonsense", "invalid"),
        ("", "(none)", "invalid"),
        ("+1302555", "+1302555", "invalid"),
    ],
)
def test_senders_are_classified(raw, address, kind):
    assert parse_sender(raw) == (parse_sender(raw).__class__(address, kind))


def test_an_invalid_number_has_no_e164_form():
    assert to_e164("12345") is None
    assert to_e164("garbage") is None


def test_redact_leaves_only_the_last_two_digits():
    assert redact("+13025550123") == "***23"
    assert "5550123" not in redact("+13025550123")
    assert redact(None) == "-"


@given(st.text(max_size=200))
def test_any_from_value_is_classified_without_raising(raw):
    sender = parse_sender(raw)
    assert sender.kind in {"phone", "shortcode", "alphanumeric", "invalid"}
    assert len(sender.address) <= 32
    assert "\x00" not in sender.address


def test_practice_numbers_are_distinct_valid_and_fictional_in_north_america():
    from helpline.phones import example_numbers, to_e164

    found = example_numbers("US", 7)
    assert len(set(found)) == 7 and all(to_e164(n) == n for n in found)
    assert all(n[5:10] == "55501" for n in found)
    assert len(set(example_numbers("GB", 3))) == 3
