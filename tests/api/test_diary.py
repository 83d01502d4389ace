"""A law firm's diary: every case it is on record for with the next court date, time and venue,
soonest first, one counsel's cases on their own, a page at a time by key; kept by the same
transactions that change court dates and representation, and moved on nightly past dates gone by."""

import json
import re
from datetime import datetime, timedelta

from chalicelib.domain.clock import utc_now
from chalicelib.jobs.diary import roll_diaries
from chalicelib.store import diary
from local.event_runner import scheduled_event
from tests.fixtures.portal import (
    accused_principal,
    create_case,
    firm_principal,
    json_headers,
    new_case_payload,
    next_weekday_at,
    session_headers,
)

SOON, LATER, LATEST = "DAC-900003-2026", "DAC-900010-2026", "MAC-900020-2026"
UNDATED, UNREPRESENTED = "DAC-900099-2026", "DAC-900050-2026"
NRICS = {SOON: "S6005040F", LATER: "S6005041D", LATEST: "S6005042B", UNDATED: "T0066846F",
         UNREPRESENTED: "S5062854Z"}


def _case(portal, officer, case_no: str, days_ahead: int | None, *, room: str = "Court 4A") -> dict:
    events = [] if days_ahead is None else [{"type": "mention", "starts_at": next_weekday_at(9, 30, days_ahead),
                                             "venue": {"building": "State Courts Towers", "room": room}}]
    return create_case(portal, officer, new_case_payload(case_no, NRICS[case_no], events=events))


def _on_record(portal, officer, law_firm, case_no: str, *counsel: str) -> None:
    response = portal.http.put(f"/api/registry/cases/{case_no}/representation", headers=json_headers(officer),
                               body=json.dumps({"firm_uen": law_firm["uen"],
                                                "counsel_member_ids": list(counsel or [law_firm["counsel_id"]])}))
    assert response.status_code == 201, response.body


def _add_second_counsel(law_firm) -> str:
    from chalicelib.domain.firms import FirmMember
    from chalicelib.domain.principals import Role
    from chalicelib.services.intake import person_id_for
    from chalicelib.store import firms
    from chalicelib.store.unit_of_work import UnitOfWork

    member = FirmMember(member_id=person_id_for("S8979373D"), firm_uen=law_firm["uen"], nric="S8979373D",
                        name="Goh Mei Fen", role=Role.COUNSEL, email="meifen@tanlim.example.sg")
    write = UnitOfWork(None, utc_now())
    firms.add_member_in(write, member)
    write.commit()
    return member.member_id


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Case"><a href="/cases/([A-Z0-9-]+)">', html)


def _diary(portal, principal, query: str = "") -> tuple[int, str]:
    response = portal.http.get(f"/diary{query}", headers=session_headers(principal))
    return response.status_code, response.body.decode()


def test_the_diary_lists_the_firms_cases_soonest_first_with_time_and_venue(portal, registry_officer, law_firm):
    for case_no, days in ((LATEST, 20), (UNDATED, None), (SOON, 3), (LATER, 10), (UNREPRESENTED, 5)):
        _case(portal, registry_officer, case_no, days)
    for case_no in (LATEST, UNDATED, SOON, LATER):
        _on_record(portal, registry_officer, law_firm, case_no)
    status, html = _diary(portal, firm_principal(law_firm, "paralegal"))
    assert status == 200
    assert _rows(html) == [SOON, LATER, LATEST, UNDATED]  # no date last; the unrepresented case is not the firm's
    assert "9.30am" in html and "(in 3 days)" in html and "Mention" in html
    assert "State Courts Towers, Court 4A" in html and "1 Havelock Square, Singapore 059724" in html
    assert "No court date fixed" in html


def test_the_diary_as_json_says_what_the_page_shows(portal, registry_officer, law_firm):
    second = _add_second_counsel(law_firm)
    for case_no, days in ((LATER, 10), (UNDATED, None), (SOON, 3)):
        _case(portal, registry_officer, case_no, days)
    _on_record(portal, registry_officer, law_firm, SOON)
    _on_record(portal, registry_officer, law_firm, LATER, law_firm["counsel_id"], second)
    _on_record(portal, registry_officer, law_firm, UNDATED, second)
    paralegal = firm_principal(law_firm, "paralegal")
    response = portal.http.get("/api/diary", headers=json_headers(paralegal))
    assert response.status_code == 200, response.body
    diary_json = json.loads(response.body)
    assert [e["case_no"] for e in diary_json["entries"]] == [SOON, LATER, UNDATED]
    soon, later, undated = diary_json["entries"]
    assert soon["next_event"]["type"] == "mention" and soon["next_event"]["venue"].startswith("State Courts Towers")
    assert soon["next_event"]["starts_at_singapore"].endswith("09:30:00+08:00")
    assert {c["name"] for c in later["counsel"]} == {"Goh Mei Fen", *[c["name"] for c in soon["counsel"]]}
    assert undated["next_event"] is None and diary_json["next"] is None and diary_json["previous"] is None
    theirs = json.loads(portal.http.get(f"/api/diary?counsel={second}", headers=json_headers(paralegal)).body)
    assert [e["case_no"] for e in theirs["entries"]] == [LATER, UNDATED]
    refused = portal.http.get("/api/diary?cursor=bm90LWpzb24", headers=json_headers(paralegal))
    assert refused.status_code == 422 and json.loads(refused.body)["fields"][0]["field"] == "cursor"


def test_moving_a_date_or_ending_representation_changes_the_diary_in_the_same_change(portal, registry_officer,
                                                                                  law_firm):
    soon = _case(portal, registry_officer, SOON, 3)
    _case(portal, registry_officer, LATER, 10)
    for case_no in (SOON, LATER):
        _on_record(portal, registry_officer, law_firm, case_no)
    moved = portal.http.patch(f"/api/registry/cases/{SOON}/events/{soon['next_event']['event_id']}",
                              headers=json_headers(registry_officer),
                              body=json.dumps({"starts_at": next_weekday_at(14, 30, 15)}))
    assert moved.status_code == 200, moved.body
    counsel = firm_principal(law_firm, "counsel")
    assert _rows(_diary(portal, counsel)[1]) == [LATER, SOON]
    ended = portal.http.delete(f"/api/registry/cases/{LATER}/representation", headers=json_headers(registry_officer))
    assert ended.status_code == 200
    assert _rows(_diary(portal, counsel)[1]) == [SOON]
    assert _rows(_diary(portal, counsel, f"?counsel={law_firm['counsel_id']}")[1]) == [SOON]


def test_one_counsels_cases_through_their_name_or_my_cases(portal, registry_officer, law_firm):
    second = _add_second_counsel(law_firm)
    for case_no, days in ((SOON, 3), (LATER, 10), (LATEST, 20)):
        _case(portal, registry_officer, case_no, days)
    _on_record(portal, registry_officer, law_firm, SOON, law_firm["counsel_id"])
    _on_record(portal, registry_officer, law_firm, LATER, second)
    _on_record(portal, registry_officer, law_firm, LATEST, law_firm["counsel_id"], second)
    counsel = firm_principal(law_firm, "counsel")
    _, whole = _diary(portal, counsel)
    assert f'href="/diary?counsel={second}"' in whole and f'href="/diary?counsel={law_firm["counsel_id"]}">My cases' in whole
    _, theirs = _diary(portal, counsel, f"?counsel={second}")
    assert _rows(theirs) == [LATER, LATEST] and "Goh Mei Fen's cases" in theirs
    _, mine = _diary(portal, counsel, f"?counsel={law_firm['counsel_id']}")
    assert _rows(mine) == [SOON, LATEST]


def test_pages_follow_by_key_and_a_foreign_or_broken_cursor_is_refused(portal, registry_officer, law_firm):
    for case_no, days in ((SOON, 3), (LATER, 10), (LATEST, 20)):
        _case(portal, registry_officer, case_no, days)
        _on_record(portal, registry_officer, law_firm, case_no)
    first = diary.diary_page(law_firm["uen"], size=2)
    assert [e.case_no for e in first.items] == [SOON, LATER] and first.next_cursor
    second = diary.diary_page(law_firm["uen"], cursor=first.next_cursor, size=2)
    assert [e.case_no for e in second.items] == [LATEST] and second.next_cursor is None and second.previous_cursor
    admin = firm_principal(law_firm, "admin")
    # The partition comes from the session, never from the cursor: another firm's cursor shows nothing of it.
    other_firm = diary.diary_page("201912345K", cursor=first.next_cursor, size=2)
    assert other_firm.items == []
    status, html = _diary(portal, admin, "?cursor=bm90LWpzb24")
    assert status == 422 and "page link" in html and "first page" in html
    assert _diary(portal, admin, "?counsel=../x")[0] == 422


def test_only_firm_users_have_a_diary_and_only_their_firms(portal, registry_officer, law_firm):
    _case(portal, registry_officer, SOON, 3)
    _on_record(portal, registry_officer, law_firm, SOON)
    assert _diary(portal, accused_principal(NRICS[SOON]))[0] == 403
    assert _diary(portal, registry_officer)[0] == 403
    other = firm_principal(law_firm, "counsel").model_copy(update={"firm_uen": "201912345K", "firm_name": "Other"})
    assert diary.diary_page(other.firm_uen).items == []
    anonymous = portal.http.get("/diary")
    assert anonymous.status_code == 303 and anonymous.headers["Location"].startswith("/sign-in")


def test_the_nightly_roll_moves_a_case_past_a_date_gone_by(portal, registry_officer, law_firm):
    two_dates = new_case_payload(SOON, NRICS[SOON], events=[
        {"type": "mention", "starts_at": next_weekday_at(9, 30, 3),
         "venue": {"building": "State Courts Towers", "room": "Court 4A"}},
        {"type": "pre_trial_conference", "starts_at": next_weekday_at(10, 0, 30),
         "venue": {"building": "State Courts Towers", "room": "Chambers 2"}}])
    create_case(portal, registry_officer, two_dates)
    _case(portal, registry_officer, LATER, 10)
    for case_no in (SOON, LATER):
        _on_record(portal, registry_officer, law_firm, case_no)
    assert [e.case_no for e in diary.diary_page(law_firm["uen"]).items] == [SOON, LATER]
    # Just after midnight following the mention, the roll moves the case on to its next date.
    mention_day = datetime.fromisoformat(next_weekday_at(9, 30, 3))
    after = (mention_day + timedelta(days=1)).replace(hour=0, minute=10)
    # As EventBridge fires the schedule at that time: the job's wiring imports its work and rolls.
    rule = "arn:aws:events:ap-southeast-1:123456789012:rule/icms-dev-roll_diaries"
    fired = portal.lambda_.invoke("roll_diaries", scheduled_event(rule, "123456789012", "ap-southeast-1", after))
    assert fired.payload == {"rolled": 1}
    assert roll_diaries(after) == 1  # a second run rewrites the same entries, in the same order
    entries = diary.diary_page(law_firm["uen"]).items
    assert [e.case_no for e in entries] == [LATER, SOON]
    assert entries[1].next_event(after).type.value == "pre_trial_conference"
