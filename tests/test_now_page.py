"""The home page, Now: who is on duty (on a call, in how many conversations), callers on the
line, conversations waiting (urgent first) and active, voicemails to handle, the next 72 hours'
gaps, a banner when a part is down; /now/live serves the live part alone for now.js."""

from __future__ import annotations

import re
from datetime import time, timedelta

from helpline.db import utcnow
from tests.factories import make_contact, make_volunteer
from tests.test_activity_page import (
    SECRET_WORDS,
    make_call,
    make_conversation,
    make_voicemail,
    page,
)
from tests.web import make_account, sign_in, signed_in_client
from volunteers.models import Shift


def section(html: str, heading: str) -> str:
    """The <section> whose heading is `heading`."""
    start = html.index(f">{heading}")
    return html[start:html.index("</section>", start)]


def test_now_and_its_live_part_send_a_stranger_to_sign_in(app):
    for url in ("/", "/now/live"):
        response = app.test_client().get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_now_and_its_live_part_refuse_an_unknown_role(app, session):
    from sqlalchemy import select

    from helpline.models import Coordinator

    client = app.test_client()
    sign_in(client, make_account(session, "coordinator"))
    session.scalar(select(Coordinator)).role = "volunteer"
    session.commit()
    assert client.get("/").status_code == 403 and client.get("/now/live").status_code == 403


def test_an_admin_and_a_coordinator_both_see_now(app, session):
    for role in ("admin", "coordinator"):
        client = signed_in_client(app, session, role)
        assert "<title>Now · Test Helpline</title>" in page(client, "/")


def test_on_duty_says_who_is_on_a_call_and_in_how_many_conversations(app, session):
    dana = make_volunteer(session, display_name="Dana", busy_since=utcnow() - timedelta(minutes=3))
    eli = make_volunteer(session, display_name="Eli", takes="texts")
    make_volunteer(session, display_name="Off Duty Fay", always_on=False)
    for _ in range(2):
        make_conversation(session, status="active", volunteer=eli,
                          claimed_after=timedelta(minutes=1))
    make_conversation(session, status="active", volunteer=dana,
                      claimed_after=timedelta(minutes=1))
    duty = section(page(signed_in_client(app, session), "/"), "On duty now")
    assert "<strong>Dana</strong>:\n        on a call" in duty
    assert re.search(r"<strong>Eli</strong>:\s+not on a call,\s+in 2 conversations", duty)
    assert "in 1 conversation\n" in duty and "(texts only)" in duty
    assert "Fay" not in duty


def test_nobody_on_duty_says_so(app, session):
    assert "Nobody is on duty right now." in page(signed_in_client(app, session), "/")


def test_callers_on_the_line_show_their_wait_so_far_and_ended_calls_do_not(app, session):
    sam = make_volunteer(session, display_name="Sam")
    waiting = make_call(session, status="ringing", outcome=None, ended=False,
                        ago=timedelta(minutes=2))
    talking = make_call(session, status="answered", outcome=None, ended=False, answered_by=sam,
                        waited=timedelta(seconds=20), ago=timedelta(minutes=6))
    over = make_call(session, ago=timedelta(minutes=20))
    stale = make_call(session, status="ringing", outcome=None, ended=False,
                      ago=timedelta(hours=5))
    calls = section(page(signed_in_client(app, session), "/"), "Calls on the line")
    assert waiting.case_code in calls and talking.case_code in calls
    assert over.case_code not in calls and stale.case_code not in calls
    assert re.search(r"Waiting</strong> volunteers are being rung", calls)
    assert re.search(r"<td>2:0\d</td>", calls)  # waited so far
    assert "<td>0:20</td><td>Sam</td>" in calls


def test_waiting_conversations_urgent_first_then_oldest_marked_in_words(app, session):
    sam = make_volunteer(session, display_name="Sam Rivers")
    oldest = make_conversation(session, ago=timedelta(minutes=30))
    newest = make_conversation(session, ago=timedelta(minutes=1))
    urgent = make_conversation(session, urgent=True, ago=timedelta(minutes=5))
    active = make_conversation(session, status="active", volunteer=sam,
                               claimed_after=timedelta(minutes=4), ago=timedelta(minutes=40))
    html = page(signed_in_client(app, session), "/")
    talk = section(html, "Text conversations")
    waiting = talk[:talk.index("<h3>Active")]
    assert (waiting.index(urgent.case_code) < waiting.index(oldest.case_code)
            < waiting.index(newest.case_code))
    urgent_row = waiting[waiting.rindex("<tr", 0, waiting.index(urgent.case_code)):]
    assert urgent_row.startswith('<tr class="urgent">')
    assert '<strong class="flag">Urgent</strong>' in urgent_row.split("</tr>")[0]
    assert "Waiting for a volunteer (3)" in talk and "Active (1)" in talk
    assert active.case_code in talk[talk.index("<h3>Active"):] and "Sam Rivers" in talk
    assert "4:00" in talk  # waited before the claim
    assert "Updated <time>" in html and "3 waiting, 1 active" in html


def test_voicemails_to_handle_newest_first_linking_to_their_call(app, session):
    older = make_call(session, outcome="voicemail", ago=timedelta(hours=2))
    make_voicemail(session, older, ago=timedelta(hours=2))
    newer = make_call(session, outcome="voicemail", ago=timedelta(minutes=10))
    make_voicemail(session, newer, ago=timedelta(minutes=10), urgent=True)
    done = make_call(session, outcome="voicemail")
    make_voicemail(session, done, handled_at=utcnow(), handled_note="called back")
    html = page(signed_in_client(app, session), "/")
    mail = section(html, "Voicemails to handle")
    assert "Voicemails to handle (2)" in mail
    assert mail.index(newer.case_code) < mail.index(older.case_code)
    assert done.case_code not in mail
    assert f'href="/activity/calls/{newer.id}"' in mail
    assert '<tr class="urgent">' in mail and SECRET_WORDS not in html
    assert "2 voicemails to handle" in html


def test_the_next_72_hours_gaps_are_listed_and_no_gaps_says_so(app, session):
    make_volunteer(session, always_on=False)
    client = signed_in_client(app, session)
    gaps = section(page(client, "/"), "Gaps in the next 72 hours")
    assert re.search(r"nobody scheduled</strong> \(7[23] hours\)", gaps)  # from this hour
    make_volunteer(session, display_name="Always")
    gaps = section(page(client, "/"), "Gaps in the next 72 hours")
    assert "No gaps" in gaps


def test_a_part_gap_is_listed_with_its_hours(app, session):
    volunteer = make_volunteer(session, always_on=False)
    for weekday in range(7):  # on duty all day but 03:00-04:00 local
        session.add(Shift(volunteer_id=volunteer.id, weekday=weekday, starts=time(4),
                          ends=time(3)))
    session.flush()
    gaps = section(page(signed_in_client(app, session), "/"), "Gaps in the next 72 hours")
    assert gaps.count("<li>") in (3, 4) and "03:00–04:00" in gaps and "(1 hour)" in gaps


def test_a_banner_names_the_part_of_the_line_that_is_down(app, session):
    from helpline.runtime import heartbeats, queues, relay

    client = signed_in_client(app, session)
    for url in ("/", "/now/live"):
        html = page(client, url)
        assert 'role="alert"' in html and "down: worker, clock" in html
    connection = queues.connect(app.config)
    relay.beat(connection)
    heartbeats.beat(connection, "clock")
    assert 'role="alert"' not in page(client, "/now/live")


def test_now_live_is_the_live_part_alone(app, session):
    make_conversation(session)
    client = signed_in_client(app, session)
    response = client.get("/now/live")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "<html" not in html and "<h1" not in html and "<nav" not in html
    assert html.lstrip().startswith('<p id="now-stamp"')
    assert 'data-counts="1 waiting, 0 active"' in html
    for part in ("now-top", "now-calls", "now-conversations", "now-voicemails", "now-gaps"):
        assert f'id="{part}"' in html
    assert section(html, "Text conversations") in page(client, "/")


def test_the_page_works_without_scripts_and_polls_with_one_from_this_site(app, session):
    app.config["NOW_POLL_SECONDS"] = 3
    html = page(signed_in_client(app, session), "/")
    assert '<script src="/static/now.js" defer></script>' in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/now.js" defer>']
    assert 'href="/static/activity.css"' in html and " style=" not in html
    assert 'data-live-url="/now/live" data-interval="3' in html
    assert '<p id="now-announce" class="visually-hidden" role="status" aria-live="polite">' in html
    assert '<a href="/">Refresh</a>' in html
    assert html.count("<h1") == 1


def test_now_never_shows_a_number_or_anyone_s_words(app, session, twilio):
    twilio.text("+13025550144", f"can i talk to someone, {SECRET_WORDS}")
    twilio.text("+13025550177", "i want to die")
    caller = make_contact(session)
    call = make_call(session, caller, status="ringing", outcome=None, ended=False)
    make_voicemail(session, call, words=f"{SECRET_WORDS}. Call me at 302 555 0199")
    volunteer = make_volunteer(session, display_name="Dana")
    client = signed_in_client(app, session)
    for url in ("/", "/now/live"):
        html = page(client, url)
        assert SECRET_WORDS not in html and "want to die" not in html
        for digits in ("5550144", "5550177", "5550199", caller.address[-7:],
                       volunteer.phone[-7:]):
            assert digits not in html, (url, digits)
        assert "1 with words of danger" in html or "<strong>1</strong> with words" in html
