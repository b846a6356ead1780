"""Which settings an admin may change on the page, how each is read from a form and checked,
and which app setting (config key) it overrides. Environment variables stay the defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

from helpline import config


class SettingError(ValueError):
    """A value a person typed that cannot be used, with why, in words for the page."""


@dataclass(frozen=True)
class Setting:
    """One changeable setting: its config key (and, for per-language ones, the language)."""

    key: str  # the stored key
    label: str
    hint: str
    config_key: str
    read: Callable[[str], object]  # the form's text -> the value stored (raises SettingError)
    show: Callable[[object], str]  # a value (stored or default) -> the form's text
    language: str | None = None  # set for a {lang: value} config entry such as VOICE_GREETING
    multiline: bool = False


def _whole(low: int, high: int, unit: str) -> Callable[[str], int]:
    def read(raw: str) -> int:
        text = raw.strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise SettingError(f"Give a whole number of {unit} from {low} to {high}.")
        return int(text)
    return read


def hours(low: float, high: float, out_of_range: str) -> Callable[[str], float]:
    """A reader of a number of hours from `low` to `high` (`out_of_range` says the bounds)."""
    def read(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise SettingError("Give a number of hours, like 12 or 1.5.") from None
        if not low <= value <= high:
            raise SettingError(out_of_range)
        return value
    return read


_hours = hours(0.25, 24 * 7, "Give a number of hours from 0.25 to 168.")


def _number(name: str) -> Callable[[str], str]:
    def read(raw: str) -> str:
        text = raw.strip()
        digits = text.replace(" ", "").replace("-", "")
        if not (3 <= len(digits.lstrip("+")) <= 15 and digits.lstrip("+").isdigit()):
            raise SettingError(f"Give the {name} as digits, like 988 or +1 800 273 8255.")
        return text
    return read


def _quiet(raw: str) -> list[str]:
    try:
        start, end = config.quiet_hours(raw)
    except config.ConfigError:
        raise SettingError("Give local hours like 21-9 or 21:30-07:00 (the same twice for "
                           "none).") from None
    return [start.strftime("%H:%M"), end.strftime("%H:%M")]


def _show_quiet(value: object) -> str:
    start, end = (t if isinstance(t, time) else time.fromisoformat(t) for t in value)
    return f"{start.strftime('%H:%M')}-{end.strftime('%H:%M')}"


def _schedule(raw: str) -> list[float]:
    try:
        spans = config.checkin_schedule(raw)
    except config.ConfigError:
        raise SettingError("Give days or hours after consent, like 1d,7d or 20h,7d.") from None
    return [span.total_seconds() for span in spans]


def _show_schedule(value: object) -> str:
    spans = [v if isinstance(v, timedelta) else timedelta(seconds=v) for v in value]
    return ",".join(f"{s.days}d" if s.seconds == 0 else f"{int(s.total_seconds() // 3600)}h"
                    for s in spans)


def _words(limit: int) -> Callable[[str], str | None]:
    def read(raw: str) -> str | None:
        text = " ".join(raw.split())
        if len(text) > limit:
            raise SettingError(f"Keep it under {limit} characters.")
        return text or None
    return read


def _phrases(raw: str) -> list[str]:
    found = [" ".join(line.split()).lower() for line in raw.splitlines() if line.strip()]
    if len(found) > 200 or any(len(p) < 4 or len(p) > 80 for p in found):
        raise SettingError("One phrase a line, each 4 to 80 characters, at most 200 phrases.")
    return sorted(set(found))


def _plain(value: object) -> str:
    return "" if value is None else str(value)


SETTINGS: tuple[Setting, ...] = (
    Setting("VOICE_GREETING:en", "Spoken greeting (English)",
            "What callers hear first, instead of the catalog's greeting. Empty: the catalog's.",
            "VOICE_GREETING", _words(400), _plain, language="en", multiline=True),
    Setting("VOICE_GREETING:es", "Spoken greeting (Spanish)",
            "The same for callers who choose Spanish.", "VOICE_GREETING", _words(400), _plain,
            language="es", multiline=True),
    Setting("CRISIS_LINE", "Crisis line", "Given to everyone in danger, by text and call.",
            "CRISIS_LINE", _number("crisis line"), _plain),
    Setting("EMERGENCY_NUMBER", "Emergency number", "For danger to life now.",
            "EMERGENCY_NUMBER", _number("emergency number"), _plain),
    Setting("CRISIS_EXTRA_PHRASES", "Extra danger phrases",
            "One a line: words your texters use for danger that the line may not know. A text "
            "with one gets crisis resources at once.", "CRISIS_EXTRA_PHRASES", _phrases,
            lambda v: "\n".join(v or ()), multiline=True),
    Setting("CALL_MAX_WAIT_SECONDS", "Longest wait for a caller (seconds)",
            "After this, a waiting caller is offered a voice message.", "CALL_MAX_WAIT_SECONDS",
            _whole(30, 600, "seconds"), _plain),
    Setting("VOLUNTEER_RING_SECONDS", "How long a volunteer's phone rings (seconds)",
            "Then it counts as no answer and the next volunteer is rung. Under 15 may be "
            "raised to 15 by the phone company.", "VOLUNTEER_RING_SECONDS",
            _whole(10, 60, "seconds"), _plain),
    Setting("FORWARD_RING_SECONDS", "How long the fallback number rings (seconds)",
            "Then the caller is offered a voice message.", "FORWARD_RING_SECONDS",
            _whole(10, 120, "seconds"), _plain),
    Setting("CONVERSATION_CLAIM_MINUTES", "Minutes before an unclaimed text is escalated",
            "The texter is told, the backup group and coordinators are texted.",
            "CONVERSATION_CLAIM_MINUTES", _whole(1, 60, "minutes"), _plain),
    Setting("CONVERSATION_IDLE_HOURS", "Hours before a quiet conversation closes",
            "An active conversation with no messages this long closes, telling both.",
            "CONVERSATION_IDLE_HOURS", _hours, _plain),
    Setting("QUIET_HOURS", "Quiet hours", "Local hours no check-in or day reminder is sent "
            "in, like 21-9.", "QUIET_HOURS", _quiet, _show_quiet),
    Setting("CHECKIN_SCHEDULE", "Check-in schedule", "When check-ins go out after a texter "
            "says YES, like 1d,7d.", "CHECKIN_SCHEDULE", _schedule, _show_schedule),
    Setting("RETENTION_DAYS", "Keep what people said for (days)",
            "Message bodies, voicemail words and recordings are purged after this.",
            "RETENTION_DAYS", _whole(1, 365, "days"), _plain),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}


def as_config(setting: Setting, value: object) -> object:
    """A stored value in the shape the app's config holds it."""
    if setting.config_key == "QUIET_HOURS":
        return tuple(time.fromisoformat(t) for t in value)
    if setting.config_key == "CHECKIN_SCHEDULE":
        return tuple(timedelta(seconds=s) for s in value)
    if setting.config_key == "CRISIS_EXTRA_PHRASES":
        return tuple(value)
    return value
