"""Reports: the line's work over a chosen period, per local day or hour of the day, as tables,
chart geometry and CSV. Read-only; counts, times and ZIP areas, never numbers or message bodies."""
