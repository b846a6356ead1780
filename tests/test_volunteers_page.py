"""The coordinator's /volunteers pages: list, add, edit, deactivate, invite, calendar link."""

from __future__ import annotations

import json
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from helpline.audit.models import AuditEvent
from helpline.db import utcnow
from helpline.models import OutboundMessage
from tests.factories import make_contact, make_volunteer
from tests.web import HOSTILE_NAMES, csrf_from, post_form, signed_in_client
from volunteers.models import Shift, Volunteer

ZONE = ZoneInfo("America/New_York")  # conftest's HELPLINE_TIMEZONE
DANA = {"display_name": "Dana", "phone": "(302) 555-0144", "languages": ["en"], "takes": "both",
        "max_conversations": "2", "priority": "100"}


@pytest.fixture
def client(app, session):
    """A signed-in coordinator."""
    return signed_in_client(app, session, "coordinator")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def volunteers_named(session, name: str) -> list[Volunteer]:
    session.expire_all()
    return list(session.scalars(select(Volunteer).where(Volunteer.display_name == name)))


def events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def invites(session) -> list[OutboundMessage]:
    return list(session.scalars(select(OutboundMessage).where(OutboundMessage.purpose == "invite")))


# The list


def test_the_list_shows_names_and_the_last_four_digits_never_the_full_number(client, session):
    make_volunteer(session, display_name="Dana", phone="+13025550144", languages="es,en",
                   takes="texts")
    html = page(client, "/volunteers")
    assert "Dana" in html and "…0144" in html and "Spanish, English" in html and "Texts" in html
    assert "5550144" not in html and "555-0144" not in html


def test_the_list_says_who_is_on_duty_now_and_when_each_next_shift_starts(client, session):
    make_volunteer(session, display_name="Dana")  # on every day, all day
    eli = make_volunteer(session, display_name="Eli", always_on=False)
    day = utcnow().astimezone(ZONE).date() + timedelta(days=2)
    session.add(Shift(volunteer_id=eli.id, weekday=day.weekday(), starts=time(18), ends=time(22)))
    session.flush()
    html = page(client, "/volunteers")
    dana_row, eli_row = html.split("Dana</a>")[1].split("</tr>")[0], html.split("Eli</a>")[1]
    assert "On duty" in dana_row
    assert "On duty" not in eli_row.split("</tr>")[0]
    assert f"{day:%a} {day.day} {day:%b}, 18:00–22:00" in eli_row


def test_inactive_volunteers_are_listed_only_when_asked_for(client, session):
    make_volunteer(session, display_name="Dana")
    make_volunteer(session, display_name="Former", active=False)
    assert "Former</a>" not in page(client, "/volunteers")
    html = page(client, "/volunteers?show=all")
    assert "Former" in html and "Inactive" in html and "Reactivate Former" in html


def test_thirty_volunteers_make_two_pages(client, session):
    for n in range(30):
        make_volunteer(session, display_name=f"Person {n:02d}", always_on=False)
    first, second = page(client, "/volunteers"), page(client, "/volunteers?page=2")
    assert first.count('scope="row"') == 25 and second.count('scope="row"') == 5
    assert "Page 1 of 2" in first and "Person 24" in first and "Person 25" not in first
    assert "Person 25" in second and 'rel="prev"' in second


# Adding and editing


def test_a_badly_formatted_number_is_refused_clearly_then_a_good_one_adds_the_volunteer(
    client, session
):
    response = post_form(client, "/volunteers/new", {**DANA, "phone": "555-01"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "That is not a phone number we can text: write it like (302) 555-0144" in html
    assert 'aria-invalid="true"' in html and volunteers_named(session, "Dana") == []

    response = post_form(client, "/volunteers/new", DANA)
    assert response.status_code == 302
    [dana] = volunteers_named(session, "Dana")
    assert (dana.phone, dana.languages, dana.takes, dana.active) == ("+13025550144", "en",
                                                                     "both", True)
    assert "Dana" in page(client, "/volunteers")
    [added] = events(session, "volunteer.add")
    assert added.after["phone"] == "…0144" and added.summary == "Added Dana"


def test_every_problem_in_the_form_is_shown_at_once(client, session):
    response = post_form(client, "/volunteers/new", {
        "display_name": " ", "phone": "", "takes": "fax", "max_conversations": "lots",
        "priority": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Give a display name", "not a phone number", "at least one language",
                    "calls, texts, or both", "Write a whole number, like 2.",
                    "from 1 to 1000"):
        assert message in html
    assert session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_a_number_another_volunteer_has_is_refused_kindly(client, session):
    make_volunteer(session, display_name="Eli", phone="+13025550144")
    response = post_form(client, "/volunteers/new", DANA)
    assert response.status_code == 400
    assert "Eli already has this number" in response.get_data(as_text=True)
    assert volunteers_named(session, "Dana") == []


def test_an_edit_changes_the_fields_and_audits_before_and_after_without_the_full_number(
    client, session
):
    dana = make_volunteer(session, display_name="Dana", phone="+13025550144")
    url = f"/volunteers/{dana.id}"
    assert 'value="(302) 555-0144"' in page(client, url)  # the edit page shows it in full
    response = post_form(client, url, {
        "display_name": "Dana R", "phone": "+1 302 555 0199", "languages": ["es", "en"],
        "takes": "calls", "max_conversations": "3", "priority": "5", "backup": "y"})
    assert response.status_code == 302
    session.refresh(dana)
    assert (dana.display_name, dana.phone, dana.languages, dana.takes, dana.max_conversations,
            dana.priority, dana.backup) == ("Dana R", "+13025550199", "en,es", "calls", 3, 5, True)
    [edit] = events(session, "volunteer.edit")
    assert edit.before["phone"] == "…0144" and edit.after["phone"] == "…0199"
    assert edit.before["display_name"] == "Dana" and edit.after["display_name"] == "Dana R"
    assert "5550" not in json.dumps([edit.before, edit.after, edit.summary])


def test_an_edit_keeps_a_spanish_speakers_first_language_first(client, session):
    ana = make_volunteer(session, display_name="Ana", languages="es")
    post_form(client, f"/volunteers/{ana.id}", {**DANA, "display_name": "Ana",
                                                "phone": ana.phone, "languages": ["en", "es"]})
    session.refresh(ana)
    assert ana.languages == "es,en"


def test_deactivate_and_reactivate_are_audited_and_change_the_list(client, session):
    dana = make_volunteer(session, display_name="Dana")
    response = post_form(client, f"/volunteers/{dana.id}/deactivate", {"back": "list"},
                         page="/volunteers")
    assert response.status_code == 302 and "show=all" in response.headers["Location"]
    session.refresh(dana)
    assert dana.active is False and "Dana</a>" not in page(client, "/volunteers")
    post_form(client, f"/volunteers/{dana.id}/reactivate", {}, page=f"/volunteers/{dana.id}")
    session.refresh(dana)
    assert dana.active is True and "Dana</a>" in page(client, "/volunteers")
    [off], [on] = events(session, "volunteer.deactivate"), events(session, "volunteer.reactivate")
    assert (off.before, off.after, on.after) == ({"active": True}, {"active": False},
                                                 {"active": True})


def test_an_unknown_volunteer_is_a_404(client):
    assert client.get("/volunteers/999").status_code == 404


# Invites


def test_an_invite_queues_one_text_to_the_volunteer_in_their_first_language(client, session):
    ana = make_volunteer(session, display_name="Ana", languages="es,en")
    response = post_form(client, f"/volunteers/{ana.id}/invite", {}, page=f"/volunteers/{ana.id}")
    assert response.status_code == 302
    [text] = invites(session)
    assert text.to_address == ana.phone and text.volunteer_id == ana.id
    assert "Envia estas palabras" in text.body and "CLAIM" in text.body
    assert len(events(session, "volunteer.invite")) == 1


def test_an_invite_submitted_twice_queues_one_text(client, session):
    dana = make_volunteer(session, display_name="Dana")
    token = csrf_from(page(client, f"/volunteers/{dana.id}"))
    for _ in range(2):
        client.post(f"/volunteers/{dana.id}/invite", data={"csrf_token": token})
    assert len(invites(session)) == 1
    assert "was not sent again" in page(client, f"/volunteers/{dana.id}")


def test_a_volunteer_who_texted_stop_is_not_invited_and_the_coordinator_is_told_why(
    client, session
):
    dana = make_volunteer(session, display_name="Dana")
    make_contact(session, address=dana.phone, opted_out_at=utcnow())
    response = post_form(client, f"/volunteers/{dana.id}/invite", {},
                         page=f"/volunteers/{dana.id}", follow_redirects=True)
    assert "texted STOP to the line" in response.get_data(as_text=True)
    assert invites(session) == []


def test_an_inactive_volunteer_is_not_invited(client, session):
    dana = make_volunteer(session, display_name="Dana", active=False)
    response = post_form(client, f"/volunteers/{dana.id}/invite", {},
                         page=f"/volunteers/{dana.id}", follow_redirects=True)
    assert "reactivate them before sending an invite" in response.get_data(as_text=True)
    assert invites(session) == [] and events(session, "volunteer.invite") == []


# Calendar links


def test_the_edit_page_shows_the_calendar_feed_at_the_public_address(client, session):
    dana = make_volunteer(session, display_name="Dana")
    expected = f"https://helpline.example.org/calendar/volunteer/{dana.calendar_token}.ics"
    assert expected in page(client, f"/volunteers/{dana.id}")


def test_a_new_calendar_link_replaces_the_token_and_the_old_feed_is_gone(client, session):
    dana = make_volunteer(session, display_name="Dana")
    old = dana.calendar_token
    assert client.get(f"/calendar/volunteer/{old}.ics").status_code == 200
    post_form(client, f"/volunteers/{dana.id}/calendar", {}, page=f"/volunteers/{dana.id}")
    session.refresh(dana)
    assert dana.calendar_token != old
    assert client.get(f"/calendar/volunteer/{old}.ics").status_code == 404
    assert client.get(f"/calendar/volunteer/{dana.calendar_token}.ics").status_code == 200
    [event] = events(session, "volunteer.calendar_link")
    logged = json.dumps([event.before, event.after, event.summary])
    assert old not in logged and dana.calendar_token not in logged


# Safety


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_name_is_escaped_on_the_list_and_edit_pages(client, session, name):
    hostile = make_volunteer(session, display_name=name)
    for url in ("/volunteers", f"/volunteers/{hostile.id}"):
        html = page(client, url)
        assert "<script>alert" not in html and "<img" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html


def test_a_post_without_the_csrf_token_is_refused(client, session):
    dana = make_volunteer(session, display_name="Dana")
    assert client.post("/volunteers/new", data={**DANA, "phone": "+13025550199"}
                       ).status_code == 400
    assert client.post(f"/volunteers/{dana.id}/deactivate").status_code == 400
    session.refresh(dana)
    assert dana.active and len(volunteers_named(session, "Dana")) == 1


def test_a_stranger_is_sent_to_sign_in(app, session):
    dana = make_volunteer(session, display_name="Dana")
    for url in ("/volunteers", "/volunteers/new", f"/volunteers/{dana.id}"):
        response = app.test_client().get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
