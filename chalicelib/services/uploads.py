"""Uploading PDFs straight to the private documents bucket, then checking them before they count.

1. ``start`` issues a ticket: a presigned POST for one object key, limited in size and type,
   encrypted at rest, valid for a few minutes. The browser (or an API client) sends the file to
   S3 itself, so no file passes through the API's 6 MB payload limit. A form without JavaScript
   posts straight to S3, which redirects back to the portal; with JavaScript the page shows the
   upload's progress and then calls the API to complete it.
2. ``complete`` reads the object back and checks it (``pdf_inspection``): size (the bucket policy
   limits it too, but moto does not enforce that), a PDF that opens, no password, and in AWS the
   malware scan's tag. Only then is the upload verified, audited with its SHA-256, and usable.
3. ``download_link`` gives a short-lived presigned GET with a safe file name, after the caller's
   access to the case has been checked by the caller of this function.
"""

import secrets
from datetime import datetime, timedelta
from typing import Callable

from botocore.exceptions import ClientError

from ..domain.base import Base
from ..aws import client
from ..domain.access import preparation_refusal
from ..domain.audit import Actor, AuditAction
from ..domain.cases import CaseFile
from ..domain.documents import MAX_PDF_BYTES, Upload, UploadStatus, content_disposition, safe_file_name
from ..domain.errors import Conflict, Forbidden, NotFound, RuleViolation
from ..domain.principals import Principal
from ..settings import get_settings
from ..store import uploads
from ..store.unit_of_work import UnitOfWork
from .pdf_inspection import check_size, inspect_pdf

# GuardDuty Malware Protection for S3 tags each scanned object with its verdict.
SCAN_TAG = "GuardDutyMalwareScanStatus"
SCAN_CLEAN = "NO_THREATS_FOUND"


class UploadTicket(Base):
    upload_id: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


def _bucket() -> str:
    return get_settings().documents_bucket


def start(principal: Principal, case: CaseFile, file_name: str, now: datetime, *,
          redirect_for: Callable[[str], str] | None = None) -> UploadTicket:
    """A ticket to upload one PDF to ``case``. ``redirect_for(upload_id)`` is where S3 sends a
    browser that posted the form without JavaScript (S3 adds ``bucket``, ``key`` and ``etag``);
    without it S3 answers 204 to a script."""
    refusal = preparation_refusal(principal, case)
    if refusal is not None:
        raise Forbidden(refusal)
    upload = Upload(upload_id=secrets.token_hex(12), case_no=case.case_no, file_name=safe_file_name(file_name),
                    uploaded_by=principal.subject_id, uploaded_by_name=principal.display_name,
                    status=UploadStatus.PENDING, created_at=now)
    uploads.start(upload, now)
    minutes = get_settings().upload_ticket_minutes
    fields = {"Content-Type": "application/pdf", "x-amz-server-side-encryption": "AES256"}
    conditions: list = [
        ["content-length-range", 1, MAX_PDF_BYTES],
        {"Content-Type": "application/pdf"},
        {"x-amz-server-side-encryption": "AES256"},
    ]
    if redirect_for is not None:
        redirect_to = redirect_for(upload.upload_id)
        fields["success_action_redirect"] = redirect_to
        conditions.append({"success_action_redirect": redirect_to})
    else:
        fields["success_action_status"] = "204"
        conditions.append({"success_action_status": "204"})
    post = client("s3").generate_presigned_post(
        Bucket=_bucket(), Key=uploads.object_key(case.case_no, upload.upload_id), Fields=fields,
        Conditions=conditions, ExpiresIn=minutes * 60,
    )
    return UploadTicket(upload_id=upload.upload_id, url=post["url"], fields=post["fields"], max_bytes=MAX_PDF_BYTES,
                        expires_at=now + timedelta(minutes=minutes))


def complete(actor: Actor, principal: Principal, case: CaseFile, upload_id: str, now: datetime) -> Upload:
    """Check the file that arrived for this ticket; verified once, the same answer after."""
    upload = uploads.get(case.case_no, upload_id)
    if upload is None or upload.uploaded_by != principal.subject_id:
        raise NotFound(f"there is no upload {upload_id} of yours for case {case.case_no}", field="upload_id")
    if upload.verified:
        return upload
    key = uploads.object_key(case.case_no, upload_id)
    s3 = client("s3")
    try:
        head = s3.head_object(Bucket=_bucket(), Key=key)
    except ClientError as error:
        raise Conflict("The file for this upload has not arrived. Choose the file and upload it again.",
                       field="file") from error
    try:
        check_size(head["ContentLength"])
    except RuleViolation:
        _discard(key)
        raise
    if get_settings().documents_require_malware_scan:
        _require_clean_scan(key)
    data = s3.get_object(Bucket=_bucket(), Key=key)["Body"].read(MAX_PDF_BYTES + 1)
    try:
        facts = inspect_pdf(data)
    except RuleViolation:
        _discard(key)
        raise
    write = UnitOfWork(actor, now)
    verified = uploads.verify_in(write, upload, facts)
    write.audit(AuditAction.DOCUMENT_UPLOADED, target=case.case_no,
                detail=f"{upload.file_name}: {facts.pages} page(s), {facts.size_bytes} bytes, sha256 {facts.sha256}")
    write.commit()
    return verified


def _require_clean_scan(key: str) -> None:
    tags = client("s3").get_object_tagging(Bucket=_bucket(), Key=key)["TagSet"]
    verdict = next((tag["Value"] for tag in tags if tag["Key"] == SCAN_TAG), None)
    if verdict is None:
        raise Conflict("The file is still being checked for viruses. Try again in a minute.", field="file")
    if verdict != SCAN_CLEAN:
        _discard(key)
        raise RuleViolation("The file could not be accepted: the virus check did not pass it. Upload a clean "
                            "copy, or call 6 JUSTICE (6587 8423) for help.", field="file")


def _discard(key: str) -> None:
    client("s3").delete_object(Bucket=_bucket(), Key=key)


def download_link(case: CaseFile, upload_id: str) -> str:
    """A presigned GET for a verified upload of ``case``; the caller checked access to the case."""
    upload = uploads.get(case.case_no, upload_id)
    if upload is None or not upload.verified:
        raise NotFound(f"case {case.case_no} has no document {upload_id}")
    return client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": _bucket(), "Key": uploads.object_key(case.case_no, upload_id),
                "ResponseContentDisposition": content_disposition(upload.file_name),
                "ResponseContentType": "application/pdf"},
        ExpiresIn=get_settings().download_link_seconds,
    )
