"""`flask --app helpline check`: says what a deployment lacks and exits 1 until nothing a live
line needs is missing; it changes nothing."""

from __future__ import annotations

import pytest

from helpline import create_app
from tests.conftest import app_config
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, STUB_PHONE_NUMBER


def live_app(database_url, redis_url, twilio_stub, **overrides):
    return create_app(app_config(database_url, redis_url, **{
        "TWILIO_SANDBOX": False, "TWILIO_API_BASE_URL": twilio_stub.base_url,
        "TWILIO_ACCOUNT_SID": STUB_ACCOUNT_SID, "TWILIO_AUTH_TOKEN": STUB_AUTH_TOKEN,
        "HELPLINE_NUMBER": STUB_PHONE_NUMBER, "HEALTH_TOKEN": "h" * 40, **overrides}))


def check(app):
    return app.test_cli_runner().invoke(args=["check"])


def test_a_number_not_pointing_here_is_missing_until_twilio_configure(
        database_url, redis_url, instance, twilio_stub):
    app = live_app(database_url, redis_url, twilio_stub)
    result = check(app)
    assert result.exit_code == 1
    assert "MISSING +15005550006's sms_url, sms_fallback_url, voice_url, voice_fallback_url, " \
           "status_callback do not point here: run flask --app helpline twilio configure" \
        in result.output
    assert "ok      Twilio accepts the credentials" in result.output
    assert "ok      Redis answers" in result.output
    assert "is reachable and migrated" in result.output
    assert twilio_stub.number_updates == []  # check changes nothing
    assert app.test_cli_runner().invoke(args=["twilio", "configure"]).exit_code == 0
    result = check(app)
    assert result.exit_code == 0, result.output
    assert "ok      +15005550006 sends its texts and calls here" in result.output
    assert "Nothing missing." in result.output


def test_the_sandbox_is_missing_a_twilio_account(app):
    result = check(app)
    assert result.exit_code == 1
    assert "MISSING no Twilio account: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" \
        in result.output


@pytest.mark.parametrize(("overrides", "said"), [
    ({"TWILIO_AUTH_TOKEN": "f" * 32}, "Twilio refused TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"),
    ({"HELPLINE_NUMBER": "+13025550188"},
     "HELPLINE_NUMBER +13025550188 is not a number on this Twilio account"),
    ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "Redis at REDIS_URL does not answer"),
    ({"PUBLIC_BASE_URL": "http://helpline.example.org"},
     "PUBLIC_BASE_URL http://helpline.example.org is not https"),
    ({"PUBLIC_BASE_URL": None}, "PUBLIC_BASE_URL is not set"),
])
def test_each_gap_is_said_with_what_to_do(database_url, redis_url, instance, twilio_stub,
                                          overrides, said):
    app = live_app(database_url, redis_url, twilio_stub, **overrides)
    result = check(app)
    assert result.exit_code == 1
    assert f"MISSING {said}" in result.output


def test_a_database_not_migrated_says_run_db_upgrade(redis_url, instance, twilio_stub,
                                                     tmp_path):
    app = live_app(f"sqlite:///{tmp_path / 'new.db'}", redis_url, twilio_stub)
    result = check(app)
    assert "MISSING the database is at no revision" in result.output
    assert "run flask --app helpline db upgrade" in result.output
    assert result.exit_code == 1


def test_in_production_sqlite_is_missing_and_postgresql_is_what_is_wanted(
        database_url, redis_url, instance, twilio_stub):
    result = check(live_app(database_url, redis_url, twilio_stub, HELPLINE_ENV="production"))
    assert ("MISSING DATABASE_URL is SQLite" in result.output) == \
        database_url.startswith("sqlite")
    assert "ok      HELPLINE_ENV is production" in result.output
