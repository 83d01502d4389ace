"""Uploaded documents: ``CASE#<case_no>`` / ``UPLOAD#<upload_id>``, in the case's own partition.

Keeping them beside the case means the case page lists its documents in the same Query, and a
filing can check in its own transaction that the upload it refers to is verified and belongs to
the case. A ticket that was never used expires by the table's TTL; a verified upload stays.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.documents import PdfFacts, Upload, UploadStatus
from ..domain.errors import Conflict
from .keys import case_pk, upload_sk
from .table import Entity
from .unit_of_work import UnitOfWork

# An unused ticket's record outlives the ticket itself by far, then goes.
PENDING_KEPT_FOR = timedelta(days=1)


class UploadItem(Entity, discriminator="upload"):
    upload_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    file_name = UnicodeAttribute()
    object_key = UnicodeAttribute()
    uploaded_by = UnicodeAttribute()
    uploaded_by_name = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    size_bytes = NumberAttribute(null=True)
    pages = NumberAttribute(null=True)
    sha256 = UnicodeAttribute(null=True)


def object_key(case_no: str, upload_id: str) -> str:
    return f"cases/{case_no}/uploads/{upload_id}.pdf"


def to_upload(item: UploadItem) -> Upload:
    facts = None
    if item.sha256 is not None:
        facts = PdfFacts(size_bytes=int(item.size_bytes), pages=int(item.pages), sha256=item.sha256)
    return Upload(upload_id=item.upload_id, case_no=item.case_no, file_name=item.file_name,
                  uploaded_by=item.uploaded_by, uploaded_by_name=item.uploaded_by_name,
                  status=UploadStatus(item.status), created_at=item.created_at, facts=facts)


def start(upload: Upload, now: datetime) -> None:
    UploadItem(
        case_pk(upload.case_no), upload_sk(upload.upload_id),
        upload_id=upload.upload_id, case_no=upload.case_no, file_name=upload.file_name,
        object_key=object_key(upload.case_no, upload.upload_id), uploaded_by=upload.uploaded_by,
        uploaded_by_name=upload.uploaded_by_name, status=upload.status.value, created_at=upload.created_at,
        expires_at=now + PENDING_KEPT_FOR,
    ).save(condition=UploadItem.pk.does_not_exist())


def get(case_no: str, upload_id: str) -> Upload | None:
    try:
        return to_upload(UploadItem.get(case_pk(case_no), upload_sk(upload_id), consistent_read=True))
    except UploadItem.DoesNotExist:
        return None


def verify_in(write: UnitOfWork, upload: Upload, facts: PdfFacts) -> Upload:
    """Record the checked facts; only a pending upload becomes verified, and it then stays."""
    write.update(
        UploadItem(case_pk(upload.case_no), upload_sk(upload.upload_id)),
        [UploadItem.status.set(UploadStatus.VERIFIED.value), UploadItem.size_bytes.set(facts.size_bytes),
         UploadItem.pages.set(facts.pages), UploadItem.sha256.set(facts.sha256), UploadItem.expires_at.remove()],
        UploadItem.status == UploadStatus.PENDING.value,
        refused=Conflict("This upload was already completed; reload the page."),
    )
    return upload.model_copy(update={"status": UploadStatus.VERIFIED, "facts": facts})


def require_verified_in(write: UnitOfWork, case_no: str, upload_id: str, *, field: str = "upload_id") -> None:
    """For a filing or request that refers to an upload: it must be verified and of this case.
    ``field`` names the input that referred to it, for the refusal."""
    write.check(UploadItem, case_pk(case_no), upload_sk(upload_id),
                UploadItem.status == UploadStatus.VERIFIED.value,
                refused=Conflict(f"The document {upload_id} has not been uploaded and checked for case {case_no}.",
                                 field=field))
