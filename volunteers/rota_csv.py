"""The weekly rota in and out as CSV.

Columns name,phone,day,start,end and optionally languages ("en;es"). One row is one weekly
shift of one volunteer in the line's zone: wall-clock times (19:00 or 7:00 PM; an end at or
before the start is on the next day, 24:00 is midnight); English day names or abbreviations
(Monday, mon) or Spanish ones (miércoles, sáb).

Importing is all or nothing: parse_rota_csv checks every row and returns every error as
"line N: ..."; apply_rota takes only rows without errors. The file is the weekly rota of the
volunteers it names, matched by phone in E.164:
- a phone not yet known adds a volunteer with that name (and languages, else "en");
- a known phone's volunteer takes the file's name, and its languages when given;
- each named volunteer's open-ended weekly shifts become exactly the file's rows: one with the
  same day and times is kept (with its drops and covers), the others are deleted with their
  dated changes (drops, covers, swaps), and the rest are added;
- their extra shifts, presence, dated shifts (with first/last dates, which the CSV cannot
  say), active flag, and every volunteer not in the file stay as they were.
So a file cannot take every shift from a volunteer: deactivate them instead.
Exporting writes the open-ended weekly shifts of active volunteers in the same columns (phone
in E.164) by name, day and start, so export -> import changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import time

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from helpline.phones import to_e164
from volunteers.models import Shift, ShiftChange, Volunteer

COLUMNS = ("name", "phone", "day", "start", "end", "languages")
REQUIRED = COLUMNS[:5]
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = (  # accents are stripped before looking up
    ("monday", "mon", "lunes", "lun"),
    ("tuesday", "tue", "tues", "martes", "mar"),
    ("wednesday", "wed", "miercoles", "mie"),
    ("thursday", "thu", "thur", "thurs", "jueves", "jue"),
    ("friday", "fri", "viernes", "vie"),
    ("saturday", "sat", "sabado", "sab"),
    ("sunday", "sun", "domingo", "dom"),
)
_WEEKDAYS = {word: day for day, words in enumerate(_DAY_WORDS) for word in words}
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TWELVE_HOUR = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
_DAY_SECONDS, _WEEK_SECONDS = 86_400, 7 * 86_400
NAME_LENGTH, LANGUAGES_LENGTH = 80, 40  # the model's column sizes


@dataclass(frozen=True)
class RotaRow:
    """One weekly shift of one volunteer, read from line `line` of a rota file."""

    line: int
    name: str
    phone: str  # E.164
    weekday: int  # Monday is 0
    starts: time
    ends: time
    languages: str | None  # comma-separated codes as the model keeps them; None: not given


@dataclass(frozen=True)
class Summary:
    """What an import did."""

    volunteers: int
    shifts: int
    new_volunteers: int
    renamed: int = 0
    removed_shifts: int = 0
    removed_changes: int = 0

    def __str__(self) -> str:
        notes = [_count(self.new_volunteers, "new volunteer")]
        if self.renamed:
            notes.append(f"{self.renamed} renamed")
        if self.removed_shifts:
            changes = _count(self.removed_changes, "drop/cover", "drops/covers")
            notes.append(f"{_count(self.removed_shifts, 'old shift')} removed"
                         + (f" with {changes}" if self.removed_changes else ""))
        return (f"rota: {_count(self.volunteers, 'volunteer')}, {_count(self.shifts, 'shift')}"
                f" imported ({', '.join(notes)})")


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


class _Invalid(ValueError):
    """One field of one row cannot be read."""


# Reading a rota file


def parse_rota_csv(text: str, region: str) -> tuple[list[RotaRow], list[str]]:
    """The rows of a rota CSV, and every error in it as 'line N: ...' (rows are only for
    applying when there are no errors)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None:
        return [], ["line 1: the file is empty"]
    columns, problems = _columns(header)
    if problems:
        return [], [f"line 1: {problem}" for problem in problems]
    rows, errors, read_to = [], [], reader.line_num
    try:
        for fields in reader:
            line, read_to = read_to + 1, reader.line_num
            if not any(field.strip() for field in fields):
                continue
            row, problems = _row(line, columns, fields, region)
            errors += [(line, problem) for problem in problems]
            rows += [row] if row else []
    except csv.Error as error:
        errors.append((reader.line_num, f"cannot read the CSV here ({error})"))
    errors += _conflicts(rows)
    errors.sort(key=lambda error: error[0])  # by line; a line's own in column order
    return rows, [f"line {line}: {problem}" for line, problem in errors]


def _columns(header: list[str]) -> tuple[list[str], list[str]]:
    columns = [name.strip().lower() for name in header]
    problems = [f"unknown column '{name}' (the columns are {', '.join(COLUMNS)})"
                for name in columns if name not in COLUMNS]
    problems += [f"column '{name}' appears twice" for name in COLUMNS if columns.count(name) > 1]
    problems += [f"missing column '{name}'" for name in REQUIRED if name not in columns]
    return columns, problems


def _row(line: int, columns: list[str], fields: list[str], region: str
         ) -> tuple[RotaRow | None, list[str]]:
    values = dict(zip(columns, (field.strip() for field in fields), strict=False))
    readers = {"name": _name, "phone": lambda raw: _phone(raw, region), "day": _day,
               "start": lambda raw: _clock(raw, "start"), "end": lambda raw: _clock(raw, "end"),
               "languages": _languages}
    read, problems = {}, []
    if len(fields) > len(columns):
        problems.append(f"{len(fields)} fields, but the header has {len(columns)}")
    for column, reader in readers.items():
        try:
            read[column] = reader(values.get(column, ""))
        except _Invalid as error:
            problems.append(str(error))
    if problems:
        return None, problems
    return RotaRow(line, read["name"], read["phone"], read["day"], read["start"], read["end"],
                   read["languages"]), []


# A cell starting with one of these is a formula to a spreadsheet: export writes such a name
# with a leading apostrophe (shown as text there), and import takes the apostrophe off again.
FORMULA_STARTS = ("=", "+", "-", "@")


def _name(raw: str) -> str:
    if raw.startswith("'") and raw[1:].startswith(FORMULA_STARTS):
        raw = raw[1:]
    if not raw:
        raise _Invalid("missing name")
    if len(raw) > NAME_LENGTH:
        raise _Invalid(f"name is longer than {NAME_LENGTH} characters")
    if any(unicodedata.category(c) == "Cc" for c in raw):
        raise _Invalid("name has a line break or another control character")
    return raw


def _phone(raw: str, region: str) -> str:
    if not raw:
        raise _Invalid("missing phone")
    e164 = to_e164(raw, region)
    if e164 is None:
        raise _Invalid(f"phone '{raw}' is not a valid number")
    return e164


def _day(raw: str) -> int:
    if not raw:
        raise _Invalid("missing day")
    plain = unicodedata.normalize("NFKD", raw.casefold().rstrip("."))
    weekday = _WEEKDAYS.get("".join(c for c in plain if not unicodedata.combining(c)))
    if weekday is None:
        raise _Invalid(f"day '{raw}' is not a day of the week")
    return weekday


def _clock(raw: str, column: str) -> time:
    if not raw:
        raise _Invalid(f"missing {column}")
    hour, minute, second = -1, 0, 0
    if match := _CLOCK.fullmatch(raw):
        hour, minute, second = (int(part or 0) for part in match.groups())
        if (hour, minute, second) == (24, 0, 0) and column == "end":
            hour = 0  # 24:00 ends at midnight
    elif (match := _TWELVE_HOUR.fullmatch(raw)) and 1 <= int(match.group(1)) <= 12:
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        minute = int(match.group(2) or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise _Invalid(f"{column} '{raw}' is not a time of day (write 19:00 or 7:00 PM)")
    return time(hour, minute, second)


def _languages(raw: str) -> str | None:
    codes = [code for code in re.split(r"[;,\s]+", raw.lower()) if code]
    if not codes:
        return None
    if not all(_LANGUAGE.fullmatch(code) for code in codes):
        raise _Invalid(f"languages '{raw}' are not language codes (write en;es)")
    joined = ",".join(dict.fromkeys(codes))
    if len(joined) > LANGUAGES_LENGTH:
        raise _Invalid(f"languages '{raw}' are too many")
    return joined


def _conflicts(rows: list[RotaRow]) -> list[tuple[int, str]]:
    """Rows of one phone that disagree on the name or languages, or whose shifts overlap."""
    problems, first = [], {}
    for row in rows:
        seen = first.setdefault(row.phone, row)
        if row.name != seen.name:
            problems.append((row.line, f"phone {row.phone} is '{seen.name}' on line {seen.line}"
                                       f" but '{row.name}' here; one number is one volunteer"))
        if row.languages and seen.languages and row.languages != seen.languages:
            problems.append((row.line, f"languages differ from line {seen.line}"))
    by_phone = defaultdict(list)
    for row in rows:
        for other in by_phone[row.phone]:
            if _overlap(row, other):
                problems.append((row.line, f"{_shown(row)} overlaps line {other.line}"
                                           f" ({_shown(other)}) for {row.name}"))
                break
        by_phone[row.phone].append(row)
    return problems


def _span(row: RotaRow) -> tuple[int, int]:
    """Seconds from Monday 00:00 to the start, and the length in seconds (wall clock)."""
    begin, finish = (t.hour * 3600 + t.minute * 60 + t.second for t in (row.starts, row.ends))
    return row.weekday * _DAY_SECONDS + begin, (finish - begin) % _DAY_SECONDS or _DAY_SECONDS


def _overlap(a: RotaRow, b: RotaRow) -> bool:
    (a_start, a_length), (b_start, b_length) = _span(a), _span(b)
    return (b_start - a_start) % _WEEK_SECONDS < a_length or \
        (a_start - b_start) % _WEEK_SECONDS < b_length


def _shown(row: RotaRow) -> str:
    return f"{DAYS[row.weekday]} {_hhmm(row.starts)}-{_hhmm(row.ends)}"


def _hhmm(clock: time) -> str:
    return f"{clock:%H:%M:%S}" if clock.second else f"{clock:%H:%M}"


# Writing the rota to the database


def apply_rota(session: Session, rows: list[RotaRow]) -> Summary:
    """Make the named volunteers' weekly shifts those of `rows` (rows without errors; the
    module docstring has the rules). Flushes, never commits."""
    wanted: dict[str, list[RotaRow]] = defaultdict(list)
    for row in rows:
        wanted[row.phone].append(row)
    known = {v.phone: v for v in session.scalars(
        select(Volunteer).where(Volunteer.phone.in_(list(wanted)))
        .options(selectinload(Volunteer.shifts)))}
    renamed, stale = 0, []
    for phone, mine in wanted.items():
        languages = next((row.languages for row in mine if row.languages), None)
        volunteer = known.get(phone)
        if volunteer is None:
            volunteer = Volunteer(display_name=mine[0].name, phone=phone,
                                  languages=languages or "en", shifts=[])
            session.add(volunteer)
        else:
            renamed += volunteer.display_name != mine[0].name
            volunteer.display_name = mine[0].name
            volunteer.languages = languages or volunteer.languages
        stale += _replace_shifts(volunteer, mine)
    removed_changes = _delete(session, stale)
    session.flush()
    return Summary(len(wanted), len(rows), len(wanted) - len(known), renamed, len(stale),
                   removed_changes)


def _replace_shifts(volunteer: Volunteer, rows: list[RotaRow]) -> list[Shift]:
    """Keep the open-ended shifts the rows repeat, add the others; return the ones to delete."""
    existing = defaultdict(list)
    for shift in volunteer.shifts:
        if shift.first_date is None and shift.last_date is None:
            existing[shift.weekday, shift.starts, shift.ends].append(shift)
    for row in rows:
        if existing[row.weekday, row.starts, row.ends]:
            existing[row.weekday, row.starts, row.ends].pop(0)
        else:
            volunteer.shifts.append(Shift(weekday=row.weekday, starts=row.starts, ends=row.ends))
    return [shift for shifts in existing.values() for shift in shifts]


def _delete(session: Session, shifts: list[Shift]) -> int:
    """Delete shifts and their dated changes; the number of changes deleted."""
    if not shifts:
        return 0
    ids = [shift.id for shift in shifts]
    removed = session.execute(delete(ShiftChange).where(ShiftChange.shift_id.in_(ids))).rowcount
    for shift in shifts:
        session.delete(shift)
    return removed


# Reading the rota out


_OPEN_ENDED = (Shift.first_date.is_(None), Shift.last_date.is_(None))


def export_rota(session: Session) -> str:
    """Active volunteers' open-ended weekly shifts as a rota CSV that import reads back."""
    rows = session.execute(
        select(Volunteer.display_name, Volunteer.phone, Volunteer.languages, Shift.weekday,
               Shift.starts, Shift.ends).join(Shift.volunteer)
        .where(Volunteer.active.is_(True), *_OPEN_ENDED)).all()
    rows.sort(key=lambda r: (r.display_name.casefold(), r.display_name, r.phone, r.weekday,
                             r.starts, r.ends))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        codes = ";".join(code.strip() for code in r.languages.split(",") if code.strip())
        name = "'" + r.display_name if r.display_name.startswith(FORMULA_STARTS) else r.display_name
        writer.writerow([name, r.phone, DAYS[r.weekday], _hhmm(r.starts),
                         _hhmm(r.ends), codes])
    return out.getvalue()


def dated_shift_count(session: Session) -> int:
    """How many shifts of active volunteers have first or last dates (the CSV cannot hold)."""
    return session.scalar(select(func.count()).select_from(Shift).join(Shift.volunteer).where(
        Volunteer.active.is_(True), or_(Shift.first_date.is_not(None),
                                        Shift.last_date.is_not(None))))
