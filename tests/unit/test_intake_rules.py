from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from chalicelib.domain.cases import Charge, ChargeStatus, Court, CourtEvent, EventStatus, EventType, Venue
from chalicelib.domain.errors import RuleViolation
from chalicelib.domain.intake import (
    ChargeChange,
    CourtEventChange,
    CourtEventInput,
    NewCase,
    apply_charge_change,
    apply_event_change,
    event_from_input,
)

SGT = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)  # 10am Singapore time
CASE_NO = "DAC-912345-2026"


def _case(**overrides):
    data = {
        "case_no": "DAC-912345-2026",
        "court": "state_courts",
        "accused": {"nric": "S8979373D", "name": "Tan Ah Kow"},
        "charges": [{"charge_no": "DAC-912345-2026", "statute": "Penal Code 1871", "section": "379", "offence": "Theft"}],
    }
    data.update(overrides)
    return data


def _event(**overrides) -> CourtEvent:
    data = dict(event_id="ev-1", type=EventType.MENTION, starts_at=NOW + timedelta(days=7),
                venue=Venue(building="State Courts Towers", room="Court 4A"))
    data.update(overrides)
    return CourtEvent(**data)


def test_a_valid_case_parses_and_normalises():
    command = NewCase.model_validate(_case(case_no=" dac-912345-2026 ", accused={"nric": "s8979373d", "name": " Tan ", "mobile": "9123 4567"}))
    assert command.case_no == "DAC-912345-2026"
    assert command.accused.nric == "S8979373D"
    assert command.accused.name == "Tan"
    assert command.accused.mobile == "+6591234567"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"case_no": "DAC-12-2026"}, "case_no"),
        ({"court": "high_court"}, "court"),
        ({"accused": {"nric": "S8979373A", "name": "X"}}, "accused.nric"),
        ({"accused": {"nric": "S8979373D"}}, "accused.name"),
        ({"charges": []}, "charges"),
        ({"surprise": 1}, "surprise"),
        ({"accused": {"nric": "S8979373D", "name": "X", "email": "not-an-email"}}, "accused.email"),
        ({"accused": {"nric": "S8979373D", "name": "X", "mobile": "12"}}, "accused.mobile"),
    ],
)
def test_bad_fields_are_named(overrides, field):
    with pytest.raises(ValidationError) as caught:
        NewCase.model_validate(_case(**overrides))
    fields = {".".join(str(p) for p in e["loc"]) for e in caught.value.errors()}
    assert any(f == field or f.startswith(field + ".") for f in fields), fields


def test_case_number_prefix_must_match_the_court():
    with pytest.raises(ValidationError, match="does not belong to Youth Courts"):
        NewCase.model_validate(_case(court="youth_courts"))
    assert NewCase.model_validate(_case(case_no="YAC-000123-2026", court="youth_courts",
                                        charges=[{"charge_no": "YAC-000123-2026", "statute": "Penal Code 1871",
                                                  "section": "379", "offence": "Theft"}]))


def test_charge_numbers_within_one_intake_are_distinct():
    charge = {"charge_no": "DAC-912345-2026", "statute": "Penal Code 1871", "section": "379", "offence": "Theft"}
    with pytest.raises(ValidationError, match="appears twice"):
        NewCase.model_validate(_case(charges=[charge, charge]))


def test_times_without_an_offset_are_refused():
    with pytest.raises(ValidationError):
        CourtEventInput.model_validate({"type": "mention", "starts_at": "2026-12-01T09:30:00",
                                        "venue": {"building": "State Courts Towers", "room": "Court 4A"}})


def test_event_times_are_stored_in_utc():
    data = CourtEventInput.model_validate({"type": "mention", "starts_at": "2026-12-01T09:30:00+08:00",
                                           "venue": {"building": "State Courts Towers", "room": "Court 4A"}})
    event = event_from_input(Court.STATE_COURTS, data, NOW, case_no=CASE_NO)
    assert event.starts_at == datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc)
    assert event.starts_at.utcoffset() == timedelta(0)


def test_night_court_hearings_only_in_the_evening_and_only_in_night_courts():
    def hearing(hour):
        return CourtEventInput.model_validate({
            "type": "night_court_hearing",
            "starts_at": datetime(2026, 12, 1, hour, 0, tzinfo=SGT).isoformat(),
            "venue": {"building": "State Courts Towers", "room": "Court 26"},
        })

    assert event_from_input(Court.NIGHT_COURTS, hearing(19), NOW, case_no=CASE_NO).type is EventType.NIGHT_COURT_HEARING
    with pytest.raises(RuleViolation, match="Night Courts sit between"):
        event_from_input(Court.NIGHT_COURTS, hearing(9), NOW, case_no=CASE_NO)
    with pytest.raises(RuleViolation, match="only be fixed in a Night Courts case"):
        event_from_input(Court.STATE_COURTS, hearing(19), NOW, case_no=CASE_NO)


def test_scheduled_events_must_be_in_the_future_and_held_ones_in_the_past():
    past = {"type": "mention", "starts_at": (NOW - timedelta(days=1)).isoformat(),
            "venue": {"building": "State Courts Towers", "room": "Court 4A"}}
    with pytest.raises(RuleViolation, match="future"):
        event_from_input(Court.STATE_COURTS, CourtEventInput.model_validate(past), NOW, case_no=CASE_NO)
    held = event_from_input(Court.STATE_COURTS, CourtEventInput.model_validate({**past, "status": "held"}), NOW, case_no=CASE_NO)
    assert held.status is EventStatus.HELD
    future_held = {**past, "starts_at": (NOW + timedelta(days=1)).isoformat(), "status": "held"}
    with pytest.raises(RuleViolation, match="before it starts"):
        event_from_input(Court.STATE_COURTS, CourtEventInput.model_validate(future_held), NOW, case_no=CASE_NO)


def test_moving_a_scheduled_event_applies_the_same_rules():
    moved = apply_event_change(Court.STATE_COURTS, _event(), CourtEventChange(starts_at=NOW + timedelta(days=9)), NOW, case_no=CASE_NO)
    assert moved.starts_at == NOW + timedelta(days=9)
    with pytest.raises(RuleViolation):
        apply_event_change(Court.STATE_COURTS, _event(), CourtEventChange(starts_at=NOW - timedelta(days=1)), NOW, case_no=CASE_NO)


def test_vacated_and_held_events_are_final():
    vacated = apply_event_change(Court.STATE_COURTS, _event(), CourtEventChange(status=EventStatus.VACATED), NOW, case_no=CASE_NO)
    assert vacated.status is EventStatus.VACATED
    with pytest.raises(RuleViolation, match="already vacated"):
        apply_event_change(Court.STATE_COURTS, vacated, CourtEventChange(starts_at=NOW + timedelta(days=3)), NOW, case_no=CASE_NO)


def test_empty_changes_are_refused():
    with pytest.raises(ValidationError, match="at least one"):
        CourtEventChange.model_validate({})
    with pytest.raises(ValidationError, match="at least one"):
        ChargeChange.model_validate({})


def test_a_charge_outcome_is_final():
    charge = Charge(charge_no="DAC-912345-2026", statute="Penal Code 1871", section="379", offence="Theft")
    convicted = apply_charge_change(charge, ChargeChange(status=ChargeStatus.CONVICTED))
    assert convicted.status is ChargeStatus.CONVICTED
    with pytest.raises(RuleViolation, match="cannot change"):
        apply_charge_change(convicted, ChargeChange(status=ChargeStatus.ACQUITTED))
    reworded = apply_charge_change(convicted, ChargeChange(offence="Theft in dwelling"))
    assert reworded.offence == "Theft in dwelling" and reworded.status is ChargeStatus.CONVICTED
