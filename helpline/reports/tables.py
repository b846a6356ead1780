"""A report's tables as plain text cells: the page shows them and the CSV export writes exactly
the same rows (a spreadsheet formula's first character defused)."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field

NONE = "—"  # no figure: nothing to divide by, nothing to take a median of
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """A table of figures: a header row, a row per group, and a total row."""

    name: str  # in the CSV's URL and file name: texts, conversations, calls, areas
    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    total: list[str] | None = None
    row_headers: int = 1  # how many leading cells name the row (date and weekday: 2)

    def all_rows(self) -> list[list[str]]:
        """The header, the rows and the total, as the page and the CSV show them."""
        return [self.header, *self.rows, *([self.total] if self.total else [])]


def count(n: int) -> str:
    """A count as shown: '1234'."""
    return str(n)


def percent(part: int, whole: int) -> str:
    """'75%' to the nearest whole percent; NONE when there is nothing to divide by."""
    return f"{round(100 * part / whole)}%" if whole else NONE


def median_duration(seconds: list[float]) -> str:
    """The median of these durations in words ('42 s', '5 min 10 s', '2 h 03 min'), or NONE."""
    return duration(statistics.median(seconds)) if seconds else NONE


def duration(seconds: float) -> str:
    """A duration to the second: '42 s', '5 min 10 s', '2 h 03 min'."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def safe_cell(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: one starting = + - @ gets a quote first."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def to_csv(table: Table) -> str:
    """The table's rows (header and total too) as CSV text, formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in table.all_rows():
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
