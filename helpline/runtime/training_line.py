"""Training mode's practice line: the same webhooks, catalog, settings and meetings as the real
line, on a database and a sandbox gateway of their own, for /simulator to drive.

Why a line of its own rather than practice rows in the real database: no routing decision of the
real line can then ever see a trainee (a real texter in crisis offered to a practice phone nobody
holds), and no practice text can reach a real volunteer, a coordinator's pager or Twilio. The
practice line records what it sends, like the sandbox, and the simulator shows it.

Its database is an SQLite file per training session in the instance folder
(`instance/training/<id>.sqlite`), made and filled when an admin starts training, opened by
every web process on this host as it sees the setting, and deleted when the next session
starts or training ends. The real line's words and timings are laid over the practice line's
config on every use, so a greeting changed on /settings is heard there too."""

from __future__ import annotations

import logging
import secrets
import threading
from pathlib import Path

from flask import Flask
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from helpline import db, migrate, settings, telephony
from helpline.meetings.models import Meeting, MeetingSource
from helpline.settings.training import Training
from volunteers import routing
from volunteers.models import ExtraShift, RotaSetting, Volunteer

log = logging.getLogger(__name__)
FOLDER = "training"
_apps: dict[str, Flask] = {}
_lock = threading.Lock()


class NotHere(RuntimeError):
    """This process cannot open the practice line (its file is on another host, or gone)."""


def database_path(live: Flask, training_id: str) -> Path:
    return Path(live.instance_path) / FOLDER / f"{training_id}.sqlite"


def prepare(live: Flask, live_session: Session, training: Training) -> Flask:
    """Make the practice line for a training session that is being started: its database
    migrated, the trainees on duty until it ends (taking calls and texts), and the real line's
    routing strategy and meetings copied. Raises on failure, leaving no file behind."""
    path = database_path(live, training.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        migrate.upgrade(f"sqlite:///{path}")
        practice = app_for(live, training)
        with practice.app_context(), db.job_session() as session:
            _fill(session, live_session, training)
    except BaseException:
        forget(live, training.id)
        path.unlink(missing_ok=True)
        raise
    log.info("practice line ready training=%s trainees=%d", training.id,
             len(training.trainees))
    return practice


def app_for(live: Flask, training: Training) -> Flask:
    """This process's practice line for the training session, with the real line's current
    words and timings. Raises NotHere when its database is not on this host."""
    with _lock:
        practice = _apps.get(training.id)
        if practice is None:
            path = database_path(live, training.id)
            if not path.exists():
                raise NotHere(f"no practice database for training {training.id}")
            practice = _apps[training.id] = _build(live, path)
            for other in [key for key in _apps if key != training.id]:
                _apps.pop(other).extensions[db.OWN].dispose()
    practice.config.update({key: live.config[key] for key in settings.defaults_of(live.config)})
    return practice


def tend(practice: Flask) -> None:
    """The practice line's clock: no clock process runs it, so the simulator calls this on each
    look (in the practice line's app context): waiting texts offered on and escalated, quiet
    ones closed, and what is due in its outbox run, as the real line's clock and worker do."""
    from helpline.jobs.conversations import tend_conversations
    from helpline.runtime import relay

    tend_conversations()
    relay.run_inline()


def remove_others(live: Flask, keep: str | None) -> None:
    """Delete the practice databases of every session but `keep` (None: all of them)."""
    folder = Path(live.instance_path) / FOLDER
    for path in folder.glob("*.sqlite*") if folder.exists() else ():
        if path.name.split(".")[0] != keep:
            forget(live, path.name.split(".")[0])
            path.unlink(missing_ok=True)


def forget(live: Flask, training_id: str) -> None:
    """Close this process's practice line for a session, if it has one."""
    with _lock:
        practice = _apps.pop(training_id, None)
    if practice is not None:
        practice.extensions[db.OWN].dispose()


def _build(live: Flask, path: Path) -> Flask:
    """The practice line: the webhooks alone, on a database and a sandbox gateway of its own,
    leaving this process's line as it was (its database, gateway, texts and danger phrases)."""
    from helpline.routes import close_session
    from helpline.routes.twilio import blueprints

    practice = Flask(live.import_name, instance_path=live.instance_path)
    practice.config.update({
        **live.config, "TWILIO_SANDBOX": True, "DATABASE_URL": f"sqlite:///{path}",
        # Only the simulator in this process signs the practice line's webhooks.
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16), "TWILIO_ACCOUNT_SID": None,
    })
    practice.extensions[db.OWN] = db.Database(practice.config["DATABASE_URL"])
    practice.extensions[telephony.OWN] = telephony.configure_own(practice.config)
    practice.teardown_request(close_session)
    practice.teardown_appcontext(close_session)
    for blueprint in blueprints():
        practice.register_blueprint(blueprint)
    return practice


def _fill(session: Session, live_session: Session, training: Training) -> None:
    strategy = routing.settings(live_session).get("strategy")
    if strategy:  # never the fallback number: it may be a person's own phone
        session.add(RotaSetting(key=routing.SETTING, value={"strategy": strategy}))
    for trainee in training.trainees:
        volunteer = Volunteer(display_name=trainee.name, phone=trainee.phone, takes="both")
        session.add(volunteer)
        session.flush()
        session.add(ExtraShift(volunteer_id=volunteer.id, starts_at=training.started_at,
                               ends_at=training.until, note="training"))
    for model in (MeetingSource, Meeting):
        table = model.__table__
        rows = live_session.execute(select(table)).mappings()
        while chunk := [dict(row) for row in rows.fetchmany(1000)]:
            session.execute(insert(table), chunk)
