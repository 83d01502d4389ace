"""Uploading a PDF straight to the documents bucket, and the server's checks before it counts."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from pypdf import PdfWriter

from tests.fixtures.aws import REGION
from tests.fixtures.portal import (
    accused_principal,
    create_case,
    firm_principal,
    json_headers,
    new_case_payload,
    session_headers,
    signed_in,
)

CASE = "DAC-912345-2026"
ACCUSED = "S8979373D"


def pdf_bytes(pages: int = 2, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _body(response) -> dict:
    return json.loads(response.body)


def _ticket(portal, principal, case_no: str = CASE, file_name: str = "plea.pdf"):
    return portal.http.post(f"/api/cases/{case_no}/uploads", headers=json_headers(principal),
                            body=json.dumps({"file_name": file_name}))


def post_to_storage(ticket: dict, data: bytes, content_type: str = "application/pdf") -> requests.Response:
    """What the browser does: a multipart POST of the ticket's fields and the file, to S3."""
    return requests.post(ticket["url"], data=ticket["fields"], files={"file": ("plea.pdf", data, content_type)},
                         allow_redirects=False, timeout=10)


def _complete(portal, principal, upload_id: str, case_no: str = CASE):
    return portal.http.post(f"/api/cases/{case_no}/uploads/{upload_id}/complete", headers=json_headers(principal),
                            body=b"{}")


@pytest.fixture
def accused_case(portal, registry_officer):
    create_case(portal, registry_officer, new_case_payload(CASE, ACCUSED))
    return accused_principal(ACCUSED, "Tan Ah Kow")


def test_a_pdf_goes_straight_to_storage_and_counts_once_checked(portal, accused_case, aws):
    response = _ticket(portal, accused_case)
    assert response.status_code == 201, response.body
    ticket = _body(response)
    assert ticket["max_bytes"] == 20 * 1024 * 1024
    assert ticket["fields"]["x-amz-server-side-encryption"] == "AES256"
    assert ticket["url"].startswith(aws)  # the bucket, not the portal
    data = pdf_bytes(3)
    assert post_to_storage(ticket, data).status_code == 204

    done = _complete(portal, accused_case, ticket["upload_id"])
    assert done.status_code == 200, done.body
    upload = _body(done)
    assert (upload["status"], upload["pages"], upload["size_bytes"]) == ("verified", 3, len(data))
    import hashlib
    assert upload["sha256"] == hashlib.sha256(data).hexdigest()
    assert upload["file_name"] == "plea.pdf"
    # Completing again gives the same answer and writes nothing more.
    assert _body(_complete(portal, accused_case, ticket["upload_id"])) == upload

    link = portal.http.get(f"/api/cases/{CASE}/documents/{ticket['upload_id']}", headers=session_headers(accused_case))
    assert link.status_code == 200
    url = _body(link)["url"]
    query = parse_qs(urlsplit(url).query)
    assert query["response-content-disposition"] == ["attachment; filename=\"plea.pdf\"; filename*=UTF-8''plea.pdf"]
    assert requests.get(url, timeout=10).content == data


@pytest.mark.parametrize("data,message", [
    (b"", "The file is empty"),
    (b"GIF89a this is really an image", "is not a PDF"),
    (b"%PDF-1.7\n this is not really a pdf at all", "could not be opened"),
    (None, "protected by a password"),
])
def test_a_file_that_is_not_a_usable_pdf_is_refused_and_removed(portal, accused_case, aws, data, message):
    ticket = _body(_ticket(portal, accused_case))
    body = pdf_bytes(1, password="secret") if data is None else data
    if body:
        assert post_to_storage(ticket, body).status_code == 204
    else:  # S3 refuses an empty file by the ticket's size range; put it by hand to test the server
        boto3.client("s3", endpoint_url=aws, region_name=REGION).put_object(
            Bucket="icms-dev-documents-123456789012", Key=f"cases/{CASE}/uploads/{ticket['upload_id']}.pdf", Body=b"")
    response = _complete(portal, accused_case, ticket["upload_id"])
    assert response.status_code == 422
    assert message in _body(response)["message"]
    assert _body(response)["fields"][0]["field"] == "file"
    s3 = boto3.client("s3", endpoint_url=aws, region_name=REGION)
    key = f"cases/{CASE}/uploads/{ticket['upload_id']}.pdf"
    listed = s3.list_objects_v2(Bucket="icms-dev-documents-123456789012", Prefix=key).get("Contents", [])
    assert listed == []
    link = portal.http.get(f"/api/cases/{CASE}/documents/{ticket['upload_id']}", headers=session_headers(accused_case))
    assert link.status_code == 404


def test_an_oversized_file_is_refused_by_the_server_too(portal, accused_case, aws):
    # moto does not enforce the ticket's size range, so the server must.
    ticket = _body(_ticket(portal, accused_case))
    big = pdf_bytes(1) + b"\n%" + b"0" * (20 * 1024 * 1024)
    assert post_to_storage(ticket, big).status_code == 204
    response = _complete(portal, accused_case, ticket["upload_id"])
    assert response.status_code == 422
    assert "the limit is 20.0 MB" in _body(response)["message"]


def test_an_upload_that_never_arrived_is_a_clear_conflict(portal, accused_case):
    ticket = _body(_ticket(portal, accused_case))
    response = _complete(portal, accused_case, ticket["upload_id"])
    assert response.status_code == 409
    assert "has not arrived" in _body(response)["message"]


def test_only_the_uploader_completes_it_and_only_those_who_may_file_upload(portal, accused_case, registry_officer,
                                                                        law_firm):
    ticket = _body(_ticket(portal, accused_case))
    other = accused_principal("S8116474F", "Lee Ah Beng")
    assert _complete(portal, other, ticket["upload_id"]).status_code == 404  # not their case
    # A represented accused prepares nothing: their lawyer files for them.
    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    refused = _ticket(portal, accused_case)
    assert refused.status_code == 403
    assert "on record as your lawyer" in _body(refused)["message"]
    for key in ("counsel", "paralegal"):
        assert _ticket(portal, firm_principal(law_firm, key)).status_code == 201


def test_without_javascript_the_form_posts_to_storage_which_sends_the_browser_back(portal, accused_case):
    headers, _ = signed_in(accused_case)
    page = portal.http.get(f"/cases/{CASE}/upload?next=/cases/{CASE}", headers=headers)
    assert page.status_code == 200
    html = page.body.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="success_action_redirect"' in html
    import re
    action = re.search(r"<form method=\"post\" action=\"([^\"]+)\" enctype=\"multipart/form-data\"", html).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    fields = {k: v.replace("&amp;", "&") for k, v in fields.items()}
    stored = post_to_storage({"url": action, "fields": fields}, pdf_bytes(1))
    assert stored.status_code == 303
    back = urlsplit(stored.headers["Location"])
    assert back.path.endswith("/arrived") and back.path.startswith(f"/cases/{CASE}/uploads/")
    arrived = portal.http.get(f"{back.path}?{back.query}", headers=headers)
    assert arrived.status_code == 303
    upload_id = back.path.split("/")[4]
    assert arrived.headers["Location"] == f"/cases/{CASE}?upload={upload_id}"


def test_the_next_page_is_always_one_of_the_cases_own(portal, accused_case):
    headers, _ = signed_in(accused_case)
    page = portal.http.get(f"/cases/{CASE}/upload?next=https://evil.example/steal", headers=headers)
    assert "evil.example" not in page.body.decode()


def test_the_content_security_policy_lets_forms_post_to_the_bucket(portal, accused_case, aws):
    headers, _ = signed_in(accused_case)
    policy = portal.http.get(f"/cases/{CASE}/upload", headers=headers).headers["Content-Security-Policy"]
    assert f"form-action 'self' {aws}" in policy and f"connect-src 'self' {aws}" in policy


@pytest.mark.parametrize("file_name", ["photo.jpg", "statement.pdf.exe", "", "   "])
def test_a_file_not_named_as_a_pdf_is_refused_before_any_ticket(portal, accused_case, file_name):
    response = _ticket(portal, accused_case, file_name=file_name)
    assert response.status_code == 422
    assert _body(response)["fields"][0]["field"] == "file_name"
