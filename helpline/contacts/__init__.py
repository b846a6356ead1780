"""The people who text or call the line: contact records, found by address, shown by codename."""
