"""The rules for changing a court date, as data, decided without AWS: who may ask, what each type
of event allows, the notice in Singapore working days, the limit, and the window of new dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.cases import (
    AccusedOnCase,
    CaseFile,
    ChangeMade,
    CounselOnRecord,
    Court,
    CourtEvent,
    DateChange,
    EventStatus,
    EventType,
    Representation,
    Venue,
)
from chalicelib.domain.principals import Principal, Role
from chalicelib.domain.reschedule import (
    DEFAULT_RULES,
    Asker,
    RequestInput,
    Way,
    assess,
    asker,
    decided_type,
    new_date_refusal,
    rules_with,
)
from chalicelib.domain.working_days import add_working_days, is_working_day, working_days_between

SGT = timezone(timedelta(hours=8))
# Monday 2 November 2026, 10am in Singapore; Deepavali is observed on Monday 9 November 2026.
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=SGT).astimezone(timezone.utc)
VENUE = Venue(building="State Courts Towers", room="Night Court 2")
ACCUSED = Principal(role=Role.ACCUSED, subject_id="p-1", display_name="Lee Ah Beng")
COUNSEL = Principal(role=Role.COUNSEL, subject_id="m-1", display_name="Lim Wei Ling", firm_uen="123456789A",
                    firm_name="Tan & Lim LLP")
PARALEGAL = COUNSEL.model_copy(update={"role": Role.PARALEGAL, "subject_id": "m-2"})
OTHER_COUNSEL = COUNSEL.model_copy(update={"subject_id": "m-3"})
FIRM = Representation(firm_uen="123456789A", firm_name="Tan & Lim LLP",
                      counsel=(CounselOnRecord(member_id="m-1", name="Lim Wei Ling"),), since=NOW - timedelta(days=9))


def event(kind: EventType = EventType.NIGHT_COURT_HEARING, day: date = date(2026, 11, 20), **extra) -> CourtEvent:
    return CourtEvent(event_id="ev-1", type=kind, starts_at=datetime(day.year, day.month, day.day, 19, tzinfo=SGT),
                      venue=VENUE, **extra)


def case(*events: CourtEvent, represented: bool = False) -> CaseFile:
    return CaseFile(case_no="SC-001245-2026", court=Court.NIGHT_COURTS, filed_at=NOW - timedelta(days=30),
                    accused=AccusedOnCase(person_id="p-1", name="Lee Ah Beng", nric_masked="S****474F"),
                    events=events, representations=(FIRM,) if represented else ())


def moved_online() -> DateChange:
    return DateChange(previous_starts_at=NOW, previous_venue=VENUE, changed_at=NOW, made=ChangeMade.MOVED_ONLINE)


def test_working_days_skip_weekends_and_singapore_public_holidays():
    assert not is_working_day(date(2026, 11, 7))  # Saturday
    assert not is_working_day(date(2026, 11, 9))  # Deepavali observed
    assert not is_working_day(date(2026, 8, 10))  # National Day observed
    assert is_working_day(date(2026, 11, 10))
    # Tue 3 .. Fri 6 are working days; the 9th is a holiday: between Mon 2 and Tue 10 there are 4.
    assert working_days_between(date(2026, 11, 2), date(2026, 11, 10)) == 4
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 10)


def test_who_may_ask():
    assert asker(ACCUSED, case()) is Asker.SUBMITS
    assert "Tan & Lim LLP" in asker(ACCUSED, case(represented=True))
    assert asker(COUNSEL, case(represented=True)) is Asker.SUBMITS
    assert asker(PARALEGAL, case(represented=True)) is Asker.PREPARES
    assert "on record" in asker(OTHER_COUNSEL, case(represented=True))
    registry = Principal(role=Role.REGISTRY, subject_id="s-1", display_name="Officer")
    assert "registry" in asker(registry, case()).lower()


def test_a_first_change_of_a_night_court_hearing_asked_early_is_instant_within_the_window():
    found = assess(ACCUSED, case(event()), event(), NOW)
    assert found.way is Way.INSTANT
    assert found.earliest == date(2026, 11, 4)  # two working days from Monday
    assert found.latest == date(2026, 11, 20) + timedelta(days=28)
    assert new_date_refusal(found, datetime(2026, 11, 3, 19, tzinfo=SGT)) is not None
    assert new_date_refusal(found, datetime(2026, 11, 4, 19, tzinfo=SGT)) is None
    assert "too far" in new_date_refusal(found, datetime(2026, 12, 30, 19, tzinfo=SGT))


@pytest.mark.parametrize("kind", [EventType.MENTION, EventType.PRE_TRIAL_CONFERENCE, EventType.NIGHT_COURT_HEARING])
def test_the_low_risk_types_are_instant_once_then_go_to_a_judge(kind):
    first = event(kind)
    assert assess(ACCUSED, case(first), first, NOW).way is Way.INSTANT
    second = event(kind, history=(moved_online(),))
    found = assess(ACCUSED, case(second), second, NOW)
    assert found.way is Way.REQUEST and "judge" in found.reason


def test_a_trial_always_goes_to_a_judge_and_a_vacated_trial_goes_to_a_ptc():
    trial = event(EventType.TRIAL, day=date(2026, 12, 15))
    found = assess(COUNSEL, case(trial, represented=True), trial, NOW)
    assert found.way is Way.REQUEST and "pre-trial conference" in found.reason
    assert decided_type(trial) is EventType.PRE_TRIAL_CONFERENCE
    # Even an override cannot make a trial instant.
    assert rules_with({"trial": {"instant_changes": 3}})[EventType.TRIAL].instant_changes == 0


def test_too_late_counts_working_days_not_calendar_days():
    # Tue 10 Nov: between Mon 2 and Tue 10 there are 4 working days (the 9th is a holiday).
    assert assess(ACCUSED, case(event(day=date(2026, 11, 10))), event(day=date(2026, 11, 10)), NOW).way is Way.INSTANT
    late = event(EventType.MENTION, day=date(2026, 11, 5))  # 2 working days away; mentions need 3
    found = assess(ACCUSED, case(late), late, NOW)
    assert found.way is Way.NONE and "3 working days" in found.reason


def test_the_limit_the_past_the_vacated_and_an_open_request():
    limit = DEFAULT_RULES[EventType.NIGHT_COURT_HEARING].max_changes
    used = event(history=tuple(moved_online() for _ in range(limit)))
    assert assess(ACCUSED, case(used), used, NOW).way is Way.NONE
    past = event(day=date(2026, 10, 30))
    assert "already taken place" in assess(ACCUSED, case(past), past, NOW).reason
    vacated = event(status=EventStatus.VACATED)
    assert "vacated" in assess(ACCUSED, case(vacated), vacated, NOW).reason
    waiting = event(open_request_id="rq-0123456789ab")
    assert assess(ACCUSED, case(waiting), waiting, NOW).way is Way.NONE


def test_a_paralegal_prepares_and_a_represented_accused_is_told_why_not():
    found = assess(PARALEGAL, case(event(), represented=True), event(), NOW)
    assert found.way is Way.REQUEST and found.prepares_only
    found = assess(ACCUSED, case(event(), represented=True), event(), NOW)
    assert found.way is Way.NONE and "lawyer" in found.reason


def test_overrides_change_the_numbers_and_are_checked():
    rules = rules_with({"night_court_hearing": {"notice_working_days": 13}})  # 12 working days before the 20th
    assert assess(ACCUSED, case(event()), event(), NOW, rules).way is Way.NONE
    with pytest.raises(ValueError):
        rules_with({"mention": {"notice_working_days": -1}})
    with pytest.raises(ValueError):
        rules_with({"not_a_type": {}})


def test_an_illness_excuse_needs_a_certificate():
    with pytest.raises(ValueError, match="medical certificate"):
        RequestInput(reasons="I have dengue fever and cannot attend.", because_of_illness=True)
    assert RequestInput(reasons="I have dengue fever and cannot attend.", because_of_illness=True,
                        medical_certificate_id="0123abcd").medical_certificate_id
