"""Operator commands: demo data, accounts, the simulator, pointing the number at us."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from helpline import create_app
from helpline.accounts.coordinators import authenticate
from helpline.audit.models import AuditEvent
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


def test_users_create_prints_a_generated_password_once_and_stores_only_its_hash(app, session):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "Lead@Example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output
    password = re.search(r"^password: (\S+)$", result.output, re.M).group(1)
    assert len(password) >= 16
    person = session.scalar(select(Coordinator))
    assert person.email == "lead@example.org" and person.role == "admin"
    assert password not in person.password_hash
    assert authenticate(session, "lead@example.org", password).id == person.id
    event = session.scalar(select(AuditEvent))
    assert (event.action, event.actor_label) == ("user.create", "command line")


def test_users_create_takes_no_password_on_the_command_line(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "lead@example.org", "--password", "correct horse"])
    assert result.exit_code != 0 and "No such option" in result.output


def test_users_create_refuses_a_second_account_with_the_same_email(app, session):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "lead@example.org"])
    again = runner.invoke(args=["users", "create", "LEAD@example.org", "--role", "admin"])
    assert again.exit_code != 0 and "already an account" in again.output


def test_users_list_and_deactivate(app, session):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "boss@example.org", "--role", "admin"])
    runner.invoke(args=["users", "create", "lead@example.org"])
    listed = runner.invoke(args=["users", "list"]).output
    assert "boss@example.org\tadmin\tactive" in listed
    assert "lead@example.org\tcoordinator\tactive" in listed
    assert runner.invoke(args=["users", "deactivate", "lead@example.org"]).exit_code == 0
    assert "lead@example.org\tcoordinator\tdeactivated" in runner.invoke(
        args=["users", "list"]).output
    last_admin = runner.invoke(args=["users", "deactivate", "boss@example.org"])
    assert last_admin.exit_code != 0 and "last active admin" in last_admin.output
    assert runner.invoke(args=["users", "deactivate", "nobody@example.org"]).exit_code != 0


def test_users_reset_password_ends_the_old_one(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["users", "create", "lead@example.org"]).output
    old = re.search(r"^password: (\S+)$", first, re.M).group(1)
    new = re.search(r"^password: (\S+)$", runner.invoke(
        args=["users", "reset-password", "lead@example.org"]).output, re.M).group(1)
    assert authenticate(session, "lead@example.org", old) is None
    assert authenticate(session, "lead@example.org", new) is not None


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
