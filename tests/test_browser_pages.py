"""Every coordinator page in a real browser, at 1280 and 360 px wide: a screenshot of each in
build/browser/screenshots/, axe-core's findings in build/browser/axe.json, and no serious or
critical finding, no sideways scrolling on a phone, and a title that says where you are."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from helpline import audit
from helpline.calls import blocks
from helpline.db import utcnow
from tests.browser import WIDTHS, describe, serious_violations
from tests.factories import make_contact, make_volunteer
from tests.test_activity_page import add_message, make_call, make_conversation, make_voicemail
from tests.test_browser_access import sign_in
from tests.web import ADMIN_EMAIL, make_account
from volunteers.models import ExtraShift, Shift

# Pages that are not HTML for a person: files, feeds, audio, health.
NOT_PAGES = {"rota_files.export", "voicemail.audio", "calendar.volunteer_feed",
             "calendar.rota_feed", "health.healthz", "static", "auth.logout",
             "dashboard.live", "reports.csv"}  # Now's live part alone; a CSV


def seed(session) -> dict:
    """A small line: volunteers, a weekly overnight shift, an extra shift, a block, an audit."""
    make_account(session, "admin")
    dana = make_volunteer(session, always_on=False, display_name="Dana", languages="en,es")
    eli = make_volunteer(session, always_on=False, display_name="Eli")
    make_volunteer(session, always_on=False, display_name="Fay", takes="texts")
    shift = Shift(volunteer_id=dana.id, weekday=1, starts=time(22), ends=time(6),
                  note="Bring the handover notes")
    eli.shifts.append(Shift(weekday=3, starts=time(9), ends=time(17)))
    session.add(shift)
    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    extra = ExtraShift(volunteer_id=eli.id, starts_at=start, ends_at=start + timedelta(hours=3))
    session.add(extra)
    blocks.block(session, make_contact(session, codename="Calm Heron 42"), "prank calls",
                 utcnow(), days=7)
    audit.record(session, audit.COMMAND_LINE, "volunteer.add", "volunteer", dana.id,
                 after={"display_name": "Dana"}, summary="Added Dana")
    call, talk = seed_activity(session, dana)
    session.commit()
    next_tuesday = date.today() + timedelta(days=(1 - date.today().weekday()) % 7 or 7)
    return {"volunteer_id": dana.id, "shift_id": shift.id, "extra_id": extra.id,
            "user_id": 1, "block_id": 1, "day": next_tuesday.isoformat(),
            "call_id": call.id, "conversation_id": talk.id}


def seed_activity(session, volunteer) -> tuple:
    """For Now and Activity: a caller waiting, a voicemail, conversations waiting and active."""
    call = make_call(session, make_contact(session, codename="Quiet Otter 7"),
                     outcome="voicemail")
    make_voicemail(session, call, words="I would like someone to call me back tomorrow.")
    make_call(session, status="ringing", outcome=None, ended=False, ago=timedelta(minutes=2))
    talk = make_conversation(session, status="active", volunteer=volunteer,
                             claimed_after=timedelta(minutes=2))
    add_message(session, talk, "Is anyone there?", ago=timedelta(minutes=6))
    add_message(session, talk, "Hi, I'm Dana. I'm here.", volunteer=volunteer,
                ago=timedelta(minutes=5))
    make_conversation(session, urgent=True)
    return call, talk


def pages(ids: dict) -> dict[str, str]:
    """Every page a coordinator or admin opens, by endpoint."""
    day, shift = ids["day"], ids["shift_id"]
    return {
        "auth.login": "/login", "dashboard.home": "/", "auth.password": "/account/password",
        "volunteers.index": "/volunteers", "volunteers.new": "/volunteers/new",
        "volunteers.edit": f"/volunteers/{ids['volunteer_id']}",
        "rota.week": "/rota", "rota.add_shift": "/rota/shifts/new",
        "rota.edit_shift": f"/rota/shifts/{shift}/edit",
        "rota.delete_shift": f"/rota/shifts/{shift}/delete",
        "rota.add_extra": "/rota/extra/new",
        "rota.delete_extra": f"/rota/extra/{ids['extra_id']}/delete",
        "rota.drop": f"/rota/shifts/{shift}/drop?day={day}",
        "rota.cover": f"/rota/shifts/{shift}/cover?day={day}",
        "rota.undo": f"/rota/shifts/{shift}/undo?day={day}",
        "rota.swap": f"/rota/swap?shift={shift}&day={day}",
        "coverage.week": "/rota/coverage", "coverage.gaps": "/rota/gaps",
        "rota_files.import_form": "/rota/import", "rota_files.calendars": "/rota/calendars",
        "blocks.index": "/blocks", "users.index": "/users", "audit_log.index": "/audit",
        "activity.index": "/activity", "reports.index": "/reports",
        "activity.call": f"/activity/calls/{ids['call_id']}",
        "activity.conversation": f"/activity/conversations/{ids['conversation_id']}",
        "meetings_admin.index": "/meetings", "settings.index": "/settings",
        "settings_texts.index": "/settings/texts", "settings_texts.edit": "/settings/texts/help",
        "simulator.index": "/simulator",
    }


def test_every_page_is_in_the_list_of_pages_checked(live):
    listed = set(pages(dict.fromkeys(("volunteer_id", "shift_id", "extra_id", "user_id",
                                      "block_id", "day", "call_id", "conversation_id"), 1)))
    with_get = {rule.endpoint for rule in live.app.url_map.iter_rules()
                if "GET" in rule.methods and not rule.rule.startswith("/twilio/")}
    assert with_get - NOT_PAGES <= listed, "add the new page to pages()"


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"


def check_every_page(page, width_name: str, ids: dict, report) -> list[str]:
    """Screenshot, axe and layout checks of each page at this width; the problems found."""
    folder, findings = report
    problems = []
    for endpoint, path in pages(ids).items():
        if endpoint == "auth.login":
            continue  # signed in already; the sign-in page is checked on its own
        visit(page, path)
        name = endpoint.replace(".", "-")
        page.screenshot(path=str(folder / "screenshots" / f"{name}-{width_name}.png"),
                        full_page=True)
        found = serious_violations(page)
        findings[f"{path} @ {WIDTHS[width_name]}px"] = found
        if found:
            problems.append(f"{path} at {WIDTHS[width_name]} px:\n{describe(found)}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > WIDTHS[width_name]:
            problems.append(f"{path} at {WIDTHS[width_name]} px scrolls sideways ({wide} px)")
        title, heading = page.title(), page.locator("h1").first.inner_text()
        if not re.search(r" · Test Helpline$", title) or len(title) < 15:
            problems.append(f"{path}: the title {title!r} does not say where you are")
        if not heading:
            problems.append(f"{path}: no main heading")
    return problems


def test_every_page_at_both_widths_has_no_serious_accessibility_findings(
        page_at, live_session, report_dir):
    ids = seed(live_session)
    problems = []
    for width_name, width in WIDTHS.items():
        page = page_at(width)
        page.goto("/login")
        page.screenshot(path=str(report_dir[0] / "screenshots" / f"auth-login-{width_name}.png"))
        report_dir[1][f"/login @ {width}px"] = serious_violations(page)
        sign_in(page, ADMIN_EMAIL)
        page.wait_for_url(re.compile(r"/$"))
        problems += check_every_page(page, width_name, ids, report_dir)
    assert not problems, "\n".join(problems)
    assert not any(report_dir[1].values())
    shots = list((report_dir[0] / "screenshots").glob("*.png"))
    assert len(shots) == 2 * len(pages(ids))


def test_a_dst_week_renders_in_the_browser(page_at, live_session):
    seed(live_session)
    page = page_at()
    sign_in(page, ADMIN_EMAIL)
    page.wait_for_url(re.compile(r"/$"))
    for path in ("/rota?week=2026-W44", "/rota/coverage?week=2026-W44",
                 "/rota?week=2027-W11"):
        visit(page, path)
        assert not serious_violations(page)


