"""Filing each type of application and court document through the JSON API, and the registry
acting on it: every step of the lifecycle, with its audit entry and its notices."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.fixtures.filings import (
    ACCUSED_NRIC,
    CASE,
    body,
    court_records,
    create,
    decide,
    document,
    filed,
    filing_case,
    leave_jurisdiction,
    partition_items,
    step,
    waive,
)
from tests.fixtures.portal import accused_principal, add_verified_upload, json_headers, session_headers


@pytest.fixture
def accused(aws):
    return accused_principal(ACCUSED_NRIC, "Lee Ah Beng")


def _audit_actions() -> list[str]:
    from chalicelib.domain.clock import singapore_date, utc_now
    from chalicelib.store import audit

    return [e.action.value for e in audit.on_day(singapore_date(utc_now()))]


def test_a_request_for_court_records_is_priced_paid_by_waiver_reviewed_and_approved(portal, registry_officer,
                                                                                  accused, events):
    filing_case(portal, registry_officer)
    events.queued()  # the case's own court-date notice
    payload = court_records(records=["judgment", "sentence", "appeal_record"], copies=2)

    quoted = portal.http.post(f"/api/cases/{CASE}/filings/quote", headers=json_headers(accused),
                              body=json.dumps(payload))
    assert quoted.status_code == 200, quoted.body
    fee = body(quoted)["fee"]
    # S$15 minimum for each of two kinds; the appeal record S$50 and S$10 for its second copy.
    assert [line["amount_cents"] for line in fee["lines"]] == [1500, 1500, 6000]
    assert fee["total_cents"] == 9000 and fee["currency"] == "SGD" and "balance" in fee["note"]

    made = create(portal, accused, payload)
    assert made.status_code == 201, made.body
    draft = body(made)
    assert (draft["status"], draft["prepared_by"]["name"], draft["on_behalf_of"]) == ("draft", "Lee Ah Beng",
                                                                                        "Tan Ah Kow")
    assert draft["filing_id"].startswith("APP-") and draft["fee"] is None
    page = portal.http.get(f"/cases/{CASE}/filings/{draft['filing_id']}", headers=session_headers(accused))
    assert "S$90.00" in page.body.decode() and "Total due when you submit" in page.body.decode()

    submitted = body(step(portal, accused, draft["filing_id"], "submit"))
    assert submitted["status"] == "awaiting_payment"
    assert submitted["fee"]["amount_cents"] == 9000 and submitted["fee"]["status"] == "due"
    assert submitted["filed_by"]["name"] == "Lee Ah Beng"
    assert "Pay S$90.00" in submitted["what_happens_next"]
    notices = [m["body"]["kind"] for m in events.queued()]
    assert sorted(notices) == ["fee_due", "filing_received"]

    # Not in the queue until the fee is settled; a decision now is not in the table.
    assert body(portal.http.get("/api/registry/filings", headers=json_headers(registry_officer)))["rows"] == []
    assert decide(portal, registry_officer, draft["filing_id"], "start_review").status_code == 409

    waived = waive(portal, registry_officer, submitted["fee"]["fee_id"])
    assert waived.status_code == 200, waived.body
    assert body(waived)["status"] == "paid" and body(waived)["fee"]["status"] == "waived"
    assert body(waived)["fee"]["waiver_reason"].startswith("Means-tested")
    queue = body(portal.http.get("/api/registry/filings", headers=json_headers(registry_officer)))["rows"]
    assert [row["filing_id"] for row in queue] == [draft["filing_id"]]

    assert body(decide(portal, registry_officer, draft["filing_id"], "start_review"))["status"] == "under_review"
    refused = step(portal, accused, draft["filing_id"], "withdraw")
    assert refused.status_code == 409 and "under review" in body(refused)["message"]
    approved = body(decide(portal, registry_officer, draft["filing_id"], "approve", "Copies by email"))
    assert approved["status"] == "approved" and approved["reason"] == "Copies by email"
    assert [e["status"] for e in approved["timeline"]] == ["draft", "awaiting_payment", "paid", "under_review",
                                                           "approved"]
    assert approved["timeline"][2]["text"] == "The registry waived the fee."
    assert body(portal.http.get("/api/registry/filings", headers=json_headers(registry_officer)))["rows"] == []
    assert [m["body"]["kind"] for m in events.queued()] == ["filing_approved"]
    actions = _audit_actions()
    for action in ("filing_drafted", "filing_submitted", "fee_waived", "filing_review_started", "filing_approved"):
        assert actions.count(action) == 1, action


def test_leave_to_leave_jurisdiction_states_the_next_date_and_warns_of_a_trip_over_it(portal, registry_officer,
                                                                                    accused):
    filing_case(portal, registry_officer, bail=True)
    # The case's mention is 14 days ahead: a trip from day 10 to day 20 covers it.
    quoted = body(portal.http.post(f"/api/cases/{CASE}/filings/quote", headers=json_headers(accused),
                                   body=json.dumps(leave_jurisdiction(10, 20))))
    assert quoted["fee"]["total_cents"] == 0
    assert len(quoted["warnings"]) == 1 and "overlaps a court date" in quoted["warnings"][0]
    assert "State Courts Towers, Court 4A" in quoted["facts"]["Next court date"]
    clear = body(portal.http.post(f"/api/cases/{CASE}/filings/quote", headers=json_headers(accused),
                                  body=json.dumps(leave_jurisdiction(20, 25))))
    assert clear["warnings"] == []

    consent = add_verified_upload(accused, CASE)
    payload = leave_jurisdiction(10, 20) | {"documents": {"bailor_consent": consent}}
    result = filed(portal, accused, payload)
    assert result["status"] == "submitted" and result["fee"] is None
    assert result["warnings"] and result["facts"]["Next court date"]
    assert [d["slot"] for d in result["documents"]] == ["bailor_consent"]
    assert result["documents"][0]["file_name"] == "statement.pdf"
    rejected = body(decide(portal, registry_officer, result["filing_id"], "start_review"))
    rejected = body(decide(portal, registry_officer, result["filing_id"], "reject", "The trip covers your mention."))
    assert rejected["status"] == "rejected" and rejected["reason"] == "The trip covers your mention."


def test_leave_jurisdiction_needs_bail_and_sensible_dates(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    no_bail = create(portal, accused, leave_jurisdiction())
    assert no_bail.status_code == 422 and "No bail is recorded" in body(no_bail)["message"]
    assert body(no_bail)["fields"][0]["field"] == "type"


@pytest.mark.parametrize("payload,field,words", [
    (leave_jurisdiction(30, 25), "details.return_date", "on or after the departure date"),
    (leave_jurisdiction(bailor_consents=False), "details.bailor_consents", "bailor must agree"),
    (leave_jurisdiction(-2, 3), "details.departure_date", "departure date has passed"),
    (leave_jurisdiction(departure_date="next week"), "details.departure_date", "a date written as YYYY-MM-DD"),
    ({"type": "leave_to_fly", "details": {}}, "type", "no type of filing called 'leave_to_fly'"),
    ({"details": {}}, "type", "no type of filing called None"),
    (court_records(copies=0), "details.copies", "greater than or equal to 1"),
    (court_records(records=[]), "details.records", "at least 1"),
    (court_records(records=["judgment", "judgment"]), "details.records", "name each kind of record once"),
    (court_records(records=["transcript"]), "details.records.0", "Input should be"),
    (court_records(colour="blue"), "details.colour", "not a field"),
])
def test_bad_details_are_refused_naming_the_field_and_nothing_is_written(portal, registry_officer, accused, payload,
                                                                        field, words):
    filing_case(portal, registry_officer, bail=True)
    response = create(portal, accused, payload)
    assert response.status_code == 422, response.body
    fields = body(response)["fields"]
    assert field in [f["field"] for f in fields], fields
    assert any(words in f["message"] for f in fields), fields
    assert partition_items(CASE, "filing") == []


def test_a_mitigation_plea_only_after_a_conviction(portal, registry_officer, accused, events):
    filing_case(portal, registry_officer)
    events.queued()
    plea = add_verified_upload(accused, CASE)
    refused = create(portal, accused, document("mitigation_plea", plea))
    assert refused.status_code == 422
    assert "only after the accused has pleaded guilty" in body(refused)["message"]
    portal.http.patch(f"/api/registry/cases/{CASE}/charges/{CASE}", headers=json_headers(registry_officer),
                      body=json.dumps({"status": "convicted"}))
    result = filed(portal, accused, document("mitigation_plea", plea))
    assert (result["status"], result["details"]["title"], result["filing_id"][:4]) == ("submitted",
                                                                                       "Mitigation plea", "DOC-")
    events.queued()
    accepted = body(decide(portal, registry_officer, result["filing_id"], "accept"))
    assert accepted["status"] == "accepted" and accepted["timeline"][-1]["text"].startswith("Accepted by the registry")
    assert [m["body"]["kind"] for m in events.queued()] == ["filing_accepted"]
    # A document is accepted or rejected, never approved.
    again = decide(portal, registry_officer, result["filing_id"], "reject", "Late")
    assert again.status_code == 409 and "accepted" in body(again)["message"]


def test_a_case_for_the_defence_only_in_the_ccdc_process_with_its_due_date(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    upload = add_verified_upload(accused, CASE)
    refused = create(portal, accused, document("case_for_the_defence", upload))
    assert refused.status_code == 422 and "not in the Criminal Case Disclosure Conference" in body(refused)["message"]
    # The registry records the date only for a case with a CCDC on record.
    no_ccdc = portal.http.put(f"/api/registry/cases/{CASE}/defence-case-due", headers=json_headers(registry_officer),
                              body=json.dumps({"due_on": "2026-12-31"}))
    assert no_ccdc.status_code == 422 and "no Criminal Case Disclosure Conference" in body(no_ccdc)["message"]


def test_a_case_for_the_defence_shows_the_due_date_and_warns_when_late(portal, registry_officer, accused):
    due = date.today() + timedelta(days=21)
    filing_case(portal, registry_officer, ccdc_due=due)
    upload = add_verified_upload(accused, CASE)
    result = filed(portal, accused, document("case_for_the_defence", upload))
    assert result["details"]["title"] == "Case for the Defence"
    assert result["facts"]["Due date set by the court"].endswith(due.strftime("%b %Y"))
    assert result["warnings"] == []
    case_page = portal.http.get(f"/cases/{CASE}", headers=session_headers(accused)).body.decode()
    assert "Case for the Defence due on" in case_page and result["filing_id"] in case_page

    late = due - timedelta(days=60)
    portal.http.put(f"/api/registry/cases/{CASE}/defence-case-due", headers=json_headers(registry_officer),
                    body=json.dumps({"due_on": late.isoformat()}))
    quoted = body(portal.http.post(f"/api/cases/{CASE}/filings/quote", headers=json_headers(accused),
                                   body=json.dumps(document("case_for_the_defence", upload))))
    assert "was due on" in quoted["warnings"][0]


@pytest.mark.parametrize("code", ["written_submissions", "other_document"])
def test_written_submissions_and_other_documents(portal, registry_officer, accused, code):
    filing_case(portal, registry_officer)
    upload = add_verified_upload(accused, CASE)
    result = filed(portal, accused, document(code, upload, title="Submissions on bail", note="For the mention"))
    assert (result["type"], result["status"], result["details"]["title"]) == (code, "submitted", "Submissions on bail")
    rejected = body(decide(portal, registry_officer, result["filing_id"], "reject", "Unsigned"))
    assert rejected["status"] == "rejected"
    no_reason = decide(portal, registry_officer, result["filing_id"], "reject")
    assert no_reason.status_code in (409, 422)


def test_a_document_needs_its_pdf_uploaded_checked_and_of_this_case(portal, registry_officer, accused, aws):
    from tests.api.test_uploads import _ticket

    filing_case(portal, registry_officer)
    missing = create(portal, accused, {"type": "other_document", "details": {"title": "Letter"}})
    assert missing.status_code == 422 and body(missing)["fields"][0]["field"] == "documents.document"
    never_arrived = body(_ticket(portal, accused, CASE))["upload_id"]
    response = create(portal, accused, document("other_document", never_arrived, title="Letter"))
    assert response.status_code == 422 and "has not been uploaded and checked" in body(response)["message"]
    unknown = create(portal, accused, document("other_document", "0" * 24, title="Letter"))
    assert unknown.status_code == 422
    wrong_slot = create(portal, accused, {"type": "other_document", "details": {"title": "Letter"},
                                          "documents": {"document": "0" * 24, "annex": "1" * 24}})
    assert wrong_slot.status_code == 422 and "carries no document called 'annex'" in body(wrong_slot)["message"]
    assert partition_items(CASE, "filing") == []


def test_an_upload_that_stops_counting_before_submission_refuses_it_and_writes_nothing(portal, registry_officer,
                                                                                     accused, events):
    from chalicelib.store.uploads import UploadItem

    filing_case(portal, registry_officer)
    events.queued()
    upload = add_verified_upload(accused, CASE)
    draft = body(create(portal, accused, document("other_document", upload, title="Letter")))
    # As if the upload were withdrawn between the draft and its submission.
    UploadItem(f"CASE#{CASE}", f"UPLOAD#{upload}").update(actions=[UploadItem.status.set("pending")])
    refused = step(portal, accused, draft["filing_id"], "submit")
    assert refused.status_code == 409 and "has not been uploaded and checked" in body(refused)["message"]
    stored = partition_items(CASE, "filing")
    assert [(f["status"], f["revision"]) for f in stored] == [("draft", 1)]
    assert events.queued() == []


def test_withdrawing_before_review_cancels_a_fee_still_due(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    submitted = filed(portal, accused, court_records())
    withdrawn = body(step(portal, accused, submitted["filing_id"], "withdraw"))
    assert withdrawn["status"] == "withdrawn" and withdrawn["fee"]["status"] == "cancelled"
    assert step(portal, accused, submitted["filing_id"], "submit").status_code == 409
    assert waive(portal, registry_officer, submitted["fee"]["fee_id"]).status_code == 409


def test_the_case_page_and_the_filing_page_show_filings_in_plain_words(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    submitted = filed(portal, accused, court_records())
    case_page = portal.http.get(f"/cases/{CASE}", headers=session_headers(accused)).body.decode()
    assert submitted["filing_id"] in case_page and "Awaiting payment" in case_page
    assert "File an application or document" in case_page
    page = portal.http.get(f"/cases/{CASE}/filings/{submitted['filing_id']}", headers=session_headers(accused))
    html = page.body.decode()
    assert page.status_code == 200
    assert "What happens next" in html and "Pay S$15.00 (reference FEE-" in html
    assert "Submitted to the court by Lee Ah Beng" in html and "Judgment" in html
