"""Training mode: an admin opens a practice line for a few hours so coordinators can rehearse
volunteers on /simulator while the real line is live.

The practice line (helpline.runtime.training_line) has a database and a sandbox gateway of its
own: its phones are practice numbers, its volunteers are the trainees named here, and nothing it
does can reach a real phone, a real volunteer or the real line's records. Here is only whether
training is on, until when, and for whom: one stored setting, audited, seen by every process
through the settings check. It ends by itself at `until`."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from helpline import audit
from helpline.db import utcnow
from helpline.settings.models import LineSetting
from helpline.settings.registry import SettingError, hours

KEY = "training"  # the LineSetting row; also app.config["TRAINING"] in every process
CONFIG_KEY = "TRAINING"
LONGEST = timedelta(hours=8)
MOST_TRAINEES = 6
NAME_CHARS = 40


@dataclass(frozen=True)
class Trainee:
    """A practice volunteer: a name a coordinator gave and a practice number."""

    name: str
    phone: str


@dataclass(frozen=True)
class Training:
    """One training session: its id (naming its practice database), when it ends by itself,
    who opened it, the practice texter's number and the trainees."""

    id: str
    started_at: datetime
    until: datetime
    started_by: str
    texter: str
    trainees: tuple[Trainee, ...]

    def stored(self) -> dict:
        return {"id": self.id, "started_at": self.started_at.isoformat(),
                "until": self.until.isoformat(), "started_by": self.started_by,
                "texter": self.texter,
                "trainees": [[t.name, t.phone] for t in self.trainees]}


def current(value: object, now: datetime) -> Training | None:
    """The training session a stored value describes, if it is still on at `now` (a value that
    cannot be read counts as off: training must never be on by accident)."""
    if not isinstance(value, Mapping):
        return None
    try:
        training = Training(
            id=str(value["id"]), started_at=datetime.fromisoformat(value["started_at"]),
            until=datetime.fromisoformat(value["until"]), started_by=str(value["started_by"]),
            texter=str(value["texter"]),
            trainees=tuple(Trainee(str(name), str(phone)) for name, phone in value["trainees"]))
    except (KeyError, TypeError, ValueError):
        return None
    if not training.id.isalnum() or not training.started_at <= now < training.until:
        return None
    return training


_HOURS = hours(0.25, LONGEST.total_seconds() / 3600,
               "Training can stay on from a quarter of an hour to 8 hours.")


def read_hours(raw: str) -> timedelta:
    """How long training stays on, from what was typed (raises SettingError)."""
    return timedelta(hours=_HOURS(raw))


def read_names(raw: str) -> list[str]:
    """The trainees' names, one a line (two practice volunteers when none are given)."""
    names = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    if not names:
        return ["Trainee 1", "Trainee 2"]
    if len(names) > MOST_TRAINEES or any(len(name) > NAME_CHARS for name in names):
        raise SettingError(f"Name up to {MOST_TRAINEES} trainees, one a line, each at most "
                           f"{NAME_CHARS} characters.")
    if len(set(names)) != len(names):
        raise SettingError("Give each trainee a different name.")
    return names


def start(session: Session, actor: audit.Actor, *, lasting: timedelta, names: list[str],
          phones: list[str], texter: str) -> Training:
    """Open a new training session (ending any other): `phones` are the trainees' practice
    numbers, one per name. The caller prepares its practice line before committing."""
    now = utcnow()
    training = Training(secrets.token_hex(8), now, now + lasting, actor.label, texter,
                        tuple(Trainee(n, p) for n, p in zip(names, phones, strict=True)))
    session.merge(LineSetting(key=KEY, value=training.stored(), updated_at=now,
                              updated_by_id=actor.id))
    audit.record(session, actor, "training.start", "training", training.id,
                 after={"until": training.until.isoformat(timespec="minutes"),
                        "trainees": ", ".join(names)},
                 summary=f"Training mode on for {_hours(lasting)} with {len(names)} trainees")
    return training


def stop(session: Session, actor: audit.Actor) -> bool:
    """End training now; False when it was not on."""
    row = session.get(LineSetting, KEY)
    if row is None:
        return False
    was_on = current(row.value, utcnow()) is not None
    session.delete(row)
    if was_on:
        audit.record(session, actor, "training.stop", "training", row.value.get("id"),
                     summary="Training mode turned off")
    return was_on


def _hours(lasting: timedelta) -> str:
    hours = lasting.total_seconds() / 3600
    return f"{hours:g} hour" + ("" if hours == 1 else "s")
