"""Uploading a PDF to a case and downloading a case's documents, as pages and as JSON.

A filing or request page sends people to ``/cases/{case_no}/upload?next=<its own path>``; once the
file is in and checked, they come back to ``next`` with ``?upload=<upload_id>`` added.
"""

from urllib.parse import urlencode, urlsplit

from pydantic import Field, ValidationError, field_validator

from ..domain.base import Base
from ..domain.commands import Command
from ..domain.documents import Upload
from ..domain.errors import DomainError
from ..domain.principals import PARTY_ROLES, Role
from ..services import case_views, uploads
from ..settings import get_settings
from .errors import describe
from .routing import Call, Page, RouteGroup, api, page, redirect

documents = RouteGroup(__name__)
PREPARERS = PARTY_ROLES
CASE_READERS = PARTY_ROLES | {Role.REGISTRY}
CREATED = 201


class UploadRequest(Command):
    file_name: str = Field(min_length=1, max_length=255)

    @field_validator("file_name")
    @classmethod
    def _named_as_a_pdf(cls, name: str) -> str:
        # The bytes are checked once they arrive; a name that says "not a PDF" is refused at once.
        if not name.strip().lower().endswith(".pdf"):
            raise ValueError(f"only PDF files are taken, and {name.strip()!r} is not named as one; save or scan "
                             "the document as a PDF and choose that file")
        return name


class UploadOut(Base):
    upload_id: str
    case_no: str
    file_name: str
    status: str
    uploaded_by_name: str
    size_bytes: int | None
    pages: int | None
    sha256: str | None

    @classmethod
    def of(cls, upload: Upload) -> "UploadOut":
        facts = upload.facts
        return cls(upload_id=upload.upload_id, case_no=upload.case_no, file_name=upload.file_name,
                   status=upload.status.value, uploaded_by_name=upload.uploaded_by_name,
                   size_bytes=facts.size_bytes if facts else None, pages=facts.pages if facts else None,
                   sha256=facts.sha256 if facts else None)


class DownloadOut(Base):
    url: str
    expires_in_seconds: int


def _next_path(call: Call, case_no: str) -> str:
    """Where to go once the file is in: a path of this case's pages, never another site."""
    wanted = (call.request.query_params or {}).get("next", "")
    parts = urlsplit(wanted)
    if parts.scheme or parts.netloc or not parts.path.startswith(f"/cases/{case_no}"):
        return f"/cases/{case_no}"
    return wanted


def _with_upload(path: str, upload_id: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{urlencode({'upload': upload_id})}"


# --- JSON ----------------------------------------------------------------------------------------


@api(documents, "/api/cases/{case_no}/uploads", roles=PREPARERS, methods=("POST",), body=UploadRequest,
     returns=uploads.UploadTicket, status=CREATED)
def start_upload_json(call: Call, case_no: str):
    case = case_views.case_for(call.caller, case_no)
    return CREATED, uploads.start(call.caller, case, call.json(UploadRequest).file_name, call.now)


@api(documents, "/api/cases/{case_no}/uploads/{upload_id}/complete", roles=PREPARERS, methods=("POST",),
     returns=UploadOut)
def complete_upload_json(call: Call, case_no: str, upload_id: str):
    case = case_views.case_for(call.caller, case_no)
    return UploadOut.of(uploads.complete(call.actor, call.caller, case, upload_id, call.now))


@api(documents, "/api/cases/{case_no}/documents/{upload_id}", roles=CASE_READERS, returns=DownloadOut)
def download_json(call: Call, case_no: str, upload_id: str):
    case = case_views.case_for(call.caller, case_no)
    return DownloadOut(url=uploads.download_link(case, upload_id),
                       expires_in_seconds=get_settings().download_link_seconds)


# --- pages ---------------------------------------------------------------------------------------


def _upload_page(call: Call, case, next_path: str, problem: str | None = None, status: int = 200) -> Page:
    def arrived(upload_id: str) -> str:
        return (f"{get_settings().public_base_url}/cases/{case.case_no}/uploads/{upload_id}/arrived?"
                + urlencode({"next": next_path}))

    # The browser names the file only when it posts it; S3 keeps it under the upload's own key.
    ticket = uploads.start(call.caller, case, "document.pdf", call.now, redirect_for=arrived)
    return Page("pages/upload.html", {"case": case, "ticket": ticket, "next_path": next_path,
                                      "problem": problem}, status=status)


@page(documents, "/cases/{case_no}/upload", roles=PREPARERS)
def upload_page(call: Call, case_no: str):
    case = case_views.case_for(call.caller, case_no)
    return _upload_page(call, case, _next_path(call, case.case_no))


@page(documents, "/cases/{case_no}/uploads/{upload_id}/arrived", roles=PREPARERS)
def upload_arrived_page(call: Call, case_no: str, upload_id: str):
    """Where S3 sends the browser after a form upload without JavaScript."""
    case = case_views.case_for(call.caller, case_no)
    next_path = _next_path(call, case.case_no)
    try:
        uploads.complete(call.actor, call.caller, case, upload_id, call.now)
    except (DomainError, ValidationError) as error:
        status, body = describe(error)
        return _upload_page(call, case, next_path, problem=body["message"], status=status)
    return redirect(_with_upload(next_path, upload_id))


@page(documents, "/cases/{case_no}/documents/{upload_id}", roles=CASE_READERS)
def download_page(call: Call, case_no: str, upload_id: str):
    case = case_views.case_for(call.caller, case_no)
    return redirect(uploads.download_link(case, upload_id))
