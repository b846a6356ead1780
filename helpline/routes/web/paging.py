"""Every list on the coordinator pages comes a page at a time: ?page=N, PAGE_SIZE rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request

PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    """Which page of a list this is; `args` are the other query values the links keep."""

    number: int
    size: int
    total: int
    args: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        """Rows to skip for this page."""
        return (self.number - 1) * self.size


def requested(total: int, size: int = PAGE_SIZE, **args) -> Page:
    """The page asked for in ?page=, kept within the list (a bad value is page 1)."""
    raw = request.args.get("page", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 1
    pages = max(1, -(-total // size))
    return Page(min(max(number, 1), pages), size, total,
                {key: value for key, value in args.items() if value not in (None, "")})
