"""Long but realistic values for every catalog placeholder: what "fits in 2 segments" is
checked with (the catalog's tests, and the line's own wording saved on the settings page)."""

LONG_VALUES = {
    "name": "Sussex County Recovery Helpline Seaside",  # a long line or meeting name (40)
    "crisis": "988",
    "emergency": "911",
    "codename": "Patient Prairie 99",
    "time": "23:59",
    "place": "19958 Rehoboth Beach, DE",
    "when": " (tomorrow morning)",
    "radius": "50",
    "n": "12",
    "text": "x" * 30,
    "options": "Kansas City, MO, Kansas City, KS, Springfield, IL, Springfield, MO, Dover, DE",
    "count": "30",
    "start": "Sun 10:00pm",
    "lead": "60",
    "line": "Sussex County Recovery Helpline",
    "where": "32682 Angola Rd, Lewes Beach, Delaware 19958 USA building",
    "until": " until Wed 10:30pm",
    "shifts": "1) Wed Nov 25 22:00-02:00\n2) Fri Nov 27 14:00-22:00\n3) Sat Nov 28 06:00-14:00",
    "shift": "Wed Nov 25 22:00-02:00",
    "code": "4K2",
    "person": "Alexandra Maria (demo)",
    "language": "Spanish",
    "number": "4 4, 1 6 3 2, 9 6 0 9 6 1",
    "wait": "115 segundos",
    "people": "Alexandra (demo), Beatrice (demo), Carmen Maria (demo), Dana",
    "who": "Alexandra (demo)",
    "starts_in": "en 150 minutos",  # the longest STARTS_IN wording
    "gaps": "Wed 02:00-05:00, Thu 13:00-14:00, Thu 22:00-Sat 06:00, Sat 13:00-14:00",
    "more": "12",
    "duration": "2:00",
    "words": ": '" + "w" * 76 + "...'",  # voicemail.excerpt: at most 80 characters quoted
}
