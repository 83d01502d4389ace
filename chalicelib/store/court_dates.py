"""Writing court events and requests to change them, inside a case's unit of work; and reading the
registry's queue of pending requests, oldest first, a page at a time by key."""

from __future__ import annotations

import base64
import json
import re

from pynamodb.expressions.condition import Condition

from ..domain.cases import CourtEvent, RequestStatus, RescheduleRequest
from ..domain.errors import Conflict, DomainError
from .case_items import (
    CourtEventItem,
    RescheduleRequestItem,
    reschedule_request_item,
    to_reschedule_request,
)
from .case_write import CaseWrite
from .keys import RESCHEDULE_QUEUE_PK

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
    write.put_event(after, _event_unchanged(before), refused=refused or Conflict(EVENT_CHANGED))


def add_event_in(write: CaseWrite, event: CourtEvent) -> None:
    write.put_event(event, CourtEventItem.pk.does_not_exist())


def new_request_in(write: CaseWrite, request: RescheduleRequest) -> None:
    write.put(reschedule_request_item(request), RescheduleRequestItem.pk.does_not_exist())


def replace_request_in(write: CaseWrite, before: RescheduleRequest, after: RescheduleRequest) -> None:
    """Move a request on (submitted, decided, withdrawn) only from the status it was read in."""
    write.put(reschedule_request_item(after), RescheduleRequestItem.status == before.status.value,
              refused=Conflict(REQUEST_CHANGED))


# --- the registry's queue --------------------------------------------------------------------------

_QUEUE_SK = re.compile(r"^[0-9T:.+-]{20,40}#[A-Z]{2,3}-[0-9]{6}-[0-9]{4}#rq-[0-9a-f]{12}$")


class BadCursor(DomainError):
    code = "bad_request"


def _cursor_of(key: dict | None) -> str | None:
    if not key:
        return None
    parts = [key["gsi1sk"]["S"], key["pk"]["S"], key["sk"]["S"]]
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def _key_of(cursor: str) -> dict:
    try:
        queue_sk, pk, sk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        assert _QUEUE_SK.fullmatch(queue_sk) and pk.startswith("CASE#") and sk.startswith("REQUEST#")
    except Exception as error:  # noqa: BLE001 - anything else is not a cursor this page gave out
        raise BadCursor("the cursor is not one this queue gave out; start again from the first page",
                        field="cursor") from error
    return {"gsi1pk": {"S": RESCHEDULE_QUEUE_PK}, "gsi1sk": {"S": queue_sk}, "pk": {"S": pk}, "sk": {"S": sk}}


def pending_page(page_size: int, cursor: str | None = None) -> tuple[list[RescheduleRequest], str | None]:
    """One page of pending requests, oldest first, and the cursor of the next page (None at the end):
    one Query on gsi1 ``RESCHEDULES#PENDING`` with ``Limit`` and ``ExclusiveStartKey``."""
    results = RescheduleRequestItem.by_owner.query(
        RESCHEDULE_QUEUE_PK, limit=page_size, page_size=page_size,
        last_evaluated_key=_key_of(cursor) if cursor else None,
    )
    requests = [to_reschedule_request(item) for item in results]
    requests = [r for r in requests if r.status is RequestStatus.PENDING]
    return requests, _cursor_of(results.last_evaluated_key)
