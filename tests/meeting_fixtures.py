"""Importing the real feeds in ../shared/data into a test database (read in place)."""

from __future__ import annotations

import os
from pathlib import Path

from helpline.meetings import sources

#: The real feeds live beside the checkout (../shared/data), read in place, never copied here.
DATA = Path(os.environ.get("HELPLINE_TEST_DATA")
            or Path(__file__).resolve().parents[2] / "shared" / "data")
SUSSEX = DATA / "meeting-guide-sussexaa-tsml.json"
KC = DATA / "meeting-guide-kc-district6.json"
if not SUSSEX.exists():
    raise RuntimeError(f"the real meeting feeds are missing: expected {SUSSEX} (../shared/data "
                       "beside the checkout, or set HELPLINE_TEST_DATA)")


def import_feed(session, name: str, path: Path, timezone: str | None = None,
                program: str = "AA"):
    """Import one feed file as source `name` and commit."""
    source = sources.upsert_source(session, name, str(path), kind=None, timezone=timezone,
                                   program=program, refresh_hours=0)
    result = sources.import_into(session, source, path.read_bytes())
    session.commit()
    return result


def import_both(session) -> None:
    """Sussex County DE (no timezone in the feed) and Kansas City MO (zone from coordinates)."""
    import_feed(session, "sussex", SUSSEX, timezone="America/New_York")
    import_feed(session, "kc", KC)
