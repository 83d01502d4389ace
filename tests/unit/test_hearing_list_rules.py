"""The hearing list's rules without AWS: which events it lists, how a page is grouped by court and
courtroom, the order of its keys, and the time as the list prints it."""

from datetime import datetime, timedelta, timezone

from chalicelib.domain.cases import Court, CourtEvent, EventStatus, EventType, Venue
from chalicelib.domain.hearing_list import Hearing, by_court_and_courtroom
from chalicelib.render import sg_time
from chalicelib.store.case_items import event_item
from chalicelib.store.keys import day_court_prefix, day_event_sk

NINE_THIRTY = datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc)  # 9.30am in Singapore
COURT_4A = Venue(building="State Courts Towers", room="Court 4A")
COURT_26 = Venue(building="State Courts Towers", room="Court 26")
NIGHT_COURT_2 = Venue(building="State Courts Towers", room="Night Court 2")


def _hearing(case_no: str, court: Court, venue: Venue, minutes: int, firm: str | None = None) -> Hearing:
    event = CourtEvent(event_id=f"e-{case_no}", type=EventType.MENTION,
                       starts_at=NINE_THIRTY + timedelta(minutes=minutes), venue=venue)
    return Hearing(case_no=case_no, court=court, accused_name=f"Accused {case_no}", firm_name=firm, event=event)


def test_a_page_is_grouped_by_court_then_courtroom_each_in_time_order():
    hearings = [
        _hearing("DAC-900003-2026", Court.STATE_COURTS, COURT_4A, 60),
        _hearing("SC-000001-2026", Court.NIGHT_COURTS, NIGHT_COURT_2, 570),
        _hearing("DAC-900001-2026", Court.STATE_COURTS, COURT_26, 30),
        _hearing("DAC-900002-2026", Court.STATE_COURTS, COURT_4A, 0),
        _hearing("MAC-900004-2026", Court.STATE_COURTS, COURT_26, 90),
    ]
    lists = by_court_and_courtroom(hearings)
    # Courts in the order the list is stored and paged in (by the court's stored value).
    assert [c.court for c in lists] == [Court.NIGHT_COURTS, Court.STATE_COURTS]
    state = lists[1]
    # The courtroom whose first case starts earliest comes first.
    assert [room.venue for room in state.courtrooms] == [COURT_4A, COURT_26]
    assert [[h.case_no for h in room.hearings] for room in state.courtrooms] == [
        ["DAC-900002-2026", "DAC-900003-2026"], ["DAC-900001-2026", "MAC-900004-2026"]]
    assert state.hearing_count == 4 and lists[0].hearing_count == 1


def test_an_empty_page_has_no_groups():
    assert by_court_and_courtroom([]) == []


def test_counsel_is_on_record_when_the_event_carries_a_firm():
    assert _hearing("DAC-900001-2026", Court.STATE_COURTS, COURT_4A, 0, firm="Tan & Lim LLP").counsel_on_record
    assert not _hearing("DAC-900002-2026", Court.STATE_COURTS, COURT_4A, 0).counsel_on_record


def test_vacated_events_are_off_the_list_and_held_ones_stay():
    event = _hearing("DAC-900001-2026", Court.STATE_COURTS, COURT_4A, 0).event
    assert event.on_hearing_list
    assert event.model_copy(update={"status": EventStatus.HELD}).on_hearing_list
    assert not event.model_copy(update={"status": EventStatus.VACATED}).on_hearing_list


def test_a_vacated_event_is_stored_without_day_keys_and_a_listed_one_with_its_courts():
    event = _hearing("DAC-900001-2026", Court.STATE_COURTS, COURT_4A, 0).event
    listed = event_item("DAC-900001-2026", "person-1", event, court=Court.STATE_COURTS, accused_name="Tan Ah Kow")
    assert listed.gsi2pk == "DAY#2026-12-01"  # the Singapore day
    assert listed.gsi2sk.startswith(day_court_prefix("state_courts"))
    vacated = event_item("DAC-900001-2026", "person-1", event.model_copy(update={"status": EventStatus.VACATED}),
                         court=Court.STATE_COURTS, accused_name="Tan Ah Kow")
    assert vacated.gsi2pk is None and vacated.gsi2sk is None


def test_a_courts_keys_on_a_day_sort_by_start_time_and_stay_inside_its_prefix():
    early = day_event_sk("state_courts", NINE_THIRTY, "MAC-900009-2026", "e2")
    late = day_event_sk("state_courts", NINE_THIRTY + timedelta(hours=5), "DAC-900001-2026", "e1")
    night = day_event_sk("night_courts", NINE_THIRTY + timedelta(hours=10), "SC-000001-2026", "e3")
    assert sorted([late, night, early]) == [night, early, late]
    assert early.startswith("state_courts#") and not night.startswith("state_courts#")
    # No court's prefix is the start of another's.
    prefixes = [day_court_prefix(c.value) for c in Court]
    assert not any(a != b and b.startswith(a) for a in prefixes for b in prefixes)


def test_times_print_in_singapore_time_the_way_the_court_writes_them():
    assert sg_time(NINE_THIRTY) == "9.30am"
    assert sg_time(NINE_THIRTY + timedelta(hours=10)) == "7.30pm"
    assert sg_time(datetime(2026, 12, 1, 4, 0, tzinfo=timezone.utc)) == "12.00pm"
