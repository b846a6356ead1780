"""/users and /audit: admins add accounts (the password shown once), change roles, deactivate
and reset passwords; every change lands in the audit log, which admins filter and page."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from helpline import audit
from helpline.audit.models import AuditEvent
from helpline.db import utcnow
from helpline.models import Coordinator
from tests.web import HOSTILE_NAMES, post_form, sign_in, signed_in_client


def account(session, email):
    return session.scalar(select(Coordinator).where(Coordinator.email == email))


def shown_password(html: str) -> str:
    return re.search(r'<code class="secret">([^<]+)</code>', html).group(1)


def test_an_admin_adds_a_coordinator_and_sees_the_password_once(app, session):
    client = signed_in_client(app, session, "admin")
    response = post_form(client, "/users", {"email": "New.Lead@example.org", "name": "Robin",
                                            "role": "coordinator"})
    assert response.status_code == 200
    password = shown_password(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"
    assert password not in client.get("/users").get_data(as_text=True)
    person = account(session, "new.lead@example.org")
    assert person.role == "coordinator" and person.display_name == "Robin"
    assert sign_in(app.test_client(), "new.lead@example.org", password).status_code == 302
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert event.after == {"email": "new.lead@example.org", "role": "coordinator"}
    assert password not in str(event.before) + str(event.after) + event.summary


def test_a_duplicate_or_bad_email_is_refused_with_why(app, session):
    client = signed_in_client(app, session, "admin")
    again = post_form(client, "/users", {"email": "ADMIN@example.org", "role": "admin"})
    assert again.status_code == 400 and "already an account" in again.get_data(as_text=True)
    bad = post_form(client, "/users", {"email": "not an email", "role": "coordinator"})
    assert bad.status_code == 400
    made = post_form(client, "/users", {"email": "x@example.org", "role": "superuser"})
    assert made.status_code == 400 and account(session, "x@example.org") is None


def test_the_last_admin_cannot_be_deactivated_or_demoted(app, session):
    client = signed_in_client(app, session, "admin")
    me = account(session, "admin@example.org")
    page = client.get("/users").get_data(as_text=True)
    assert post_form(client, f"/users/{me.id}/deactivate", {}, "/users").status_code == 302
    assert "last active admin" in client.get("/users").get_data(as_text=True)
    post_form(client, f"/users/{me.id}/role", {"role": "coordinator"}, "/users")
    session.refresh(me)
    assert me.active and me.role == "admin" and "Users" in page


def test_deactivating_a_coordinator_signs_them_out_and_is_audited(app, session):
    admin = signed_in_client(app, session, "admin")
    lead = signed_in_client(app, session, "coordinator")
    person = account(session, "lead@example.org")
    assert post_form(admin, f"/users/{person.id}/deactivate", {}, "/users").status_code == 302
    assert lead.get("/").status_code == 302
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivate"))
    assert event.before == {"active": True} and event.after == {"active": False}
    assert event.actor_label == "admin@example.org"
    assert post_form(admin, f"/users/{person.id}/reactivate", {}, "/users").status_code == 302
    session.refresh(person)
    assert person.active


def test_an_admin_makes_a_coordinator_an_admin(app, session):
    admin = signed_in_client(app, session, "admin")
    lead = signed_in_client(app, session, "coordinator")
    assert lead.get("/users").status_code == 403
    person = account(session, "lead@example.org")
    post_form(admin, f"/users/{person.id}/role", {"role": "admin"}, "/users")
    assert lead.get("/users").status_code == 200


def test_a_reset_password_works_once_shown_and_the_old_one_stops(app, session):
    admin = signed_in_client(app, session, "admin")
    lead = signed_in_client(app, session, "coordinator")
    person = account(session, "lead@example.org")
    response = post_form(admin, f"/users/{person.id}/password", {}, "/users")
    password = shown_password(response.get_data(as_text=True))
    assert lead.get("/").status_code == 302
    assert sign_in(app.test_client(), "lead@example.org", password).status_code == 302


def test_the_audit_log_filters_by_kind_person_and_date_and_pages(app, session):
    client = signed_in_client(app, session, "admin")
    who = audit.Actor(None, "sam@example.org")
    for n in range(60):
        audit.record(session, who, "volunteer.edit", "volunteer", n, before={"priority": n},
                     after={"priority": n + 1}, summary=f"Edited volunteer {n}")
    old = audit.record(session, audit.COMMAND_LINE, "block.set", "block", 7, summary="old one")
    old.at = utcnow() - timedelta(days=40)
    session.commit()
    page = client.get("/audit").get_data(as_text=True)
    assert "Changes (61)" in page and "Page 1 of 2" in page and "Edited volunteer 59" in page
    assert "priority</strong>: 59 → 60" in page
    second = client.get("/audit?page=2").get_data(as_text=True)
    assert "old one" in second
    blocks_only = client.get("/audit?kind=block").get_data(as_text=True)
    assert "Changes (1)" in blocks_only
    by_sam = client.get("/audit?who=SAM").get_data(as_text=True)
    assert "Changes (60)" in by_sam
    recent = (utcnow() - timedelta(days=2)).date().isoformat()
    assert "Changes (60)" in client.get(f"/audit?since={recent}").get_data(as_text=True)
    bad = client.get("/audit?since=yesterday")
    assert bad.status_code == 400 and "give a date like" in bad.get_data(as_text=True)


def test_the_audit_log_masks_phone_numbers_and_escapes_text(app, session):
    client = signed_in_client(app, session, "admin")
    audit.record(session, audit.COMMAND_LINE, "volunteer.edit", "volunteer", 1,
                 before={"phone": "+13025550144", "display_name": HOSTILE_NAMES[0]},
                 after={"phone": "+13025550199", "display_name": HOSTILE_NAMES[1]},
                 summary=HOSTILE_NAMES[1])
    session.commit()
    event = session.scalar(select(AuditEvent))
    assert event.before["phone"] == "…0144" and event.after["phone"] == "…0199"
    page = client.get("/audit").get_data(as_text=True)
    assert "5550144" not in page and "…0144" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
