"""Operator commands: demo data, accounts, the simulator, pointing the number at us."""

from __future__ import annotations

from sqlalchemy import func, select

from helpline import create_app
from helpline.models import Coordinator, InboundMessage
from tests.conftest import app_config
from tests.twilio_stub import STUB_ACCOUNT_SID, STUB_AUTH_TOKEN, STUB_PHONE_NUMBER
from volunteers.models import Volunteer


def test_demo_seed_prints_the_password_once_and_only_seeds_an_empty_database(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0 and "password:" in first.output
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0 and "password:" not in again.output
    assert session.scalar(select(func.count()).select_from(Coordinator)) == 1
    assert session.scalar(select(func.count()).select_from(Volunteer)) == 3


def test_the_demo_rota_covers_every_hour_of_the_week(app, session):
    from datetime import UTC, datetime, timedelta

    from volunteers.rota import on_duty

    app.test_cli_runner().invoke(args=["demo", "seed"])
    start = datetime(2026, 11, 23, tzinfo=UTC)
    gaps = [h for h in range(7 * 24)
            if not on_duty(session, start + timedelta(hours=h), "America/New_York")]
    assert gaps == []


def test_users_create_admin_stores_a_hashed_password(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "Lead@Example.org", "--password", "correct horse"])
    assert result.exit_code == 0
    person = session.scalar(select(Coordinator))
    assert person.email == "lead@example.org" and person.role == "admin"
    assert "correct horse" not in person.password_hash


def test_sim_text_in_process_prints_the_reply_and_stores_the_message(app, session):
    result = app.test_cli_runner().invoke(
        args=["sim", "text", "+13025550123", "HELP", "--in-process"])
    assert result.exit_code == 0, result.output
    assert "HTTP 200" in result.output and "Text STOP to opt out" in result.output
    assert session.scalar(select(InboundMessage)).intent == "help"


def test_sim_text_shows_the_texts_the_sandbox_recorded(app, session):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "seed"])
    result = runner.invoke(args=["sim", "text", "+13025550123", "I want to die", "--in-process"])
    assert "988" in result.output
    assert "> sent to +1302555010" in result.output  # a demo volunteer was alerted
    assert "+13025550123" not in result.output.split("> sent to")[1]


def test_twilio_configure_points_the_number_at_the_public_url(database_url, redis_url, instance,
                                                             twilio_stub):
    app = create_app(app_config(
        database_url, redis_url, TWILIO_SANDBOX=False, TWILIO_API_BASE_URL=twilio_stub.base_url,
        TWILIO_ACCOUNT_SID=STUB_ACCOUNT_SID, TWILIO_AUTH_TOKEN=STUB_AUTH_TOKEN,
        HELPLINE_NUMBER=STUB_PHONE_NUMBER))
    result = app.test_cli_runner().invoke(args=["twilio", "configure"])
    assert result.exit_code == 0, result.output
    [update] = twilio_stub.number_updates
    assert update["SmsUrl"] == "https://helpline.example.org/twilio/sms"
    assert update["VoiceUrl"] == "https://helpline.example.org/twilio/voice"
    assert update["VoiceFallbackUrl"] == "https://helpline.example.org/twilio/voice/fallback"
    assert update["SmsFallbackUrl"] == "https://helpline.example.org/twilio/sms/fallback"
    assert update["StatusCallback"] == "https://helpline.example.org/twilio/voice/status"
