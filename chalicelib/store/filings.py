"""Filings in the case's own partition, and the registry's review queue over them.

A filing is one item, ``CASE#<case_no>/FILING#<filing_id>``, holding its statements, documents
and history; its fee is another (``store/fees.py``), and so are the uploads it refers to
(``store/uploads.py``) and the court's due date for a Case for the Defence (below). The case
page, a filing's page and every change to a filing therefore start from one Query.

The review queue is four sparse index entries on filings waiting for the registry, so that every
filter is one Query, oldest first, a page at a time by key:

========================  ===========================================  ============================
filter                    index and partition                          item
========================  ===========================================  ============================
none                      gsi1 ``REVIEW``                              the filing
court                     gsi2 ``REVIEW#COURT#<court>``                the filing
type                      gsi1 ``REVIEW#TYPE#<type>``                  the queue entry
court and type            gsi2 ``REVIEW#COURT#<court>#TYPE#<type>``    the queue entry
========================  ===========================================  ============================

Both sort by ``<queued at, UTC>#<filing_id>`` and page by key (``store/paging.py``). The queue entry
(``CASE#<case_no>/FILING#<filing_id>#QUEUE``) is written and removed in the same transaction as
the filing's status, so the four views always agree.
"""

import json
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, TypeAdapter
from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.base import Base
from ..domain.documents import Upload
from ..domain.errors import Conflict
from ..domain.fees import Fee
from ..domain.filing_lifecycle import FilingKind, FilingStatus
from ..domain.filings import AttachedDocument, CaseFilings, DefenceCaseDue, Filer, Filing, HistoryEntry
from ..domain.cases import Court
from . import cases
from .fees import FeeItem, to_fee
from .keys import (
    DEFENCE_CASE_DUE_SK,
    REVIEW_ALL_PK,
    case_pk,
    filing_sk,
    review_court_pk,
    review_court_type_pk,
    review_entry_sk,
    review_sk,
    review_type_pk,
)
from .paging import KeyPage, query_page
from .table import Entity
from .unit_of_work import UnitOfWork
from .uploads import UploadItem, to_upload

# Built the first time it parses or dumps, like every model (domain/base.py).
_BUILT_ON_FIRST_USE = ConfigDict(defer_build=True)
_HISTORY = TypeAdapter(tuple[HistoryEntry, ...], config=_BUILT_ON_FIRST_USE)
_DOCUMENTS = TypeAdapter(tuple[AttachedDocument, ...], config=_BUILT_ON_FIRST_USE)
_STRINGS = TypeAdapter(dict[str, str], config=_BUILT_ON_FIRST_USE)
_WARNINGS = TypeAdapter(tuple[str, ...], config=_BUILT_ON_FIRST_USE)


class FilingItem(Entity, discriminator="filing"):
    filing_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    kind = UnicodeAttribute()
    type_code = UnicodeAttribute()
    type_label = UnicodeAttribute()
    status = UnicodeAttribute()
    # One more with every step (the length of the history): a step commits only from the
    # revision it was decided on, so two officers cannot both decide the same filing.
    revision = NumberAttribute()
    details = UnicodeAttribute()  # JSON, as the type's schema validated it
    facts = UnicodeAttribute()  # JSON
    warnings = UnicodeAttribute()  # JSON
    documents = UnicodeAttribute()  # JSON
    prepared_by = UnicodeAttribute()  # JSON
    filed_by = UnicodeAttribute(null=True)  # JSON
    on_behalf_of = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    submitted_at = UTCDateTimeAttribute(null=True)
    queued_at = UTCDateTimeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    fee_id = UnicodeAttribute(null=True)
    history = UnicodeAttribute()  # JSON
    request = UnicodeAttribute(null=True)
    fingerprint = UnicodeAttribute(null=True)


class ReviewQueueEntryItem(Entity, discriminator="review_entry"):
    """The filing's place in the by-type views of the queue, with what a queue row shows."""

    filing_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    kind = UnicodeAttribute()
    type_code = UnicodeAttribute()
    type_label = UnicodeAttribute()
    status = UnicodeAttribute()
    queued_at = UTCDateTimeAttribute()
    filed_by = UnicodeAttribute()  # JSON
    on_behalf_of = UnicodeAttribute()


class DefenceCaseDueItem(Entity, discriminator="defence_case_due"):
    due_on = UnicodeAttribute()  # ISO date, a Singapore calendar day
    recorded_at = UTCDateTimeAttribute()
    recorded_by = UnicodeAttribute()


def _json(model_or_value) -> str:
    if isinstance(model_or_value, BaseModel):
        return model_or_value.model_dump_json()
    return json.dumps(model_or_value, sort_keys=True, default=str)


def filing_item(filing: Filing) -> FilingItem:
    waiting = filing.awaits_registry and filing.queued_at is not None
    sort_key = review_sk(filing.queued_at, filing.filing_id) if waiting else None
    return FilingItem(
        case_pk(filing.case_no), filing_sk(filing.filing_id),
        filing_id=filing.filing_id, case_no=filing.case_no, court=filing.court.value, kind=filing.kind.value,
        type_code=filing.type_code, type_label=filing.type_label, status=filing.status.value,
        revision=len(filing.history), details=_json(filing.details), facts=_json(filing.facts),
        warnings=_json(list(filing.warnings)), documents=_DOCUMENTS.dump_json(filing.documents).decode(),
        prepared_by=_json(filing.prepared_by), filed_by=_json(filing.filed_by) if filing.filed_by else None,
        on_behalf_of=filing.on_behalf_of, created_at=filing.created_at, submitted_at=filing.submitted_at,
        queued_at=filing.queued_at, decided_at=filing.decided_at, reason=filing.reason, fee_id=filing.fee_id,
        history=_HISTORY.dump_json(filing.history).decode(), request=filing.request, fingerprint=filing.fingerprint,
        gsi1pk=REVIEW_ALL_PK if waiting else None, gsi1sk=sort_key,
        gsi2pk=review_court_pk(filing.court.value) if waiting else None, gsi2sk=sort_key,
    )


def to_filing(item: FilingItem) -> Filing:
    return Filing(
        filing_id=item.filing_id, case_no=item.case_no, court=Court(item.court), kind=FilingKind(item.kind),
        type_code=item.type_code, type_label=item.type_label, status=FilingStatus(item.status),
        details=json.loads(item.details), facts=_STRINGS.validate_json(item.facts),
        warnings=_WARNINGS.validate_json(item.warnings), documents=_DOCUMENTS.validate_json(item.documents),
        prepared_by=Filer.model_validate_json(item.prepared_by),
        filed_by=Filer.model_validate_json(item.filed_by) if item.filed_by else None,
        on_behalf_of=item.on_behalf_of, created_at=item.created_at, submitted_at=item.submitted_at,
        queued_at=item.queued_at, decided_at=item.decided_at, reason=item.reason, fee_id=item.fee_id,
        history=_HISTORY.validate_json(item.history), request=item.request, fingerprint=item.fingerprint,
    )


def _queue_entry(filing: Filing) -> ReviewQueueEntryItem:
    assert filing.queued_at is not None and filing.filed_by is not None
    sort_key = review_sk(filing.queued_at, filing.filing_id)
    return ReviewQueueEntryItem(
        case_pk(filing.case_no), review_entry_sk(filing.filing_id),
        filing_id=filing.filing_id, case_no=filing.case_no, court=filing.court.value, kind=filing.kind.value,
        type_code=filing.type_code, type_label=filing.type_label, status=filing.status.value,
        queued_at=filing.queued_at, filed_by=_json(filing.filed_by), on_behalf_of=filing.on_behalf_of,
        gsi1pk=review_type_pk(filing.type_code), gsi1sk=sort_key,
        gsi2pk=review_court_type_pk(filing.court.value, filing.type_code), gsi2sk=sort_key,
    )


# --- writes ------------------------------------------------------------------------------------


def create_in(write: UnitOfWork, filing: Filing) -> None:
    write.put(filing_item(filing), FilingItem.pk.does_not_exist(),
              refused=Conflict("A filing with this reference already exists; try again."))


def replace_in(write: UnitOfWork, before: Filing, after: Filing) -> None:
    """Store a step: only from the status and revision it was decided on; the queue entry is put
    while the filing waits for the registry and removed when it stops waiting."""
    noun = "application" if before.kind is FilingKind.APPLICATION else "document"
    write.put(filing_item(after),
              (FilingItem.status == before.status.value) & (FilingItem.revision == len(before.history)),
              refused=Conflict(f"This {noun} was changed by someone else while you were working on it; reload the "
                               "page to see where it stands."))
    if after.awaits_registry:
        write.put(_queue_entry(after))
    elif before.awaits_registry:
        write.delete(ReviewQueueEntryItem(case_pk(before.case_no), review_entry_sk(before.filing_id)))


def record_defence_case_due_in(write: UnitOfWork, case_no: str, due: DefenceCaseDue) -> None:
    write.put(DefenceCaseDueItem(case_pk(case_no), DEFENCE_CASE_DUE_SK, due_on=due.due_on.isoformat(),
                                 recorded_at=due.recorded_at, recorded_by=due.recorded_by))


# --- reads -------------------------------------------------------------------------------------


def read_case(case_no: str) -> CaseFilings | None:
    """The case with its filings, fees, uploads and CCDC due date: one Query of its partition."""
    return case_filings_from(cases.case_partition(case_no))


def case_filings_from(items: list) -> CaseFilings | None:
    """``read_case`` from the partition's items as one Query returned them (payments read the
    same Query for their own items too)."""
    case = cases.case_from_items(items)
    if case is None:
        return None
    filings = tuple(to_filing(i) for i in items if isinstance(i, FilingItem))
    fees: tuple[Fee, ...] = tuple(to_fee(i) for i in items if isinstance(i, FeeItem))
    uploads: tuple[Upload, ...] = tuple(to_upload(i) for i in items if isinstance(i, UploadItem))
    due = next((i for i in items if isinstance(i, DefenceCaseDueItem)), None)
    return CaseFilings(
        case=case, filings=filings, fees=fees, uploads=uploads,
        defence_case_due=DefenceCaseDue(due_on=date.fromisoformat(due.due_on), recorded_at=due.recorded_at,
                                        recorded_by=due.recorded_by) if due else None,
    )


class QueueRow(Base):
    filing_id: str
    case_no: str
    court: Court
    kind: FilingKind
    type_code: str
    type_label: str
    status: FilingStatus
    queued_at: datetime
    filed_by: Filer
    on_behalf_of: str


QUEUE_PAGE = 25
_QUEUE_CURSOR = {"gsi1": frozenset({"pk", "sk", "gsi1sk"}), "gsi2": frozenset({"pk", "sk", "gsi2sk"})}


def review_queue(court: Court | None, type_code: str | None, *, cursor: str | None,
                 size: int = QUEUE_PAGE) -> KeyPage[QueueRow]:
    """One page of filings waiting for the registry, oldest first: one Query on gsi1 or gsi2 from
    the cursor on (``store/paging.py``; a cursor of another list raises ``InvalidCursor``)."""
    if type_code is None:
        model: type[Entity] = FilingItem
        index, index_pk = ((Entity.by_owner, REVIEW_ALL_PK) if court is None
                           else (Entity.by_day, review_court_pk(court.value)))
    else:
        model = ReviewQueueEntryItem
        index, index_pk = ((Entity.by_owner, review_type_pk(type_code)) if court is None
                           else (Entity.by_day, review_court_type_pk(court.value, type_code)))
    by_owner = index is Entity.by_owner
    index_sk = "gsi1sk" if by_owner else "gsi2sk"
    page = query_page(model, index_pk, hash_attribute="gsi1pk" if by_owner else "gsi2pk", index=index,
                      key_of=lambda item: {"pk": item.pk, "sk": item.sk, index_sk: getattr(item, index_sk)},
                      key_names=_QUEUE_CURSOR["gsi1" if by_owner else "gsi2"], cursor=cursor, size=size)
    # Only filings (or only queue entries) carry these sparse keys; the check keeps it so.
    return KeyPage([_row(item) for item in page.items if isinstance(item, model)], page.next_cursor,
                   page.previous_cursor)


def _row(item: FilingItem | ReviewQueueEntryItem) -> QueueRow:
    return QueueRow(filing_id=item.filing_id, case_no=item.case_no, court=Court(item.court), kind=FilingKind(item.kind),
                    type_code=item.type_code, type_label=item.type_label, status=FilingStatus(item.status),
                    queued_at=item.queued_at, filed_by=Filer.model_validate_json(item.filed_by),
                    on_behalf_of=item.on_behalf_of)
