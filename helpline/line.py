"""The line's own settings as plain values, so domain code never reads Flask config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


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
        )

    @property
    def text_params(self) -> dict[str, str]:
        """The placeholders every catalog entry may use."""
        return {"name": self.name, "crisis": self.crisis_line, "emergency": self.emergency_number}
