"""The notice union: which change tells what, when a notice still holds, and that every kind reads
back from its JSON form and renders with its own templates. No AWS."""

from datetime import datetime, timedelta, timezone
from typing import get_args

import pytest
from pydantic import ValidationError

from chalicelib.domain.cases import (
    AccusedOnCase,
    CaseFile,
    Court,
    CourtEvent,
    EventStatus,
    EventType,
    Venue,
)
from chalicelib.domain.notices import (
    NOTICE_SCHEMA_VERSION,
    FeeDue,
    FilingAccepted,
    FilingApproved,
    FilingRef,
    FilingRejected,
    FilingReceived,
    Notice,
    NoticeTopic,
    Relation,
    court_date_changed,
    court_date_fixed,
    court_date_notices,
    court_date_reminder,
    court_date_vacated,
    read_notice,
    court_date_moved,
    reschedule_approved,
    reschedule_refused,
    reschedule_requested,
    reschedule_withdrawn,
)
from chalicelib.domain.notices import PaymentAdviceReady, PaymentReceived

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
CASE = "DAC-912345-2026"
VENUE = Venue(building="State Courts Towers", room="Court 4A")
EVENT = CourtEvent(event_id="ev-1", type=EventType.MENTION, starts_at=NOW + timedelta(days=10), venue=VENUE)


def _case(*events: CourtEvent) -> CaseFile:
    return CaseFile(case_no=CASE, court=Court.STATE_COURTS, filed_at=NOW - timedelta(days=30),
                    accused=AccusedOnCase(person_id="p-1", name="Tan Ah Kow", nric_masked="S****373D"),
                    events=events)


def _moved(days: int) -> CourtEvent:
    return EVENT.model_copy(update={"starts_at": EVENT.starts_at + timedelta(days=days)})


FILING = FilingRef(filing_id="APP-7K3Q9M2X", type_label="Request for court records", is_application=True)


def _every_kind() -> list:
    about_filing = {"case_no": CASE, "created_at": NOW, "filing": FILING}
    return [
        court_date_fixed(CASE, EVENT, NOW),
        court_date_changed(CASE, _moved(7), EVENT, NOW),
        court_date_vacated(CASE, EVENT.model_copy(update={"status": EventStatus.VACATED}), NOW),
        court_date_reminder(CASE, EVENT, 3, NOW),
        FilingReceived(notice_id="filing_received:APP-7K3Q9M2X", **about_filing),
        FilingAccepted(notice_id="filing_accepted:APP-7K3Q9M2X", **about_filing),
        FilingRejected(notice_id="filing_rejected:APP-7K3Q9M2X", reason="Unsigned", **about_filing),
        FilingApproved(notice_id="filing_approved:APP-7K3Q9M2X", note="Bail raised", **about_filing),
        FeeDue(notice_id="fee_due:APP-7K3Q9M2X", fee_id="FEE-2R7W4K9P", amount_cents=1500, **about_filing),
        court_date_moved(CASE, _moved(7), EVENT, "the accused", NOW),
        reschedule_requested(CASE, EVENT, "rq-0123456789ab", "counsel on record (Lim Wei Ling)", NOW),
        reschedule_approved(CASE, _moved(7), EVENT, "rq-0123456789ab", False, NOW),
        reschedule_refused(CASE, EVENT, "rq-0123456789ab", "No good reason was given.", NOW),
        reschedule_withdrawn(CASE, EVENT, "rq-0123456789ab", NOW),
        PaymentReceived(notice_id="payment_received:R261125-7K3MQXD2F", receipt_no="R261125-7K3MQXD2F",
                        amount_cents=1500, method_label="Cash at kiosk", paid_at=NOW, **about_filing),
        PaymentAdviceReady(notice_id="payment_advice_ready:ADV7K3MQXD2F", advice_id="ADV7K3MQXD2F",
                           reference="PA-7K3MQ-XD2FA-B9C4D-E5F6G", amount_cents=1500,
                           valid_until=(NOW + timedelta(days=14)).date(), **about_filing),
    ]


def test_the_union_covers_every_kind_and_each_reads_back_from_json():
    kinds = {model.model_fields["kind"].default for model in get_args(get_args(Notice)[0])}
    assert kinds == {notice.kind for notice in _every_kind()}
    for notice in _every_kind():
        assert notice.schema_version == NOTICE_SCHEMA_VERSION
        assert read_notice(notice.model_dump_json()) == notice


@pytest.mark.parametrize("body", [
    '{"kind": "not_a_kind"}',
    '{"kind": "court_date_fixed", "notice_id": "x", "case_no": "DAC-1", "created_at": "2026-11-25T02:00:00Z"}',
    '{"kind": "court_date_fixed", "schema_version": 2}',
])
def test_anything_else_is_refused(body):
    with pytest.raises(ValidationError):
        read_notice(body)


def test_fixing_moving_and_vacating_a_date_tell_what_happened():
    assert [n.kind for n in court_date_notices(CASE, None, EVENT, NOW)] == ["court_date_fixed"]
    assert [n.kind for n in court_date_notices(CASE, EVENT, _moved(7), NOW)] == ["court_date_changed"]
    vacated = EVENT.model_copy(update={"status": EventStatus.VACATED})
    assert [n.kind for n in court_date_notices(CASE, EVENT, vacated, NOW)] == ["court_date_vacated"]
    # Nothing to tell: a change of type only, a date recorded as held, a vacated date fixed as vacated.
    assert court_date_notices(CASE, EVENT, EVENT.model_copy(update={"type": EventType.TRIAL}), NOW) == []
    assert court_date_notices(CASE, EVENT, EVENT.model_copy(update={"status": EventStatus.HELD}), NOW) == []
    assert court_date_notices(CASE, None, vacated, NOW) == []


def test_the_same_change_makes_the_same_notice_id():
    assert court_date_fixed(CASE, EVENT, NOW).notice_id == court_date_fixed(CASE, EVENT, NOW + timedelta(hours=1)).notice_id
    assert court_date_reminder(CASE, EVENT, 3, NOW).notice_id != court_date_reminder(CASE, EVENT, 1, NOW).notice_id


def test_a_notice_about_a_date_that_moved_on_no_longer_holds():
    fixed = court_date_fixed(CASE, EVENT, NOW)
    assert fixed.still_holds(_case(EVENT))
    assert not fixed.still_holds(_case(_moved(7)))
    assert not fixed.still_holds(_case())
    vacated_event = EVENT.model_copy(update={"status": EventStatus.VACATED})
    vacated = court_date_vacated(CASE, vacated_event, NOW)
    assert vacated.still_holds(_case(vacated_event))
    assert not vacated.still_holds(_case(EVENT))


def test_subjects_name_the_case_never_a_person():
    for notice in _every_kind():
        assert notice.subject.endswith(f": {CASE}")
        assert "Tan" not in notice.subject


def test_payment_notices_are_about_the_application_under_filings_and_fees():
    received, advice = [n for n in _every_kind() if isinstance(n, (PaymentReceived, PaymentAdviceReady))]
    for notice in (received, advice):
        assert notice.topic is NoticeTopic.FILINGS and notice.audience == {Relation.ACCUSED, Relation.COUNSEL}
        assert notice.filing == FILING
    assert received.link_path == f"/cases/{CASE}/receipts/R261125-7K3MQXD2F"
    assert advice.link_path == f"/cases/{CASE}/advices/ADV7K3MQXD2F"
    assert "fee" in NoticeTopic.FILINGS.label.lower() and "payment" in NoticeTopic.FILINGS.description


def test_notices_name_bail_only_where_bail_is_recorded_and_say_where_the_court_is():
    from chalicelib.domain.cases import Bail
    from chalicelib.services.delivery import Renderings

    notice = next(iter(_every_kind()))
    without_bail = Renderings(notice, _case(notice.event)).of(Relation.ACCUSED).email_text
    assert "warrant of arrest" in without_bail and "bail" not in without_bail.lower()
    assert "1 Havelock Square, Singapore 059724" in without_bail
    assert notice.event.type.explanation in without_bail
    bailed = _case(notice.event).model_copy(update={"bail": Bail(amount_cents=500_000, bailor_name="Tan Ah Huat")})
    with_bail = Renderings(notice, bailed).of(Relation.ACCUSED).email_html
    assert "the bail may be forfeited" in with_bail


def test_a_request_notice_holds_while_the_request_is_as_it_says():
    from chalicelib.domain.cases import RequestStatus, RescheduleRequest

    def with_request(status: RequestStatus) -> CaseFile:
        request = RescheduleRequest(
            request_id="rq-0123456789ab", case_no=CASE, court=Court.STATE_COURTS, event_id=EVENT.event_id,
            event_type=EVENT.type, original_starts_at=EVENT.starts_at, original_venue=VENUE, reasons="Abroad that week.",
            status=status, made_by_id="p-1", made_by_name="Tan Ah Kow", made_by_role="accused", created_at=NOW)
        return _case(EVENT).model_copy(update={"reschedule_requests": (request,)})

    asked = reschedule_requested(CASE, EVENT, "rq-0123456789ab", "the accused", NOW)
    assert asked.still_holds(with_request(RequestStatus.PENDING))
    assert not asked.still_holds(with_request(RequestStatus.WITHDRAWN))
    withdrawn = reschedule_withdrawn(CASE, EVENT, "rq-0123456789ab", NOW)
    assert withdrawn.still_holds(with_request(RequestStatus.WITHDRAWN))
    refused = reschedule_refused(CASE, EVENT, "rq-0123456789ab", "No reason given.", NOW)
    assert refused.still_holds(_case(EVENT)) and not refused.still_holds(_case(_moved(7)))
