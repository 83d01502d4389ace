"""What the filing routes accept and return: pydantic models built from the register of types.

A request to file is one model per type (``type`` tells them apart, ``details`` is the type's own
schema), so an unknown type, a missing detail or a return date before the departure date is
answered with the field at fault, and the API's contract lists every type without being told.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from ..domain.base import Base
from ..domain.cases import Court
from ..domain.clock import CalendarDay
from ..domain.commands import Command, Paragraphs
from ..domain.documents import Upload
from ..domain.errors import RuleViolation
from ..domain.fees import Fee, FeeQuote
from ..domain.filing_types import FILING_TYPES, FilingType, Note
from ..domain.filings import CaseFilings, DefenceCaseDue, FeeId, Filer, Filing, FilingId, happened, what_happens_next
from ..domain.intake import CaseNumber
from ..services.filings import KEY_PATTERN, KEY_SHAPE, Choice, Draft, Quote
from ..store.filings import QueueRow
from ..store.paging import KeyPage
from .query_fields import Blank

UploadId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]
SlotName = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]


def _request_model(kind: FilingType) -> type[Command]:
    return create_model(
        f"File{''.join(part.capitalize() for part in kind.code.split('_'))}",
        __base__=Command,
        type=(Literal[kind.code], Field(description=kind.label)),
        details=(kind.details, ...),
        documents=(dict[SlotName, UploadId], Field(default_factory=dict,
                                                   description="Verified uploads of this case, by document")),
    )


_REQUESTS = tuple(_request_model(kind) for kind in FILING_TYPES.values())


class FilingRequest(RootModel):
    """What to file: one of the registered types, its details, and the uploads it carries."""

    root: Annotated[Union[_REQUESTS], Field(discriminator="type")]  # type: ignore[valid-type]

    def draft(self) -> Draft:
        request = self.root
        return Draft(type=FILING_TYPES[request.type], details=request.details, documents=dict(request.documents))


_TAG_ERRORS = {"union_tag_invalid", "union_tag_not_found"}


def _unknown_type(code: object) -> RuleViolation:
    return RuleViolation(f"There is no type of filing called {code!r}. The types are: {', '.join(FILING_TYPES)}.",
                         field="type")


def named_by_field(error: ValidationError) -> Exception:
    """A ``FilingRequest``'s errors named by their field (``details.return_date``, ``type``), not by
    pydantic's tag for the union member; an unknown type as a sentence listing the types."""
    problems = []
    for problem in error.errors(include_url=False):
        loc = tuple(problem["loc"])
        if problem["type"] in _TAG_ERRORS:
            return _unknown_type((problem.get("ctx") or {}).get("tag"))
        if loc and loc[0] in FILING_TYPES:
            loc = loc[1:]
        # Rebuilt as its own kind and words, whatever context pydantic's own kind would need.
        problems.append({"type": PydanticCustomError(problem["type"], problem["msg"]), "loc": loc,
                         "input": problem["input"]})
    return ValidationError.from_exception_data(FilingRequest.__name__, problems)


def parse_filing_request(data: dict[str, Any]) -> Draft:
    """A ``FilingRequest`` from a form's fields (strings, so read leniently: ``copies=2``)."""
    code = data.get("type")
    if not isinstance(code, str) or code not in FILING_TYPES:
        raise _unknown_type(code)
    try:
        return FilingRequest.model_validate(data).draft()
    except ValidationError as error:
        raise named_by_field(error) from None


# --- the parts of a request beyond its body -------------------------------------------------------


class CasePath(Base):
    """A case number in a path, checked like any other input: a malformed one is a clear 422."""

    case_no: CaseNumber


class FilingPath(CasePath):
    filing_id: FilingId


class FeePath(CasePath):
    fee_id: FeeId


def _idempotency_key(value: str) -> str:
    if not KEY_PATTERN.fullmatch(value):
        raise ValueError(f"must be {KEY_SHAPE}")
    return value


IdempotencyKey = Annotated[str, AfterValidator(_idempotency_key),
                           WithJsonSchema({"type": "string", "pattern": KEY_PATTERN.pattern})]


class NewFilingHeaders(Base):
    key: IdempotencyKey = Field(alias="Idempotency-Key",
                                description=f"{KEY_SHAPE}: new for each new filing, the same when you retry one "
                                            "(the same key and body give the same filing back)")


class StepHeaders(Base):
    key: IdempotencyKey | None = Field(None, alias="Idempotency-Key",
                                       description="optional: a retry with the same key is answered as the first "
                                                   "attempt was")


# A query string has no null: a filter left blank on the queue's page (``court=``) is no filter.
_OR_BLANK = [{"const": ""}]


class QueueQuery(Base):
    model_config = ConfigDict(extra="forbid")

    court: Blank[Court] = Field(None, description="only this court's filings",
                                json_schema_extra={"anyOf": [{"enum": [c.value for c in Court]}, *_OR_BLANK]})
    type: Blank[Literal[tuple(FILING_TYPES)]] = Field(  # type: ignore[valid-type]
        None, description="only filings of this type",
        json_schema_extra={"anyOf": [{"enum": list(FILING_TYPES)}, *_OR_BLANK]})
    cursor: Blank[str] = Field(None, max_length=2048,
                               description="from `next` or `previous` of a previous answer with the same filters")
    limit: int = Field(25, ge=1, le=100, description="rows a page")


class DecisionRequest(Command):
    decision: Literal["start_review", "approve", "accept", "reject"]
    reason: Note | None = Field(default=None, description="Required to reject; an approval's conditions, if any")


class WaiveRequest(Command):
    reason: Paragraphs


class DefenceCaseDueRequest(Command):
    due_on: CalendarDay = Field(description="The day the court set for the Case for the Defence (Singapore)")


# --- out -----------------------------------------------------------------------------------------


class FeeLineOut(Base):
    description: str
    amount_cents: int


class FeeQuoteOut(Base):
    lines: list[FeeLineOut]
    total_cents: int
    currency: str = "SGD"
    note: str | None

    @classmethod
    def of(cls, quote: FeeQuote) -> "FeeQuoteOut":
        return cls(lines=[FeeLineOut(**line.model_dump()) for line in quote.lines], total_cents=quote.total_cents,
                   note=quote.note)


class FeeOut(Base):
    fee_id: str  # the reference a payer quotes
    amount_cents: int
    currency: str
    status: str
    lines: list[FeeLineOut]
    raised_at: datetime
    settled_at: datetime | None
    settled_by: str | None
    payment_reference: str | None
    waiver_reason: str | None

    @classmethod
    def of(cls, fee: Fee) -> "FeeOut":
        settlement = fee.settlement
        return cls(fee_id=fee.fee_id, amount_cents=fee.amount_cents, currency=fee.currency, status=fee.status.value,
                   lines=[FeeLineOut(**line.model_dump()) for line in fee.lines], raised_at=fee.raised_at,
                   settled_at=settlement.at if settlement else None,
                   settled_by=settlement.by_name if settlement else None,
                   payment_reference=settlement.reference if settlement else None,
                   waiver_reason=settlement.reason if settlement else None)


class FilerOut(Base):
    name: str
    role: str
    firm_name: str | None

    @classmethod
    def of(cls, filer: Filer | None) -> "FilerOut | None":
        return cls(name=filer.name, role=filer.role.value, firm_name=filer.firm_name) if filer else None


class DocumentOut(Base):
    slot: str
    label: str
    upload_id: str
    file_name: str | None
    pages: int | None
    sha256: str | None
    download: str  # the JSON route that gives a short-lived link

    @classmethod
    def of(cls, kind: FilingType | None, slot: str, upload: Upload | None, case_no: str, upload_id: str):
        described = kind.slot(slot) if kind else None
        facts = upload.facts if upload else None
        return cls(slot=slot, label=described.label if described else slot, upload_id=upload_id,
                   file_name=upload.file_name if upload else None, pages=facts.pages if facts else None,
                   sha256=facts.sha256 if facts else None, download=f"/api/cases/{case_no}/documents/{upload_id}")


class TimelineEntryOut(Base):
    at: datetime
    status: str
    text: str
    by: str
    note: str | None


class FilingSummaryOut(Base):
    filing_id: str
    case_no: str
    kind: str
    type: str
    type_label: str
    status: str
    status_label: str
    created_at: datetime
    submitted_at: datetime | None

    @classmethod
    def of(cls, filing: Filing) -> "FilingSummaryOut":
        return cls(filing_id=filing.filing_id, case_no=filing.case_no, kind=filing.kind.value,
                   type=filing.type_code, type_label=filing.type_label, status=filing.status.value,
                   status_label=filing.status.label, created_at=filing.created_at, submitted_at=filing.submitted_at)


class FilingOut(FilingSummaryOut):
    details: dict[str, Any]
    facts: dict[str, str]
    warnings: list[str]
    documents: list[DocumentOut]
    prepared_by: FilerOut
    filed_by: FilerOut | None
    on_behalf_of: str
    decided_at: datetime | None
    reason: str | None
    fee: FeeOut | None
    timeline: list[TimelineEntryOut]
    what_happens_next: str

    @classmethod
    def of(cls, filing: Filing, case_filings: CaseFilings) -> "FilingOut":  # type: ignore[override]
        kind = FILING_TYPES.get(filing.type_code)
        fee = case_filings.fee(filing.fee_id)
        return cls(
            **FilingSummaryOut.of(filing).model_dump(),
            details=filing.details, facts=filing.facts, warnings=list(filing.warnings),
            documents=[DocumentOut.of(kind, d.slot, case_filings.upload(d.upload_id), filing.case_no, d.upload_id)
                       for d in filing.documents],
            prepared_by=FilerOut.of(filing.prepared_by), filed_by=FilerOut.of(filing.filed_by),
            on_behalf_of=filing.on_behalf_of, decided_at=filing.decided_at, reason=filing.reason,
            fee=FeeOut.of(fee) if fee else None,
            timeline=[TimelineEntryOut(at=e.at, status=e.status.value, text=happened(e), by=e.by_name, note=e.note)
                      for e in filing.history],
            what_happens_next=what_happens_next(filing, fee),
        )


class FilingListOut(Base):
    case_no: str
    filings: list[FilingSummaryOut]


class DocumentSlotOut(Base):
    name: str
    label: str
    required: bool


class FilingTypeOut(Base):
    code: str
    kind: str
    label: str
    summary: str
    fee_rule: str
    documents: list[DocumentSlotOut]
    may_file: bool
    refusal: str | None
    details_schema: dict[str, Any]

    @classmethod
    def of(cls, choice: Choice) -> "FilingTypeOut":
        kind = choice.type
        return cls(code=kind.code, kind=kind.kind.value, label=kind.label, summary=kind.summary,
                   fee_rule=kind.fee_rule,
                   documents=[DocumentSlotOut(name=s.name, label=s.label, required=s.required) for s in kind.documents],
                   may_file=choice.refusal is None, refusal=choice.refusal,
                   details_schema=kind.details.model_json_schema())


class FilingTypesOut(Base):
    case_no: str
    types: list[FilingTypeOut]


class QuoteOut(Base):
    type: str
    fee: FeeQuoteOut
    warnings: list[str]
    facts: dict[str, str]

    @classmethod
    def of(cls, code: str, quote: Quote) -> "QuoteOut":
        return cls(type=code, fee=FeeQuoteOut.of(quote.fee), warnings=quote.warnings, facts=quote.facts)


class QueueRowOut(Base):
    filing_id: str
    case_no: str
    court: str
    type: str
    type_label: str
    status: str
    status_label: str
    waiting_since: datetime
    filed_by: str
    on_behalf_of: str

    @classmethod
    def of(cls, row: QueueRow) -> "QueueRowOut":
        return cls(filing_id=row.filing_id, case_no=row.case_no, court=row.court.value, type=row.type_code,
                   type_label=row.type_label, status=row.status.value, status_label=row.status.label,
                   waiting_since=row.queued_at, filed_by=row.filed_by.label, on_behalf_of=row.on_behalf_of)


class QueuePageOut(Base):
    rows: list[QueueRowOut] = Field(description="oldest first, at most one page")
    next: str | None = Field(description="cursor of the next page (pass as `cursor`); null on the last page")
    previous: str | None = Field(description="cursor of the previous page; null on the first page")

    @classmethod
    def of(cls, page: KeyPage[QueueRow]) -> "QueuePageOut":
        return cls(rows=[QueueRowOut.of(r) for r in page.items], next=page.next_cursor,
                   previous=page.previous_cursor)


class DefenceCaseDueOut(Base):
    case_no: str
    due_on: date
    recorded_at: datetime
    recorded_by: str

    @classmethod
    def of(cls, case_no: str, due: DefenceCaseDue) -> "DefenceCaseDueOut":
        return cls(case_no=case_no, due_on=due.due_on, recorded_at=due.recorded_at, recorded_by=due.recorded_by)
