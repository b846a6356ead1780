"""Training mode: on a live line an admin opens a practice line for /simulator. Its phones,
trainees and records are its own: nothing done in training reaches Twilio, a real volunteer or
the real line's records, and no real texter reaches a trainee. It ends by itself."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from helpline.audit.models import AuditEvent
from helpline.conversations.models import Conversation
from helpline.db import utcnow
from helpline.models import Contact, InboundMessage
from helpline.runtime import settings_sync, training_line
from helpline.settings import training as training_mode
from helpline.settings.models import LineSetting
from tests.factories import make_volunteer
from tests.web import csrf_from, signed_in_client


def token(client) -> str:
    return csrf_from(client.get("/account/password").get_data(as_text=True))


def start(client, trainees: str = "Ana\nBo", hours: str = "2"):
    return client.post("/simulator/training", data={
        "csrf_token": token(client), "hours": hours, "trainees": trainees})


def practice(app) -> training_mode.Training:
    settings_sync.refresh(app, force=True)
    found = training_mode.current(app.config.get("TRAINING"), utcnow())
    assert found is not None
    return found


def send(client, sender: str, body: str):
    return client.post("/simulator/text", data={"csrf_token": token(client), "from": sender,
                                                "body": body})


def page(client) -> str:
    return client.get("/simulator").get_data(as_text=True)


def nothing_real_happened(session, twilio_stub) -> None:
    assert twilio_stub.messages == [] and twilio_stub.calls == []
    for model in (InboundMessage, Conversation, Contact):
        assert session.scalar(select(func.count()).select_from(model)) == 0


@pytest.fixture
def admin(stub_app, stub_session):
    return signed_in_client(stub_app, stub_session, "admin")


def test_on_a_live_line_the_simulator_drives_nothing_until_an_admin_starts_training(
        stub_app, stub_session, twilio_stub):
    coordinator = signed_in_client(stub_app, stub_session, "coordinator")
    shown = page(coordinator)
    assert "drives nothing until an admin turns on" in shown and "Ask an admin" in shown
    assert "Start training" not in shown
    assert send(coordinator, "+13025550123", "HELP").status_code == 404
    assert start(coordinator).status_code == 403
    assert stub_session.scalar(select(LineSetting)) is None
    nothing_real_happened(stub_session, twilio_stub)


def test_a_practice_conversation_never_touches_the_real_line(
        stub_app, stub_session, admin, twilio_stub, stub_run_jobs):
    riley = make_volunteer(stub_session, display_name="Riley")  # a real volunteer on duty
    stub_session.commit()
    assert start(admin).status_code == 303
    training = practice(stub_app)
    ana, bo = training.trainees
    shown = page(admin)
    assert "Training mode is on until" in shown and "Ana" in shown and "Bo" in shown
    assert "Riley" not in shown and riley.phone not in shown

    send(admin, training.texter, "can I talk to someone please")
    code = re.search(r"Reply CLAIM (\w+)", page(admin)).group(1)
    send(admin, ana.phone, f"CLAIM {code}")
    send(admin, ana.phone, "Hi, I'm Ana. What's going on?")
    send(admin, training.texter, "i want to end it all tonight")
    shown = page(admin)
    assert "Ana: Hi, I&#39;m Ana. What&#39;s going on?" in shown
    assert "988" in shown and f"URGENT #{code}" in shown

    stub_run_jobs()  # anything the real line had been given to do
    nothing_real_happened(stub_session, twilio_stub)
    actions = stub_session.scalars(select(AuditEvent.action)).all()
    assert actions == ["training.start"]
    now = admin.get("/").get_data(as_text=True)
    assert code not in now
    assert "Training mode is on until" in now  # coordinators on Now know it is going on


def test_a_real_texter_is_offered_to_real_volunteers_never_to_a_trainee(
        stub_app, stub_session, stub_twilio, admin, twilio_stub, stub_run_jobs):
    riley = make_volunteer(stub_session, display_name="Riley")
    stub_session.commit()
    start(admin)
    training = practice(stub_app)
    stub_twilio.text("+13025550177", "can I talk to someone please")
    stub_run_jobs()
    assert {m["To"] for m in twilio_stub.messages} == {riley.phone}
    trainees = {t.phone for t in training.trainees}
    assert not trainees & {m["To"] for m in twilio_stub.messages}
    shown = page(admin)
    assert "Reply CLAIM" not in shown
    with stub_app.app_context(), training_line.app_for(stub_app, training).app_context():
        from helpline import db

        with db.current().sessions() as practice_db:
            assert practice_db.scalar(select(func.count()).select_from(Conversation)) == 0


def test_a_greeting_changed_on_settings_is_heard_on_the_practice_line(
        stub_app, stub_session, admin):
    from tests.test_settings_page import save

    save(admin, **{"VOICE_GREETING:en": "Welcome to the harbour line, you are not alone."})
    start(admin)
    practice(stub_app)
    admin.post("/simulator/call", data={"csrf_token": token(admin), "start": "1"})
    assert "Welcome to the harbour line" in page(admin)


def test_training_ends_by_itself_and_when_an_admin_ends_it(stub_app, stub_session, admin,
                                                          instance):
    start(admin, trainees="")
    training = practice(stub_app)
    assert [t.name for t in training.trainees] == ["Trainee 1", "Trainee 2"]
    database = training_line.database_path(stub_app, training.id)
    assert database.exists()

    row = stub_session.get(LineSetting, training_mode.KEY)
    row.value = {**row.value, "until": (utcnow() - timedelta(seconds=1)).isoformat()}
    row.updated_at = utcnow()
    stub_session.commit()
    settings_sync.refresh(stub_app, force=True)
    assert "drives nothing until an admin turns on" in page(admin)

    start(admin, trainees="Cam")
    again = practice(stub_app)
    assert again.id != training.id and not database.exists()  # the old practice line is gone
    assert admin.post("/simulator/training/end",
                      data={"csrf_token": token(admin)}).status_code == 303
    settings_sync.refresh(stub_app, force=True)
    assert "drives nothing" in page(admin)
    assert "Training mode is on" not in admin.get("/").get_data(as_text=True)
    assert not training_line.database_path(stub_app, again.id).exists()
    actions = stub_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["training.start", "training.start", "training.stop"]


def test_another_web_process_drives_the_same_practice_line(stub_app, stub_session, admin,
                                                          database_url, redis_url):
    from helpline import create_app
    from tests.conftest import app_config

    start(admin)
    training = practice(stub_app)
    send(admin, training.texter, "HELP")
    other = create_app(app_config(database_url, redis_url, TWILIO_SANDBOX=False,
                                  TWILIO_ACCOUNT_SID="AC" + "1" * 32))
    from tests.web import sign_in

    client = other.test_client()
    sign_in(client, "admin@example.org")
    with other.test_request_context():
        settings_sync.refresh(other, force=True)
    assert "Text STOP to opt out" in client.get("/simulator").get_data(as_text=True)


@pytest.mark.parametrize(("hours", "trainees", "why"), [
    ("forever", "Ana", "Give a number of hours"),
    ("12", "Ana", "from a quarter of an hour to 8 hours"),
    ("2", "\n".join(f"T{n}" for n in range(7)), "up to 6 trainees"),
    ("2", "Ana\nAna", "a different name"),
])
def test_a_bad_start_starts_nothing_and_says_why(stub_app, stub_session, admin, hours,
                                                 trainees, why, instance):
    response = start(admin, trainees=trainees, hours=hours)
    assert response.status_code == 303
    assert why in page(admin)
    assert stub_session.scalar(select(LineSetting)) is None
    assert not (instance / training_line.FOLDER).exists()


def test_the_practice_line_s_clock_runs_when_the_simulator_is_looked_at(
        stub_app, stub_session, admin, twilio_stub):
    from sqlalchemy import update

    from helpline import db

    start(admin, trainees="Ana")
    training = practice(stub_app)
    send(admin, training.texter, "can I talk to someone please")
    with training_line.app_for(stub_app, training).app_context(), \
            db.current().sessions() as practice_db:
        practice_db.execute(update(Conversation).values(
            waiting_since=utcnow() - timedelta(minutes=10)))
        practice_db.commit()
    page(admin)  # the look runs the practice line's clock: unclaimed 10 minutes: escalated
    with training_line.app_for(stub_app, training).app_context(), \
            db.current().sessions() as practice_db:
        assert practice_db.scalar(select(Conversation.escalated_at)) is not None
    nothing_real_happened(stub_session, twilio_stub)
