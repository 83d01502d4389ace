"""The instant path: free slots as one list, a move confirmed at once into a free seat, and every
bad input refused with the rule it broke and nothing written."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.fixtures.court_dates import (
    COURT_4A,
    NIGHT_COURT,
    add_sitting,
    at,
    call,
    case_items,
    night_court_case,
    working_day,
)
from tests.fixtures.portal import accused_principal

CASE = "SC-001245-2026"
ACCUSED_NRIC = "S8116474F"


@pytest.fixture
def night_case(portal, registry_officer):
    created = night_court_case(portal, registry_officer, CASE, ACCUSED_NRIC)
    return created["next_event"]["event_id"]


def accused():
    return accused_principal(ACCUSED_NRIC, "Lee Ah Beng")


def night_sitting(days_ahead: int, seats: int = 3, hears=("night_court_hearing",)) -> str:
    # Minutes apart, so that two offsets landing on one working day are two sittings.
    return add_sitting("night_courts", NIGHT_COURT, at(working_day(days_ahead), 19, days_ahead % 60), list(hears), seats)


def state_court_sitting(days_ahead: int) -> str:
    return add_sitting("state_courts", COURT_4A, at(working_day(days_ahead), 9, 30), ["mention"], 3)


def seats_of(sitting_id: str) -> tuple[int, int]:
    from chalicelib.store import sittings

    sitting = sittings.get(sitting_id)
    return sitting.taken, sitting.seats


def take_seat(sitting_id: str) -> None:
    """Another case takes a seat first, as a move or placement would."""
    from chalicelib.domain.cases import Court, EventType
    from chalicelib.store import sittings
    from chalicelib.store.unit_of_work import UnitOfWork

    write = UnitOfWork(None, datetime.now(timezone.utc))
    sittings.take_seat_in(write, sitting_id, Court.NIGHT_COURTS, EventType.NIGHT_COURT_HEARING,
                          datetime.now(timezone.utc))
    write.commit()


def test_free_slots_are_the_courts_sittings_of_the_type_with_a_seat_soonest_first(portal, night_case):
    later, sooner, full = night_sitting(20), night_sitting(9), night_sitting(12, seats=1)
    take_seat(full)
    state_court_sitting(10)  # another court
    night_sitting(11, hears=("mention",))  # another type
    night_sitting(90)  # outside the window
    status, body = call(portal, "GET", f"/api/cases/{CASE}/events/{night_case}/change-options", accused())
    assert status == 200, body
    assert body["assessment"]["way"] == "instant", body["assessment"]
    assert [s["sitting_id"] for s in body["free_slots"]] == [sooner, later]
    assert body["free_slots"][0]["free_seats"] == 3


def test_an_unrepresented_accused_moves_a_night_court_hearing_into_a_free_slot(portal, events, night_case):
    events.queued()  # the intake's own notice
    target = night_sitting(9)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move", accused(),
                        {"sitting_id": target})
    assert status == 200, body
    assert body["sitting_id"] == target and body["venue"] == "State Courts Towers, Night Court 2"
    assert body["history"][0]["how"] == "moved online into a free slot"
    assert seats_of(target) == (1, 3)

    status, case = call(portal, "GET", f"/api/cases/{CASE}", accused())
    assert case["next_event"]["starts_at_singapore"].startswith(str(working_day(9)))
    notices = [m["body"] for m in events.queued()]
    assert [n["kind"] for n in notices] == ["court_date_moved"]
    assert notices[0]["moved_by"] == "the accused"

    # The first change was the instant one: a further change goes to a judge.
    again = night_sitting(11)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move", accused(), {"sitting_id": again})
    assert status == 422 and "Ask the court" in body["message"]
    assert seats_of(again) == (0, 3)


def test_the_move_is_told_to_the_accused_and_the_bailor_and_audited(portal, events, night_case, registry_officer):
    from tests.fixtures.aws import sent_emails

    events.deliver()
    before = len(sent_emails())
    status, _ = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move", accused(),
                     {"sitting_id": night_sitting(9)})
    assert status == 200
    events.deliver()
    mails = sent_emails()[before:]
    assert sorted(address for m in mails for address in m["to"]) == ["ahkow@example.sg", "bee@example.sg"]
    assert all(m["subject"] == f"Court date moved: {CASE}" for m in mails)
    status, log = call(portal, "GET", "/api/registry/audit", registry_officer)
    assert any(e["action"] == "court_date_moved" and e["target"] == CASE for e in log["entries"])


def test_moving_out_of_a_sitting_frees_its_seat(portal, registry_officer, night_case):
    first, second = night_sitting(9), night_sitting(13)
    status, _ = call(portal, "PUT", f"/api/registry/cases/{CASE}/events/{night_case}/sitting", registry_officer,
                     {"sitting_id": first})
    assert status == 200
    assert seats_of(first) == (1, 3)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move", accused(), {"sitting_id": second})
    assert status == 200, body
    assert seats_of(first) == (0, 3) and seats_of(second) == (1, 3)


def past_sitting() -> str:
    from chalicelib.domain.cases import Venue
    from chalicelib.domain.sittings import sitting_id_for

    return sitting_id_for(datetime.now(timezone.utc) - timedelta(days=2), Venue(**NIGHT_COURT))


def no_sitting() -> str:
    from chalicelib.domain.cases import Venue
    from chalicelib.domain.sittings import sitting_id_for

    day = working_day(10)
    return sitting_id_for(datetime.fromisoformat(at(day, 19)), Venue(building="State Courts Towers", room="Court 99"))


def full_sitting() -> str:
    sitting_id = night_sitting(9, seats=1)
    take_seat(sitting_id)
    return sitting_id


BAD_SLOTS = {
    "a slot in the past": (past_sitting, 422, "in the past"),
    "a full slot": (full_sitting, 409, "That slot was just taken, choose another"),
    "a sitting of the wrong court": (lambda: state_court_sitting(9), 422, "Night Courts"),
    "a sitting of the wrong type": (lambda: night_sitting(9, hears=("mention",)), 422, "does not hear"),
    "no sitting at all": (lambda: no_sitting(), 404, "no such sitting"),
    "a malformed id": (lambda: "../../etc", 422, "sitting_id: String should match pattern"),
    "a slot too soon": (lambda: night_sitting(1), 422, "too soon"),
    "a slot beyond the window": (lambda: night_sitting(70), 422, "too far"),
}


@pytest.mark.parametrize("problem", list(BAD_SLOTS))
def test_a_bad_slot_is_refused_with_its_rule_and_nothing_changes(portal, night_case, problem):
    make, status_wanted, words = BAD_SLOTS[problem]
    target = make()
    before = case_items(CASE)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move", accused(), {"sitting_id": target})
    assert status == status_wanted and words.lower() in body["message"].lower(), body
    assert sorted(map(str, case_items(CASE))) == sorted(map(str, before))


def test_an_event_not_yours_is_not_found(portal, registry_officer, night_case):
    from tests.fixtures.portal import create_case, new_case_payload

    create_case(portal, registry_officer, new_case_payload("MAC-904321-2026", "S8979373D"))
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move",
                        accused_principal("S8979373D"), {"sitting_id": night_sitting(9)})
    assert status == 404


def test_a_past_event_and_a_late_change_cannot_be_moved(portal, registry_officer):
    soon = night_court_case(portal, registry_officer, CASE, ACCUSED_NRIC, days_ahead=1)
    event_id = soon["next_event"]["event_id"]
    status, body = call(portal, "GET", f"/api/cases/{CASE}/events/{event_id}/change-options", accused())
    assert body["assessment"]["way"] == "none" and "too late" in body["assessment"]["headline"]
    target = night_sitting(9)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{event_id}/move", accused(), {"sitting_id": target})
    assert status == 422 and "working day" in body["message"]
    status, _ = call(portal, "PATCH", f"/api/registry/cases/{CASE}/events/{event_id}", registry_officer,
                     {"status": "vacated"})
    assert status == 200
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{event_id}/move", accused(), {"sitting_id": target})
    assert status == 422 and "vacated" in body["message"]
    assert seats_of(target) == (0, 3)


def test_a_represented_accused_is_refused_with_the_reason_and_nothing_is_written(portal, registry_officer, law_firm,
                                                                                  night_case):
    import json

    from tests.fixtures.portal import json_headers

    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    target = night_sitting(9)
    before = case_items(CASE)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/move", accused(), {"sitting_id": target})
    assert status == 403 and "Tan & Lim LLP" in body["message"]
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{night_case}/reschedule-requests", accused(),
                        {"reasons": "I have a medical appointment that day."})
    assert status == 403 and "lawyer" in body["message"]
    assert sorted(map(str, case_items(CASE))) == sorted(map(str, before))
    assert seats_of(target) == (0, 3)


def test_the_registry_changing_or_vacating_a_placed_event_gives_its_seat_back(portal, registry_officer, night_case):
    first = night_sitting(9)
    call(portal, "PUT", f"/api/registry/cases/{CASE}/events/{night_case}/sitting", registry_officer,
         {"sitting_id": first})
    assert seats_of(first) == (1, 3)
    status, body = call(portal, "PATCH", f"/api/registry/cases/{CASE}/events/{night_case}", registry_officer,
                        {"starts_at": at(working_day(16), 20)})
    assert status == 200, body
    assert seats_of(first) == (0, 3)
    status, options = call(portal, "GET", f"/api/cases/{CASE}/events/{night_case}/change-options", accused())
    assert options["event"]["sitting_id"] is None
    assert [c["how"] for c in options["event"]["history"]] == ["changed by the court", "changed by the court"]
    assert options["assessment"]["way"] == "instant"  # the court's changes do not count against the party
