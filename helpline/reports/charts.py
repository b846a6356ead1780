"""Where a report chart's bars, ticks and labels go, in SVG user units: the templates draw them
(reports/_charts.html), so no markup is built here. Columns for counts over time (stacked when
a count has parts), horizontal bars for counts by area. Every chart has a table beside it."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 400
PLOT_TOP, PLOT_BOTTOM = 12, 180  # the column chart's plot area, top to bottom
PLOT_LEFT, PLOT_RIGHT = 52, 392
HEIGHT = 230  # room under the plot for the x labels and the axis title
BAR_LABEL_WIDTH, BAR_ROW, BAR_VALUE_ROOM = 170, 26, 40
MOST_TICKS = 5


@dataclass(frozen=True)
class Segment:
    """One series' part of a column: a rectangle."""

    series: int
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Column:
    """One group's column: its label under the axis (blank when skipped), its parts, a title."""

    tick_label: str
    x_middle: float
    title: str
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    """A value on the y axis and the height it is drawn at."""

    value: int
    y: float


@dataclass(frozen=True)
class ColumnChart:
    """A column chart: what it shows (title, desc), the series names, the columns, the ticks."""

    id: str
    title: str
    desc: str
    x_label: str
    y_label: str
    series: list[str]
    columns: list[Column]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = PLOT_BOTTOM


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label, its value and the bar's length."""

    label: str
    value: int
    y: float
    length: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart of counts by name."""

    id: str
    title: str
    desc: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = BAR_ROW
    label_width: int = BAR_LABEL_WIDTH
    row: int = BAR_ROW


def tick_values(top: int) -> list[int]:
    """0 up to a round value at or above `top`, in at most MOST_TICKS + 1 round steps."""
    if top <= 0:
        return [0, 1]
    step = 1
    while math.ceil(top / step) > MOST_TICKS:
        step = next(s * 10 ** p for p in range(12) for s in (1, 2, 5) if s * 10 ** p > step)
    return list(range(0, math.ceil(top / step) * step + 1, step))


def columns(id: str, title: str, series: list[str], groups: list[tuple[str, str, list[int]]],
            *, x_label: str, y_label: str, label_every: int) -> ColumnChart:
    """A column per group (axis label, full label, a value per series), stacked bottom up."""
    values = tick_values(max((sum(v) for _, _, v in groups), default=0))
    scale = (PLOT_BOTTOM - PLOT_TOP) / values[-1]
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(1, len(groups))
    gap = min(4.0, slot * 0.2)
    built = []
    for i, (short, full, parts) in enumerate(groups):
        x, bottom, segments = PLOT_LEFT + i * slot + gap / 2, float(PLOT_BOTTOM), []
        for n, value in enumerate(parts):
            if value:
                height = value * scale
                bottom -= height
                segments.append(Segment(n, value, x, bottom, slot - gap, height))
        built.append(Column(short if i % label_every == 0 else "", x + (slot - gap) / 2,
                            _column_title(full, series, parts), segments))
    ticks = [Tick(v, PLOT_BOTTOM - v * scale) for v in values]
    return ColumnChart(id, title, _columns_desc(series, groups), x_label, y_label, series,
                       built, ticks)


def bars(id: str, title: str, rows: list[tuple[str, int]], unit: str) -> BarChart:
    """A bar per (label, count), longest first as given."""
    longest = max((value for _, value in rows), default=0) or 1
    room = WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_ROOM
    drawn = [Bar(label, value, i * BAR_ROW, value / longest * room)
             for i, (label, value) in enumerate(rows)]
    if rows:
        desc = "; ".join(f"{label}: {value}" for label, value in rows[:3])
        desc = f"{sum(v for _, v in rows)} {unit} in all. The most: {desc}."
    else:
        desc = f"No {unit} in this period."
    return BarChart(id, title, desc, drawn, height=max(1, len(rows)) * BAR_ROW)


def _column_title(label: str, series: list[str], parts: list[int]) -> str:
    """'Sun 22 Nov: 5 answered, 1 missed' (the hover text of a column)."""
    if len(series) == 1:
        return f"{label}: {parts[0]}"
    return f"{label}: " + ", ".join(f"{value} {name.lower()}" for name, value in
                                    zip(series, parts, strict=True))


def _columns_desc(series: list[str], groups: list[tuple[str, str, list[int]]]) -> str:
    """The chart in a sentence: the totals of each series and the busiest group."""
    totals = [sum(parts[n] for _, _, parts in groups) for n in range(len(series))]
    said = ", ".join(f"{name.lower()} {total}" for name, total in zip(series, totals, strict=True))
    if not sum(totals):
        return f"None in this period ({said})."
    _, busiest, parts = max(groups, key=lambda group: sum(group[2]))
    return f"In all: {said}. The most: {sum(parts)}, {busiest}."
