"""The registry's hearing list: the court events a day's courts hear, a page at a time by key."""

from __future__ import annotations

from datetime import date

from ..domain.cases import Court
from ..domain.hearing_list import Hearing
from ..store import cases
from ..store.paging import InvalidCursor, KeyPage, cursor_refusal

# A busy day has about a thousand hearings across the courts: ten pages of the whole list, and a
# courtroom's list of a morning fits on one.
PAGE_SIZE = 100


def hearings_on(day: date, court: Court | None, cursor: str | None) -> KeyPage[Hearing]:
    """A page of the day's hearing list (one court's, or every court's), by court and start time."""
    try:
        return cases.page_of_day(day, court=court, cursor=cursor, size=PAGE_SIZE)
    except InvalidCursor as error:
        raise cursor_refusal(error) from error
