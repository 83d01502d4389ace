"""Twenty parties race for the last seat of a sitting, on real threads against moto: exactly one
wins; every other gets "that slot was just taken, choose another" with nothing of theirs written;
the seat counts add up afterwards.

Each thread calls the move service as one Lambda invocation would (its own actor; the case read,
then one transaction). moto must apply each transaction alone, as DynamoDB does: its own
transactions are not isolated under concurrent requests (a refused one restores a copy of the
table taken before it, wiping what a concurrent one committed). The tests' moto, like the local
stack's, serves DynamoDB requests one at a time (``local/moto_server.py``), so what is tested is the
application's conditions.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from tests.fixtures.court_dates import NIGHT_COURT, add_sitting, at, case_items, night_court_case, working_day
from tests.fixtures.events import forget_stream_records
from tests.fixtures.portal import accused_principal

RACERS = 20
NRIC = "S8116474F"


def test_twenty_moves_for_the_last_seat_one_wins(portal, registry_officer):
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.reschedule import MoveInput
    from chalicelib.domain.errors import Conflict
    from chalicelib.domain.sittings import SLOT_TAKEN
    from chalicelib.services import reschedule
    from chalicelib.store import cases, sittings

    # Every racer's hearing holds a seat in one sitting; the target has one seat left.
    old = add_sitting("night_courts", NIGHT_COURT, at(working_day(14), 20), ["night_court_hearing"], RACERS + 5)
    target = add_sitting("night_courts", {**NIGHT_COURT, "room": "Night Court 3"}, at(working_day(9), 19),
                         ["night_court_hearing"], 3)
    now = datetime.now(timezone.utc)
    officer = Actor.of(registry_officer, "127.0.0.1")
    racers = []
    for serial in range(RACERS + 2):
        case_no = f"SC-{301000 + serial:06d}-2026"
        event_id = night_court_case(portal, registry_officer, case_no, NRIC, bail=False)["next_event"]["event_id"]
        reschedule.place(officer, case_no, event_id, MoveInput(sitting_id=target if serial >= RACERS else old), now)
        if serial < RACERS:
            racers.append((case_no, event_id))
        forget_stream_records(os.environ["ICMS_TABLE_NAME"])  # nothing here reads the stream
    assert (sittings.get(old).taken, sittings.get(target).taken) == (RACERS, 2)
    # moto copies the whole stream in every transaction: start the race with a short one.
    forget_stream_records(os.environ["ICMS_TABLE_NAME"])
    before = {case_no: sorted(map(str, case_items(case_no))) for case_no, _ in racers}

    accused = accused_principal(NRIC, "Lee Ah Beng")
    start = threading.Barrier(RACERS)

    def race(entry):
        case_no, event_id = entry
        actor = Actor.of(accused, f"10.0.0.{racers.index(entry) + 1}")
        start.wait()
        try:
            reschedule.move(actor, accused, case_no, event_id, MoveInput(sitting_id=target), datetime.now(timezone.utc))
            return case_no, "moved"
        except Conflict as refused:
            return case_no, refused.message

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        outcomes = dict(pool.map(race, racers))

    winners = [case_no for case_no, outcome in outcomes.items() if outcome == "moved"]
    assert len(winners) == 1, outcomes
    assert {outcome for case_no, outcome in outcomes.items() if case_no not in winners} == {SLOT_TAKEN}
    for case_no, event_id in racers:
        if case_no in winners:
            assert cases.get_case(case_no).event(event_id).sitting_id == target
        else:
            assert sorted(map(str, case_items(case_no))) == before[case_no], case_no  # nothing of theirs written
    # Seats add up: the target is full, the old sitting lost exactly the winner, and each sitting's
    # count is the number of events holding a seat in it.
    holding = {}
    for serial in range(RACERS + 2):
        case = cases.get_case(f"SC-{301000 + serial:06d}-2026")
        for event in case.events:
            holding[event.sitting_id] = holding.get(event.sitting_id, 0) + 1
    assert (sittings.get(old).taken, sittings.get(target).taken) == (RACERS - 1, 3)
    assert holding == {old: RACERS - 1, target: 3}
    moved_entries = [e for e in _audit_today() if e.action.value == "court_date_moved"]
    assert [e.target for e in moved_entries] == winners


def _audit_today():
    from chalicelib.domain.clock import singapore_date
    from chalicelib.store import audit

    return audit.on_day(singapore_date(datetime.now(timezone.utc)))
