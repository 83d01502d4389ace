"""The day's delivery problems, for the registry: who a notice missed and why."""

from __future__ import annotations

from datetime import date

from ..domain.delivery import RecordedProblem
from ..store import delivery_problems
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal


def on_day(day: date, cursor: str | None = None) -> KeyPage[RecordedProblem]:
    """A page of the day's problems, newest first."""
    try:
        return delivery_problems.page_on(day, cursor)
    except InvalidCursor as error:
        raise cursor_refusal(error, "problems_cursor") from error
