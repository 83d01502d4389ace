"""Reading the case aggregate from the single table: each read is one Query.

Changes to a case go through ``store/case_write.py``, one transaction each.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from ..domain.cases import CaseFile, CaseStatus, CaseSummary, Court, RepresentedCase
from ..domain.hearing_list import Hearing
from .case_items import (
    BailItem,
    CaseItem,
    ChargeItem,
    CourtEventItem,
    RepresentationItem,
    RescheduleRequestItem,
    court_of,
    next_scheduled,
    status_of,
    to_accused,
    to_bail,
    to_charge,
    to_event,
    to_hearing,
    to_representation,
    to_reschedule_request,
)
from .keys import OWNED_CASES_PREFIX, case_pk, day_court_prefix, day_pk, firm_pk, person_pk
from .paging import NOT_OURS, InvalidCursor, KeyPage, decode_cursor, query_page
from .table import Entity


def get_case(case_no: str, *, consistent: bool = False) -> CaseFile | None:
    """The whole case page: one Query on ``pk = CASE#<case_no>`` (``consistent`` where a change
    just committed must be seen, as delivery deciding whether a notice still holds)."""
    return case_from_items(case_partition(case_no, consistent=consistent))


def case_partition(case_no: str, *, consistent: bool = False) -> list[Entity]:
    """Every item of the case's partition, for readers that need more of it than the case."""
    return list(Entity.query(case_pk(case_no), consistent_read=consistent))


def case_from_items(items: list[Entity]) -> CaseFile | None:
    head = next((i for i in items if isinstance(i, CaseItem)), None)
    if head is None:
        return None
    return CaseFile(
        case_no=head.case_no,
        court=court_of(head),
        status=status_of(head),
        accused=to_accused(head),
        filed_at=head.filed_at,
        charges=tuple(to_charge(i) for i in items if isinstance(i, ChargeItem)),
        events=tuple(to_event(i) for i in items if isinstance(i, CourtEventItem)),
        representations=tuple(to_representation(i) for i in items if isinstance(i, RepresentationItem)),
        bail=next((to_bail(i) for i in items if isinstance(i, BailItem)), None),
        reschedule_requests=tuple(to_reschedule_request(i) for i in items if isinstance(i, RescheduleRequestItem)),
        version=head.version or 0,
    )


def list_cases_for_person(person_id: str, now: datetime) -> list[CaseSummary]:
    """A person's cases with their next court events: one Query on gsi1 ``PERSON#<id>`` that reads
    the case items only (each carries its scheduled events; the event items sort apart)."""
    summaries = [
        CaseSummary(
            case_no=head.case_no,
            court=court_of(head),
            status=status_of(head),
            next_event=next_scheduled(head, now),
            firm_name=head.firm_name,
        )
        for head in CaseItem.by_owner.query(person_pk(person_id), Entity.gsi1sk.startswith(OWNED_CASES_PREFIX))
    ]
    return sorted(summaries, key=_summary_order)


def _summary_order(summary: CaseSummary) -> tuple:
    # Open cases with a date first, soonest first; then open cases without one; then closed ones.
    next_start = summary.next_event.starts_at.isoformat() if summary.next_event else "~"
    return (summary.status is not CaseStatus.OPEN, next_start, summary.case_no)


FIRM_CASES_PAGE = 50
_FIRM_CASE_CURSOR = frozenset({"pk", "sk", "gsi1sk"})


def _represented(item: RepresentationItem) -> RepresentedCase:
    return RepresentedCase(case_no=item.case_no, court=Court(item.court), accused_name=item.accused_name,
                           counsel=to_representation(item).counsel, since=item.since)


def page_of_firm_cases(uen: str, cursor: str | None = None, size: int = FIRM_CASES_PAGE) -> KeyPage[RepresentedCase]:
    """A page of the cases a firm is on record for, by case number: one Query on gsi1 ``FIRM#<uen>``
    (active records only) from the cursor on."""
    page = query_page(RepresentationItem, firm_pk(uen), hash_attribute="gsi1pk", index=RepresentationItem.by_owner,
                      range_key_condition=Entity.gsi1sk.startswith(OWNED_CASES_PREFIX),
                      key_of=lambda item: {"pk": item.pk, "sk": item.sk, "gsi1sk": item.gsi1sk},
                      key_names=_FIRM_CASE_CURSOR, cursor=cursor, size=size)
    return page.map(_represented)


def every_firm_case(uen: str) -> Iterator[RepresentedCase]:
    """Every case a firm is on record for, page after page (one Query per page of
    ``FIRM_CASES_PAGE``): for work that needs them all, such as a calendar feed."""
    cursor = None
    while True:
        page = page_of_firm_cases(uen, cursor)
        yield from page.items
        cursor = page.next_cursor
        if cursor is None:
            return


DAY_PAGE = 100
_DAY_CURSOR = frozenset({"pk", "sk", "gsi2sk"})


def page_of_day(day: date, *, court: Court | None = None, cursor: str | None = None,
                size: int = DAY_PAGE) -> KeyPage[Hearing]:
    """A page of the court events listed on one Singapore day (a vacated event carries no day key),
    by court and then start time: one Query on gsi2 ``DAY#<day>``, for one court with
    ``begins_with(gsi2sk, "<court>#")``, from the cursor on (``store/paging.py``). A cursor from
    another court's list is refused like any cursor this list did not give out (``InvalidCursor``)."""
    condition = None
    if court is not None:
        prefix = day_court_prefix(court.value)
        if cursor and not decode_cursor(cursor, _DAY_CURSOR)[1]["gsi2sk"].startswith(prefix):
            raise InvalidCursor(NOT_OURS)
        condition = Entity.gsi2sk.startswith(prefix)
    page = query_page(CourtEventItem, day_pk(day), hash_attribute="gsi2pk", index=CourtEventItem.by_day,
                      range_key_condition=condition, key_names=_DAY_CURSOR, cursor=cursor, size=size,
                      key_of=lambda item: {"pk": item.pk, "sk": item.sk, "gsi2sk": item.gsi2sk})
    return page.map(to_hearing)


def events_on(day: date) -> Iterator[Hearing]:
    """Every court event listed on one Singapore day, page after page of ``page_of_day``: for jobs
    that need the whole day, such as rolling the diaries past it."""
    cursor = None
    while True:
        page = page_of_day(day, cursor=cursor)
        yield from page.items
        cursor = page.next_cursor
        if cursor is None:
            return
