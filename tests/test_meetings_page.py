"""/meetings: the sources with their last import, uploading a feed file, adding a feed address
(refused when it is http:// or private), Import now as a job, removing a source, and a
preview that shows exactly the reply a texter gets."""

from __future__ import annotations

import html
import io
import re
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from helpline import outbox
from helpline.audit.models import AuditEvent
from helpline.meetings import fetch, import_jobs, sources
from helpline.meetings.importer import record_failure
from helpline.meetings.models import Meeting, MeetingSearch, MeetingSource
from helpline.models import Contact, OutboxItem
from tests.meeting_fixtures import KC, SUSSEX, import_both
from tests.web import HOSTILE_NAMES, csrf_from, post_form, signed_in_client

NOW = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)  # Tuesday 17:00 in Lewes
CALLER = "+13025550123"
REAL_GETADDRINFO = socket.getaddrinfo


def test_the_import_job_is_one_the_outbox_knows():
    assert outbox.JOBS[import_jobs.JOB] == "helpline.jobs.meetings.refresh_source"


@pytest.fixture
def client(app, session):
    return signed_in_client(app, session, "coordinator")


@pytest.fixture
def public_names(monkeypatch):
    """feeds.example.org is a public host; intranet.example a private one (no DNS needed)."""
    names = {"feeds.example.org": "93.184.216.34", "intranet.example": "10.0.0.8"}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def feeds_served(monkeypatch):
    """The fetcher answering every address with the Sussex feed; the URLs asked for."""
    asked: list[str] = []

    def serve(url, **_kwargs):
        asked.append(url)
        return SUSSEX.read_bytes()

    monkeypatch.setattr(fetch, "fetch", serve)
    return asked


def page(client, url: str = "/meetings") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def upload(client, name: str, data: bytes, filename: str = "feed.json", **fields):
    return post_form(client, "/meetings/upload", {
        "name": name, "file": (io.BytesIO(data), filename), "kind": "", "timezone": "",
        "program": "", **fields}, page="/meetings", content_type="multipart/form-data")


def add_address(client, name: str, url: str, **fields):
    return post_form(client, "/meetings/sources", {
        "name": name, "url": url, "kind": "", "timezone": "America/New_York", "program": "AA",
        **fields}, page="/meetings")


def events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def meetings_of(session, name: str) -> int:
    return session.scalar(select(func.count()).select_from(Meeting).join(MeetingSource)
                          .where(MeetingSource.name == name))


def field_error(text: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', text, re.S)
    assert match, f"no error tied to #{field_id}"
    assert f'aria-describedby="{field_id}-hint {field_id}-error"' in text
    return html.unescape(match.group(1))


# ---- the list -----------------------------------------------------------------------------

def test_the_sources_are_listed_with_their_last_import_and_why_meetings_were_skipped(
        client, session):
    import_both(session)
    failing = sources.upsert_source(
        session, "broken", "https://alice:pw@feeds.example.org/m.json?token=sekrit", kind=None,
        timezone=None, program="NA", refresh_hours=None)
    record_failure(session, failing, "error", "The server answered 404")
    kc = session.scalar(select(MeetingSource).where(MeetingSource.name == "kc"))
    kc.skipped = [{"slug": f"m{i}", "reason": "no timezone: give the source --timezone"}
                  for i in range(3)] + [{"slug": "x", "reason": "the same slug appears twice"}]
    session.commit()
    text = page(client)
    assert "<title>Meetings · Test Helpline</title>" in text and text.count("<h1") == 1
    for shown in ("sussex", "kc", "broken", "123", "206", "feeds.example.org", "failed",
                  "The server answered 404", "3 × no timezone: give the source --timezone",
                  "1 × the same slug appears twice", "a file imported at the command line"):
        assert html.escape(shown, quote=False) in text, shown
    for hidden in ("sekrit", "alice", "pw@", str(SUSSEX.parent)):
        assert hidden not in text
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d ES?T", text)  # the line's local time


def test_the_list_comes_a_page_at_a_time(client, session):
    for number in range(27):
        sources.upsert_source(session, f"feed-{number:02d}", f"upload:f{number}.json",
                              kind="csv", timezone=None, program="", refresh_hours=0)
    session.commit()
    first, second = page(client), page(client, "/meetings?page=2")
    assert "feed-00" in first and "feed-24" in first and "feed-25" not in first
    assert "feed-26" in second and "Page 2 of 2" in second


# ---- uploading a file ---------------------------------------------------------------------

def test_a_real_feed_uploaded_is_imported_at_once_and_listed_with_its_counts(client, session):
    response = upload(client, "kc-aa", KC.read_bytes(), filename="kc.test.json", program="AA")
    assert response.status_code == 302
    text = page(client)
    assert "Imported 206 meetings into kc-aa; skipped 0." in text
    assert "uploaded file kc.test.json" in text and "Meeting Guide JSON" in text
    assert meetings_of(session, "kc-aa") == 206
    source = session.scalar(select(MeetingSource))
    assert source.location == "upload:kc.test.json" and source.refresh_hours is None
    assert "Import now" not in text  # only a feed address is fetched again
    [event] = events(session, "meetings.upload")
    assert event.after["meetings"] == 206 and event.subject_id == str(source.id)


@pytest.mark.parametrize("data, said", [
    (b'[{"slug": "x", "day": 1, "time": "7pm"', "could not be read as a meeting feed"),
    (b"[]", "no meeting that could be imported"),
    (b"PK\x03\x04\x00\x00binary", "not a meeting feed"),
    (b"", "The file is empty."),
])
def test_a_broken_file_is_refused_with_a_clear_error_and_nothing_is_replaced(
        client, session, data, said):
    upload(client, "sussex", SUSSEX.read_bytes(), timezone="America/New_York")
    response = upload(client, "sussex", data, filename="sussex.json")
    assert response.status_code == 400
    assert said in field_error(response.get_data(as_text=True), "file")
    assert meetings_of(session, "sussex") == 123
    assert len(events(session, "meetings.upload")) == 1


def test_an_upload_cannot_take_over_a_feed_address_or_bad_settings(client, session,
                                                                   public_names):
    sources.add_url(session, "sussex-web", "https://feeds.example.org/m.json", kind=None,
                    timezone=None, program=None)
    session.commit()
    taken = upload(client, "sussex-web", SUSSEX.read_bytes())
    assert taken.status_code == 400 and "already has that name" in field_error(
        taken.get_data(as_text=True), "file-name")
    zone = upload(client, "x", SUSSEX.read_bytes(), timezone="Mars/Olympus")
    assert "not a time zone" in field_error(zone.get_data(as_text=True), "file-timezone")
    assert session.scalar(select(func.count(Meeting.id))) == 0


def test_an_upload_past_the_request_limit_gets_a_page_saying_so(client):
    response = upload(client, "big", b"[" + b" " * (3 * 2**20) + b"]")
    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)
    assert "up to 2 MB" in response.get_data(as_text=True)


# ---- adding a feed address ----------------------------------------------------------------

@pytest.mark.parametrize("url, said", [
    ("http://feeds.example.org/meetings.json", fetch.HTTPS_ONLY),
    ("https://127.0.0.1/meetings.json", fetch.UNREACHABLE),
    ("https://localhost:8080/admin", fetch.UNREACHABLE),
    ("https://169.254.169.254/latest/meta-data/", fetch.UNREACHABLE),
    ("https://intranet.example/meetings.json", fetch.UNREACHABLE),
    ("file:///etc/passwd", fetch.NOT_AN_ADDRESS),
])
def test_an_address_that_is_http_or_private_is_refused_with_the_reason(
        client, session, public_names, url, said):
    response = add_address(client, "sussex", url)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "url") == said
    assert session.scalar(select(func.count(MeetingSource.id))) == 0
    assert session.scalar(select(func.count(OutboxItem.id))) == 0


def test_an_added_address_is_queued_and_the_job_imports_it(client, session, run_jobs,
                                                           public_names, feeds_served):
    url = "https://feeds.example.org/wp-admin/admin-ajax.php?action=meetings&key=s3cret"
    assert add_address(client, "sussex", url).status_code == 302
    text = page(client)
    assert "Added sussex. Its first import is queued" in text
    assert re.search(r"Queued since \d\d:\d\d", text) and "Refresh this page" in text
    assert "s3cret" not in text
    [event] = events(session, "meetings.source_add")
    assert event.after["address"] == "https://feeds.example.org/wp-admin/admin-ajax.php?…"
    assert run_jobs() == 1
    assert feeds_served == [url]
    text = page(client)
    assert "Queued since" not in text and "Refresh this page" not in text
    assert "123" in text and "imported" in text and meetings_of(session, "sussex") == 123


def test_import_now_queues_one_job_and_shows_a_failure_without_detail(
        client, session, run_jobs, public_names, feeds_served, monkeypatch):
    source = sources.add_url(session, "sussex", "https://feeds.example.org/m.json",
                             kind=None, timezone="America/New_York", program="AA")
    session.commit()
    first = post_form(client, f"/meetings/sources/{source.id}/import", {}, page="/meetings")
    again = post_form(client, f"/meetings/sources/{source.id}/import", {}, page="/meetings")
    assert first.status_code == again.status_code == 302
    text = page(client)
    assert "An import is already waiting or running for sussex" in text
    assert session.scalar(select(func.count(OutboxItem.id))) == 1
    assert len(events(session, "meetings.import")) == 1
    item = session.scalar(select(OutboxItem))
    item.relayed_at = datetime.now(UTC)
    session.commit()
    assert re.search(r"Importing since \d\d:\d\d", page(client))
    item.relayed_at = None
    session.commit()
    run_jobs()
    assert meetings_of(session, "sussex") == 123

    def unreachable(url, **_kwargs):
        raise fetch.FetchError("The server answered 503")

    monkeypatch.setattr(fetch, "fetch", unreachable)
    post_form(client, f"/meetings/sources/{source.id}/import", {}, page="/meetings")
    run_jobs()
    text = page(client)
    assert "The server answered 503" in text and "failed" in text
    assert meetings_of(session, "sussex") == 123  # the previous meetings stay


def test_a_file_source_has_no_import_now(client, session):
    import_both(session)
    sussex = session.scalar(select(MeetingSource).where(MeetingSource.name == "sussex"))
    response = post_form(client, f"/meetings/sources/{sussex.id}/import", {}, page="/meetings",
                         follow_redirects=True)
    assert "Only a feed address can be imported again" in response.get_data(as_text=True)
    assert session.scalar(select(func.count(OutboxItem.id))) == 0
    assert post_form(client, "/meetings/sources/999/import", {},
                     page="/meetings").status_code == 404


# ---- removing a source --------------------------------------------------------------------

def test_removing_a_source_asks_first_then_removes_it_and_its_meetings(client, session,
                                                                       public_names):
    import_both(session)
    sussex = session.scalar(select(MeetingSource).where(MeetingSource.name == "sussex"))
    asked = post_form(client, f"/meetings/sources/{sussex.id}/remove", {}, page="/meetings")
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Remove sussex?" in text and "123 meetings" in text
    assert meetings_of(session, "sussex") == 123
    done = post_form(client, f"/meetings/sources/{sussex.id}/remove", {"confirm": "yes"},
                     page="/meetings")
    assert done.status_code == 302
    assert "Removed sussex and its 123 meetings." in page(client)
    assert session.scalars(select(MeetingSource.name)).all() == ["kc"]
    assert session.scalar(select(func.count(Meeting.id))) == 206
    [event] = events(session, "meetings.source_remove")
    assert event.before["meetings"] == 123 and event.after is None


def test_removing_a_source_cancels_its_queued_import(client, session, run_jobs, public_names,
                                                     feeds_served):
    add_address(client, "sussex", "https://feeds.example.org/m.json")
    source = session.scalar(select(MeetingSource))
    post_form(client, f"/meetings/sources/{source.id}/remove", {"confirm": "yes"},
              page="/meetings")
    assert run_jobs() == 0 and feeds_served == []
    assert session.scalar(select(OutboxItem)).cancelled_at is not None


# ---- the preview --------------------------------------------------------------------------

def texted_reply(twilio, body: str) -> str:
    response = twilio.text(CALLER, body)
    [message] = ET.fromstring(response.get_data(as_text=True)).findall("Message")
    return message.text


def previewed(client, words: str, at: str) -> str:
    text = page(client, f"/meetings?q={words}&at={at}")
    match = re.search(r'<pre class="bubble reply" id="reply">(.*?)</pre>', text, re.S)
    assert match, "no reply shown"
    return html.unescape(match.group(1))


def test_the_preview_shows_exactly_the_reply_a_texter_gets_and_keeps_nothing(
        client, session, twilio, monkeypatch):
    import_both(session)
    monkeypatch.setattr("helpline.texts.inbound.utcnow", lambda: NOW)
    texted = texted_reply(twilio, "MEETINGS 19958 tonight")
    assert texted.startswith("Meetings near 19958 Lewes, DE")
    kept = (session.scalar(select(func.count(Contact.id))),
            session.scalar(select(func.count(MeetingSearch.id))))
    assert previewed(client, "19958 tonight", "2026-11-24T17:00") == texted
    text = page(client, "/meetings?q=19958+tonight&at=2026-11-24T17:00")
    assert re.search(r"[12] segments? \(GSM-7\)", text)
    assert "MEETINGS 19958 tonight" in text
    assert (session.scalar(select(func.count(Contact.id))),
            session.scalar(select(func.count(MeetingSearch.id)))) == kept
    assert previewed(client, "64111", "2026-11-24T17:00") == texted_reply(twilio,
                                                                          "MEETINGS 64111")


def test_the_preview_says_when_the_words_are_not_a_meeting_search(client, session):
    import_both(session)
    crisis = page(client, "/meetings?q=i+want+to+kill+myself&at=2026-11-24T17:00")
    assert "the texter gets the crisis reply" in crisis
    bad_time = client.get("/meetings?q=19958&at=tomorrowish")
    assert 'id="at-error"' in bad_time.get_data(as_text=True)
    assert 'id="reply"' not in bad_time.get_data(as_text=True)


# ---- safety -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_source_names_are_escaped(client, session, name):
    upload(client, name, KC.read_bytes(), filename="<b>x</b>.json")
    text = page(client)
    assert name not in text and "<b>x</b>" not in text
    assert str(escape(name)) in text


def test_every_form_needs_its_csrf_token_and_a_stranger_is_sent_to_sign_in(app, session,
                                                                           client):
    import_both(session)
    source_id = session.scalar(select(MeetingSource.id))
    token = csrf_from(page(client))
    for url in ("/meetings/sources", "/meetings/upload", f"/meetings/sources/{source_id}/import",
                f"/meetings/sources/{source_id}/remove"):
        assert client.post(url, data={"confirm": "yes"}).status_code == 400
    assert token and meetings_of(session, "sussex") == 123
    stranger = app.test_client()
    assert "/login" in stranger.get("/meetings").headers["Location"]
    assert stranger.post(f"/meetings/sources/{source_id}/remove",
                         data={"confirm": "yes"}).status_code in (302, 400)
    assert meetings_of(session, "sussex") == 123


def test_an_admin_may_do_what_a_coordinator_does(app, session):
    admin = signed_in_client(app, session, "admin")
    assert upload(admin, "kc", KC.read_bytes()).status_code == 302
    assert meetings_of(session, "kc") == 206
