"""helpline: an SMS and voice helpline backend for peer support in addiction recovery."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import timedelta

from dotenv import load_dotenv
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

# Every table, registered with Base.metadata whenever the package is imported (Alembic, tests,
# and foreign keys between domains). Plain `import`s: safe while one of them is still loading.
import helpline.audit.models  # noqa: E402,F401
import helpline.calls.models  # noqa: E402,F401
import helpline.conversations.models  # noqa: E402,F401
import helpline.followups.models  # noqa: E402,F401
import helpline.meetings.models  # noqa: E402,F401
import helpline.models  # noqa: E402,F401
import helpline.settings.models  # noqa: E402,F401
import volunteers.models  # noqa: E402,F401
from helpline import config, db, telephony


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app: settings, database, gateway, blueprints and commands. Wiring only."""
    if test_config is None:
        load_dotenv(os.path.join(os.getcwd(), ".env"))
    app = Flask(__name__, instance_path=str(config.instance_dir()))
    app.config.update(config.load(os.environ))
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["HELPLINE_ENV"] == "production",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=4),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,  # a rota CSV is the largest thing anyone sends us
    )
    app.config.update(test_config or {})
    _configure_logging()
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_port=proxies)
    db.init(app.config["DATABASE_URL"])
    telephony.configure(app.config)
    _register(app)
    if not app.config.get("TESTING"):
        _warm_in_background()
    return app


def _warm_in_background() -> None:
    """Load the ZIP data, the crisis model and the meeting index now, so the first texter does
    not wait for them."""
    import threading

    threading.Thread(target=_warm, name="warm-caches", daemon=True).start()


def _warm() -> None:
    import gc

    from sqlalchemy.exc import SQLAlchemyError

    from helpline.crisis import model
    from helpline.meetings import geocode, index
    from volunteers import routing

    geocode.warm()
    model.load()
    try:
        with db.job_session() as session:
            index.current(session)
            routing.settings(session)  # the voice fallback can then name the fallback number
    except SQLAlchemyError:
        logging.getLogger(__name__).info("meeting index not warmed (database not migrated yet?)")
    # What is loaded now lives as long as the process: keep it out of the cyclic collector's
    # full passes, which otherwise walk it all (about 125 ms on 2 cores: a texter's p99).
    gc.freeze()


def _register(app: Flask) -> None:
    from flask_wtf.csrf import CSRFProtect

    from helpline import cli
    from helpline.routes import calendar, close_session, health
    from helpline.routes.twilio import blueprints

    # Per request, not per app context: a request inside an outer context (the in-process
    # simulator, tests) must not keep its session, or its SQLite lock, into the next one.
    app.teardown_request(close_session)
    app.teardown_appcontext(close_session)
    csrf = CSRFProtect(app)
    machines = (*blueprints(), health.bp, calendar.bp)
    for blueprint in blueprints():
        csrf.exempt(blueprint)  # Twilio cannot send a CSRF token; its signature is checked
    for blueprint in machines:
        app.register_blueprint(blueprint)
    _register_pages(app, machines)
    cli.register(app)


def _register_pages(app: Flask, machines: tuple) -> None:
    """The coordinator's pages: sign-in and roles, limits, headers, error pages."""
    from helpline.routes.web import (
        access,
        activity,
        audit_log,
        auth,
        blocks,
        coverage,
        dashboard,
        limits,
        meetings_admin,
        reports,
        rota,
        rota_files,
        security,
        settings,
        settings_texts,
        simulator,
        training,
        users,
        volunteers,
    )
    from helpline.runtime import access_log, settings_sync

    limits.install(app)
    for blueprint in machines:
        limits.limiter.exempt(blueprint)  # webhooks answer from the database and memory only
    for blueprint in (auth.bp, dashboard.bp, blocks.bp, users.bp, audit_log.bp, volunteers.bp,
                      rota.bp, coverage.bp, rota_files.bp, activity.bp, reports.bp,
                      meetings_admin.bp, settings.bp, settings_texts.bp, simulator.bp,
                      training.bp):
        app.register_blueprint(blueprint)
    app.register_error_handler(429, auth.too_many_attempts)
    app.register_error_handler(403, access.refused)
    app.register_error_handler(404, access.not_found)
    app.before_request(auth.forget_request_state)
    auth.login_manager.init_app(app)
    security.install(app)
    access_log.install("werkzeug")
    settings_sync.install(app)


def _configure_logging() -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # The twilio library logs every request at INFO, list queries with their phone numbers.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
