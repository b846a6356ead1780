"""Answering a texter's meeting request: the search, the reply, and MORE / DETAILS / REMIND."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpline.catalog.render import fit, render, segments, to_gsm7
from helpline.db import utcnow
from helpline.line import Line
from helpline.meetings import format as fmt
from helpline.meetings import geocode, index, search
from helpline.meetings.models import Meeting, MeetingSearch
from helpline.meetings.requests import NOT_PLACE, MeetingRequest
from helpline.meetings.when import window
from helpline.models import Contact
from helpline.outbound import queue_text

PAGE = 3
SEARCH_LIFETIME = timedelta(days=2)


def answer(session: Session, contact: Contact, request: MeetingRequest, line: Line,
           now: datetime) -> str:
    """The reply to a meeting request from this contact."""
    lang = "es" if request.spanish else contact.language
    if request.action == "more":
        return more(session, contact, lang)
    if request.action == "details":
        return details(session, contact, request.number, lang)
    if request.action == "remind":
        return remind(session, contact, request.number, line, now, lang)
    return find(session, contact, request, line, now, lang)


def _place(request: MeetingRequest, line: Line) -> geocode.Place | geocode.Ambiguous | str | None:
    """The place asked about, or a reply key when there is none to search."""
    if request.online:
        return None
    if not request.place_text.strip() or all(w in NOT_PLACE for w in request.place_text.split()):
        return "meetings_need_place"
    found = geocode.parse_place(request.place_text, home_state=line.home_state,
                                ignore=NOT_PLACE)
    return found if found is not None else "meetings_unknown_place"


def find(session: Session, contact: Contact, request: MeetingRequest, line: Line,
         now: datetime, lang: str) -> str:
    """Run the search and reply with the first page."""
    place = _place(request, line)
    if isinstance(place, str):
        return render(place, lang, text=request.place_text[:30], **line.text_params)
    if isinstance(place, geocode.Ambiguous):
        options = ", ".join(option.label for option in place.options)
        return render("meetings_which_one", lang, options=options)
    zone = (place.timezone if place else None) or line.timezone
    when = window(set(request.time_words), zone, now)
    query = search.Query(start=when.start, end=when.end, online=request.online,
                         latitude=place.latitude if place else None,
                         longitude=place.longitude if place else None,
                         programs=request.programs, language="es" if lang == "es" else None)
    meetings = index.current(session)
    found = search.find(meetings, query, now)
    header = ("meetings_header" if place else "meetings_header_online", {})
    if not found.hits and query.language:  # no Spanish-speaking meeting: any language, said so
        found = search.find(meetings, _any_language(query), now)
        header = ("meetings_header_online_no_spanish" if query.online
                  else "meetings_header_no_spanish", {})
    if not found.hits and not query.online:  # nothing near: offer online meetings soon
        found = search.find(meetings, _online(query, now), now)
        header = ("meetings_none_near", {"radius": f"{search.RADII[-1]:.0f}"})
    if not found.hits:
        return render("meetings_none_at_all", lang, **line.text_params)
    label = place.label if place else "online"
    return _remember_and_list(session, contact, found, label, lang, header, when.label)


def _any_language(query: search.Query) -> search.Query:
    return search.Query(query.start, query.end, query.latitude, query.longitude, query.online,
                        query.programs, None)


def _online(query: search.Query, now: datetime) -> search.Query:
    return search.Query(now - search.GRACE, now + timedelta(hours=12), online=True,
                        programs=query.programs)


def _remember_and_list(session, contact, found, label, lang, header, when_label) -> str:
    results = [{"meeting_id": h.meeting_id, "starts_at": h.starts_at.isoformat(),
                "miles": None if h.miles is None else round(h.miles, 2)} for h in found.hits]
    saved = MeetingSearch(contact_id=contact.id, place=label[:120], language=lang,
                          results=results, shown=0)
    session.add(saved)
    session.flush()
    key, params = header
    when = f" ({when_label})" if when_label else ""
    head = render(key, lang, place=label, when=when, **params)
    return _page(session, saved, head, lang)


def _page(session: Session, saved: MeetingSearch, head: str, lang: str) -> str:
    """The next PAGE results as a numbered list that fits in 2 segments."""
    chunk = saved.results[saved.shown:saved.shown + PAGE]
    meetings = {m.id: m for m in session.scalars(
        select(Meeting).where(Meeting.id.in_([r["meeting_id"] for r in chunk])))}
    first = saved.shown + 1
    saved.shown += len(chunk)
    for name_limit, address_limit in ((26, 24), (20, 18), (16, 14), (12, 10)):
        lines = [fmt.list_line(first + i, meetings[r["meeting_id"]],
                               datetime.fromisoformat(r["starts_at"]), r["miles"], lang,
                               name_limit, address_limit)
                 for i, r in enumerate(chunk) if r["meeting_id"] in meetings]
        footer = render("meetings_footer", lang, n=first)
        reply = to_gsm7("\n".join([head, *lines, footer]))
        if segments(reply) <= 2:
            return reply
    return fit(reply, 2)


def _latest(session: Session, contact: Contact) -> MeetingSearch | None:
    saved = session.scalar(select(MeetingSearch).where(MeetingSearch.contact_id == contact.id)
                           .order_by(MeetingSearch.id.desc()).limit(1))
    if saved is None or saved.created_at < utcnow() - SEARCH_LIFETIME:
        return None
    return saved


def more(session: Session, contact: Contact, lang: str) -> str:
    """The next page of the latest search."""
    saved = _latest(session, contact)
    if saved is None:
        return render("meetings_no_search", lang)
    if saved.shown >= len(saved.results):
        return render("meetings_no_more", lang)
    head = render("meetings_header", lang, place=saved.place, when="")
    return _page(session, saved, head, saved.language or lang)


def _chosen(session: Session, contact: Contact, number: int | None, lang: str):
    """The numbered result (1-based, as listed) of the latest search, or a reply."""
    saved = _latest(session, contact)
    if saved is None:
        return None, render("meetings_no_search", lang)
    if not number or number > max(saved.shown, 1) or number > len(saved.results):
        return None, render("meetings_bad_number", lang, count=max(saved.shown, 1))
    result = saved.results[number - 1]
    meeting = session.get(Meeting, result["meeting_id"])
    if meeting is None:
        return None, render("meetings_no_more", lang)
    return (meeting, datetime.fromisoformat(result["starts_at"])), None


def details(session: Session, contact: Contact, number: int | None, lang: str) -> str:
    """Full address, notes and the online link or dial-in (up to 4 segments: asked for)."""
    chosen, reply = _chosen(session, contact, number, lang)
    return reply if chosen is None else fmt.details(*chosen, lang)


def remind(session: Session, contact: Contact, number: int | None, line: Line, now: datetime,
           lang: str) -> str:
    """Schedule a reminder text before the chosen meeting; STOP cancels it."""
    chosen, reply = _chosen(session, contact, number, lang)
    if chosen is None:
        return reply
    meeting, starts_at = chosen
    local = fmt.local_start(meeting, starts_at)
    name, start = fmt.shorten(meeting.name, 40), fmt.day_and_time(local, lang)
    send_at = starts_at - timedelta(minutes=line.reminder_minutes)
    if send_at <= now:
        return render("meetings_remind_soon", lang, name=name, start=fmt.clock(local),
                            lead=str(line.reminder_minutes))
    where = "Online" if meeting.attendance == "online" else fmt.shorten(
        meeting.address or meeting.location, 60)
    body = render("meetings_reminder", lang, line=line.name, name=name,
                        start=fmt.clock(local), where=where)
    queue_text(session, to=contact.address, body=body, purpose="meeting_reminder",
               key=f"remind:{contact.id}:{meeting.id}:{starts_at.isoformat()}",
               contact_id=contact.id, run_at=send_at)
    send_local = send_at.astimezone(ZoneInfo(meeting.timezone))
    return render("meetings_remind_ok", lang, time=fmt.clock(send_local), name=name,
                        start=start)


def next_near(session: Session, place: geocode.Place, line: Line, now: datetime,
              limit: int = 3) -> list[tuple[Meeting, search.Hit]]:
    """The next in-person meetings near a place, with their rows (for callers)."""
    when = window(set(), place.timezone or line.timezone, now)
    query = search.Query(when.start, when.end, place.latitude, place.longitude)
    hits = search.find(index.current(session), query, now, limit).hits
    rows = {m.id: m for m in session.scalars(
        select(Meeting).where(Meeting.id.in_([hit.meeting_id for hit in hits])))}
    return [(rows[hit.meeting_id], hit) for hit in hits if hit.meeting_id in rows]
