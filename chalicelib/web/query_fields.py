"""Fields of the pages' filter forms, which the JSON API reads the same way.

A form sends a field it leaves empty (``day=``, ``court=``), and that means what leaving it out
means: the default. ``Blank`` says so to pydantic and ``DAY_OR_BLANK`` to the contract.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BeforeValidator

from ..domain.clock import CalendarDay


def _blank_is_absent(value):
    return value or None


T = TypeVar("T")
# ``Blank[X]``: an X, or absent; a blank value is absent.
Blank = Annotated[T | None, BeforeValidator(_blank_is_absent)]
BlankDay = Blank[CalendarDay]
# The contract's schema of a day field that may be cleared: a date, blank or absent.
DAY_OR_BLANK = {"anyOf": [{"type": "string", "format": "date"}, {"const": ""}, {"type": "null"}]}
