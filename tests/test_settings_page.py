"""/settings: admins change the line's words and timings; a change is checked, audited, and in
effect in every process (another process too) without a restart; a bad value saves nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from helpline.audit.models import AuditEvent
from helpline.settings.models import LineSetting
from tests.conftest import HELPLINE_NUMBER, PUBLIC_BASE_URL
from tests.test_voice import call_form, greeted
from tests.web import csrf_from, post_form, signed_in_client
from tests.webhooks import TEST_AUTH_TOKEN

ROOT = Path(__file__).resolve().parent.parent


def form_now(client) -> dict:
    """The settings form as the page fills it in now."""
    import re

    page = client.get("/settings").get_data(as_text=True)
    import html

    fields = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<input id="[^"]+" name="([A-Z_:a-z]+)" value="([^"]*)"', page)}
    fields |= {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<textarea id="[^"]+" name="([A-Z_:a-z]+)"[^>]*>([^<]*)</textarea>', page)}
    strategy = re.search(r'<option value="([a-z_]+)" selected>', page).group(1)
    return {**fields, "strategy": strategy, "fallback_number": ""}


def save(client, **changes):
    return post_form(client, "/settings", {**form_now(client), **changes})


def test_only_admins_see_settings(app, session):
    assert signed_in_client(app, session, "coordinator").get("/settings").status_code == 403
    admin = signed_in_client(app, session, "admin")
    page = admin.get("/settings").get_data(as_text=True)
    assert "Longest wait for a caller" in page and "Default: 90." in page


def test_a_change_is_in_effect_at_once_and_audited(app, session, twilio):
    admin = signed_in_client(app, session, "admin")
    response = save(admin, CALL_MAX_WAIT_SECONDS="120", CRISIS_LINE="1 800 273 8255")
    assert response.status_code == 302
    assert app.config["CALL_MAX_WAIT_SECONDS"] == 120
    say, _ = greeted(twilio.post("/twilio/voice", call_form()))
    assert "1 800 273 8255" in say.text
    events = {e.subject_id: e for e in session.scalars(select(AuditEvent))}
    assert events["CALL_MAX_WAIT_SECONDS"].before == {"value": "90"}
    assert events["CALL_MAX_WAIT_SECONDS"].after == {"value": "120"}
    assert events["CALL_MAX_WAIT_SECONDS"].actor_label == "admin@example.org"


def test_a_bad_value_saves_nothing_and_says_why(app, session):
    admin = signed_in_client(app, session, "admin")
    response = save(admin, CALL_MAX_WAIT_SECONDS="forever", CRISIS_LINE="1 800 273 8255",
                    QUIET_HOURS="late")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was saved" in page and "Give a whole number of seconds" in page
    assert "Give local hours like 21-9" in page
    assert session.scalar(select(LineSetting)) is None
    assert app.config["CRISIS_LINE"] == "988"


def test_the_fallback_number_rings_as_long_as_the_setting_says(app, session, twilio):
    from tests.test_voice import call_form as form

    admin = signed_in_client(app, session, "admin")
    assert save(admin, strategy="priority", fallback_number="(302) 555-0199",
                FORWARD_RING_SECONDS="45").status_code == 302
    call = form()
    twilio.post("/twilio/voice", call)
    answer = twilio.post("/twilio/voice/talk", call).get_data(as_text=True)
    assert 'timeout="45"' in answer and "+13025550199" in answer


def test_the_default_comes_back_when_asked(app, session):
    admin = signed_in_client(app, session, "admin")
    save(admin, RETENTION_DAYS="14")
    assert app.config["RETENTION_DAYS"] == 14
    token = csrf_from(admin.get("/settings").get_data(as_text=True))
    admin.post("/settings/RETENTION_DAYS/default", data={"csrf_token": token})
    assert app.config["RETENTION_DAYS"] == 30
    assert session.scalar(select(LineSetting)) is None


def test_a_changed_greeting_is_heard_on_the_next_call(app, session, twilio):
    admin = signed_in_client(app, session, "admin")
    save(admin, **{"VOICE_GREETING:en": "Welcome to the harbour line, you are not alone."})
    say, _ = greeted(twilio.post("/twilio/voice", call_form()))
    assert say.text.startswith("Welcome to the harbour line, you are not alone.")


def test_an_extra_danger_phrase_gets_crisis_resources(app, session, twilio):
    admin = signed_in_client(app, session, "admin")
    before = twilio.text("+13025550177", "thinking about the big sleep").get_data(as_text=True)
    assert "988" not in before
    save(admin, CRISIS_EXTRA_PHRASES="big sleep\nCatch the bus")
    after = twilio.text("+13025550178", "thinking about the big sleep").get_data(as_text=True)
    assert "988" in after


def test_call_routing_is_chosen_on_the_page(app, session):
    from volunteers import routing

    admin = signed_in_client(app, session, "admin")
    assert save(admin, strategy="priority", fallback_number="(302) 555-0199").status_code == 302
    assert routing.settings(session) == {"strategy": "priority",
                                         "fallback_number": "+13025550199"}
    bad = save(admin, fallback_number="call me")
    assert bad.status_code == 400 and "fallback number" in bad.get_data(as_text=True)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.routing"))
    assert event.after == {"strategy": "priority", "fallback_phone": "…0199"}


def test_a_reworded_text_is_sent_and_a_bad_one_refused(app, session, twilio):
    admin = signed_in_client(app, session, "admin")
    page = admin.get("/settings/texts/help").get_data(as_text=True)
    assert "The catalog&#39;s own" in page or "The catalog's own" in page
    for bad, why in [("{name} {nonsense}", "braces"), ("x" * 400, "Too long"),
                     ("{name} {crisis", "braces")]:
        response = post_form(admin, "/settings/texts/help", {"en": bad, "es": ""})
        assert response.status_code == 400 and why in response.get_data(as_text=True)
    assert session.scalar(select(LineSetting)) is None
    mine = "{name}: peers in recovery, day and night. Crisis? Call or text {crisis}."
    assert post_form(admin, "/settings/texts/help", {"en": mine, "es": ""}).status_code == 302
    reply = twilio.text("+13025550177", "HELP").get_data(as_text=True)
    assert "peers in recovery, day and night" in reply
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "settings.text"))
    assert event.after["text"] == mine
    emoji = "{name}: here for you \U0001F600 \u201cday and night\u201d. {crisis}."
    assert post_form(admin, "/settings/texts/help", {"en": emoji, "es": ""}).status_code == 302
    stored = session.scalar(select(LineSetting.value).where(LineSetting.key == "text:help:en"))
    assert stored == '{name}: here for you "day and night". {crisis}.'  # made GSM-7
    listing = admin.get("/settings/texts?q=help").get_data(as_text=True)
    assert ">help</a>" in listing


CHILD = textwrap.dedent("""
    import json, sys
    from helpline import create_app
    from tests.conftest import app_config
    from tests.test_voice import call_form
    from tests.webhooks import TwilioWebhooks
    app = create_app(app_config(sys.argv[1], sys.argv[2], SETTINGS_CHECK_SECONDS=0))
    hooks = TwilioWebhooks(app.test_client(), sys.argv[3], sys.argv[4])
    for _ in sys.stdin:
        answer = hooks.post("/twilio/voice", call_form()).get_data(as_text=True)
        print(json.dumps({"wait": app.config["CALL_MAX_WAIT_SECONDS"], "twiml": answer}),
              flush=True)
""")


def test_a_change_reaches_another_process_without_a_restart(app, session, database_url,
                                                           redis_url, instance):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, database_url, redis_url, TEST_AUTH_TOKEN, PUBLIC_BASE_URL],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        def ask() -> dict:
            child.stdin.write("go\n")
            child.stdin.flush()
            return json.loads(child.stdout.readline())

        first = ask()
        assert first["wait"] == 90 and "Crisis line 2" not in first["twiml"]
        admin = signed_in_client(app, session, "admin")
        save(admin, CALL_MAX_WAIT_SECONDS="150",
             **{"VOICE_GREETING:en": "Crisis line 2 greets you."})
        second = ask()
        assert second["wait"] == 150 and "Crisis line 2 greets you." in second["twiml"]
    finally:
        child.stdin.close()
        child.wait(timeout=20)
    assert HELPLINE_NUMBER


def max_wait_now() -> int:
    """A job: the longest caller wait as the process running it sees it."""
    from flask import current_app

    return current_app.config["CALL_MAX_WAIT_SECONDS"]


def test_the_worker_runs_each_job_with_the_saved_settings(app, session, database_url,
                                                          redis_url, instance):
    from helpline import create_app, settings
    from helpline.audit import COMMAND_LINE
    from helpline.runtime import queues
    from helpline.runtime.settings_sync import defaults
    from helpline.runtime.worker import LineWorker
    from tests.conftest import app_config

    worker_app = create_app(app_config(database_url, redis_url, SETTINGS_CHECK_SECONDS=0))
    connection = queues.connect(worker_app.config)
    with worker_app.app_context():
        settings.save(session, COMMAND_LINE, "CALL_MAX_WAIT_SECONDS", "200", defaults(app))
        session.commit()
        job = queues.queue(connection).enqueue(max_wait_now)
        LineWorker([queues.queue(connection)], connection=connection).work(burst=True)
    assert job.return_value() == 200
