"""Contacts: one per sender address, with a codename that volunteers see instead of a number."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from helpline.contacts.codenames import new_codename
from helpline.db import utcnow
from helpline.models import Contact
from helpline.phones import Sender


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
