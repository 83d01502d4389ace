from datetime import datetime, timedelta, timezone

from chalicelib.domain.access import can_view_case
from chalicelib.domain.cases import (
    AccusedOnCase,
    CaseFile,
    CounselOnRecord,
    Court,
    CourtEvent,
    EventStatus,
    EventType,
    Representation,
    Venue,
    court_for_case_number,
)
from chalicelib.domain.principals import Principal, Role

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
VENUE = Venue(building="State Courts Towers", room="Court 4A")


def _event(event_id, days, status=EventStatus.SCHEDULED):
    return CourtEvent(event_id=event_id, type=EventType.MENTION, starts_at=NOW + timedelta(days=days),
                      venue=VENUE, status=status)


def _case(events=(), representations=()):
    return CaseFile(
        case_no="DAC-912345-2026",
        court=Court.STATE_COURTS,
        accused=AccusedOnCase(person_id="p-1", name="Tan Ah Kow", nric_masked="S****373D"),
        filed_at=NOW - timedelta(days=30),
        events=tuple(events),
        representations=tuple(representations),
    )


def test_next_event_is_the_earliest_scheduled_one_still_ahead():
    case = _case([_event("late", 20), _event("past", -3, EventStatus.HELD), _event("soon", 2),
                  _event("gone", 1, EventStatus.VACATED)])
    assert case.next_event(NOW).event_id == "soon"
    assert [e.event_id for e in case.upcoming_events(NOW)] == ["soon", "late"]
    assert [e.event_id for e in case.past_events(NOW)] == ["gone", "past"]


def test_no_next_event_when_nothing_is_scheduled():
    assert _case([_event("past", -3, EventStatus.HELD)]).next_event(NOW) is None


def test_only_the_active_representation_counts():
    counsel = (CounselOnRecord(member_id="m-1", name="Lim Wei Ling"),)
    ended = Representation(firm_uen="201912345K", firm_name="Old LLP", counsel=counsel,
                           since=NOW - timedelta(days=20), ended_at=NOW - timedelta(days=10))
    active = Representation(firm_uen="123456789A", firm_name="Tan & Lim LLP", counsel=counsel,
                            since=NOW - timedelta(days=9))
    assert _case(representations=[ended, active]).representation.firm_name == "Tan & Lim LLP"
    assert _case(representations=[ended]).representation is None


def test_who_may_view_a_case():
    counsel = (CounselOnRecord(member_id="m-1", name="Lim Wei Ling"),)
    case = _case(representations=[Representation(firm_uen="123456789A", firm_name="Tan & Lim LLP",
                                                 counsel=counsel, since=NOW)])
    accused = Principal(role=Role.ACCUSED, subject_id="p-1", display_name="Tan")
    stranger = Principal(role=Role.ACCUSED, subject_id="p-2", display_name="Someone else")
    firm_counsel = Principal(role=Role.COUNSEL, subject_id="m-9", display_name="X", firm_uen="123456789A")
    other_firm = Principal(role=Role.COUNSEL, subject_id="m-1", display_name="X", firm_uen="201912345K")
    registry = Principal(role=Role.REGISTRY, subject_id="r-1", display_name="Officer")
    assert can_view_case(accused, case)
    assert not can_view_case(stranger, case)
    assert can_view_case(firm_counsel, case)
    assert not can_view_case(other_firm, case)
    assert can_view_case(registry, case)
    assert not can_view_case(firm_counsel, _case())


def test_case_numbers_tell_their_court():
    assert court_for_case_number("DAC-912345-2026") is Court.STATE_COURTS
    assert court_for_case_number("SC-901234-2026") is Court.NIGHT_COURTS
    assert court_for_case_number("YAC-000123-2026") is Court.YOUTH_COURTS


def test_a_represented_accused_is_told_who_files_for_them():
    from chalicelib.domain.access import accused_filing_refusal

    counsel = (CounselOnRecord(member_id="m-1", name="Lim Wei Ling"),)
    represented = _case(representations=[Representation(firm_uen="123456789A", firm_name="Tan & Lim LLP",
                                                        counsel=counsel, since=NOW)])
    accused = Principal(role=Role.ACCUSED, subject_id="p-1", display_name="Tan")
    reason = accused_filing_refusal(accused, represented)
    assert "Tan & Lim LLP (Lim Wei Ling) is on record as your lawyer for DAC-912345-2026" in reason
    assert accused_filing_refusal(accused, _case()) is None
    firm_counsel = Principal(role=Role.COUNSEL, subject_id="m-1", display_name="Lim", firm_uen="123456789A")
    assert accused_filing_refusal(firm_counsel, represented) is None
