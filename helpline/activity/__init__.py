"""What coordinators see of the line's work: the home page's board (reports will join it).
Read-only views in plain values: codenames and case codes, never numbers or message bodies."""
