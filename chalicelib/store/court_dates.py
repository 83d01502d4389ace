"""Writing court events and requests to change them, inside a case's unit of work; and reading the
registry's queue of pending requests, oldest first, a page at a time by key."""

from __future__ import annotations

from pynamodb.expressions.condition import Condition

from ..domain.cases import CourtEvent, RescheduleRequest
from ..domain.errors import Conflict, DomainError
from .case_items import (
    CourtEventItem,
    RescheduleRequestItem,
    event_item,
    reschedule_request_item,
    to_reschedule_request,
)
from .case_write import CaseWrite
from .keys import RESCHEDULE_QUEUE_PK
from .paging import KeyPage, query_page

EVENT_CHANGED = ("This court date changed while you were working on it (another change was made first). "
                 "Reload the page to see the date as it stands.")
REQUEST_CHANGED = "This request was decided or withdrawn meanwhile; reload the page to see what happened."


def _event_unchanged(before: CourtEvent) -> Condition:
    condition = (CourtEventItem.starts_at == before.starts_at) & (CourtEventItem.status == before.status.value)
    if before.open_request_id is None:
        return condition & CourtEventItem.open_request_id.does_not_exist()
    return condition & (CourtEventItem.open_request_id == before.open_request_id)


def replace_event_in(write: CaseWrite, before: CourtEvent, after: CourtEvent,
                     refused: DomainError | None = None) -> None:
    """Put the event as changed, only while it is still as it was read (date, status, open request)."""
    write.put(event_item(write.case.case_no, write.case.accused.person_id, after), _event_unchanged(before),
              refused=refused or Conflict(EVENT_CHANGED))
    write.event_written(after)


def add_event_in(write: CaseWrite, event: CourtEvent) -> None:
    write.put(event_item(write.case.case_no, write.case.accused.person_id, event), CourtEventItem.pk.does_not_exist())
    write.event_written(event)


def new_request_in(write: CaseWrite, request: RescheduleRequest) -> None:
    write.put(reschedule_request_item(request), RescheduleRequestItem.pk.does_not_exist())


def replace_request_in(write: CaseWrite, before: RescheduleRequest, after: RescheduleRequest) -> None:
    """Move a request on (submitted, decided, withdrawn) only from the status it was read in."""
    write.put(reschedule_request_item(after), RescheduleRequestItem.status == before.status.value,
              refused=Conflict(REQUEST_CHANGED))


# --- the registry's queue --------------------------------------------------------------------------

_QUEUE_CURSOR = frozenset({"gsi1sk", "pk", "sk"})


def pending_page(page_size: int, cursor: str | None = None) -> KeyPage[RescheduleRequest]:
    """One page of pending requests, oldest first, with the cursors of its neighbours: one Query on
    gsi1 ``RESCHEDULES#PENDING`` from the cursor on (``store/paging.py``; a cursor of another list
    raises ``InvalidCursor``). A decided or withdrawn request leaves the queue's key in the
    transaction that decides it."""
    page = query_page(RescheduleRequestItem, RESCHEDULE_QUEUE_PK, hash_attribute="gsi1pk",
                      index=RescheduleRequestItem.by_owner,
                      key_of=lambda item: {"gsi1sk": item.gsi1sk, "pk": item.pk, "sk": item.sk},
                      key_names=_QUEUE_CURSOR, cursor=cursor, size=page_size)
    return page.map(to_reschedule_request)
