"""Codenames: the friendly random name volunteers and coordinators see instead of a number."""

from __future__ import annotations

import secrets

_ADJECTIVES = tuple(
    [
        "Amber",
        "Brave",
        "Bright",
        "Calm",
        "Clear",
        "Cobalt",
        "Coral",
        "Crisp",
        "Gentle",
        "Golden",
        "Green",
        "Hazel",
        "Hopeful",
        "Indigo",
        "Ivory",
        "Jade",
        "Kind",
        "Lively",
        "Lunar",
        "Maple",
        "Mellow",
        "Misty",
        "Noble",
        "Olive",
        "Patient",
        "Quiet",
        "Rosy",
        "Ruby",
        "Sage",
        "Silver",
        "Steady",
        "Sunny",
        "Swift",
        "Teal",
        "Tidal",
        "Velvet",
        "Warm",
        "Willow",
        "Young",
        "Zesty",
    ]
)
_NOUNS = tuple(
    [
        "Aspen",
        "Badger",
        "Beacon",
        "Birch",
        "Brook",
        "Canyon",
        "Cedar",
        "Comet",
        "Crane",
        "Dawn",
        "Delta",
        "Eagle",
        "Ember",
        "Falcon",
        "Fern",
        "Finch",
        "Harbor",
        "Heron",
        "Hill",
        "Island",
        "Lake",
        "Lark",
        "Meadow",
        "Moon",
        "Oak",
        "Otter",
        "Pine",
        "Prairie",
        "Raven",
        "Reef",
        "River",
        "Robin",
        "Sparrow",
        "Spruce",
        "Star",
        "Stone",
        "Summit",
        "Tide",
        "Valley",
        "Wren",
    ]
)


def new_codename() -> str:
    """A friendly random name like 'Calm Heron 427' (about 1.9 million possibilities: a line
    with tens of thousands of texters seldom draws one already taken)."""
    drawn, number = divmod(secrets.randbelow(len(_ADJECTIVES) * len(_NOUNS) * 900), 900)
    adjective, noun = divmod(drawn, len(_NOUNS))
    return f"{_ADJECTIVES[adjective]} {_NOUNS[noun]} {number + 100}"
