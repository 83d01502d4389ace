"""Documents people upload to a case: PDF only, within a size limit, checked before they count.

An upload starts as a ticket to put one file straight into the private documents bucket; it
counts only once the server has read the bytes back and found a PDF it can open, unencrypted,
within the limit (and, in AWS, tagged clean by the malware scan). Filings and requests then refer
to the verified upload by its id.
"""

import re
import unicodedata
from datetime import datetime
from enum import Enum
from urllib.parse import quote

from pydantic import ConfigDict

from .base import Base

# A generous limit for scanned court documents; the bucket policy and the server both enforce it.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_FILE_NAME = 100


class UploadStatus(str, Enum):
    PENDING = "pending"  # a ticket was issued; the file may or may not have arrived
    VERIFIED = "verified"  # read back and checked: a PDF the portal accepts


class PdfFacts(Base):
    model_config = ConfigDict(frozen=True)

    size_bytes: int
    pages: int
    sha256: str


class Upload(Base):
    model_config = ConfigDict(frozen=True)

    upload_id: str
    case_no: str
    file_name: str
    uploaded_by: str  # the subject id of the person who uploaded it
    uploaded_by_name: str
    status: UploadStatus
    created_at: datetime
    facts: PdfFacts | None = None  # set once verified

    @property
    def verified(self) -> bool:
        return self.status is UploadStatus.VERIFIED


_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()-]+")


def safe_file_name(name: str) -> str:
    """A file name fit to show and to offer as a download: no path, no control or unusual
    characters, at most ``MAX_FILE_NAME`` characters, ending in ``.pdf``."""
    base = re.split(r"[\\/]", name or "")[-1]
    ascii_only = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("_", ascii_only).strip(" ._") or "document"
    stem = cleaned[:-4] if cleaned.lower().endswith(".pdf") else cleaned
    return stem[: MAX_FILE_NAME - 4].rstrip(" ._") + ".pdf"


def content_disposition(name: str) -> str:
    """``attachment`` with the safe name, and the same in RFC 5987 form for strict clients."""
    safe = safe_file_name(name)
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(safe)}"
