"""Contacts: one per sender address, with a codename that volunteers see instead of a number."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from helpline.db import utcnow
from helpline.models import Contact
from helpline.phones import Sender

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
    """A friendly random name like 'Calm Heron 42' (about 150,000 possibilities)."""
    return f"{secrets.choice(_ADJECTIVES)} {secrets.choice(_NOUNS)} {secrets.randbelow(90) + 10}"


def find_contact(session: Session, address: str) -> Contact | None:
    """The contact with this address, if the line has heard from it."""
    return session.scalar(select(Contact).where(Contact.address == address))


def get_or_create_contact(session: Session, sender: Sender, language: str = "en") -> Contact:
    """The contact for this sender, created on first contact; safe against concurrent creation."""
    for _attempt in range(5):
        contact = find_contact(session, sender.address)
        if contact is not None:
            contact.last_seen_at = utcnow()
            return contact
        contact = Contact(
            address=sender.address, kind=sender.kind, codename=new_codename(), language=language
        )
        try:
            with session.begin_nested():
                session.add(contact)
            return contact
        except IntegrityError:
            continue  # another request created it, or the codename was taken: look again
    raise RuntimeError("could not create a contact after 5 attempts")
