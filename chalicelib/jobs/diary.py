"""Nightly: move each firm's diary on past the court dates of the day that ended.

A case's diary entries are ordered by its next court date as it stood when the case last changed;
once that date has passed, the entry would keep its old place at the top. Shortly after midnight
Singapore time this job reads the events of the day before (one Query on gsi2 ``DAY#<date>``) and
rewrites the entries of each represented case among them, in the case's own unit of work, so the
diary is again soonest-first. Until it runs, a diary row already shows the right next date: each
entry keeps the case's coming dates, and the page shows the first that has not passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain.audit import Actor
from ..domain.clock import as_utc, singapore_date
from ..domain.errors import Conflict
from ..logs import logger
from ..store import cases
from ..store.case_write import CaseWrite

ROLLER = Actor.system("diary roll")
ATTEMPTS = 3


def roll(event: dict) -> dict:
    """An EventBridge "Scheduled Event": roll the diaries past the day before it fired."""
    fired_at = as_utc(datetime.fromisoformat(event["time"].replace("Z", "+00:00")))
    return {"rolled": roll_diaries(fired_at)}


def roll_diaries(now: datetime) -> int:
    """Rewrite the diary entries of every represented case that had a court event yesterday."""
    yesterday = singapore_date(now) - timedelta(days=1)
    case_numbers = sorted({listed.case_no for listed in cases.events_on(yesterday)})
    rolled = sum(_roll(case_no, now) for case_no in case_numbers)
    logger.info("diaries rolled", extra={"day": yesterday.isoformat(), "cases": len(case_numbers), "rolled": rolled})
    return rolled


def _roll(case_no: str, now: datetime) -> bool:
    for _ in range(ATTEMPTS):  # a registry change to the same case at the same moment: read it again
        case = cases.get_case(case_no, consistent=True)
        if case is None or case.representation is None:
            return False
        write = CaseWrite.of(case, ROLLER, now)
        write.refresh_diary()
        try:
            write.commit()
            return True
        except Conflict:
            continue
    logger.warning("diary not rolled", extra={"case_no": case_no})
    return False
