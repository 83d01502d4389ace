"""The filing lifecycle as a table, on its own: every step from every status, who takes it, what it
records and tells, and who may file. No AWS."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.access import accused_filing_refusal
from chalicelib.domain.audit import AuditAction
from chalicelib.domain.cases import AccusedOnCase, CaseFile, CounselOnRecord, Court, Representation
from chalicelib.domain.errors import RuleViolation
from chalicelib.domain.fees import Fee, FeeLine, FeeQuote
from chalicelib.domain.filing_lifecycle import (
    AWAITING_REGISTRY,
    TRANSITIONS,
    FilingKind,
    FilingStatus,
    IllegalTransition,
    Side,
    Step,
    notices_for,
    steps_from,
    transition,
)
from chalicelib.domain.filings import (
    Filer,
    Filing,
    HistoryEntry,
    happened,
    may_see,
    submission_refusal,
    what_happens_next,
    withdrawal_refusal,
)
from chalicelib.domain.firms import PARALEGAL_MAY_NOT_SUBMIT
from chalicelib.domain.principals import Principal, Role

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
APP, DOC = FilingKind.APPLICATION, FilingKind.DOCUMENT
S = FilingStatus

# The lifecycle the portal promises, written out by hand: (kind, from, step) -> to.
EXPECTED = {
    (APP, S.DRAFT, Step.SUBMIT): S.SUBMITTED,
    (APP, S.DRAFT, Step.SUBMIT_WITH_FEE): S.AWAITING_PAYMENT,
    (APP, S.AWAITING_PAYMENT, Step.PAY_FEE): S.PAID,
    (APP, S.AWAITING_PAYMENT, Step.WAIVE_FEE): S.PAID,
    (APP, S.SUBMITTED, Step.START_REVIEW): S.UNDER_REVIEW,
    (APP, S.PAID, Step.START_REVIEW): S.UNDER_REVIEW,
    (APP, S.UNDER_REVIEW, Step.APPROVE): S.APPROVED,
    (APP, S.UNDER_REVIEW, Step.REJECT): S.REJECTED,
    (APP, S.DRAFT, Step.WITHDRAW): S.WITHDRAWN,
    (APP, S.SUBMITTED, Step.WITHDRAW): S.WITHDRAWN,
    (APP, S.AWAITING_PAYMENT, Step.WITHDRAW): S.WITHDRAWN,
    (APP, S.PAID, Step.WITHDRAW): S.WITHDRAWN,
    (DOC, S.DRAFT, Step.SUBMIT): S.SUBMITTED,
    (DOC, S.SUBMITTED, Step.ACCEPT): S.ACCEPTED,
    (DOC, S.SUBMITTED, Step.REJECT): S.REJECTED,
    (DOC, S.DRAFT, Step.WITHDRAW): S.WITHDRAWN,
}


@pytest.mark.parametrize("kind", list(FilingKind))
@pytest.mark.parametrize("status", list(FilingStatus))
@pytest.mark.parametrize("step", list(Step))
def test_every_step_from_every_status_is_allowed_exactly_as_the_lifecycle_says(kind, status, step):
    expected = EXPECTED.get((kind, status, step))
    if expected is None:
        with pytest.raises(IllegalTransition) as refused:
            transition(kind, status, step)
        assert status.label.lower() in refused.value.message
    else:
        assert transition(kind, status, step).target is expected


def test_every_row_is_audited_and_final_statuses_lead_nowhere():
    assert len({(row.kind, row.step) for row in TRANSITIONS}) == len(TRANSITIONS)
    for row in TRANSITIONS:
        assert isinstance(row.audit, AuditAction)
    for status in (S.APPROVED, S.ACCEPTED, S.REJECTED, S.WITHDRAWN):
        for kind in FilingKind:
            assert all(steps_from(kind, status, side) == [] for side in Side)


def test_who_takes_each_step():
    assert steps_from(APP, S.DRAFT, Side.FILER) == [Step.SUBMIT, Step.SUBMIT_WITH_FEE, Step.WITHDRAW]
    assert steps_from(APP, S.AWAITING_PAYMENT, Side.REGISTRY) == [Step.WAIVE_FEE]
    assert steps_from(APP, S.AWAITING_PAYMENT, Side.PAYER) == [Step.PAY_FEE]
    assert steps_from(APP, S.PAID, Side.REGISTRY) == [Step.START_REVIEW]
    assert steps_from(APP, S.UNDER_REVIEW, Side.FILER) == []  # too late to withdraw
    assert steps_from(DOC, S.SUBMITTED, Side.REGISTRY) == [Step.ACCEPT, Step.REJECT]
    assert steps_from(DOC, S.SUBMITTED, Side.FILER) == []


ACCUSED = Principal(role=Role.ACCUSED, subject_id="p-1", display_name="Tan Ah Kow")
COUNSEL = Principal(role=Role.COUNSEL, subject_id="m-1", display_name="Lim Wei Ling", firm_uen="123456789A",
                    firm_name="Tan & Lim LLP")
PARALEGAL = Principal(role=Role.PARALEGAL, subject_id="m-2", display_name="Nur Aisyah", firm_uen="123456789A",
                      firm_name="Tan & Lim LLP")
ADMIN = Principal(role=Role.FIRM_ADMIN, subject_id="m-3", display_name="Wong", firm_uen="123456789A",
                  firm_name="Tan & Lim LLP")
OFFICER = Principal(role=Role.REGISTRY, subject_id="s-1", display_name="Officer Tan")


def _case(represented: bool) -> CaseFile:
    representation = ()
    if represented:
        representation = (Representation(firm_uen="123456789A", firm_name="Tan & Lim LLP", since=NOW,
                                          counsel=(CounselOnRecord(member_id="m-1", name="Lim Wei Ling"),)),)
    return CaseFile(case_no="DAC-912345-2026", court=Court.STATE_COURTS, filed_at=NOW,
                    accused=AccusedOnCase(person_id="p-1", name="Tan Ah Kow", nric_masked="S****373D"),
                    representations=representation)


def _filing(by: Principal, kind: FilingKind = APP, status: FilingStatus = S.DRAFT) -> Filing:
    return Filing(filing_id="APP-7K3Q9M2X", case_no="DAC-912345-2026", court=Court.STATE_COURTS, kind=kind,
                  type_code="court_records", type_label="Request for court records", status=status, details={},
                  prepared_by=Filer.of(by), on_behalf_of="Tan Ah Kow", created_at=NOW,
                  submitted_at=None if status is S.DRAFT else NOW,
                  history=(HistoryEntry(at=NOW, step=None, status=S.DRAFT, by_name=by.display_name,
                                        by_role=by.role.value),))


def test_an_unrepresented_accused_files_for_their_own_case_and_a_represented_one_is_told_why_not():
    assert submission_refusal(ACCUSED, _case(False), _filing(ACCUSED)) is None
    refusal = submission_refusal(ACCUSED, _case(True), _filing(ACCUSED))
    assert refusal == accused_filing_refusal(ACCUSED, _case(True))
    assert "Tan & Lim LLP (Lim Wei Ling) is on record as your lawyer" in refusal


def test_counsel_submit_what_their_firm_prepared_and_paralegals_only_prepare():
    assert submission_refusal(COUNSEL, _case(True), _filing(PARALEGAL)) is None
    assert submission_refusal(PARALEGAL, _case(True), _filing(PARALEGAL)) == PARALEGAL_MAY_NOT_SUBMIT
    assert "administrator" in submission_refusal(ADMIN, _case(True), _filing(PARALEGAL)).lower()
    assert "firm on record" in submission_refusal(COUNSEL, _case(False), _filing(COUNSEL))
    assert "Registry officers" in submission_refusal(OFFICER, _case(True), _filing(COUNSEL))
    # A draft the accused made before the firm came on record is theirs, not the firm's.
    assert submission_refusal(COUNSEL, _case(True), _filing(ACCUSED)) is not None


def test_drafts_are_discarded_and_seen_only_by_the_side_that_made_them():
    draft = _filing(PARALEGAL)
    assert withdrawal_refusal(PARALEGAL, _case(True), draft) is None
    assert withdrawal_refusal(COUNSEL, _case(True), draft) is None
    assert withdrawal_refusal(ADMIN, _case(True), draft) is not None
    assert not may_see(ACCUSED, draft) and not may_see(OFFICER, draft) and may_see(ADMIN, draft)
    submitted = _filing(COUNSEL, status=S.SUBMITTED)
    assert may_see(ACCUSED, submitted) and may_see(OFFICER, submitted)
    assert withdrawal_refusal(PARALEGAL, _case(True), submitted) == PARALEGAL_MAY_NOT_SUBMIT


def test_a_step_records_who_and_when_and_queues_or_unqueues():
    filing, row = _filing(ACCUSED).advance(Step.SUBMIT_WITH_FEE, ACCUSED, "Tan Ah Kow", NOW,
                                           note="Fee due: S$15.00")
    assert (filing.status, filing.submitted_at, filing.filed_by.name) == (S.AWAITING_PAYMENT, NOW, "Tan Ah Kow")
    assert filing.queued_at is None and not filing.awaits_registry
    later = NOW + timedelta(hours=2)
    filing, _ = filing.advance(Step.WAIVE_FEE, OFFICER, "Officer Tan", later, note="Hardship")
    assert filing.status in AWAITING_REGISTRY and filing.queued_at == later
    filing, _ = filing.advance(Step.START_REVIEW, OFFICER, "Officer Tan", later + timedelta(hours=1))
    assert filing.queued_at == later  # still waiting, in its place in the queue
    filing, row = filing.advance(Step.REJECT, OFFICER, "Officer Tan", later + timedelta(hours=2), note="Unsigned")
    assert (filing.status, filing.reason, filing.decided_at) == (S.REJECTED, "Unsigned", later + timedelta(hours=2))
    assert [happened(e) for e in filing.history] == [
        "Draft prepared by Tan Ah Kow.",
        "Submitted to the court by Tan Ah Kow. A fee is due before the registry reviews it.",
        "The registry waived the fee.",
        "A registry officer started reviewing it.",
        "Rejected by the registry.",
    ]
    assert [n.kind for n in notices_for(row, filing, None, NOW)] == ["filing_rejected"]


def test_refusals_and_waivers_need_reasons_and_approvals_may_carry_conditions():
    under_review = _filing(COUNSEL, status=S.UNDER_REVIEW)
    with pytest.raises(RuleViolation):
        under_review.advance(Step.REJECT, OFFICER, "Officer Tan", NOW, note="  ")
    approved, _ = under_review.advance(Step.APPROVE, OFFICER, "Officer Tan", NOW, note="Bail raised to S$20,000")
    assert approved.reason == "Bail raised to S$20,000"
    awaiting = _filing(ACCUSED, status=S.AWAITING_PAYMENT)
    with pytest.raises(RuleViolation):
        awaiting.advance(Step.WAIVE_FEE, OFFICER, "Officer Tan", NOW)


def test_submitting_with_a_fee_tells_of_the_fee_and_the_filing():
    fee = Fee.raised("FEE-2R7W4K9P", "DAC-912345-2026", "APP-7K3Q9M2X",
                     FeeQuote(lines=(FeeLine(description="Judgment", amount_cents=1500),)), NOW)
    filing, row = _filing(ACCUSED).advance(Step.SUBMIT_WITH_FEE, ACCUSED, "Tan Ah Kow", NOW)
    notices = notices_for(row, filing, fee, NOW)
    assert [n.kind for n in notices] == ["filing_received", "fee_due"]
    assert notices[1].amount_cents == 1500 and notices[1].fee_id == "FEE-2R7W4K9P"
    assert "Pay S$15.00 (reference FEE-2R7W4K9P)" in what_happens_next(filing, fee)


def test_a_repeated_step_with_the_same_key_is_recognised():
    filing, _ = _filing(ACCUSED).advance(Step.SUBMIT, ACCUSED, "Tan Ah Kow", NOW, request="abc")
    assert filing.replays(Step.SUBMIT, "abc")
    assert not filing.replays(Step.SUBMIT, "other") and not filing.replays(Step.SUBMIT, None)
