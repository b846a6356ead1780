"""A report's figures for a period: texts, conversations, calls and meeting searches by ZIP
area, each as a table and a chart. Each query reads a few columns of the rows inside the period;
grouping by local day or hour, and the medians, happen here in Python, so daylight saving time
is handled by zoneinfo and SQLite and PostgreSQL give the same answer."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.calls.models import Call, CallLeg
from helpline.conversations.models import Conversation
from helpline.meetings.models import MeetingSearch
from helpline.models import Contact, InboundMessage
from helpline.reports import charts
from helpline.reports.period import Period
from helpline.reports.tables import Table, count, median_duration, percent

AREA_CHART_ROWS = 10
LABEL_SPACING = 56  # SVG units between two date labels under a column chart
ONLINE, NO_ZIP = "Online meetings", "Town or city, no ZIP"
_ZIP = re.compile(r"(\d{3})\d{2}\b")


@dataclass(frozen=True)
class Section:
    """One of the report's figures: its table and the chart drawn from the same numbers."""

    table: Table
    chart: charts.ColumnChart | charts.BarChart


@dataclass(frozen=True)
class Report:
    """Every figure of a period, in the order the page shows them."""

    period: Period
    sections: list[Section]

    def section(self, name: str) -> Section | None:
        """The section whose table has this name (texts, conversations, calls, areas)."""
        return next((s for s in self.sections if s.table.name == name), None)


def report(session: Session, period: Period) -> Report:
    """The line's work in this period."""
    return Report(period, [build(session, period) for build in SECTIONS.values()])


def texts(session: Session, period: Period) -> Section:
    """Texts in (volunteers' own texts left out), crisis replies, meeting searches answered."""
    rows = session.execute(
        select(InboundMessage.received_at, InboundMessage.intent, Contact.kind)
        .join(Contact, Contact.id == InboundMessage.contact_id)
        .where(*_within(InboundMessage.received_at, period), InboundMessage.intent != "volunteer")
    ).all()
    searched = _grouped(period, session.scalars(
        select(MeetingSearch.created_at).where(*_within(MeetingSearch.created_at, period))))
    grouped = _grouped(period, rows, lambda row: row.received_at)

    def cells(texts_in: list, searches: list) -> list[int]:
        crisis = sum(1 for row in texts_in if row.intent == "crisis" and row.kind == "phone")
        return [len(texts_in), crisis, len(searches)]

    figures = {key: cells(grouped[key], searched[key]) for key in period.groups()}
    table = _table(period, "texts", "Texts in", ["Texts in", "Crisis responses",
                                                 "Meeting searches"],
                   {key: [count(n) for n in row] for key, row in figures.items()},
                   [count(n) for n in cells(rows, sum(searched.values(), []))])
    chart = _columns(period, "texts", "Texts in", ["Texts in"],
                     {key: row[:1] for key, row in figures.items()}, "Texts")
    return Section(table, chart)


def conversations(session: Session, period: Period) -> Section:
    """Conversations opened in the period: urgent, claimed, never claimed, time to claim."""
    rows = session.execute(
        select(Conversation.opened_at, Conversation.claimed_at, Conversation.urgent)
        .where(*_within(Conversation.opened_at, period))
    ).all()
    grouped = _grouped(period, rows, lambda row: row.opened_at)

    def cells(opened: list) -> list[str]:
        claimed = [_seconds(row.opened_at, row.claimed_at) for row in opened if row.claimed_at]
        return [count(len(opened)), count(sum(1 for row in opened if row.urgent)),
                count(len(claimed)), count(len(opened) - len(claimed)),
                median_duration(claimed)]

    table = _table(period, "conversations", "Conversations",
                   ["Opened", "Urgent", "Claimed", "Never claimed", "Median time to claim"],
                   {key: cells(grouped[key]) for key in period.groups()}, cells(rows))
    parts = {key: [sum(1 for r in grouped[key] if r.claimed_at),
                   sum(1 for r in grouped[key] if not r.claimed_at)] for key in period.groups()}
    chart = _columns(period, "conversations", "Conversations opened",
                     ["Claimed", "Never claimed"], parts, "Conversations")
    return Section(table, chart)


@dataclass(frozen=True)
class _Call:
    """A call as the report needs it: when it came, when it asked for a peer, when answered."""

    at: datetime
    asked_at: datetime | None
    answered_at: datetime | None


def calls(session: Session, period: Period) -> Section:
    """Calls, those that asked for a peer, answered, missed, the answered rate, time to answer."""
    grouped = _grouped(period, _calls(session, period), lambda call: call.at)

    def cells(came: list[_Call]) -> list[str]:
        asked = [call for call in came if call.asked_at]
        waits = [_seconds(c.asked_at, c.answered_at) for c in asked if c.answered_at]
        return [count(len(came)), count(len(asked)), count(len(waits)),
                count(len(asked) - len(waits)), percent(len(waits), len(asked)),
                median_duration(waits)]

    table = _table(period, "calls", "Calls",
                   ["Calls", "Asked for a peer", "Answered", "Missed", "Answered rate",
                    "Median time to answer"],
                   {key: cells(grouped[key]) for key in period.groups()},
                   cells(sum(grouped.values(), [])))
    parts = {}
    for key in period.groups():
        asked = [call for call in grouped[key] if call.asked_at]
        answered = sum(1 for call in asked if call.answered_at)
        parts[key] = [answered, len(asked) - answered, len(grouped[key]) - len(asked)]
    chart = _columns(period, "calls", "Calls",
                     ["Answered", "Missed", "Did not ask for a peer"], parts, "Calls")
    return Section(table, chart)


def _calls(session: Session, period: Period) -> list[_Call]:
    """The period's calls. A call asked for a peer when it joined the queue, was put through to
    the fallback number, or was told nobody is on duty (outcome after_hours)."""
    within = _within(Call.created_at, period)
    forwarded = dict(session.execute(
        select(CallLeg.call_id, func.min(CallLeg.created_at))
        .join(Call, Call.id == CallLeg.call_id)
        .where(CallLeg.kind == "fallback", *within).group_by(CallLeg.call_id)).all())
    found = []
    for row in session.execute(select(Call.id, Call.created_at, Call.queued_at,
                                      Call.answered_at, Call.outcome).where(*within)):
        asked = [at for at in (row.queued_at, forwarded.get(row.id)) if at is not None]
        asked_at = min(asked) if asked else (row.created_at if row.outcome == "after_hours"
                                             else None)
        found.append(_Call(row.created_at, asked_at, row.answered_at if asked_at else None))
    return found


def areas(session: Session, period: Period) -> Section:
    """Meeting searches answered by text, by ZIP area (the first 3 digits of the ZIP asked)."""
    places = session.scalars(select(MeetingSearch.place)
                             .where(*_within(MeetingSearch.created_at, period)))
    counted = sorted(Counter(area(place) for place in places).items(),
                     key=lambda item: (-item[1], item[0]))
    table = Table("areas", f"Meeting searches by ZIP area, {period.label()}",
                  ["ZIP area", "Meeting searches"],
                  [[name, count(n)] for name, n in counted],
                  ["Total", count(sum(n for _, n in counted))])
    chart = charts.bars("chart-areas", f"Meeting searches by ZIP area, {period.label()}",
                        counted[:AREA_CHART_ROWS], "meeting searches")
    return Section(table, chart)


def area(place: str) -> str:
    """The area of a search's place: '199xx' for a ZIP's first 3 digits, never the place."""
    match = _ZIP.match(place or "")
    if match:
        return f"{match.group(1)}xx"
    return ONLINE if place == "online" else NO_ZIP


#: Every section by its table's name, in the page's order.
SECTIONS = {"texts": texts, "conversations": conversations, "calls": calls, "areas": areas}


# ---- grouping and labels ------------------------------------------------------------------------

def _within(column, period: Period) -> tuple:
    """The period's bounds on a timestamp column."""
    return column >= period.starts_at, column < period.ends_at


def _grouped(period: Period, items, at=lambda item: item) -> dict:
    """The items by the period's group of their instant, every group present."""
    groups: dict = {key: [] for key in period.groups()}
    for item in items:
        groups[period.key_of(at(item))].append(item)
    return groups


def _seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


def _table(period: Period, name: str, caption: str, header: list[str], rows: dict,
           total: list[str]) -> Table:
    """A table with a row per group of the period, named as the period groups them."""
    if period.by == "hour":
        names, blank = ["Hour (line's time)"], []
        labels = {key: [f"{key:02d}:00"] for key in rows}
    else:
        names, blank = ["Date", "Day"], [""]
        labels = {key: [key.isoformat(), f"{key:%a}"] for key in rows}
    caption = f"{caption} {_per(period)}, {period.label()}"
    return Table(name, caption, names + header,
                 [labels[key] + cells for key, cells in rows.items()],
                 ["Total", *blank, *total], row_headers=len(names))


def _columns(period: Period, name: str, title: str, series: list[str], parts: dict,
             y_label: str) -> charts.ColumnChart:
    """A column per group of the period."""
    if period.by == "hour":
        groups = [(f"{h:02d}", f"{h:02d}:00 to {h:02d}:59", parts[h]) for h in period.groups()]
        x_label, every = f"Hour of the day (the line's time, {period.zone})", 3
    else:
        groups = [(f"{d.day} {d:%b}", f"{d:%a} {d.day} {d:%b}", parts[d]) for d in period.groups()]
        width = charts.PLOT_RIGHT - charts.PLOT_LEFT
        x_label, every = "Day", max(1, math.ceil(len(groups) * LABEL_SPACING / width))
    return charts.columns(f"chart-{name}", f"{title} {_per(period)}, {period.label()}", series,
                          groups, x_label=x_label, y_label=y_label, label_every=every)


def _per(period: Period) -> str:
    return "per hour of the day" if period.by == "hour" else "per day"
