"""Filing without JavaScript: choose, upload, fill in, check, submit; and the registry's pages."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.fixtures.filings import ACCUSED_NRIC, CASE, court_records, filed, filing_case, in_days
from tests.fixtures.portal import accused_principal, signed_in

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def accused(aws):
    return accused_principal(ACCUSED_NRIC, "Lee Ah Beng")


def _post(portal, principal, path: str, fields: dict):
    headers, csrf = signed_in(principal)
    return portal.http.post(path, headers=headers | FORM, body=urlencode({**fields, "csrf_token": csrf}, doseq=True))


def _get(portal, principal, path: str):
    return portal.http.get(path, headers=signed_in(principal)[0])


def _hidden(html: str) -> dict[str, str]:
    return {k: v.replace("&amp;", "&") for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                                                               html)}


def test_choosing_what_to_file_says_why_a_type_is_not_available(portal, registry_officer, accused):
    filing_case(portal, registry_officer, bail=True)
    html = _get(portal, accused, f"/cases/{CASE}/filings/new").body.decode()
    assert f'href="/cases/{CASE}/filings/new/leave_jurisdiction"' in html
    assert f'href="/cases/{CASE}/filings/new/mitigation_plea"' not in html
    assert "only after the accused has pleaded guilty" in html
    assert _get(portal, accused, f"/cases/{CASE}/filings/new/leave_to_fly").status_code == 404
    refused = _get(portal, accused, f"/cases/{CASE}/filings/new/case_for_the_defence")
    assert refused.status_code == 422 and "not in the Criminal Case Disclosure Conference" in refused.body.decode()


def test_a_form_with_mistakes_comes_back_with_each_problem_by_its_field_and_the_values_kept(portal,
                                                                                          registry_officer, accused):
    filing_case(portal, registry_officer, bail=True)
    form = _get(portal, accused, f"/cases/{CASE}/filings/new/leave_jurisdiction").body.decode()
    assert 'value="Lee Ah Huat"' in form  # the bailor, from the court's record
    assert "Next court date:" in form
    fields = {**_hidden(form), "destination": "Kuala Lumpur", "departure_date": in_days(30),
              "return_date": in_days(20), "purpose": "A wedding", "bailor_name": "Lee Ah Huat"}
    refused = _post(portal, accused, f"/cases/{CASE}/filings", fields)
    html = refused.body.decode()
    assert refused.status_code == 422
    assert 'href="#field-return_date"' in html and "must be on or after the departure date" in html
    assert 'href="#field-bailor_consents"' in html
    assert 'value="Kuala Lumpur"' in html and 'aria-invalid="true"' in html


def test_a_document_is_uploaded_filed_and_submitted_without_javascript(portal, registry_officer, accused):
    from tests.api.test_uploads import pdf_bytes, post_to_storage

    filing_case(portal, registry_officer)
    form_path = f"/cases/{CASE}/filings/new/written_submissions"
    form = _get(portal, accused, form_path).body.decode()
    upload_link = re.search(r'href="(/cases/[^"]+/upload\?next=[^"]+)"', form).group(1).replace("&amp;", "&")
    upload_page = _get(portal, accused, upload_link).body.decode()
    action = re.search(r'<form method="post" action="([^"]+)" enctype="multipart/form-data"', upload_page).group(1)
    stored = post_to_storage({"url": action, "fields": _hidden(upload_page)}, pdf_bytes(3))
    back = urlsplit(stored.headers["Location"])
    arrived = _get(portal, accused, f"{back.path}?{back.query}")
    returned = urlsplit(arrived.headers["Location"])
    assert returned.path == form_path
    query = parse_qs(returned.query)
    assert query["slot"] == ["document"] and len(query["upload"][0]) == 24

    form = _get(portal, accused, f"{returned.path}?{returned.query}").body.decode()
    assert "3 pages" in form
    fields = {**_hidden(form), "title": "Submissions on bail", "note": ""}
    assert fields["documents.document"] == query["upload"][0]
    made = _post(portal, accused, f"/cases/{CASE}/filings", fields)
    assert made.status_code == 303
    filing_path = made.headers["Location"]
    page = _get(portal, accused, filing_path).body.decode()
    assert "Draft" in page and "Submit to the court" in page and "No fee is charged" in page

    submitted = _post(portal, accused, filing_path + "/submit", _hidden(page) | {})
    assert submitted.status_code == 303 and submitted.headers["Location"] == filing_path
    page = _get(portal, accused, filing_path).body.decode()
    assert 'id="filing-status">Submitted<' in page and "Submitted to the court by Lee Ah Beng" in page
    assert "Written submissions: Submissions on bail" in _get(portal, accused, f"/cases/{CASE}").body.decode()


def test_the_registry_works_the_queue_with_forms(portal, registry_officer, accused):
    filing_case(portal, registry_officer)
    submitted = filed(portal, accused, court_records())
    path = f"/cases/{CASE}/filings/{submitted['filing_id']}"
    page = _get(portal, registry_officer, path).body.decode()
    assert "Waive the fee" in page and "Start review" not in page
    assert _post(portal, registry_officer, f"/cases/{CASE}/fees/{submitted['fee']['fee_id']}/waive",
                 {"reason": "Hardship"}).status_code == 303
    queue = _get(portal, registry_officer, "/registry/filings?court=&type=court_records").body.decode()
    assert submitted["filing_id"] in queue
    assert _post(portal, registry_officer, path + "/decision", {"decision": "start_review"}).status_code == 303
    refused = _post(portal, registry_officer, path + "/decision", {"decision": "reject", "reason": ""})
    assert refused.status_code == 422 and "Give the reasons" in refused.body.decode()
    assert _post(portal, registry_officer, path + "/decision",
                 {"decision": "approve", "reason": "Collect at the Service Hub"}).status_code == 303
    page = _get(portal, registry_officer, path).body.decode()
    assert 'id="filing-status">Approved<' in page and "Collect at the Service Hub" in page
    illegal = _post(portal, registry_officer, path + "/decision", {"decision": "approve"})
    assert illegal.status_code == 409 and "approved" in illegal.body.decode()
    accused_view = _get(portal, accused, path).body.decode()
    assert "The registry waived the fee." in accused_view and "Hardship" in accused_view


def test_the_registry_records_the_date_for_the_case_for_the_defence_on_the_case_page(portal, registry_officer,
                                                                                  accused):
    from datetime import date, timedelta

    filing_case(portal, registry_officer, ccdc_due=date.today() + timedelta(days=10))
    page = _get(portal, registry_officer, f"/cases/{CASE}").body.decode()
    assert 'action="/cases/' + CASE + '/defence-case-due"' in page
    later = (date.today() + timedelta(days=20)).isoformat()
    assert _post(portal, registry_officer, f"/cases/{CASE}/defence-case-due", {"due_on": later}).status_code == 303
    html = _get(portal, accused, f"/cases/{CASE}").body.decode()
    assert "Case for the Defence due on" in html
    bad = _post(portal, registry_officer, f"/cases/{CASE}/defence-case-due", {"due_on": "tomorrow"})
    assert bad.status_code == 422
