"""Property tests for the domain rules: identifiers, text, time windows, cursors."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from chalicelib.domain.cases import Court, CourtEvent, EventStatus, EventType, Venue
from chalicelib.domain.clock import (
    EARLIEST_DAY,
    LATEST_DAY,
    CalendarDay,
    Instant,
    as_utc,
    checked_instant,
    day_after,
    day_before,
    singapore_date,
)
from chalicelib.domain.commands import REFUSED_CATEGORIES, plain_paragraphs, plain_text
from chalicelib.domain.filings import FEE_ID_PATTERN, FILING_ID_PATTERN, FeeId, FilingId, new_reference
from chalicelib.domain.errors import RuleViolation
from chalicelib.domain.identity import mask_nric, nric_check_letter, normalise_nric
from chalicelib.domain.intake import MAX_SCHEDULE_AHEAD, CaseNumber, EventId, check_event_rules, new_event_id
from chalicelib.domain.reschedule import RequestId, new_request_id
from chalicelib.domain.sittings import SittingId, parse_sitting_id, sitting_id_for
from chalicelib.store.paging import InvalidCursor, decode_cursor, encode_cursor

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ASCII_DIGITS = st.text(alphabet="0123456789", min_size=7, max_size=7)
# Decimal digits that are not ASCII: fullwidth, Arabic-Indic, Devanagari, ...
OTHER_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: not "0" <= c <= "9")
OFFSETS = st.integers(min_value=-14 * 60 + 1, max_value=14 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))


@PROPERTY
@given(prefix=st.sampled_from("STFGM"), digits=ASCII_DIGITS)
def test_an_nric_with_its_check_letter_is_valid_and_no_other_letter_is(prefix, digits):
    letter = nric_check_letter(prefix, digits)
    assert normalise_nric(f"  {prefix}{digits}{letter}  ".lower()) == f"{prefix}{digits}{letter}"
    assert mask_nric(f"{prefix}{digits}{letter}").endswith(digits[-3:] + letter)
    for other in "ABCDEFGHIJKLMNOPQRSTUVWXYZ".replace(letter, ""):
        with pytest.raises(ValueError):
            normalise_nric(f"{prefix}{digits}{other}")


@PROPERTY
@given(prefix=st.sampled_from("STFGM"), digits=ASCII_DIGITS, position=st.integers(0, 6), digit=OTHER_DIGITS)
def test_an_nric_with_any_non_ascii_digit_is_refused(prefix, digits, position, digit):
    assert unicodedata.digit(digit) in range(10)
    swapped = digits[:position] + digit + digits[position + 1:]
    letter = nric_check_letter(prefix, digits)
    with pytest.raises(ValueError):
        normalise_nric(f"{prefix}{swapped}{letter}")


CASE_NUMBERS = TypeAdapter(CaseNumber)


@PROPERTY
@given(prefix=st.sampled_from(["DAC", "MAC", "SC", "YAC"]), serial=st.text("0123456789", min_size=6, max_size=6),
       year=st.integers(1990, 2099), position=st.integers(0, 5), digit=OTHER_DIGITS)
def test_case_numbers_are_ascii_and_any_other_digit_is_refused(prefix, serial, year, position, digit):
    number = f"{prefix}-{serial}-{year}"
    assert CASE_NUMBERS.validate_python(f" {number.lower()} ") == number
    with pytest.raises(ValidationError):
        CASE_NUMBERS.validate_python(f"{prefix}-{serial[:position]}{digit}{serial[position + 1:]}-{year}")


@PROPERTY
@given(st.text(max_size=60))
def test_plain_text_is_nfc_without_refused_characters_and_stable(text):
    try:
        cleaned = plain_text(text)
    except ValueError:
        return
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(c) in REFUSED_CATEGORIES for c in cleaned)
    assert plain_text(cleaned) == cleaned


@PROPERTY
@given(st.sampled_from(["\u202e", "\u200b", "\x00", "\r", "\n", "\u2028", "\ufeff", "\u2066"]), st.text(max_size=20))
def test_control_and_bidirectional_characters_are_refused_wherever_they_are(bad, text):
    with pytest.raises(ValueError):
        plain_text(text + bad + text)


@PROPERTY
@given(st.lists(st.text(max_size=30), max_size=5), st.sampled_from(["\n", "\r\n", "\r"]))
def test_paragraphs_are_plain_lines_joined_by_newlines_and_stable(lines, newline):
    try:
        cleaned = plain_paragraphs(newline.join(lines))
    except ValueError:
        return
    assert "\r" not in cleaned and plain_paragraphs(cleaned) == cleaned
    assert all(plain_text(line) == line for line in cleaned.split("\n"))


@PROPERTY
@given(st.sampled_from(["\u202e", "\u200b", "\x00", "\t", "\u2028", "\ufeff"]), st.text(max_size=20))
def test_paragraphs_refuse_what_a_line_refuses(bad, text):
    with pytest.raises(ValueError):
        plain_paragraphs(text + "\n" + bad + text)


FILING_IDS = TypeAdapter(FilingId)
FEE_IDS = TypeAdapter(FeeId)


@PROPERTY
@given(st.sampled_from(["APP", "DOC", "FEE"]), st.integers(min_value=0, max_value=7), OTHER_DIGITS)
def test_references_are_made_to_their_pattern_and_any_other_digit_is_refused(prefix, position, digit):
    made = new_reference(prefix)
    adapter, pattern = (FEE_IDS, FEE_ID_PATTERN) if prefix == "FEE" else (FILING_IDS, FILING_ID_PATTERN)
    assert adapter.validate_python(made.lower()) == made and pattern.startswith("^")
    body = made[4:]
    with pytest.raises(ValidationError):
        adapter.validate_python(f"{prefix}-{body[:position]}{digit}{body[position + 1:]}")


EVENT_IDS = TypeAdapter(EventId)
REQUEST_IDS = TypeAdapter(RequestId)
SITTING_IDS = TypeAdapter(SittingId)


@PROPERTY
@given(st.sampled_from(["event", "request"]), st.integers(min_value=0, max_value=11), OTHER_DIGITS)
def test_event_and_request_ids_are_made_to_their_pattern_and_any_other_digit_is_refused(kind, position, digit):
    made, adapter = (new_event_id(), EVENT_IDS) if kind == "event" else (new_request_id(), REQUEST_IDS)
    assert adapter.validate_python(made) == made
    body = made[3:]
    with pytest.raises(ValidationError):
        adapter.validate_python(f"{made[:3]}{body[:position]}{digit}{body[position + 1:]}")


@PROPERTY
@given(starts_at=st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30),
                              timezones=st.just(timezone.utc)).map(lambda t: t.replace(second=0, microsecond=0)),
       building=st.text(min_size=1, max_size=60), room=st.text(min_size=1, max_size=30), digit=OTHER_DIGITS)
def test_sitting_ids_name_their_room_and_start_in_ascii_and_nothing_else(starts_at, building, room, digit):
    try:
        venue = Venue(building=plain_text(building.strip()), room=plain_text(room.strip()))
    except ValueError:
        return  # not a room anyone can create
    if not (venue.building and venue.room) or not (venue.building + venue.room).isprintable() \
            or "\n" in venue.building + venue.room:
        return  # a venue's building and room are each required, on one line
    made = sitting_id_for(starts_at, venue)
    assert made.isascii() and SITTING_IDS.validate_python(made) == made
    assert parse_sitting_id(made) == (starts_at, venue)
    with pytest.raises(ValidationError):
        SITTING_IDS.validate_python(digit + made[1:])


INSTANTS = TypeAdapter(Instant)
DAYS = TypeAdapter(CalendarDay)


@PROPERTY
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=OFFSETS))
def test_any_instant_is_refused_or_converts_without_overflow(instant):
    try:
        accepted = INSTANTS.validate_python(instant.isoformat())
    except ValidationError:
        assert not EARLIEST_DAY <= instant.date() <= LATEST_DAY or not (
            EARLIEST_DAY <= instant.astimezone(timezone.utc).date() <= LATEST_DAY)
        return
    assert accepted == instant
    singapore_date(as_utc(accepted))
    checked_instant(accepted)


@PROPERTY
@given(st.dates())
def test_any_accepted_day_has_a_day_before_and_after_or_none(day):
    try:
        accepted = DAYS.validate_python(day.isoformat())
    except ValidationError:
        assert not EARLIEST_DAY <= day <= LATEST_DAY
        return
    before, after = day_before(accepted), day_after(accepted)
    assert before is None or before == accepted - timedelta(days=1)
    assert after is None or after == accepted + timedelta(days=1)


@PROPERTY
@given(st.one_of(st.integers(), st.text("0123456789", min_size=1, max_size=12)))
def test_numbers_are_never_read_as_timestamps(value):
    with pytest.raises(ValidationError):
        INSTANTS.validate_python(value)
    with pytest.raises(ValidationError):
        DAYS.validate_python(value)


NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)


@PROPERTY
@given(starts_at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1),
                              timezones=st.just(timezone.utc)),
       status=st.sampled_from([EventStatus.SCHEDULED, EventStatus.HELD]), year=st.integers(2020, 2026))
def test_court_dates_pass_only_inside_their_window(starts_at, status, year):
    event = CourtEvent(event_id="ev-1", type=EventType.MENTION, starts_at=starts_at,
                       venue=Venue(building="State Courts Towers", room="4A"), status=status)
    try:
        check_event_rules(Court.STATE_COURTS, event, NOW, case_no=f"DAC-912345-{year}")
    except RuleViolation:
        return
    assert singapore_date(starts_at).year >= year
    assert starts_at <= NOW + MAX_SCHEDULE_AHEAD
    assert (starts_at > NOW) if status is EventStatus.SCHEDULED else (starts_at <= NOW)


KEY_TEXT = st.text(min_size=1, max_size=40)


@PROPERTY
@given(direction=st.sampled_from(["next", "previous"]), sk=KEY_TEXT)
def test_cursors_round_trip(direction, sk):
    assert decode_cursor(encode_cursor(direction, {"sk": sk}), frozenset({"sk"})) == (direction, {"sk": sk})


@PROPERTY
@given(st.text(max_size=80))
def test_any_other_text_is_an_invalid_cursor_and_nothing_worse(text):
    try:
        decode_cursor(text, frozenset({"sk"}))
    except InvalidCursor:
        pass


def test_the_window_ends_are_where_the_docs_say():
    assert (EARLIEST_DAY, LATEST_DAY) == (date(1900, 1, 1), date(2199, 12, 31))
