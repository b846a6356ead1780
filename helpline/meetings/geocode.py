"""Places from texts, offline: US ZIP codes and city names to coordinates and time zones.

A webhook answers "MEETINGS 19958" or "NA near Lewes DE tonight" in milliseconds, so nothing
here touches the network or the database. The `zipcodes` package's ~42,800 US ZIP records are
read once per process (lazily, under a lock; `warm()` does it at start-up) into small
dictionaries and a coarse lat/long grid, and every lookup after that is a few dict probes.

Coverage is what the ZIP data covers: the 50 states, DC and the inhabited territories. City
centroids are means of ZIP centroids, good for "meetings near", not for driving directions.
"""

from __future__ import annotations

import gc
import math
import re
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass

import zipcodes

EARTH_RADIUS_MILES = 3958.7613
KM_PER_MILE = 1.609344
NEAREST_ZIP_KM = 100.0  # timezone_at answers None when no ZIP centroid is this close
_CELL = 0.25  # grid cell size in degrees
_LON_CELLS = int(360 / _CELL)
_KM_PER_DEGREE = math.pi * EARTH_RADIUS_MILES * KM_PER_MILE / 180
_CITY_ZIP_TYPES = frozenset({"STANDARD", "PO BOX"})

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip
_STATE_NAMES = {name.lower(): code for code, name in STATES.items()} | {
    "washington dc": "DC", "nueva york": "NY", "nueva jersey": "NJ", "nuevo mexico": "NM",
    "carolina del norte": "NC", "carolina del sur": "SC", "dakota del norte": "ND",
    "dakota del sur": "SD", "virginia occidental": "WV", "pensilvania": "PA", "luisiana": "LA",
    "misuri": "MO", "misisipi": "MS", "hawai": "HI", "tejas": "TX", "florida": "FL",
}  # fmt: skip
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}

# Lower-case, unaccented words that end a request without naming a place. No state codes
# ("in", "me", "de", "la", "ca"...): "Portland ME" must keep its state.
_IGNORED = """
    tonight today tomorrow tmrw now morning mornings afternoon afternoons evening evenings night
    nights noon am pm week weekend weekends next this later soon asap at around after before by
    for on from until the monday tuesday wednesday thursday friday saturday sunday mondays
    tuesdays wednesdays thursdays fridays saturdays sundays aa na online zoom virtual hybrid
    person meeting meetings mtg mtgs near please pls thanks help open closed speaker women men
    beginners newcomer newcomers hoy manana noche esta tarde lunes martes miercoles jueves
    viernes sabado domingo cerca reunion reuniones linea por favor"""
DEFAULT_IGNORE: frozenset[str] = frozenset(_IGNORED.split())
_ZIP_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{5})(?:-[0-9]{4})?(?![0-9])")
_ZIP_ALONE = re.compile(r"\s*([0-9]{5})(?:[-\s]?[0-9]{4})?\s*")
_WORD = re.compile("[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Place:
    """A point to search meetings around, with what to call it in a reply."""

    latitude: float
    longitude: float
    timezone: str | None
    label: str  # "19958 Lewes, DE" or "Lewes, DE"
    state: str
    postal_code: str = ""


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A city name found in several states, biggest first: the reply asks "Which one?"."""

    options: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class _Index:
    zips: dict[str, Place]
    cities: dict[str, tuple[Place, ...]]  # name key -> one Place per state, most ZIPs first
    aliases: dict[str, tuple[Place, ...]]  # the same for acceptable_cities names
    grid: dict[tuple[int, int], list[tuple[float, float, str]]]
    longest_name: int  # in words


_index: _Index | None = None
_lock = threading.Lock()


def warm() -> None:
    """Build the in-memory indexes now (idempotent, thread-safe) so no texter waits for it."""
    _built()


def _built() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                with _collector_paused():
                    _index = _build(_records())
    return _index


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building makes ~200k objects; cyclic collections midway would only rescan them (2x)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def by_zip(zip5: str) -> Place | None:
    """The centroid of a 5-digit US ZIP (ZIP+4 accepted); None if unknown or without a location."""
    match = _ZIP_ALONE.fullmatch(zip5) if isinstance(zip5, str) else None
    return _built().zips.get(match.group(1)) if match else None


def by_city(
    city: str, state: str | None = None, home_state: str | None = None
) -> Place | Ambiguous | None:
    """A city by name, in `state` if given; several states resolve to `home_state` or Ambiguous."""
    code = _state_code(_words(state)) if state else None
    if state and code is None:
        return None
    home = _state_code(_words(home_state)) if home_state else None
    return _lookup(_key(_words(city)), code, home)


def parse_place(
    text: str, home_state: str | None = None, ignore: AbstractSet[str] = DEFAULT_IGNORE
) -> Place | Ambiguous | None:
    """The place in free text after a keyword: a ZIP anywhere, else "[near] City[,] [State]".

    Trailing words in `ignore` (lower-case, unaccented) or with digits ("7pm") are dropped
    first; only if nothing matches are they given back one by one ("Morning Sun" is a town).
    """
    if not isinstance(text, str):
        return None
    for match in _ZIP_IN_TEXT.finditer(text):
        if place := by_zip(match.group(1)):
            return place
    words = _words(text)
    home = _state_code(_words(home_state)) if home_state else None
    cut = len(words)
    while cut and (words[cut - 1] in ignore or not words[cut - 1].isalpha()):
        cut -= 1
    for end in range(cut, len(words) + 1):
        if found := _city_with_state(words[:end], home) or _city_ending(words[:end], None, home):
            return found
    return None


def timezone_at(latitude: float, longitude: float) -> str | None:
    """The IANA time zone at a US point: the nearest ZIP centroid's, if within ~100 km.

    US-only by construction: the only offline data is the US ZIP list, so a point abroad or at
    sea answers None, or the zone of a US ZIP across a border when one is close enough.
    """
    # Utqiagvik, the northernmost ZIP, is at 71.3 N; no need to search rings up to the pole.
    if not (math.isfinite(latitude) and math.isfinite(longitude)) or abs(latitude) > 75:
        return None
    return _nearest_timezone(_built().grid, latitude, longitude)


def miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points, in statute miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


# Text


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(plain.lower())


def _key(words: Iterable[str]) -> str:
    """Spacing and "St."/"Saint" do not matter: "St. Louis" and "SAINT LOUIS" share a key."""
    return "".join(_ABBREVIATIONS.get(word, word) for word in words)


def _state_code(words: Sequence[str]) -> str | None:
    if len(words) == 1 and words[0].upper() in STATES:
        return words[0].upper()
    return _STATE_NAMES.get(" ".join(words))


def _city_with_state(words: list[str], home: str | None) -> Place | Ambiguous | None:
    for size in (3, 2, 1):  # "North Carolina" before "Carolina"
        code = _state_code(words[-size:]) if len(words) > size else None
        if code and (found := _city_ending(words[:-size], code, home)):
            return found
    return None


def _city_ending(words: list[str], code: str | None, home: str | None) -> Place | Ambiguous | None:
    """The longest city name that ends `words`."""
    for size in range(min(len(words), _built().longest_name), 0, -1):
        if found := _lookup(_key(words[-size:]), code, home):
            return found
    return None


def _lookup(key: str, code: str | None, home: str | None) -> Place | Ambiguous | None:
    """Names of ZIPs' own cities first, acceptable_cities names only when no city has the name;
    but the state asked for, else the texter's home state, wins in either ("Manhattan" in NY)."""
    index = _built()
    primary, aliases = index.cities.get(key, ()), index.aliases.get(key, ())
    if wanted := code or home:
        for place in (*primary, *aliases):
            if place.state == wanted:
                return place
    options = () if code else primary or aliases
    if len(options) > 1:
        return Ambiguous(options[:5])
    return options[0] if options else None


# Building the indexes

_Record = tuple[str, str, str, str, tuple[str, ...], float, float, str | None]


def _records() -> Iterator[_Record]:
    """Located ZIPs, read a tenth at a time so the package's 42k dicts never coexist."""
    for digit in "0123456789":
        for row in zipcodes.similar_to(digit):
            if point := _coordinates(row):
                yield (
                    row["zip_code"], row["city"], sys.intern(row["state"]), row["zip_code_type"],
                    tuple(row.get("acceptable_cities") or ()), *point,
                    _valid_timezone(row.get("timezone")),
                )  # fmt: skip


def _build(records: Iterable[_Record]) -> _Index:
    records = list(records)
    cells: dict[tuple[int, int], set[tuple[float, float, str]]] = defaultdict(set)
    for *_, lat, lon, tz in records:
        if tz:
            cells[_cell(lat, lon)].add((lat, lon, tz))
    grid = {cell: list(points) for cell, points in cells.items()}
    zips: dict[str, Place] = {}
    cities: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    aliases: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    keys: dict[str, str] = {}  # name -> key, each name normalised once
    for code, city, state, kind, others, lat, lon, tz in records:
        tz = tz or _nearest_timezone(grid, lat, lon)
        zips[code] = Place(lat, lon, tz, f"{code} {city}, {state}", state, code)
        if kind in _CITY_ZIP_TYPES and state in STATES:
            for name, table in ((city, cities), *((other, aliases) for other in others)):
                key = keys.get(name) or keys.setdefault(name, _key(_words(name)))
                table[key][state].append((name, lat, lon, tz))
    longest = max((len(_words(name)) for name in keys), default=1)
    return _Index(zips, _centroids(cities), _centroids(aliases), grid, longest)


def _centroids(table: dict[str, dict[str, list]]) -> dict[str, tuple[Place, ...]]:
    result = {}
    for key, states in table.items():
        ranked = sorted(states.items(), key=lambda item: (-len(item[1]), item[0]))
        result[key] = tuple(_centroid(state, points) for state, points in ranked)
    return result


def _centroid(state: str, points: list[tuple[str, float, float, str | None]]) -> Place:
    name, lat, lon, tz = points[0]
    if len(points) > 1:
        name = Counter(point[0] for point in points).most_common(1)[0][0]
        tz = Counter(point[3] for point in points).most_common(1)[0][0]
        lat = round(sum(point[1] for point in points) / len(points), 4)
        lon = round(sum(point[2] for point in points) / len(points), 4)
    return Place(lat, lon, tz, f"{name}, {state}", state)


def _coordinates(row: dict) -> tuple[float, float] | None:
    try:
        lat, lon = float(row.get("lat") or 0), float(row.get("long") or 0)
    except (TypeError, ValueError):
        return None
    ok = lat and lon and math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90
    return (lat, lon) if ok else None


def _valid_timezone(name: object) -> str | None:
    """IANA names have a slash; the data has a few blanks and one town name ("Napakiak")."""
    return sys.intern(name) if isinstance(name, str) and "/" in name else None


# Nearest ZIP centroid


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL), math.floor(lon / _CELL) % _LON_CELLS


def _ring(row: int, col: int, radius: int) -> Iterator[tuple[int, int]]:
    for d_row in range(-radius, radius + 1):
        step = 1 if abs(d_row) == radius else 2 * radius
        for d_col in range(-radius, radius + 1, step):
            yield row + d_row, (col + d_col) % _LON_CELLS


def _nearest_timezone(grid: dict, lat: float, lon: float) -> str | None:
    """Search rings of cells outward until no unseen cell can hold a closer centroid.

    Distances are equirectangular (flat within 100 km: under 1% off), which is all "nearest"
    needs and several times cheaper than haversine in this inner loop.
    """
    best_km, best_tz = NEAREST_ZIP_KM, None
    # A centroid within 100 km is within ~0.9 degrees of latitude, so no nearer the pole than:
    shrink = max(math.cos(math.radians(min(abs(lat) + 1.0, 89.0))), 0.02)
    cos_lat = math.cos(math.radians(lat))
    row, col = _cell(lat, lon)
    # How far the point is from the edges of its own cell, in cells (north-south, east-west):
    edge_ns = min(lat / _CELL - row, row + 1 - lat / _CELL)
    edge_ew = min(lon / _CELL % 1, 1 - lon / _CELL % 1)
    cell_km, radius = _CELL * _KM_PER_DEGREE, 0
    while cell_km * min(radius - 1 + edge_ns, (radius - 1 + edge_ew) * shrink) < best_km:
        for cell in _ring(row, col, radius):
            for p_lat, p_lon, tz in grid.get(cell, ()):
                d_lon = ((p_lon - lon + 180) % 360 - 180) * cos_lat
                km = _KM_PER_DEGREE * math.hypot(p_lat - lat, d_lon)
                if km < best_km:
                    best_km, best_tz = km, tz
        radius += 1
    return best_tz
