"""The only importer of phonenumbers: sender normalisation and display helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

_SHORT_CODE = re.compile(r"^\d{3,8}$")
_ALPHANUMERIC = re.compile(r"^[A-Za-z0-9 ]{1,11}$")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")


@dataclass(frozen=True)
class Sender:
    """A normalised sender: `address` is E.164 when kind is 'phone'."""

    address: str
    kind: str  # phone | shortcode | alphanumeric | invalid


def to_e164(raw: str, region: str = "US") -> str | None:
    """The E.164 form of a dialable number, or None when it is not one."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_sender(raw: str | None, region: str = "US") -> Sender:
    """Classify whatever Twilio put in `From`: a phone, a short code, a sender id, or junk."""
    text = _UNPRINTABLE.sub("", (raw or "").strip())[:32]
    e164 = to_e164(text, region) if text.startswith("+") or len(text) >= 10 else None
    if e164:
        return Sender(e164, "phone")
    if _SHORT_CODE.match(text):
        return Sender(text, "shortcode")
    if _ALPHANUMERIC.match(text) and re.search(r"[A-Za-z]", text):
        return Sender(text, "alphanumeric")
    return Sender(text or "(none)", "invalid")


def redact(address: str | None) -> str:
    """A form safe for logs and screens: only the last two digits stay visible."""
    if not address:
        return "-"
    digits = re.sub(r"\D", "", address)
    if len(digits) < 4:
        return "***"
    return f"***{digits[-2:]}"


def pretty(e164: str) -> str:
    """A number formatted for reading aloud or display to its owner (e.g. the helpline's own)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def timezone_of(e164: str) -> str | None:
    """The one IANA zone a number's area code lies in (None: several, toll-free, or unknown)."""
    from phonenumbers import timezone

    try:
        zones = timezone.time_zones_for_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return None
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else None


def example_numbers(region: str, count: int) -> list[str]:
    """`count` valid numbers of the region's example kind (in North America 555-01xx, set aside
    for fiction): for practice phones in training mode, which are never dialled."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    base = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164) if example \
        else "+13025550123"
    found: list[str] = []
    for n in range(1, 100):
        candidate = to_e164(base[:-2] + f"{n:02d}", region)
        if candidate and candidate not in found:
            found.append(candidate)
        if len(found) == count:
            return found
    return [f"+130255501{n:02d}" for n in range(1, count + 1)]
