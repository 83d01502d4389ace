"""Sittings, without AWS: their ids name their room and start, they fall on Singapore working days
at their court's hours, a weekly pattern skips public holidays, and which sitting can take an event."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.cases import Court, CourtEvent, EventType, Venue
from chalicelib.domain.errors import NotFound, RuleViolation
from chalicelib.domain.sittings import (
    SLOT_TAKEN,
    Sitting,
    SittingInput,
    WeeklyPattern,
    expand_weekly,
    parse_sitting_id,
    sitting_from_input,
    sitting_id_for,
    slot_refusal,
)

SGT = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=SGT)
NIGHT = {"building": "State Courts Towers", "room": "Night Court 2"}


def night_input(day: date, hour: int = 19, **extra) -> SittingInput:
    return SittingInput.model_validate({"court": "night_courts", "venue": NIGHT, "hears": ["night_court_hearing"],
                                        "seats": 10, "starts_at": datetime(day.year, day.month, day.day, hour,
                                                                           tzinfo=SGT).isoformat(), **extra})


def test_an_id_names_the_room_and_the_start_and_reads_back():
    venue = Venue(building="Youth Courts, Family Justice Courts", room="Youth Court 1")
    starts_at = datetime(2026, 12, 3, 9, 30, tzinfo=SGT)
    sitting_id = sitting_id_for(starts_at, venue)
    assert sitting_id.startswith("20261203T0130Z-")
    assert parse_sitting_id(sitting_id) == (starts_at.astimezone(timezone.utc), venue)
    for bad in ("", "20261203T0130Z", "20261203T0130Z-!!!!", "20261303T0130Z-" + sitting_id.split("-", 1)[1],
                sitting_id + "A"):
        with pytest.raises(NotFound):
            parse_sitting_id(bad)


def test_sittings_fall_on_working_days_at_their_courts_hours():
    assert sitting_from_input(night_input(date(2026, 11, 4)), NOW).court is Court.NIGHT_COURTS
    with pytest.raises(RuleViolation, match="public holiday"):
        sitting_from_input(night_input(date(2026, 11, 9)), NOW)  # Deepavali observed
    with pytest.raises(RuleViolation, match="Saturday"):
        sitting_from_input(night_input(date(2026, 11, 7)), NOW)
    with pytest.raises(RuleViolation, match="Night Courts sit"):
        sitting_from_input(night_input(date(2026, 11, 4), hour=10), NOW)
    with pytest.raises(RuleViolation, match="future"):
        sitting_from_input(night_input(date(2026, 10, 30)), NOW)
    with pytest.raises(RuleViolation, match="only the Night Courts"):
        sitting_from_input(night_input(date(2026, 11, 4), court="state_courts"), NOW)


def test_a_weekly_pattern_skips_holidays_and_past_days():
    pattern = WeeklyPattern.model_validate({
        "court": "night_courts", "venue": NIGHT, "weekdays": [0, 2], "start_time": "19:00",
        "first_day": "2026-11-02", "last_day": "2026-11-18", "hears": ["night_court_hearing"], "seats": 8})
    made, skipped = expand_weekly(pattern, NOW + timedelta(hours=10))  # Monday the 2nd's 7pm has passed
    assert [s.starts_at_local.date() for s in made] == [date(2026, 11, 4), date(2026, 11, 11), date(2026, 11, 16),
                                                        date(2026, 11, 18)]
    assert any("2 Nov" in s and "passed" in s for s in skipped) and any("9 Nov" in s and "public holiday" in s for s in skipped)
    with pytest.raises(ValueError):
        WeeklyPattern.model_validate({**pattern.model_dump(mode="json"), "weekdays": [5]})
    with pytest.raises(ValueError):
        WeeklyPattern.model_validate({**pattern.model_dump(mode="json"), "last_day": "2026-10-01"})
    long = WeeklyPattern.model_validate({**pattern.model_dump(mode="json"), "weekdays": [0, 1, 2, 3, 4],
                                         "last_day": "2027-03-31"})
    with pytest.raises(RuleViolation, match="at most"):
        expand_weekly(long, NOW)


def test_which_sitting_can_take_an_event():
    sitting = Sitting(court=Court.NIGHT_COURTS, venue=Venue(**NIGHT), starts_at=datetime(2026, 11, 4, 19, tzinfo=SGT),
                      hears=frozenset({EventType.NIGHT_COURT_HEARING}), seats=2, taken=1)
    event = CourtEvent(event_id="ev-1", type=EventType.NIGHT_COURT_HEARING, starts_at=NOW + timedelta(days=9),
                       venue=Venue(**NIGHT))
    assert slot_refusal(Court.NIGHT_COURTS, EventType.NIGHT_COURT_HEARING, sitting, event, NOW) is None
    assert slot_refusal(Court.NIGHT_COURTS, EventType.NIGHT_COURT_HEARING, sitting.model_copy(update={"taken": 2}),
                        event, NOW) == SLOT_TAKEN
    assert "State Courts" in slot_refusal(Court.STATE_COURTS, EventType.NIGHT_COURT_HEARING, sitting, event, NOW)
    assert "does not hear" in slot_refusal(Court.NIGHT_COURTS, EventType.MENTION, sitting, event, NOW)
    assert "past" in slot_refusal(Court.NIGHT_COURTS, EventType.NIGHT_COURT_HEARING, sitting, event,
                                  NOW + timedelta(days=5))
    assert "no such sitting" in slot_refusal(Court.NIGHT_COURTS, EventType.NIGHT_COURT_HEARING, None, event, NOW)
    holding = event.model_copy(update={"sitting_id": sitting.sitting_id})
    assert "already have" in slot_refusal(Court.NIGHT_COURTS, EventType.NIGHT_COURT_HEARING, sitting, holding, NOW)
