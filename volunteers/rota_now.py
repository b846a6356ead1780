"""What `rota.on_duty` needs from the database, in one statement, when this process's rota
index is current (almost always: the index changes when the rota does).

From the index alone, `rota.on_duty` knows the shift occurrences at the instant and a superset
of the volunteers who may be on duty (theirs, the extra shifts', anyone with a presence row
holding it). One statement then returns
- the index's version, to check that the index was current: if not, `read` says None and the
  caller brings the index up to date and asks again the long way;
- the dated changes of those occurrences (drops and covers), as one JSON array;
- the active volunteers among the candidates and the covers, as Volunteer rows in the session.

Three round trips (version, changes, volunteers) become one."""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from volunteers.models import ShiftChange, Volunteer
from volunteers.rota_index import VERSION_COLUMNS, RotaIndex, version_from


class Change(NamedTuple):
    """A shift occurrence's dated change, as `rota._actual` reads it."""

    shift_id: int
    occurs_on: date
    dropped: bool
    covered_by_id: int | None


def read(session: Session, index: RotaIndex, slots: list[tuple], candidates: set[int]
         ) -> tuple[dict, dict[int, Volunteer]] | None:
    """({(shift, day): Change}, {id: active Volunteer}) for the occurrences in `slots` and the
    volunteers in `candidates` (and whoever covers one of the occurrences); None when the index
    is not current."""
    rows = session.execute(_statement(session.get_bind().dialect.name), {
        "shifts": sorted({slot[0] for slot in slots}),
        "days": sorted({slot[2] for slot in slots}),
        "ids": sorted(candidates)}).all()
    if version_from(rows[0][:len(VERSION_COLUMNS)]) != index.version:
        return None
    found = rows[0].changes
    found = json.loads(found) if isinstance(found, str) else found or []
    changes = {}
    for shift_id, day, dropped, covered_by_id in found:
        change = Change(shift_id, date.fromisoformat(day), bool(dropped), covered_by_id)
        changes[change.shift_id, change.occurs_on] = change
    return changes, {row.Volunteer.id: row.Volunteer for row in rows if row.Volunteer}


_STATEMENTS: dict[str, Select] = {}


def _statement(dialect: str) -> Select:
    if dialect not in _STATEMENTS:
        _STATEMENTS[dialect] = _built(dialect)
    return _STATEMENTS[dialect]


def _built(dialect: str) -> Select:
    changed = and_(ShiftChange.shift_id.in_(bindparam("shifts", expanding=True)),
                   ShiftChange.occurs_on.in_(bindparam("days", expanding=True)))
    fields = (ShiftChange.shift_id, ShiftChange.occurs_on, ShiftChange.dropped,
              ShiftChange.covered_by_id)
    listed = func.json_agg(func.json_build_array(*fields)) if dialect == "postgresql" \
        else func.json_group_array(func.json_array(*fields))
    now = select(*VERSION_COLUMNS, select(listed).where(changed).scalar_subquery()
                 .label("changes")).subquery("now")
    covers = select(ShiftChange.covered_by_id).where(changed,
                                                     ShiftChange.covered_by_id.is_not(None))
    wanted = and_(Volunteer.active.is_(True),
                  or_(Volunteer.id.in_(bindparam("ids", expanding=True)),
                      Volunteer.id.in_(covers)))
    return select(*now.c, Volunteer).select_from(now).outerjoin(Volunteer, wanted)
