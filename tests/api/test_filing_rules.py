"""Who may file, idempotency keys, the registry's queue, and the seam that settles fees."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

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
)
from tests.fixtures.portal import (
    accused_principal,
    add_verified_upload,
    firm_principal,
    json_headers,
    session_headers,
)

REPRESENTED = "DAC-912345-2026"


@pytest.fixture
def accused(aws):
    return accused_principal(ACCUSED_NRIC, "Lee Ah Beng")


# --- who -----------------------------------------------------------------------------------------


def test_a_represented_accused_cannot_file_and_is_told_who_files_for_them(portal, registry_officer, law_firm):
    filing_case(portal, registry_officer, REPRESENTED, "S8979373D", law_firm=law_firm)
    accused = accused_principal("S8979373D", "Tan Ah Kow")
    refused = create(portal, accused, court_records(), REPRESENTED)
    assert refused.status_code == 403
    assert "Tan & Lim LLP (Lim Wei Ling) is on record as your lawyer" in body(refused)["message"]
    page = portal.http.get(f"/cases/{REPRESENTED}/filings/new", headers=session_headers(accused))
    assert page.status_code == 403 and "on record as your lawyer" in page.body.decode()
    case_page = portal.http.get(f"/cases/{REPRESENTED}", headers=session_headers(accused)).body.decode()
    assert "File an application or document" not in case_page


def test_a_paralegal_prepares_counsel_submit_and_the_filing_says_who_did_what(portal, registry_officer, law_firm,
                                                                             events):
    filing_case(portal, registry_officer, REPRESENTED, "S8979373D", law_firm=law_firm, convicted=True)
    events.queued()
    paralegal, counsel = firm_principal(law_firm, "paralegal"), firm_principal(law_firm, "counsel")
    upload = add_verified_upload(paralegal, REPRESENTED)
    draft = body(create(portal, paralegal, document("mitigation_plea", upload), REPRESENTED))
    assert draft["prepared_by"] == {"name": "Nur Aisyah", "role": "paralegal", "firm_name": "Tan & Lim LLP"}
    refused = step(portal, paralegal, draft["filing_id"], "submit", REPRESENTED)
    assert refused.status_code == 403 and "counsel of the firm on record submit" in body(refused)["message"]
    admin = step(portal, firm_principal(law_firm, "admin"), draft["filing_id"], "submit", REPRESENTED)
    assert admin.status_code == 403
    # The accused sees nothing of the firm's draft; counsel's draft page says the paralegal prepared it.
    accused = accused_principal("S8979373D", "Tan Ah Kow")
    assert body(portal.http.get(f"/api/cases/{REPRESENTED}/filings", headers=json_headers(accused)))["filings"] == []
    html = portal.http.get(f"/cases/{REPRESENTED}/filings/{draft['filing_id']}",
                           headers=session_headers(paralegal)).body.decode()
    assert "Counsel of Tan &amp; Lim LLP check it and submit it" in html and "Submit to the court" not in html

    submitted = body(step(portal, counsel, draft["filing_id"], "submit", REPRESENTED))
    assert submitted["status"] == "submitted"
    assert submitted["filed_by"] == {"name": "Lim Wei Ling", "role": "counsel", "firm_name": "Tan & Lim LLP"}
    assert submitted["on_behalf_of"] == "Tan Ah Kow"
    seen = body(portal.http.get(f"/api/cases/{REPRESENTED}/filings", headers=json_headers(accused)))["filings"]
    assert [f["filing_id"] for f in seen] == [draft["filing_id"]]
    # Filing news goes to the accused and counsel on record, never to the bailor.
    queued = events.queued()
    assert [m["body"]["kind"] for m in queued] == ["filing_received"]
    events.deliver(queued)
    from tests.fixtures.aws import sent_emails

    mails = sent_emails()
    assert sorted(m["to"][0] for m in mails) == ["ahkow@example.sg", "counsel@tanlim.example.sg"]
    assert all(m["subject"] == f"Filing received: {REPRESENTED}" for m in mails)
    assert all(draft["filing_id"] in m["body"] for m in mails)


def test_registry_officers_and_administrators_do_not_file(portal, registry_officer, law_firm):
    filing_case(portal, registry_officer, REPRESENTED, "S8979373D", law_firm=law_firm)
    assert create(portal, registry_officer, court_records(), REPRESENTED).status_code == 403
    refused = create(portal, firm_principal(law_firm, "admin"), court_records(), REPRESENTED)
    assert refused.status_code == 403 and "administrator" in body(refused)["message"]


def test_another_persons_filing_does_not_exist_for_the_caller(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    filing_case(portal, registry_officer, REPRESENTED, "S8979373D")
    mine = filed(portal, accused, court_records())
    stranger = accused_principal("S8979373D", "Tan Ah Kow")
    assert portal.http.get(f"/api/cases/{CASE}/filings/{mine['filing_id']}",
                           headers=json_headers(stranger)).status_code == 404
    assert portal.http.get(f"/api/cases/{REPRESENTED}/filings/{mine['filing_id']}",
                           headers=json_headers(stranger)).status_code == 404
    assert step(portal, stranger, mine["filing_id"], "withdraw").status_code == 404


# --- idempotency ---------------------------------------------------------------------------------


def test_the_same_key_and_body_give_the_same_filing_once(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    key = str(uuid.uuid4())
    first = create(portal, accused, court_records(), key=key)
    again = create(portal, accused, court_records(), key=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert body(again) == body(first)
    assert len(partition_items(CASE, "filing")) == 1
    different = create(portal, accused, court_records(copies=2), key=key)
    assert different.status_code == 422 and "already used for a different request" in body(different)["message"]
    # A key is the caller's own: someone else's request with it is theirs.
    filing_case(portal, registry_officer, REPRESENTED, "S8979373D")
    other = create(portal, accused_principal("S8979373D"), court_records(), REPRESENTED, key=key)
    assert other.status_code == 201


def test_a_key_reused_on_another_case_is_refused(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    filing_case(portal, registry_officer, "MAC-904322-2026", ACCUSED_NRIC)
    key = str(uuid.uuid4())
    assert create(portal, accused, court_records(), key=key).status_code == 201
    reused = create(portal, accused, court_records(), "MAC-904322-2026", key=key)
    assert reused.status_code == 422 and partition_items("MAC-904322-2026", "filing") == []


@pytest.mark.parametrize("headers,status", [({}, 400), ({"Idempotency-Key": "short"}, 422),
                                            ({"Idempotency-Key": "../../etc/passwd"}, 422)])
def test_creating_needs_a_proper_key(portal, registry_officer, accused, headers, status):
    filing_case(portal, registry_officer)
    response = portal.http.post(f"/api/cases/{CASE}/filings", headers=json_headers(accused) | headers,
                                body=json.dumps(court_records()))
    assert response.status_code == status and "Idempotency-Key" in body(response)["message"]
    assert partition_items(CASE, "filing") == []


def test_a_form_sent_twice_makes_one_draft(portal, registry_officer, accused):
    from tests.fixtures.portal import signed_in

    filing_case(portal, registry_officer)
    headers, csrf = signed_in(accused)
    form = {"type": "court_records", "records": ["judgment", "deposition"], "copies": "2", "purpose": "Appeal",
            "idempotency_key": "form-key-123456", "csrf_token": csrf}
    from urllib.parse import urlencode

    sent = [portal.http.post(f"/cases/{CASE}/filings", body=urlencode(form, doseq=True),
                             headers=headers | {"Content-Type": "application/x-www-form-urlencoded"})
            for _ in range(2)]
    assert [r.status_code for r in sent] == [303, 303]
    assert sent[0].headers["Location"] == sent[1].headers["Location"]
    [item] = partition_items(CASE, "filing")
    assert json.loads(item["details"])["records"] == ["judgment", "deposition"]


def test_a_retried_submission_with_its_key_answers_again_without_a_second_step(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    draft = body(create(portal, accused, court_records()))
    first = step(portal, accused, draft["filing_id"], "submit", key="submit-key-0001")
    again = step(portal, accused, draft["filing_id"], "submit", key="submit-key-0001")
    assert (first.status_code, again.status_code) == (200, 200)
    assert body(again)["timeline"] == body(first)["timeline"]
    assert len(partition_items(CASE, "fee")) == 1
    assert step(portal, accused, draft["filing_id"], "submit").status_code == 409


# --- the review queue ------------------------------------------------------------------------------


def test_the_queue_is_oldest_first_filtered_by_court_and_type_a_page_at_a_time(portal, registry_officer, accused,
                                                                             time_machine):
    from chalicelib.domain.clock import utc_now

    start = utc_now()
    filing_case(portal, registry_officer, bail=True)
    filing_case(portal, registry_officer, "SC-001245-2026", "S8979373D", bail=True, court="night_courts",
                events=[{"type": "night_court_hearing", "starts_at": _evening(20),
                         "venue": {"building": "State Courts Towers", "room": "Night Court 2"}}])
    night = accused_principal("S8979373D", "Tan Ah Kow")
    made = []
    for minute in range(5):
        time_machine.move_to(start + timedelta(minutes=minute), tick=False)
        who, case = (accused, CASE) if minute % 2 == 0 else (night, "SC-001245-2026")
        made.append(filed(portal, who, leave_jurisdiction(40 + minute, 41 + minute), case)["filing_id"])
    time_machine.move_to(start + timedelta(minutes=10), tick=False)
    upload = add_verified_upload(accused, CASE)
    letter = filed(portal, accused, document("other_document", upload, title="Letter"))["filing_id"]

    def queue(**query):
        from urllib.parse import urlencode

        response = portal.http.get("/api/registry/filings?" + urlencode(query), headers=json_headers(registry_officer))
        assert response.status_code == 200, response.body
        return body(response)

    assert [r["filing_id"] for r in queue()["rows"]] == made + [letter]
    assert [r["filing_id"] for r in queue(court="night_courts")["rows"]] == made[1::2]
    assert [r["filing_id"] for r in queue(type="other_document")["rows"]] == [letter]
    assert [r["filing_id"] for r in queue(court="state_courts", type="leave_jurisdiction")["rows"]] == made[0::2]

    pages, cursor, last = [], None, None
    while True:
        last = queue(limit=2, **({"cursor": cursor} if cursor else {}))
        pages.append([r["filing_id"] for r in last["rows"]])
        cursor = last["next"]
        if cursor is None:
            break
    assert pages == [made[0:2], made[2:4], [made[4], letter]]
    # And back again from the last page.
    assert [r["filing_id"] for r in queue(limit=2, cursor=last["previous"])["rows"]] == made[2:4]

    # Decided filings leave the queue; the by-type view agrees.
    decide(portal, registry_officer, letter, "accept")
    assert queue(type="other_document")["rows"] == []
    html = portal.http.get("/registry/filings?court=state_courts", headers=session_headers(registry_officer))
    assert made[0] in html.body.decode() and made[1] not in html.body.decode()


@pytest.mark.parametrize("query,status", [("?cursor=not-a-cursor", 422), ("?type=leave_to_fly", 422),
                                          ("?court=high_court", 422), ("?limit=0", 422), ("?colour=red", 422),
                                          ("?after=x", 422)])
def test_bad_queue_requests_are_named(portal, registry_officer, query, status):
    response = portal.http.get("/api/registry/filings" + query, headers=json_headers(registry_officer))
    assert response.status_code == status, response.body


def test_a_cursor_from_one_filter_is_refused_by_another(portal, registry_officer, accused):
    filing_case(portal, registry_officer, bail=True)
    for days in (40, 50, 60):
        filed(portal, accused, leave_jurisdiction(days, days + 1))
    cursor = body(portal.http.get("/api/registry/filings?limit=1", headers=json_headers(registry_officer)))["next"]
    assert cursor
    refused = portal.http.get(f"/api/registry/filings?court=state_courts&cursor={cursor}",
                              headers=json_headers(registry_officer))
    assert refused.status_code == 422 and "cursor is not one this list gave out" in body(refused)["message"]
    assert body(refused)["fields"][0]["field"] == "cursor"


# --- the seam for payments -------------------------------------------------------------------------


def test_a_payment_settles_the_fee_inside_the_payers_unit_of_work(portal, registry_officer, accused, events):
    from chalicelib.domain.audit import Actor, AuditAction
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.errors import Conflict, RuleViolation
    from chalicelib.domain.fees import Settlement
    from chalicelib.services.fees import settle_in
    from chalicelib.store import filings
    from chalicelib.store.unit_of_work import UnitOfWork

    filing_case(portal, registry_officer)
    submitted = filed(portal, accused, court_records(records=["judgment", "order"]))
    fee_id = submitted["fee"]["fee_id"]
    events.queued()

    def pay(amount: int):
        now = utc_now()
        write = UnitOfWork(Actor.system("kiosk L2-01"), now)
        filing, fee = settle_in(write, filings.read_case(CASE), fee_id,
                                Settlement.payment(amount, now, "Kiosk L2-01", "KIOSK-RCPT-0001"), by=None)
        write.audit(AuditAction.FEE_PAID, target=CASE, detail="the payer's own entry")
        write.commit()
        return filing, fee

    with pytest.raises(RuleViolation):
        pay(2000)
    filing, fee = pay(3000)
    assert (filing.status.value, fee.status.value) == ("paid", "paid")
    stored = body(portal.http.get(f"/api/cases/{CASE}/filings/{submitted['filing_id']}",
                                  headers=json_headers(accused)))
    assert stored["status"] == "paid" and stored["fee"]["payment_reference"] == "KIOSK-RCPT-0001"
    assert stored["timeline"][-1]["note"] == "S$30.00 paid, reference KIOSK-RCPT-0001."
    assert stored["timeline"][-1]["by"] == "Kiosk L2-01"
    queue = body(portal.http.get("/api/registry/filings", headers=json_headers(registry_officer)))["rows"]
    assert [r["filing_id"] for r in queue] == [submitted["filing_id"]]
    with pytest.raises(Conflict):
        pay(3000)


def _evening(days: int) -> str:
    from tests.fixtures.portal import SGT
    from datetime import datetime

    day = (datetime.now(SGT) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=SGT).isoformat()
