"""The request path: counsel ask to move a trial date with a medical certificate, the registry sees
the queue oldest first a page at a time, and approves (the trial is vacated for a pre-trial
conference) or refuses (the original date stands); withdrawing; and the bad inputs."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.court_dates import COURT_4A, add_sitting, at, call, case_items, trial_case, working_day
from tests.fixtures.portal import (
    accused_principal,
    add_verified_upload,
    create_case,
    firm_principal,
    new_case_payload,
    session_headers,
)

CASE = "DAC-912345-2026"
REASONS = "Counsel is in the Court of Appeal on that day; the accused is also unwell."


@pytest.fixture
def trial(portal, registry_officer, law_firm):
    return trial_case(portal, registry_officer, law_firm, CASE)["next_event"]["event_id"]


def ptc_sitting(days_ahead: int = 20, seats: int = 4) -> str:
    return add_sitting("state_courts", {"building": "State Courts Towers", "room": "Chambers 2"},
                       at(working_day(days_ahead), 10, days_ahead % 60), ["pre_trial_conference"], seats)


def ask(portal, principal, event_id, **extra):
    return call(portal, "POST", f"/api/cases/{CASE}/events/{event_id}/reschedule-requests", principal,
                {"reasons": REASONS, **extra})


def test_counsel_asks_to_move_a_trial_and_the_registry_approves_it(portal, events, registry_officer, law_firm, trial):
    counsel = firm_principal(law_firm, "counsel")
    status, options = call(portal, "GET", f"/api/cases/{CASE}/events/{trial}/change-options", counsel)
    assert options["assessment"]["way"] == "request" and "judge" in options["assessment"]["reason"]
    # A type that cannot be changed online at once: moving it is refused with the rule, nothing written.
    slot = add_sitting("state_courts", COURT_4A, at(working_day(45), 9, 30), ["trial"], 2)
    status, body = call(portal, "POST", f"/api/cases/{CASE}/events/{trial}/move", counsel, {"sitting_id": slot})
    assert status == 422 and "A judge decides every change of a trial date" in body["message"]
    certificate = add_verified_upload(counsel, CASE)
    events.queued()
    status, request = ask(portal, counsel, trial, because_of_illness=True, medical_certificate_id=certificate)
    assert status == 201, request
    assert request["status"] == "pending" and request["medical_certificate_id"] == certificate
    assert [n["body"]["kind"] for n in events.queued()] == ["reschedule_requested"]

    status, queue = call(portal, "GET", "/api/registry/reschedule-requests", registry_officer)
    assert [r["request_id"] for r in queue["requests"]] == [request["request_id"]]

    slot = ptc_sitting()
    status, decided = call(portal, "POST", f"/api/registry/reschedule-requests/{CASE}/{request['request_id']}/decision",
                           registry_officer, {"outcome": "approve", "sitting_id": slot})
    assert status == 200, decided
    assert decided["status"] == "approved" and decided["new_venue"] == "State Courts Towers, Chambers 2"

    status, case = call(portal, "GET", f"/api/cases/{CASE}", counsel)
    assert [(e["type"], e["status"]) for e in case["upcoming_events"]] == [("pre_trial_conference", "scheduled")]
    assert [(e["type"], e["status"]) for e in case["past_events"]] == [("trial", "vacated")]
    notices = [n["body"] for n in events.queued()]
    assert [n["kind"] for n in notices] == ["reschedule_approved"] and notices[0]["trial_vacated"] is True
    status, queue = call(portal, "GET", "/api/registry/reschedule-requests", registry_officer)
    assert queue["requests"] == []


def test_a_refusal_leaves_the_original_date_and_says_so(portal, events, registry_officer, law_firm, trial):
    counsel = firm_principal(law_firm, "counsel")
    _, request = ask(portal, counsel, trial)
    events.queued()
    status, decided = call(portal, "POST", f"/api/registry/reschedule-requests/{CASE}/{request['request_id']}/decision",
                           registry_officer, {"outcome": "refuse", "reason": "Counsel's other hearing can be covered."})
    assert status == 200 and decided["status"] == "refused"
    _, case = call(portal, "GET", f"/api/cases/{CASE}", counsel)
    assert case["next_event"]["event_id"] == trial and case["next_event"]["type"] == "trial"
    notice = [n["body"] for n in events.queued()][0]
    assert notice["kind"] == "reschedule_refused" and notice["event"]["event_id"] == trial
    from chalicelib.domain.notices import Relation, read_notice
    from chalicelib.services.delivery import Renderings
    from chalicelib.store.cases import get_case

    text = Renderings(read_notice(json.dumps(notice)), get_case(CASE)).of(Relation.ACCUSED).email_text
    assert "The original date stands" in text and "Counsel's other hearing can be covered." in text

    # The page says it plainly too.
    page = portal.http.get(f"/cases/{CASE}", headers=session_headers(counsel))
    text = page.body.decode()
    assert page.status_code == 200, text[-3000:]
    assert "The court refused this request: the original date" in text and "stands and must be attended" in text, text[text.find("date-changes"):][:3000]


def test_withdrawing_and_then_deciding_a_withdrawn_request(portal, registry_officer, law_firm, trial):
    counsel = firm_principal(law_firm, "counsel")
    _, request = ask(portal, counsel, trial)
    status, second = ask(portal, counsel, trial)
    assert status == 409 and "already open" in second["message"]
    status, withdrawn = call(portal, "POST", f"/api/cases/{CASE}/reschedule-requests/{request['request_id']}/withdraw",
                             counsel)
    assert status == 200 and withdrawn["status"] == "withdrawn"
    before = case_items(CASE)
    status, body = call(portal, "POST", f"/api/registry/reschedule-requests/{CASE}/{request['request_id']}/decision",
                        registry_officer, {"outcome": "approve", "sitting_id": ptc_sitting()})
    assert status == 409 and "withdrawn" in body["message"]
    assert sorted(map(str, case_items(CASE))) == sorted(map(str, before))
    status, again = ask(portal, counsel, trial)  # withdrawn: a new request may be made
    assert status == 201


def test_a_paralegal_prepares_and_counsel_submits(portal, registry_officer, law_firm, trial):
    paralegal, counsel = firm_principal(law_firm, "paralegal"), firm_principal(law_firm, "counsel")
    status, prepared = ask(portal, paralegal, trial)
    assert status == 201 and prepared["status"] == "prepared"
    _, queue = call(portal, "GET", "/api/registry/reschedule-requests", registry_officer)
    assert queue["requests"] == []
    status, body = call(portal, "POST", f"/api/cases/{CASE}/reschedule-requests/{prepared['request_id']}/submit", paralegal)
    assert status == 403
    status, submitted = call(portal, "POST", f"/api/cases/{CASE}/reschedule-requests/{prepared['request_id']}/submit",
                             counsel)
    assert status == 200 and submitted["status"] == "pending"
    _, queue = call(portal, "GET", "/api/registry/reschedule-requests", registry_officer)
    assert [r["request_id"] for r in queue["requests"]] == [prepared["request_id"]]


def test_an_illness_needs_a_certificate_and_a_non_pdf_certificate_is_refused(portal, law_firm, trial):
    import boto3

    from chalicelib.settings import get_settings
    from chalicelib.store.uploads import object_key

    counsel = firm_principal(law_firm, "counsel")
    status, body = ask(portal, counsel, trial, because_of_illness=True)
    assert status == 422 and "medical certificate" in body["message"]
    status, ticket = call(portal, "POST", f"/api/cases/{CASE}/uploads", counsel, {"file_name": "mc.pdf"})
    boto3.client("s3", endpoint_url=get_settings().aws_endpoint_url, region_name="ap-southeast-1").put_object(
        Bucket=get_settings().documents_bucket, Key=object_key(CASE, ticket["upload_id"]), Body=b"GIF89a not a pdf")
    status, body = call(portal, "POST", f"/api/cases/{CASE}/uploads/{ticket['upload_id']}/complete", counsel, {})
    assert status == 422 and "PDF" in body["message"]
    before = case_items(CASE)
    status, body = ask(portal, counsel, trial, because_of_illness=True, medical_certificate_id=ticket["upload_id"])
    assert status == 409 and "has not been uploaded and checked" in body["message"]
    assert sorted(map(str, case_items(CASE))) == sorted(map(str, before))


def test_a_change_beyond_the_limit_is_refused(portal, registry_officer):
    # A mention: its first change is instant, the next two go to a judge, the fourth is refused.
    mention_case = create_case(portal, registry_officer, new_case_payload("MAC-904321-2026", "S8116474F", events=[
        {"type": "mention", "starts_at": at(working_day(14), 9, 30), "venue": COURT_4A}]))
    accused = accused_principal("S8116474F")
    event_id = mention_case["next_event"]["event_id"]
    for days in (10, 16, 22):
        target = add_sitting("state_courts", COURT_4A, at(working_day(days), 9, days % 60), ["mention"], 2)
        _, options = call(portal, "GET", f"/api/cases/MAC-904321-2026/events/{event_id}/change-options", accused)
        if options["assessment"]["way"] == "instant":
            status, _ = call(portal, "POST", f"/api/cases/MAC-904321-2026/events/{event_id}/move", accused,
                             {"sitting_id": target})
        else:
            _, made = call(portal, "POST", f"/api/cases/MAC-904321-2026/events/{event_id}/reschedule-requests",
                           accused, {"reasons": REASONS})
            status, _ = call(portal, "POST", f"/api/registry/reschedule-requests/MAC-904321-2026/{made['request_id']}/"
                             "decision", registry_officer, {"outcome": "approve", "sitting_id": target})
        assert status == 200
    _, options = call(portal, "GET", f"/api/cases/MAC-904321-2026/events/{event_id}/change-options", accused)
    assert options["assessment"]["way"] == "none" and "3 times" in options["assessment"]["reason"]
    status, body = call(portal, "POST", f"/api/cases/MAC-904321-2026/events/{event_id}/reschedule-requests", accused,
                        {"reasons": REASONS})
    assert status == 422 and "3 times" in body["message"]
    assert len(options["event"]["history"]) == 3


def test_the_queue_pages_oldest_first_by_key(portal, registry_officer, law_firm):
    from chalicelib.store import court_dates

    counsel = firm_principal(law_firm, "counsel")
    made = []
    for serial in range(5):
        case_no = f"DAC-91230{serial}-2026"
        trial_case(portal, registry_officer, law_firm, case_no, nric="S8979373D")
        event_id = call(portal, "GET", f"/api/cases/{case_no}", counsel)[1]["next_event"]["event_id"]
        status, request = call(portal, "POST", f"/api/cases/{case_no}/events/{event_id}/reschedule-requests", counsel,
                               {"reasons": REASONS})
        assert status == 201
        made.append(request["request_id"])
    seen, cursor, pages = [], None, []
    for _ in range(4):
        page = court_dates.pending_page(2, cursor)
        seen += [r.request_id for r in page.items]
        pages.append(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == made
    back = court_dates.pending_page(2, pages[-1].previous_cursor)
    assert [r.request_id for r in back.items] == made[2:4]
    status, body = call(portal, "GET", "/api/registry/reschedule-requests?cursor=bm90LWEtY3Vyc29y", registry_officer)
    assert status == 422 and "cursor" in body["message"]
    status, first = call(portal, "GET", "/api/registry/reschedule-requests", registry_officer)
    assert status == 200 and first["previous_cursor"] is None
