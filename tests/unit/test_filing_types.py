"""The register of filing types and the fees the CPC (Prescribed Fees) Regulations 2013 set. No AWS."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from chalicelib.domain.cases import (
    AccusedOnCase,
    Bail,
    CaseFile,
    CaseStatus,
    Charge,
    ChargeStatus,
    Court,
    CourtEvent,
    EventType,
    Venue,
)
from chalicelib.domain.errors import Conflict, NotFound, RuleViolation
from chalicelib.domain.fees import (
    Fee,
    FeeStatus,
    Settlement,
    appeal_record_fee,
    record_copy_fee,
)
from chalicelib.domain.filing_types import (
    FILING_TYPES,
    CourtRecordsRequest,
    LeaveJurisdiction,
    RecordKind,
    court_records_fee,
    filing_type,
)
from chalicelib.domain.filing_lifecycle import FilingKind
from chalicelib.domain.filings import DefenceCaseDue, FilingContext
from chalicelib.render import TEMPLATES_DIR

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)  # 10am in Singapore
TODAY = date(2026, 11, 25)
MENTION = CourtEvent(event_id="ev-1", type=EventType.MENTION, starts_at=datetime(2026, 12, 10, 1, 30, tzinfo=timezone.utc),
                     venue=Venue(building="State Courts Towers", room="Court 4A"))


def _context(*, bail: bool = False, charge: ChargeStatus = ChargeStatus.PENDING, due: date | None = None,
             status: CaseStatus = CaseStatus.OPEN) -> FilingContext:
    case = CaseFile(case_no="DAC-912345-2026", court=Court.STATE_COURTS, filed_at=NOW, status=status,
                    accused=AccusedOnCase(person_id="p-1", name="Tan Ah Kow", nric_masked="S****373D"),
                    charges=(Charge(charge_no="DAC-912345-2026", statute="Penal Code 1871", section="379",
                                    offence="Theft", status=charge),),
                    events=(MENTION,),
                    bail=Bail(amount_cents=10_000_00, bailor_name="Lee Ah Huat") if bail else None)
    direction = DefenceCaseDue(due_on=due, recorded_at=NOW, recorded_by="Officer Tan") if due else None
    return FilingContext(case=case, defence_case_due=direction, now=NOW)


def test_every_type_is_complete_and_has_its_form_template():
    assert {t.kind for t in FILING_TYPES.values()} == set(FilingKind)
    for code, kind in FILING_TYPES.items():
        assert kind.code == code and kind.label and kind.summary and kind.fee_rule
        assert (TEMPLATES_DIR / kind.template).is_file(), kind.template
        if kind.kind is FilingKind.DOCUMENT:
            assert [s.name for s in kind.documents if s.required] == ["document"], code
    with pytest.raises(NotFound):
        filing_type("leave_to_fly")


# --- fees ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("pages,copies,cents", [
    (None, 1, 1500),  # pages unknown: the total minimum for the type
    (1, 1, 1500),  # S$5 + S$0.50 is below the minimum
    (20, 1, 1500),  # S$5 + S$10: exactly the minimum
    (21, 1, 1550),
    (40, 1, 2500),
    (20, 3, 3500),  # every page of every copy: S$5 + 60 x S$0.50
])
def test_a_copy_of_a_record_costs_5_dollars_and_50_cents_a_page_at_least_15(pages, copies, cents):
    assert record_copy_fee(pages, copies) == cents


@pytest.mark.parametrize("pages,copies,cents", [
    (None, 1, 5000), (None, 3, 7000), (10, 2, 6000), (30, 2, 6500),
])
def test_the_record_for_an_appeal_costs_50_dollars_and_each_further_copy_at_least_10(pages, copies, cents):
    assert appeal_record_fee(pages, copies) == cents


def test_a_request_for_records_is_priced_per_kind_of_record_in_integer_cents():
    request = CourtRecordsRequest(records=["sentence", "judgment", "appeal_record"], copies=2, purpose="Appeal")
    assert request.records == [RecordKind.JUDGMENT, RecordKind.SENTENCE, RecordKind.APPEAL_RECORD]
    quote = court_records_fee(request)
    assert [line.amount_cents for line in quote.lines] == [1500, 1500, 6000]
    assert quote.total_cents == 9000 and all(isinstance(line.amount_cents, int) for line in quote.lines)
    assert "balance" in quote.note
    exact = court_records_fee(request, pages={RecordKind.JUDGMENT: 30, RecordKind.APPEAL_RECORD: 40})
    assert [line.amount_cents for line in exact.lines] == [3500, 1500, 7000] and exact.note is None


def test_a_fee_is_settled_once_by_the_right_amount_or_a_waiver_with_reasons():
    fee = Fee.raised("FEE-2R7W4K9P", "DAC-912345-2026", "APP-7K3Q9M2X",
                     court_records_fee(CourtRecordsRequest(records=["judgment"], purpose="x")), NOW)
    assert fee.amount_cents == 1500 and fee.status is FeeStatus.DUE
    with pytest.raises(RuleViolation):
        fee.settled(Settlement.payment(1000, NOW, "Tan Ah Kow", "pi_123"))
    paid = fee.settled(Settlement.payment(1500, NOW, "Tan Ah Kow", "pi_123"))
    assert paid.status is FeeStatus.PAID and paid.settlement.reference == "pi_123"
    with pytest.raises(Conflict):
        paid.settled(Settlement.waiver("Hardship", NOW, "Officer Tan"))
    with pytest.raises(RuleViolation):
        Settlement.waiver("   ", NOW, "Officer Tan")
    assert fee.settled(Settlement.waiver("Hardship", NOW, "Officer Tan")).status is FeeStatus.WAIVED
    assert fee.cancelled().status is FeeStatus.CANCELLED and paid.cancelled() is paid


# --- eligibility, checks, facts and warnings -------------------------------------------------------


def test_who_may_have_which_type_depends_on_the_case():
    def refusals(context):
        return {code: kind.eligibility(context) is None for code, kind in FILING_TYPES.items()}

    assert refusals(_context()) == {"court_records": True, "leave_jurisdiction": False, "mitigation_plea": False,
                                    "case_for_the_defence": False, "written_submissions": True,
                                    "other_document": True}
    assert refusals(_context(bail=True))["leave_jurisdiction"]
    # A conviction closes the case's last charge but the court still sentences: a plea is filed then.
    convicted = _context(charge=ChargeStatus.CONVICTED, status=CaseStatus.CLOSED)
    assert refusals(convicted)["mitigation_plea"] and refusals(convicted)["written_submissions"]
    assert refusals(_context(due=TODAY + timedelta(days=14)))["case_for_the_defence"]
    acquitted = refusals(_context(charge=ChargeStatus.ACQUITTED, status=CaseStatus.CLOSED))
    assert acquitted == {"court_records": True, "leave_jurisdiction": False, "mitigation_plea": False,
                         "case_for_the_defence": False, "written_submissions": False, "other_document": False}


def _trip(depart: date, back: date) -> LeaveJurisdiction:
    return LeaveJurisdiction(destination="Kuala Lumpur", departure_date=depart, return_date=back, purpose="Wedding",
                             bailor_name="Lee Ah Huat", bailor_consents=True)


def test_a_trip_over_the_next_court_date_is_warned_of_and_the_date_is_stated():
    kind, context = FILING_TYPES["leave_jurisdiction"], _context(bail=True)
    over = kind.warnings(_trip(date(2026, 12, 9), date(2026, 12, 12)), context)
    assert len(over) == 1 and "Thu, 10 Dec 2026, 9.30am at State Courts Towers, Court 4A" in over[0]
    assert kind.warnings(_trip(date(2026, 12, 11), date(2026, 12, 12)), context) == []
    assert kind.warnings(_trip(date(2026, 12, 10), date(2026, 12, 10)), context) != []  # a day trip on the day
    assert kind.facts(_trip(date(2026, 12, 11), date(2026, 12, 12)), context) == {
        "Next court date": "Thu, 10 Dec 2026, 9.30am, State Courts Towers, Court 4A (Mention)"}
    assert kind.prefill(context) == {"bailor_name": "Lee Ah Huat"}


def test_trip_dates_must_make_sense():
    with pytest.raises(ValidationError, match="on or after the departure date"):
        _trip(date(2026, 12, 9), date(2026, 12, 1))
    kind, context = FILING_TYPES["leave_jurisdiction"], _context(bail=True)
    with pytest.raises(RuleViolation, match="departure date has passed"):
        kind.check(_trip(TODAY - timedelta(days=1), TODAY), context)
    with pytest.raises(RuleViolation, match="at most 365 days"):
        kind.check(_trip(TODAY + timedelta(days=400), TODAY + timedelta(days=401)), context)
    kind.check(_trip(TODAY, TODAY), context)


def test_a_late_case_for_the_defence_is_warned_of():
    kind = FILING_TYPES["case_for_the_defence"]
    details = kind.details(note="")
    on_time = _context(due=TODAY)
    assert kind.warnings(details, on_time) == [] and kind.facts(details, on_time) == {
        "Due date set by the court": "Wed, 25 Nov 2026"}
    late = _context(due=TODAY - timedelta(days=1))
    assert "was due on Tue, 24 Nov 2026" in kind.warnings(details, late)[0]
