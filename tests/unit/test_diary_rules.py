"""A diary row's next court date and the order of the diary's keys, without AWS."""

from datetime import datetime, timedelta, timezone

from chalicelib.domain.cases import (
    CounselOnRecord,
    Court,
    CourtEvent,
    DiaryEntry,
    EventStatus,
    EventType,
    Venue,
    diary_dates,
)
from chalicelib.store.keys import diary_order_sk

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)  # 10am in Singapore
COURT_4A = Venue(building="State Courts Towers", room="Court 4A")


def _event(event_id: str, hours: float, status: EventStatus = EventStatus.SCHEDULED) -> CourtEvent:
    return CourtEvent(event_id=event_id, type=EventType.MENTION, starts_at=NOW + timedelta(hours=hours),
                      venue=COURT_4A, status=status)


def test_a_diary_keeps_the_scheduled_dates_still_to_come_soonest_first():
    events = [_event("later", 48), _event("gone", -1), _event("vacated", 5, EventStatus.VACATED), _event("soon", 3)]
    assert [e.event_id for e in diary_dates(events, NOW)] == ["soon", "later"]


def test_a_row_shows_the_first_date_that_has_not_passed_even_before_the_nightly_roll():
    entry = DiaryEntry(case_no="DAC-900001-2026", court=Court.STATE_COURTS, accused_name="Tan",
                       counsel=(CounselOnRecord(member_id="m1", name="Lim"),),
                       coming=(_event("soon", 3), _event("later", 48)))
    assert entry.next_event(NOW).event_id == "soon"
    assert entry.next_event(NOW + timedelta(hours=4)).event_id == "later"
    assert entry.next_event(NOW + timedelta(days=3)) is None


def test_keys_sort_by_next_date_then_case_and_cases_without_a_date_last():
    keys = [diary_order_sk(None, "DAC-900001-2026"), diary_order_sk(NOW + timedelta(days=30), "DAC-900002-2026"),
            diary_order_sk(NOW + timedelta(days=1), "MAC-900003-2026"),
            diary_order_sk((NOW + timedelta(days=1)).astimezone(timezone(timedelta(hours=8))), "DAC-900004-2026")]
    assert [k.split("#")[1] for k in sorted(keys)] == ["DAC-900004-2026", "MAC-900003-2026", "DAC-900002-2026",
                                                       "DAC-900001-2026"]
