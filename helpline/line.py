"""The line's own settings as plain values, so domain code never reads Flask config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta


@dataclass(frozen=True)
class Line:
    """Who the helpline is and what it tells people in danger."""

    name: str
    number: str
    region: str
    timezone: str
    crisis_line: str
    emergency_number: str
    home_state: str | None = None
    reminder_minutes: int = 60
    claim_minutes: int = 5  # a conversation nobody claims in this long is escalated
    idle_hours: float = 12  # an active conversation with no messages this long closes itself
    quiet_hours: tuple[time, time] = (time(21), time(9))  # local: no check-in lands inside
    checkin_after: tuple[timedelta, ...] = (timedelta(days=1), timedelta(days=7))
    languages: tuple[str, ...] = ("en", "es")  # offered to callers; the first is the default
    forward_seconds: int = 30  # how long the fallback number rings before a message is offered
    ring_seconds: int = 25  # how long a volunteer's phone rings before it counts as no answer
    # A coordinator's own greeting per language: words to read, or a recording to play.
    greeting_text: Mapping[str, str | None] = field(default_factory=dict, compare=False)
    greeting_url: Mapping[str, str | None] = field(default_factory=dict, compare=False)

    @classmethod
    def from_config(cls, config: Mapping) -> Line:
        """Read the line from the app config mapping."""
        return cls(
            name=config["HELPLINE_NAME"],
            number=config["HELPLINE_NUMBER"],
            region=config["HELPLINE_REGION"],
            timezone=config["HELPLINE_TIMEZONE"],
            crisis_line=config["CRISIS_LINE"],
            emergency_number=config["EMERGENCY_NUMBER"],
            home_state=config.get("HELPLINE_STATE") or None,
            reminder_minutes=int(config.get("MEETING_REMINDER_MINUTES", 60)),
            claim_minutes=int(config.get("CONVERSATION_CLAIM_MINUTES", 5)),
            idle_hours=float(config.get("CONVERSATION_IDLE_HOURS", 12)),
            quiet_hours=tuple(config.get("QUIET_HOURS", (time(21), time(9)))),
            checkin_after=tuple(config.get("CHECKIN_SCHEDULE",
                                           (timedelta(days=1), timedelta(days=7)))),
            languages=tuple(config.get("HELPLINE_LANGUAGES", ("en", "es"))),
            forward_seconds=int(config.get("FORWARD_RING_SECONDS", 30)),
            ring_seconds=int(config.get("VOLUNTEER_RING_SECONDS", 25)),
            greeting_text=dict(config.get("VOICE_GREETING") or {}),
            greeting_url=dict(config.get("VOICE_GREETING_URL") or {}),
        )

    def caller_language(self, known: str | None) -> str:
        """The language to greet a caller in: theirs when the line offers it, else the line's."""
        return known if known in self.languages else self.languages[0]

    def other_language(self, lang: str) -> str | None:
        """The language a caller may switch to from `lang` (None on a one-language line)."""
        others = [code for code in self.languages if code != lang]
        return others[0] if others else None

    @property
    def text_params(self) -> dict[str, str]:
        """The placeholders every catalog entry may use."""
        return {"name": self.name, "crisis": self.crisis_line, "emergency": self.emergency_number}
