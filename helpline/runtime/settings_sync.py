"""Every process uses the settings saved on the web page within a few seconds, without a
restart: before a request or a job, at most every SETTINGS_CHECK_SECONDS, one small query asks
whether anything changed; if so the stored values are laid over the environment's (kept aside
the first time), and the line's own texts and danger phrases are put in place.

It never raises: with the database down, the process keeps the values it last had."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from helpline import catalog, db, settings
from helpline.crisis import recognise
from helpline.settings import training

log = logging.getLogger(__name__)
CHECK_SECONDS = 2.0
_KEY = "helpline_settings"
_lock = threading.Lock()


class _State:
    """What this app last applied."""

    def __init__(self, defaults: dict) -> None:
        self.defaults, self.stamp, self.checked = defaults, None, float("-inf")


def install(app: Flask) -> None:
    """Keep the environment's values aside and check for saved settings before each request."""
    app.extensions[_KEY] = _State(settings.defaults_of(app.config))
    app.before_request(lambda: refresh(app))


def defaults(app: Flask) -> dict:
    """The environment's values of the changeable settings (what "back to default" means)."""
    return app.extensions[_KEY].defaults


def refresh(app: Flask, *, force: bool = False) -> None:
    """Apply saved settings to this app if they changed since the last look (at most every
    CHECK_SECONDS unless forced)."""
    state = app.extensions.get(_KEY)
    if state is None:
        return
    now = time.monotonic()
    if not force and now - state.checked < app.config.get("SETTINGS_CHECK_SECONDS",
                                                           CHECK_SECONDS):
        return
    with _lock:
        state.checked = now
        try:
            with db.job_session() as session:
                stamp = settings.changes_stamp(session)
                if stamp == state.stamp and not force:
                    return
                rows = settings.stored(session)
        except SQLAlchemyError as error:
            log.warning("settings not checked (%s); keeping the last ones", type(error).__name__)
            return
        _apply(app, state, rows)
        state.stamp = stamp


def _apply(app: Flask, state: _State, rows: dict) -> None:
    app.config.update(settings.config_updates(rows, state.defaults))
    app.config[training.CONFIG_KEY] = rows.get(training.KEY)  # training mode, if an admin set it
    texts = {}
    for key, value in rows.items():
        found = settings.texts.parse_key(key)
        if found and isinstance(value, str):
            texts[found] = value
    catalog.OVERRIDES.clear()
    catalog.OVERRIDES.update(texts)
    recognise.set_extra_phrases(app.config.get("CRISIS_EXTRA_PHRASES") or ())
    log.info("settings applied: %d stored", len(rows))
