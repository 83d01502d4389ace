"""Plain language around court dates: how far away a date is, what each hearing is, where it is."""

from datetime import datetime, timezone

from chalicelib.domain.cases import EventType, Venue
from chalicelib.render import days_away

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)  # Tue 1 Dec 2026, 10.00am in Singapore


def test_days_away_counts_singapore_calendar_days():
    assert days_away(datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc), NOW) == "today"  # 7pm the same day
    assert days_away(datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc), NOW) == "tomorrow"  # 1am on the 2nd
    assert days_away(datetime(2026, 12, 4, 1, 30, tzinfo=timezone.utc), NOW) == "in 3 days"
    assert days_away(datetime(2026, 12, 14, 1, 30, tzinfo=timezone.utc), NOW) == "in 13 days"
    assert days_away(datetime(2026, 12, 31, 1, 30, tzinfo=timezone.utc), NOW) == "in 4 weeks"
    assert days_away(datetime(2026, 11, 30, 1, 30, tzinfo=timezone.utc), NOW) == ""


def test_every_kind_of_hearing_is_explained_in_one_sentence():
    for kind in EventType:
        sentence = kind.explanation
        assert sentence.endswith(".") and sentence.count(". ") == 0 and len(sentence) < 160, kind


def test_court_buildings_have_their_street_addresses():
    assert Venue(building="State Courts Towers", room="Court 4A").address == "1 Havelock Square, Singapore 059724"
    youth = Venue(building="Youth Courts, Family Justice Courts", room="Youth Court 1").address
    assert youth == "Family Justice Courts, 3 Havelock Square, Singapore 059725"
    assert Venue(building="Somewhere else", room="Room 1").address is None
