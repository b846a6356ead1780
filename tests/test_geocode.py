"""Places from texts, offline: ZIPs and city names to centroids and time zones, fast and total."""

from __future__ import annotations

import math
import random
import threading
import time

import pytest
import zipcodes
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.meetings import geocode
from helpline.meetings.geocode import (
    Ambiguous,
    Place,
    by_city,
    by_zip,
    miles,
    parse_place,
    timezone_at,
    warm,
)

LEWES = (38.74, -75.17)


@pytest.fixture(scope="module", autouse=True)
def _indexes_built():
    warm()


def near(place: Place, lat: float, lon: float, within_miles: float = 5) -> bool:
    return miles(place.latitude, place.longitude, lat, lon) < within_miles


# ZIP codes


def test_zip_19958_is_lewes_delaware_in_eastern_time():
    place = by_zip("19958")
    assert place.label == "19958 Lewes, DE"
    assert (place.state, place.postal_code) == ("DE", "19958")
    assert place.timezone == "America/New_York"
    assert abs(place.latitude - 38.74) < 0.02 and abs(place.longitude + 75.17) < 0.02


def test_zip_64111_is_kansas_city_missouri_in_central_time():
    place = by_zip("64111")
    assert place.label == "64111 Kansas City, MO"
    assert place.state == "MO" and place.timezone == "America/Chicago"
    assert near(place, 39.06, -94.59)


@pytest.mark.parametrize("text", ["19958-1234", " 19958 ", "199581234"])
def test_zip_plus_four_and_padding_give_the_five_digit_zip(text):
    assert by_zip(text) == by_zip("19958")


@pytest.mark.parametrize("text", ["00000", "1995", "199588", "ABCDE", "", "19958-12"])
def test_unknown_or_malformed_zip_is_none(text):
    assert by_zip(text) is None


def test_zip_whose_data_has_no_coordinates_is_none_not_null_island():
    assert zipcodes.matching("09001")[0]["lat"] in ("0", "0.0000")  # an APO ZIP in the data
    assert by_zip("09001") is None


def test_zip_with_a_broken_timezone_in_the_data_takes_its_neighbours():
    assert zipcodes.matching("99634")[0]["timezone"] == "Napakiak"
    assert by_zip("99634").timezone == "America/Anchorage"


# Cities


@pytest.mark.parametrize(
    ("city", "state"),
    [("Lewes", "DE"), ("lewes", "de"), ("LEWES", "Delaware"), ("Lewes.", "delaware")],
)
def test_city_and_state_match_whatever_the_case_and_spelling_of_the_state(city, state):
    place = by_city(city, state)
    assert place.label == "Lewes, DE" and place.postal_code == ""
    assert place.timezone == "America/New_York"
    assert near(place, *LEWES)


def test_kansas_city_missouri_and_kansas_are_different_places():
    missouri, kansas = by_city("Kansas City", "MO"), by_city("kansas city", "Kansas")
    assert (missouri.state, kansas.state) == ("MO", "KS")
    assert (missouri.label, kansas.label) == ("Kansas City, MO", "Kansas City, KS")
    assert 2 < miles(missouri.latitude, missouri.longitude, kansas.latitude, kansas.longitude) < 20
    assert missouri.timezone == kansas.timezone == "America/Chicago"


def test_kansas_city_alone_asks_missouri_or_kansas_bigger_first():
    found = by_city("KANSAS CITY")
    assert isinstance(found, Ambiguous)
    assert [place.state for place in found.options] == ["MO", "KS"]


def test_a_texters_home_state_settles_an_ambiguous_city():
    assert by_city("Kansas City", home_state="MO").state == "MO"
    assert by_city("Kansas City", home_state="kansas").state == "KS"
    assert isinstance(by_city("Kansas City", home_state="TX"), Ambiguous)


def test_springfield_offers_at_most_five_states_biggest_first():
    found = by_city("Springfield")
    assert isinstance(found, Ambiguous)
    states = [place.state for place in found.options]
    assert len(states) == 5 == len(set(states))
    assert {"MA", "MO", "IL"} <= set(states)
    assert states[0] == "MA"  # 18 Springfield ZIPs in Massachusetts, the most


@pytest.mark.parametrize("city", ["St. Louis", "Saint Louis", "st louis", "ST.LOUIS", "St-Louis"])
def test_saint_and_its_abbreviations_are_one_city(city):
    place = by_city(city, "Missouri")
    assert place == by_city("Saint Louis", "MO")
    assert place.label == "Saint Louis, MO" and near(place, 38.63, -90.24, within_miles=15)


@pytest.mark.parametrize(
    ("typed", "state", "label"),
    [
        ("Mayagüez", None, "Mayaguez, PR"),
        ("Wilkes-Barre", "PA", "Wilkes Barre, PA"),
        ("Coeur d'Alene", "ID", "Coeur D Alene, ID"),
        ("Ft. Lauderdale", "FL", "Fort Lauderdale, FL"),
    ],
)
def test_accents_punctuation_and_abbreviations_do_not_matter(typed, state, label):
    assert by_city(typed, state).label == label


def test_a_city_is_not_found_in_a_state_it_is_not_in_or_an_unknown_state():
    assert by_city("Lewes", "CA") is None
    assert by_city("Lewes", "XX") is None
    assert by_city("Nowhereville") is None
    assert by_city("") is None


def test_acceptable_city_names_count_only_when_no_city_has_the_name():
    hollywood = by_city("Hollywood")  # a city in FL and others; a name for LA ZIPs too
    assert "CA" not in {place.state for place in hollywood.options}
    in_california = by_city("Hollywood", "CA")
    assert in_california.label == "Hollywood, CA"
    assert near(in_california, 34.09, -118.33, within_miles=10)


def test_a_home_state_alias_beats_same_named_cities_elsewhere():
    assert isinstance(by_city("Manhattan"), Ambiguous)  # KS, IL, MT...
    manhattan = by_city("Manhattan", home_state="NY")
    assert manhattan.state == "NY" and near(manhattan, 40.75, -73.98, within_miles=10)


# Free text


@pytest.mark.parametrize(
    "text",
    [
        "Lewes DE",
        "Lewes, DE",
        "lewes delaware",
        "near Lewes DE tonight",
        "near Lewes, Delaware tomorrow evening",
        "aa lewes de sunday 7pm",
        "Lewes esta noche",
        "Lewes mañana",
    ],
)
def test_parse_place_finds_lewes_around_filler_words(text):
    assert parse_place(text).label == "Lewes, DE"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("19958 tomorrow evening", "19958 Lewes, DE"),
        ("near 19958", "19958 Lewes, DE"),
        ("NA 64111 tonight", "64111 Kansas City, MO"),
        ("Lewes DE 19958-1234", "19958 Lewes, DE"),
        ("room 12345678 then 19958", "19958 Lewes, DE"),
    ],
)
def test_parse_place_prefers_a_zip_anywhere_in_the_text(text, label):
    assert parse_place(text).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kansas City, MO tonight at 7pm", "Kansas City, MO"),
        ("Kansas City KS", "Kansas City, KS"),
        ("St. Louis MO", "Saint Louis, MO"),
        ("Saint Louis, Missouri", "Saint Louis, MO"),
        ("Raleigh North Carolina", "Raleigh, NC"),
        ("Charleston West Virginia", "Charleston, WV"),
        ("Portland ME", "Portland, ME"),
        ("Plymouth Meeting PA", "Plymouth Meeting, PA"),
        ("Morning Sun", "Morning Sun, IA"),
        ("Morning Sun Iowa tonight", "Morning Sun, IA"),
        ("reuniones cerca de San Juan Puerto Rico hoy", "San Juan, PR"),
        ("Fort Collins, Colorado", "Fort Collins, CO"),
    ],
)
def test_parse_place_reads_city_and_state_in_the_ways_people_text_them(text, label):
    assert parse_place(text).label == label


def test_parse_place_passes_ambiguity_and_home_state_through():
    assert [p.state for p in parse_place("Kansas City tonight").options] == ["MO", "KS"]
    assert parse_place("Kansas City", home_state="KS").label == "Kansas City, KS"


def test_parse_place_ignores_the_words_it_is_told_to():
    assert parse_place("Lewes quux") is None
    assert parse_place("Lewes quux", ignore={"quux"}).label == "Lewes, DE"


@pytest.mark.parametrize("text", ["asdf qwerty", "", "   ", "!!!", "tonight", "near me", "00000"])
def test_parse_place_returns_none_for_text_naming_no_place(text):
    assert parse_place(text) is None


# Time zones and distances


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (39.0997, -94.5786, "America/Chicago"),  # Kansas City
        (38.7746, -75.1393, "America/New_York"),  # Lewes
        (33.4484, -112.0740, "America/Phoenix"),  # Phoenix: no DST, unlike Denver
        (21.3069, -157.8583, "Pacific/Honolulu"),
        (18.4655, -66.1057, "America/Puerto_Rico"),
        (61.2181, -149.9003, "America/Anchorage"),
    ],
)
def test_timezone_at_a_us_point_is_its_nearest_zips(lat, lon, zone):
    assert timezone_at(lat, lon) == zone


@pytest.mark.parametrize(
    ("lat", "lon"), [(30, -40), (51.5074, -0.1278), (0, 0), (89.9, 10), (math.nan, -75)]
)
def test_timezone_at_sea_or_abroad_or_nonsense_is_none(lat, lon):
    assert timezone_at(lat, lon) is None


def test_timezone_at_agrees_with_a_brute_force_nearest_zip():
    located = []
    for row in zipcodes.filter_by():
        lat, lon = float(row["lat"]), float(row["long"])
        if lat and lon and "/" in row["timezone"]:
            located.append((lat, lon, row["timezone"]))
    rng = random.Random(19958)
    boxes = [(24, 50, -125, -66), (51, 72, -180, -129), (18, 23, -161, -154), (17, 19, -68, -64)]
    checked = 0
    for _ in range(300):
        south, north, west, east = rng.choice(boxes)
        lat, lon = rng.uniform(south, north), rng.uniform(west, east)
        close = [p for p in located if abs(p[0] - lat) < 1 and abs(p[1] - lon) < 3.5]
        ranked = sorted((miles(lat, lon, p_lat, p_lon) * 1.609344, z) for p_lat, p_lon, z in close)
        best_km = ranked[0][0] if ranked else math.inf
        if 98 < best_km < 102:
            continue  # the 100 km edge: flat and great-circle distances may disagree
        if best_km > 100:
            assert timezone_at(lat, lon) is None
        else:
            near_ties = {zone for km, zone in ranked if km <= best_km * 1.01 + 0.05}
            assert timezone_at(lat, lon) in near_ties
            checked += 1
    assert checked > 100


def test_miles_is_the_great_circle_distance():
    assert miles(40.7128, -74.0060, 34.0522, -118.2437) == pytest.approx(2445, rel=0.01)
    assert miles(0, 0, 0, 1) == pytest.approx(69.09, rel=0.001)  # a degree, mean Earth radius
    assert miles(*LEWES, *LEWES) == 0
    assert miles(0, 179.5, 0, -179.5) == pytest.approx(69.09, rel=0.001)  # across 180


# Build and speed


def test_warm_builds_once_however_many_threads_ask(monkeypatch):
    calls = []

    def records():
        calls.append(1)
        time.sleep(0.05)
        return [("19958", "Lewes", "DE", "STANDARD", (), 38.7381, -75.1747, "America/New_York")]

    monkeypatch.setattr(geocode, "_index", None)
    monkeypatch.setattr(geocode, "_records", records)
    threads = [threading.Thread(target=warm) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    warm()
    assert len(calls) == 1
    assert by_city("Lewes").label == "Lewes, DE"


def test_lookups_after_warm_take_microseconds():
    zips = ["19958", "64111", "10001", "99634", "00000", "19958-1234"]
    texts = ["near Lewes DE tonight", "Kansas City", "19958 tomorrow", "asdf qwerty", "Dover"]
    started = time.perf_counter()
    for i in range(10_000):
        by_zip(zips[i % len(zips)])
        parse_place(texts[i % len(texts)])
    assert time.perf_counter() - started < 0.5


# Never raises

words = st.sampled_from(
    ["Lewes", "DE", "Kansas", "City", "MO", "St.", "Saint", "North", "Carolina", "tonight",
     "near", "19958", "de", ",", "mañana", "NA", "Springfield", "00000", "-1234", "in"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(words, max_size=12).map(" ".join)))
def test_parse_place_never_raises_and_answers_a_place_a_question_or_nothing(text):
    found = parse_place(text, home_state="DE")
    assert found is None or isinstance(found, Place | Ambiguous)
    if isinstance(found, Ambiguous):
        assert 2 <= len(found.options) <= 5
        assert len({place.state for place in found.options}) == len(found.options)
