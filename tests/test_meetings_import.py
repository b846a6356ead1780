"""Importing feeds: every meeting accounted for, zones and places filled in offline, and a
re-import that fails or comes back empty leaves the previous meetings in place."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from helpline.jobs.meetings import refresh_due_sources
from helpline.meetings import importer, sources
from helpline.meetings.models import Meeting, MeetingSource
from tests.meeting_fixtures import KC, SUSSEX, import_feed


def meetings_of(session, name: str) -> int:
    return session.scalar(select(func.count()).select_from(Meeting).join(MeetingSource)
                          .where(MeetingSource.name == name))


def test_both_real_feeds_import_with_every_meeting_accounted_for(session):
    for name, path, zone in [("sussex", SUSSEX, "America/New_York"), ("kc", KC, None)]:
        entries = len(json.loads(path.read_bytes()))
        result = import_feed(session, name, path, timezone=zone)
        assert result.imported + len(result.skipped) == entries
        assert result.skipped == []
        assert meetings_of(session, name) == entries


def test_kansas_city_meetings_get_their_zone_from_their_coordinates(session):
    import_feed(session, "kc", KC)
    zones = set(session.scalars(select(Meeting.timezone)))
    assert zones == {"America/Chicago"}


def test_a_reimport_replaces_the_source_and_keeps_other_sources(session):
    import_feed(session, "sussex", SUSSEX, timezone="America/New_York")
    import_feed(session, "kc", KC)
    half = json.loads(SUSSEX.read_bytes())[:60]
    source = importer.source_named(session, "sussex")
    sources.import_into(session, source, json.dumps(half).encode())
    session.commit()
    assert meetings_of(session, "sussex") == 60
    assert meetings_of(session, "kc") == 206


@pytest.mark.parametrize("feed, status", [(b"[]", "empty"), (b"{not json", "error"),
                                          (b'{"meetings": 5}', "error")])
def test_a_bad_or_empty_reimport_keeps_the_previous_meetings_and_says_why(app, session, feed,
                                                                         status):
    from helpline import db

    import_feed(session, "sussex", SUSSEX, timezone="America/New_York")
    source_id = importer.source_named(session, "sussex").id
    with pytest.raises((sources.SourceError, importer.EmptyFeed)):
        sources.import_now(db.current().sessions, source_id, feed)
    session.expire_all()
    assert meetings_of(session, "sussex") == 123
    source = session.get(MeetingSource, source_id)
    assert source.last_status == status and source.last_message


def test_an_import_that_fails_halfway_changes_nothing(app, session, monkeypatch):
    from helpline import db

    import_feed(session, "sussex", SUSSEX, timezone="America/New_York")
    before = sorted(session.scalars(select(Meeting.id)))
    calls = []

    def fails_on_the_fiftieth(record, source, zone):
        calls.append(record)
        if len(calls) == 50:
            raise RuntimeError("disk full")
        return original(record, source, zone)

    original = importer._row
    monkeypatch.setattr(importer, "_row", fails_on_the_fiftieth)
    with pytest.raises(RuntimeError):
        sources.import_now(db.current().sessions, importer.source_named(session, "sussex").id,
                           SUSSEX.read_bytes())
    session.expire_all()
    assert sorted(session.scalars(select(Meeting.id))) == before


def test_a_meeting_without_coordinates_is_placed_at_its_zip_and_marked_approximate(session):
    feed = [{"slug": "no-coords", "name": "Hope Group", "day": 2, "time": "19:00",
             "postal_code": "19958", "address": "1 Main St", "city": "Lewes", "state": "DE"},
            {"slug": "nowhere", "name": "Lost", "day": 2, "time": "19:00"}]
    source = sources.upsert_source(session, "tiny", "tiny.json", kind="meeting-guide",
                                   timezone=None, program="AA", refresh_hours=0)
    result = sources.import_into(session, source, json.dumps(feed).encode())
    session.commit()
    meeting = session.scalar(select(Meeting))
    assert meeting.approximate and abs(meeting.latitude - 38.74) < 0.1
    assert meeting.timezone == "America/New_York"
    assert [(s.slug, "coordinates" in s.reason) for s in result.skipped] == [("nowhere", True)]


def test_the_import_command_shows_a_summary_and_lists_the_source(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["meetings", "import", str(SUSSEX), "--source", "sussex",
                                 "--timezone", "America/New_York", "--program", "AA"])
    assert result.exit_code == 0, result.output
    assert "sussex: imported 123 meetings, skipped 0" in result.output
    listed = runner.invoke(args=["meetings", "sources"])
    assert "sussex: 123 meetings, 0 skipped, last ok" in listed.output


def test_the_import_command_refuses_a_broken_file_and_keeps_the_meetings(app, session, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["meetings", "import", str(SUSSEX), "--source", "sussex",
                        "--timezone", "America/New_York"])
    broken = tmp_path / "broken.json"
    broken.write_text('[{"slug": "x", "day": 1, "time": "7pm"')
    result = runner.invoke(args=["meetings", "import", str(broken), "--source", "sussex"])
    assert result.exit_code != 0 and "previous meetings were kept" in result.output
    assert meetings_of(session, "sussex") == 123


class FeedServer:
    """A local HTTP server for one feed whose answer a test can change."""

    def __init__(self):
        self.body, self.status = b"[]", 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/meetings.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.server.shutdown()


def test_a_url_source_is_refreshed_when_due_and_a_failed_refresh_keeps_the_meetings(
    app, session, feed_server, monkeypatch
):
    from helpline.meetings import fetch

    real_fetch = fetch.fetch  # the job's fetch, allowed to reach this local test server only
    policy = fetch.for_test_server("127.0.0.1", feed_server.server.server_port)
    monkeypatch.setattr(fetch, "fetch", lambda url, **kwargs: real_fetch(url, policy=policy))
    feed_server.body = SUSSEX.read_bytes()
    sources.upsert_source(session, "sussex", feed_server.url, kind=None,
                          timezone="America/New_York", program="AA", refresh_hours=None)
    session.commit()
    assert refresh_due_sources() == 1
    assert meetings_of(session, "sussex") == 123
    assert refresh_due_sources() == 0  # not due again for 24 hours
    source = session.scalar(select(MeetingSource))
    source.last_attempt_at = source.last_attempt_at.replace(year=2020)
    session.commit()
    feed_server.status = 500
    assert refresh_due_sources() == 1
    session.expire_all()
    source = session.scalar(select(MeetingSource))
    assert source.last_status == "error" and "500" in source.last_message
    assert meetings_of(session, "sussex") == 123
