"""/reports: texts, conversations, calls and meeting searches by ZIP area for a chosen period,
per local day or hour of the day (right across DST), each table also as the same CSV; never a
phone number or a message body; a bad period is a 400 that says why."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpline.calls.models import Call, CallLeg
from helpline.conversations.models import Conversation
from helpline.meetings.models import MeetingSearch
from helpline.models import Contact, Coordinator, InboundMessage
from helpline.reports import tables
from helpline.reports.period import BadPeriod, parse
from tests.factories import make_contact
from tests.web import COORDINATOR_EMAIL, make_account, sign_in, signed_in_client

ZONE = ZoneInfo("America/New_York")  # the test line's zone; clocks go back on 1 Nov 2026
_sids = itertools.count(1)
SECRET_WORDS = "I want to use again tonight near 19958 Lewes"


# ---- arranging rows ---------------------------------------------------------------------------

def local(text: str, fold: int = 0) -> datetime:
    """A wall-clock time in the line's zone ('2026-11-01 01:30') as an aware UTC instant;
    fold=1 is the second 01:30 of the night the clocks go back."""
    return datetime.fromisoformat(text).replace(tzinfo=ZONE, fold=fold).astimezone(UTC)


def text_in(session, contact: Contact, at: datetime, intent: str = "other",
            body: str = "hello") -> None:
    session.add(InboundMessage(message_sid=f"SM{next(_sids):032d}", contact_id=contact.id,
                               to_number="+13025550100", body=body, intent=intent,
                               language="en", received_at=at))


def conversation(session, contact: Contact, opened: datetime, claimed_after: int | None = None,
                 urgent: bool = False) -> None:
    n = next(_sids)
    session.add(Conversation(
        case_code=f"K{n}", contact_id=contact.id, status="closed", urgent=urgent,
        opened_at=opened, waiting_since=opened, last_message_at=opened,
        claimed_at=opened + timedelta(seconds=claimed_after) if claimed_after else None))


def call(session, contact: Contact, at: datetime, *, queued_after: int | None = None,
         answered_after: int | None = None, outcome: str | None = None) -> Call:
    n = next(_sids)
    queued = at + timedelta(seconds=queued_after) if queued_after is not None else None
    answered = (queued or at) + timedelta(seconds=answered_after) if answered_after else None
    made = Call(call_sid=f"CA{n:032d}", contact_id=contact.id, case_code=f"C{n}",
                created_at=at, queued_at=queued, answered_at=answered, outcome=outcome,
                status="done")
    session.add(made)
    session.flush()
    return made


def search(session, contact: Contact, at: datetime, place: str) -> None:
    session.add(MeetingSearch(contact_id=contact.id, created_at=at, place=place, results=[]))


# ---- reading the page -------------------------------------------------------------------------

class _Tables(HTMLParser):
    """Every <table id=...> of a page as rows of cell texts (caption left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = self.tables.setdefault(dict(attrs).get("id", ""), [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("th", "td") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.current[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def rows_by_label(table: list[list[str]]) -> dict[str, list[str]]:
    """A table's rows keyed by their first cell (a date, an hour, 'Total', an area)."""
    return {row[0]: row for row in table[1:]}


def report(client, **args) -> dict[str, list[list[str]]]:
    response = client.get("/reports", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return page_tables(response.get_data(as_text=True))


def column(table: list[list[str]], label: str, name: str) -> str:
    return rows_by_label(table)[label][table[0].index(name)]


@pytest.fixture
def client(app, session):
    return signed_in_client(app, session, "coordinator")


# ---- the figures ------------------------------------------------------------------------------

DST_WEEKEND = {"from": "2026-10-31", "to": "2026-11-02"}


def arrange_texts_across_the_clocks_going_back(session) -> None:
    texter, volunteer = make_contact(session), make_contact(session)
    text_in(session, texter, local("2026-10-30 23:30"))  # the day before: left out
    text_in(session, texter, local("2026-10-31 23:30"))  # 03:30 UTC on 1 Nov
    text_in(session, texter, local("2026-11-01 01:30"))  # the first 01:30 (EDT)
    text_in(session, texter, local("2026-11-01 01:30", fold=1), intent="crisis")  # the second (EST)
    text_in(session, texter, local("2026-11-01 23:30"))  # 04:30 UTC on 2 Nov
    text_in(session, texter, local("2026-11-02 00:30"), intent="meetings")
    text_in(session, volunteer, local("2026-11-01 12:00"), intent="volunteer")  # not counted
    text_in(session, texter, local("2026-11-03 00:30"))  # the day after: left out
    search(session, texter, local("2026-11-02 00:31"), "19958 Lewes, DE")
    session.commit()


def test_texts_are_counted_on_their_local_day_across_the_clocks_going_back(client, session):
    arrange_texts_across_the_clocks_going_back(session)
    texts = report(client, **DST_WEEKEND)["table-texts"]
    assert texts[0] == ["Date", "Day", "Texts in", "Crisis responses", "Meeting searches"]
    assert texts[1:] == [["2026-10-31", "Sat", "1", "0", "0"],
                         ["2026-11-01", "Sun", "3", "1", "0"],
                         ["2026-11-02", "Mon", "1", "0", "1"],
                         ["Total", "", "5", "1", "1"]]


def test_per_hour_adds_up_each_local_hour_and_both_one_oclocks_count_as_01(client, session):
    arrange_texts_across_the_clocks_going_back(session)
    texts = report(client, by="hour", **DST_WEEKEND)["table-texts"]
    assert texts[0][0] == "Hour (line's time)" and len(texts) == 1 + 24 + 1
    counts = {row[0]: row[1] for row in texts[1:]}
    assert counts["00:00"] == "1" and counts["01:00"] == "2" and counts["23:00"] == "2"
    assert counts["Total"] == "5" and sum(int(n) for h, n in counts.items() if h != "Total") == 5


def test_the_day_the_clocks_go_forward_has_its_evening_on_that_day(client, session):
    texter = make_contact(session)
    text_in(session, texter, local("2026-03-08 03:30"))  # just after the jump
    text_in(session, texter, local("2026-03-08 23:59"))  # 03:59 UTC on 9 Mar
    session.commit()
    texts = report(client, **{"from": "2026-03-08", "to": "2026-03-09"})["table-texts"]
    assert column(texts, "2026-03-08", "Texts in") == "2"
    assert column(texts, "2026-03-09", "Texts in") == "0"
    by_hour = report(client, by="hour", **{"from": "2026-03-08", "to": "2026-03-08"})
    assert column(by_hour["table-texts"], "02:00", "Texts in") == "0"  # no such hour
    assert column(by_hour["table-texts"], "03:00", "Texts in") == "1"


def test_conversations_opened_urgent_claimed_never_claimed_and_the_median_time_to_claim(
        client, session):
    texter = make_contact(session)
    day = "2026-11-24"
    for seconds in (60, 180, 600):
        conversation(session, texter, local(f"{day} 10:00"), claimed_after=seconds)
    conversation(session, texter, local(f"{day} 22:00"), urgent=True)  # nobody claimed it
    conversation(session, texter, local("2026-11-25 09:00"), claimed_after=3700)
    session.commit()
    table = report(client, **{"from": day, "to": "2026-11-25"})["table-conversations"]
    assert table[0][2:] == ["Opened", "Urgent", "Claimed", "Never claimed",
                            "Median time to claim"]
    assert rows_by_label(table)[day][2:] == ["4", "1", "3", "1", "3 min 00 s"]
    assert rows_by_label(table)["2026-11-25"][2:] == ["1", "0", "1", "0", "1 h 01 min"]
    assert rows_by_label(table)["Total"][2:] == ["5", "1", "4", "1", "6 min 30 s"]


def test_calls_asked_answered_missed_the_answered_rate_and_the_median_time_to_answer(
        client, session):
    caller, day = make_contact(session), "2026-11-24"
    call(session, caller, local(f"{day} 09:00"), queued_after=20, answered_after=30,
         outcome="answered")
    call(session, caller, local(f"{day} 09:10"), queued_after=20, answered_after=90,
         outcome="answered")
    call(session, caller, local(f"{day} 09:20"), queued_after=20, outcome="abandoned")
    call(session, caller, local(f"{day} 09:30"), outcome="after_hours")  # nobody on duty
    call(session, caller, local(f"{day} 09:40"), outcome="info")  # meetings, not a person
    call(session, caller, local(f"{day} 09:45"), outcome="voicemail")  # pressed 0 at once
    forwarded = call(session, caller, local(f"{day} 09:50"), outcome="forwarded",
                     answered_after=35)
    session.add(CallLeg(call_id=forwarded.id, kind="fallback", round=0,
                        created_at=local(f"{day} 09:50:15"), status="completed"))
    session.commit()
    table = report(client, **{"from": day, "to": day})["table-calls"]
    assert table[0][2:] == ["Calls", "Asked for a peer", "Answered", "Missed", "Answered rate",
                            "Median time to answer"]
    # asked: the two answered, the abandoned one, after hours, the forwarded one; waits 30,
    # 90 and 20 (from the fallback leg's start to the answer)
    assert rows_by_label(table)[day][2:] == ["7", "5", "3", "2", "60%", "30 s"]


def test_with_no_calls_the_answered_rate_and_median_are_a_dash_not_an_error(client, session):
    table = report(client, **{"from": "2026-11-24", "to": "2026-11-24"})["table-calls"]
    assert rows_by_label(table)["Total"][2:] == ["0", "0", "0", "0", "—", "—"]
    call(session, make_contact(session), local("2026-11-24 12:00"), outcome="info")
    session.commit()
    table = report(client, **{"from": "2026-11-24", "to": "2026-11-24"})["table-calls"]
    assert rows_by_label(table)["Total"][2:] == ["1", "0", "0", "0", "—", "—"]


def test_meeting_searches_are_counted_by_zip3_area_never_by_place(client, session):
    texter, day = make_contact(session), local("2026-11-24 12:00")
    for place in ("19958 Lewes, DE", "19901 Dover, DE", "10001 New York, NY", "Lewes, DE",
                  "online", "02134 Boston, MA"):
        search(session, texter, day, place)
    search(session, texter, local("2026-11-26 12:00"), "19958 Lewes, DE")  # after the period
    session.commit()
    response = client.get("/reports", query_string={"from": "2026-11-24", "to": "2026-11-25"})
    html = response.get_data(as_text=True)
    assert page_tables(html)["table-areas"] == [
        ["ZIP area", "Meeting searches"], ["199xx", "2"], ["021xx", "1"], ["100xx", "1"],
        ["Online meetings", "1"], ["Town or city, no ZIP", "1"], ["Total", "6"]]
    for place in ("Lewes", "Dover", "19958", "19901", "Boston"):
        assert place not in html


# ---- CSV --------------------------------------------------------------------------------------

@pytest.mark.parametrize("by", ["day", "hour"])
def test_each_csv_has_exactly_the_rows_of_its_table_on_the_page(client, session, by):
    arrange_texts_across_the_clocks_going_back(session)
    conversation(session, make_contact(session), local("2026-11-01 01:30", fold=1),
                 claimed_after=90)
    call(session, make_contact(session), local("2026-11-02 09:00"), queued_after=5,
         answered_after=12, outcome="answered")
    session.commit()
    shown = report(client, by=by, **DST_WEEKEND)
    for name in ("texts", "conversations", "calls", "areas"):
        response = client.get(f"/reports/{name}.csv", query_string={"by": by, **DST_WEEKEND})
        assert response.status_code == 200 and response.mimetype == "text/csv"
        per = "per-hour" if by == "hour" else "per-day"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="{name}-{per}-2026-10-31-to-2026-11-02.csv"')
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert rows == shown[f"table-{name}"], name


def test_the_page_links_each_table_to_its_csv_for_the_same_period(client):
    html = client.get("/reports", query_string={"by": "hour", **DST_WEEKEND}).get_data(
        as_text=True)
    for name in ("texts", "conversations", "calls", "areas"):
        assert f'href="/reports/{name}.csv?from=2026-10-31&amp;to=2026-11-02&amp;by=hour"' in html


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted():
    table = tables.Table("t", "T", ["=SUM(A1:A9)", "plain"],
                         [["+1", "-2"], ["@cmd", "a=b"], ["\tx", "42"]], ["Total", "—"])
    rows = list(csv.reader(io.StringIO(tables.to_csv(table))))
    assert rows == [["'=SUM(A1:A9)", "plain"], ["'+1", "'-2"], ["'@cmd", "a=b"],
                    ["'\tx", "42"], ["Total", "—"]]


def test_an_unknown_table_is_not_found(client):
    assert client.get("/reports/people.csv").status_code == 404


# ---- the period -------------------------------------------------------------------------------

def test_without_dates_the_report_is_the_last_seven_days_up_to_today(client, session):
    text_in(session, make_contact(session), datetime.now(UTC))
    session.commit()
    today = datetime.now(ZONE).date()
    texts = report(client)["table-texts"]
    assert [row[0] for row in texts[1:-1]] == [
        (today - timedelta(days=n)).isoformat() for n in range(6, -1, -1)]
    assert column(texts, "Total", "Texts in") == "1"


@pytest.mark.parametrize(("args", "message"), [
    ({"from": "2026-13-01"}, "From: give a date like 2026-11-22."),
    ({"to": "yesterday"}, "To: give a date like 2026-11-22."),
    ({"from": "1850-01-01", "to": "1850-01-02"}, "From: give a date between 2000 and 2999."),
    ({"from": "2026-11-29", "to": "2026-11-22"}, "From must be on or before To."),
    ({"from": "2025-01-01", "to": "2026-01-02"}, "Choose at most 366 days"),
    ({"by": "week"}, "Group by: choose per day or per hour of the day."),
    ({"from": "9999-12-31", "to": "9999-12-31"}, "between 2000 and 2999"),
])
def test_a_bad_period_is_a_400_that_says_why(client, args, message):
    response = client.get("/reports", query_string=args)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert 'role="alert"' in response.get_data(as_text=True)
    exported = client.get("/reports/texts.csv", query_string=args)
    assert exported.status_code == 400 and message in exported.get_data(as_text=True)


def test_366_days_is_the_longest_period_and_a_leap_year_fits():
    now = datetime(2026, 11, 29, tzinfo=UTC)
    period = parse("2024-01-01", "2024-12-31", "day", "America/New_York", now)
    assert period.days == 366 and len(period.groups()) == 366
    with pytest.raises(BadPeriod):
        parse("2024-01-01", "2025-01-01", "day", "America/New_York", now)


def test_the_title_names_the_period(client):
    html = client.get("/reports", query_string={"from": "2026-11-22", "to": "2026-11-29"}
                      ).get_data(as_text=True)
    assert "<title>Reports, 22–29 Nov 2026 · Test Helpline</title>" in html
    assert html.count("<h1") == 1
    html = client.get("/reports", query_string={"from": "2026-12-28", "to": "2027-01-03"}
                      ).get_data(as_text=True)
    assert "<h1>Reports, 28 Dec 2026 – 3 Jan 2027</h1>" in html


# ---- who may see it, and what it never shows --------------------------------------------------

@pytest.mark.parametrize("url", ["/reports", "/reports/texts.csv"])
def test_a_stranger_is_sent_to_sign_in(app, url):
    response = app.test_client().get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_coordinators_and_admins_may_see_reports_and_an_unknown_role_may_not(app, session):
    assert signed_in_client(app, session, "admin").get("/reports").status_code == 200
    make_account(session, "coordinator")
    person = session.scalar(select(Coordinator).where(Coordinator.email == COORDINATOR_EMAIL))
    person.role = "volunteer"
    session.commit()
    other = app.test_client()
    assert sign_in(other, COORDINATOR_EMAIL).status_code == 302
    assert other.get("/reports").status_code == 403
    assert other.get("/reports/calls.csv").status_code == 403


def test_no_phone_number_or_message_body_in_the_page_or_any_csv(client, session):
    texter = make_contact(session, address="+13025550199")
    text_in(session, texter, local("2026-11-24 10:00"), intent="crisis", body=SECRET_WORDS)
    conversation(session, texter, local("2026-11-24 10:00"), claimed_after=30, urgent=True)
    call(session, texter, local("2026-11-24 11:00"), queued_after=3, answered_after=9,
         outcome="answered")
    search(session, texter, local("2026-11-24 10:01"), "19958 Lewes, DE")
    session.commit()
    period = {"from": "2026-11-24", "to": "2026-11-24"}
    shown = [client.get("/reports", query_string=period).get_data(as_text=True)]
    shown += [client.get(f"/reports/{name}.csv", query_string=period).get_data(as_text=True)
              for name in ("texts", "conversations", "calls", "areas")]
    for text in shown:
        for secret in ("5550199", "3025550199", "use again", "Lewes", "19958", texter.codename):
            assert secret not in text


def test_each_chart_is_an_image_with_a_title_and_description(client, session):
    arrange_texts_across_the_clocks_going_back(session)
    html = client.get("/reports", query_string=DST_WEEKEND).get_data(as_text=True)
    for name in ("texts", "conversations", "calls", "areas"):
        assert (f'role="img" aria-labelledby="chart-{name}-title chart-{name}-desc"'
                in " ".join(html.split()))
        assert f'<title id="chart-{name}-title">' in html
        assert f'<desc id="chart-{name}-desc">' in html
    assert "style=" not in html  # the Content-Security-Policy forbids inline styles
