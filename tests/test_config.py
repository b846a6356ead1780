"""Settings: production refuses to start half-configured; development runs on embedded defaults."""

from __future__ import annotations

import itertools
import os

import pytest

from helpline import config, create_app
from helpline.config import ConfigError, load

REQUIRED = ("SECRET_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "HELPLINE_NUMBER",
            "PUBLIC_BASE_URL")
PRODUCTION = {"HELPLINE_ENV": "production", "SECRET_KEY": "s3cret",
              "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
              "TWILIO_AUTH_TOKEN": "token-0123", "HELPLINE_NUMBER": "+13025550100",
              "PUBLIC_BASE_URL": "https://line.example.org"}
#: Every variable load() or create_app() reads, so the outer environment cannot leak in.
READ_VARIABLES = (
    "HELPLINE_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN", "TWILIO_AUTH_TOKEN_PREVIOUS", "TWILIO_API_BASE_URL", "HELPLINE_NUMBER",
    "PUBLIC_BASE_URL",
    "HELPLINE_NAME", "HELPLINE_TIMEZONE", "HELPLINE_REGION", "CRISIS_LINE", "EMERGENCY_NUMBER",
    "OUTBOX_POLL_SECONDS", "TWILIO_HTTP_TIMEOUT", "TRUSTED_PROXIES", "ROTA_CALENDAR_TOKEN",
    "CALL_MAX_WAIT_SECONDS", "FORWARD_RING_SECONDS", "VOLUNTEER_RING_SECONDS",
    "HELPLINE_STATE", "MEETING_REMINDER_MINUTES", "SHIFT_REMINDER_HOURS", "QUIET_HOURS",
    "COVERAGE_MINIMUM", "GAP_ALERT_HOURS", "HEALTH_TOKEN",
)


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    """A private instance/ folder, a clean environment and a cwd with no stray .env."""
    path = tmp_path / "instance"
    monkeypatch.setenv("HELPLINE_INSTANCE_DIR", str(path))
    for name in READ_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return path


def missing_error(env) -> str:
    with pytest.raises(ConfigError) as raised:
        load(env)
    return str(raised.value)


MISSING_SETS = [
    combo for size in range(1, len(REQUIRED) + 1)
    for combo in itertools.combinations(REQUIRED, size)
]


@pytest.mark.parametrize("missing", MISSING_SETS, ids=["+".join(m) for m in MISSING_SETS])
def test_production_without_a_required_setting_fails_naming_exactly_the_missing_ones(missing):
    env = {k: v for k, v in PRODUCTION.items() if k not in missing}
    message = missing_error(env)
    for name in REQUIRED:
        assert (name in message) == (name in missing), message
    assert message.endswith(".")
    assert message.count(".") == 1 and "\n" not in message, "one sentence"


@pytest.mark.parametrize("name", REQUIRED)
def test_production_treats_an_empty_required_setting_as_missing(name):
    message = missing_error({**PRODUCTION, name: ""})
    assert name in message


def test_production_with_every_required_setting_loads_them(instance):
    settings = load(PRODUCTION)
    assert settings["HELPLINE_ENV"] == "production"
    assert settings["SECRET_KEY"] == "s3cret"
    assert settings["TWILIO_AUTH_TOKEN"] == "token-0123"
    assert settings["HELPLINE_NUMBER"] == "+13025550100"
    assert settings["TWILIO_SANDBOX"] is False, "a production line must really send"
    assert not (instance / "secret_key").exists(), "a real SECRET_KEY needs no dev secret"


def test_development_without_settings_runs_on_embedded_defaults(instance):
    settings = load({})
    assert settings["HELPLINE_ENV"] == "development"
    assert settings["DATABASE_URL"] == f"sqlite:///{instance.resolve() / 'helpline.db'}"
    assert settings["REDIS_URL"] is None
    assert settings["TWILIO_SANDBOX"] is True
    assert settings["TWILIO_AUTH_TOKEN"] == config.SANDBOX_AUTH_TOKEN
    assert settings["HELPLINE_NUMBER"] == config.SANDBOX_NUMBER
    assert settings["PUBLIC_BASE_URL"] is None


def test_development_keeps_one_secret_key_across_restarts(instance):
    first = load({})["SECRET_KEY"]
    assert len(first) >= 32
    assert load({})["SECRET_KEY"] == first
    assert (instance / "secret_key").read_text().strip() == first


@pytest.mark.parametrize("raw", ["postgres://u:p@h/db", "postgresql://u:p@h/db"])
def test_postgres_urls_are_read_as_psycopg_3(raw):
    assert load({"DATABASE_URL": raw})["DATABASE_URL"] == "postgresql+psycopg://u:p@h/db"


def test_an_explicit_driver_or_sqlite_url_is_kept_as_given():
    for url in ("postgresql+psycopg://u:p@h/db", "sqlite:////srv/helpline.db"):
        assert load({"DATABASE_URL": url})["DATABASE_URL"] == url


def test_a_twilio_api_base_url_turns_the_sandbox_off():
    settings = load({"TWILIO_API_BASE_URL": "http://127.0.0.1:8900"})
    assert settings["TWILIO_SANDBOX"] is False
    assert settings["TWILIO_API_BASE_URL"] == "http://127.0.0.1:8900"


def test_real_twilio_credentials_turn_the_sandbox_off():
    settings = load({"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "tok"})
    assert settings["TWILIO_SANDBOX"] is False


def test_public_base_url_loses_its_trailing_slash():
    settings = load({"PUBLIC_BASE_URL": "https://line.example.org/"})
    assert settings["PUBLIC_BASE_URL"] == "https://line.example.org"


def test_create_app_refuses_to_start_in_production_with_the_same_error(monkeypatch):
    monkeypatch.setenv("HELPLINE_ENV", "production")
    with pytest.raises(ConfigError) as raised:
        create_app()
    assert str(raised.value) == missing_error({"HELPLINE_ENV": "production"})
    for name in REQUIRED:
        assert name in str(raised.value)


def test_create_app_reads_a_dotenv_file_in_the_working_directory(monkeypatch, tmp_path):
    (tmp_path / "cwd" / ".env").write_text("HELPLINE_NAME=From Dotenv\n")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dotenv.db'}")
    try:
        app = create_app()
        assert app.config["HELPLINE_NAME"] == "From Dotenv"
        assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'dotenv.db'}"
    finally:
        # load_dotenv wrote os.environ directly; monkeypatch only restores what it changed
        # itself, and the fixture removed any outer HELPLINE_NAME, so drop the dotenv value.
        os.environ.pop("HELPLINE_NAME", None)


def test_the_environment_wins_over_the_dotenv_file(monkeypatch, tmp_path):
    (tmp_path / "cwd" / ".env").write_text("HELPLINE_NAME=From Dotenv\n")
    monkeypatch.setenv("HELPLINE_NAME", "From Environment")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dotenv.db'}")
    assert create_app().config["HELPLINE_NAME"] == "From Environment"



def test_trusted_proxies_defaults_to_none_and_must_be_a_small_number():
    assert load({})["TRUSTED_PROXIES"] == 0
    assert load({"TRUSTED_PROXIES": "1"})["TRUSTED_PROXIES"] == 1
    for bad in ("yes", "-1", "99"):
        with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
            load({"TRUSTED_PROXIES": bad})


def test_calendar_tokens_never_reach_the_access_log():
    import logging

    from helpline.runtime import access_log

    line = ('127.0.0.1 - - "GET /calendar/volunteer/Ab3_x-9KqLmN0pQrStUvWx.ics HTTP/1.1" 200 '
            '"GET /calendar/rota/Zz9yY8xX7wW6vV5uU4tT3sS2rR1qQ0pP.ics?x=1 HTTP/1.1"')
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%s", (line,), None)
    assert access_log.HideCalendarTokens().filter(record)
    shown = record.getMessage()
    assert "Ab3_x" not in shown and "Zz9yY" not in shown
    assert "/calendar/volunteer/….ics" in shown and "/calendar/rota/….ics?x=1" in shown


def test_gunicorn_and_the_development_server_hide_calendar_tokens(tmp_path):
    import logging

    from helpline.runtime import access_log, gunicorn_conf

    gunicorn_conf.on_starting(None)
    for name in ("gunicorn.access", "werkzeug"):
        logging.getLogger(name).filters.clear()
    gunicorn_conf.on_starting(None)
    assert any(isinstance(f, access_log.HideCalendarTokens)
               for f in logging.getLogger("gunicorn.access").filters)
    access_log.install("werkzeug")
    access_log.install("werkzeug")
    assert sum(isinstance(f, access_log.HideCalendarTokens)
               for f in logging.getLogger("werkzeug").filters) == 1
