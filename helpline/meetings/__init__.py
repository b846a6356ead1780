"""Meetings near you: feeds in (feeds), places (geocode), the next meetings out (search, format)."""
