"""Reading an uploaded file back to decide whether it is a PDF the court can use."""

from __future__ import annotations

import hashlib
import io

from ..domain.documents import MAX_PDF_BYTES, PdfFacts
from ..domain.errors import RuleViolation

_PDF_MAGIC = b"%PDF-"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(size: int) -> None:
    if size == 0:
        raise RuleViolation("The file is empty. Choose the PDF again and upload it.", field="file")
    if size > MAX_PDF_BYTES:
        raise RuleViolation(f"The file is {_megabytes(size)}; the limit is {_megabytes(MAX_PDF_BYTES)}. "
                            "Reduce its size (for example, scan in black and white) and upload it again.",
                            field="file")


def inspect_pdf(data: bytes) -> PdfFacts:
    """The file's size, page count and SHA-256, or a RuleViolation saying what is wrong with it
    in words the person uploading it can act on."""
    check_size(len(data))
    # A PDF may carry a few bytes of junk before its header; readers accept up to 1 KB of it.
    if _PDF_MAGIC not in data[:1024]:
        raise RuleViolation("The file is not a PDF, whatever its name says. Save or scan it as a PDF "
                            "and upload it again.", field="file")
    # Imported here: only the requests that complete an upload open PDFs.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as error:  # noqa: BLE001 - a damaged file can fail pypdf in many ways
        raise RuleViolation("The PDF could not be opened; it may be damaged. Save it again as a PDF and "
                            "upload it again.", field="file") from error
    if encrypted:
        raise RuleViolation("The PDF is protected by a password. Save a copy without the password and "
                            "upload that.", field="file")
    if pages == 0:
        raise RuleViolation("The PDF has no pages. Check that you chose the right file.", field="file")
    return PdfFacts(size_bytes=len(data), pages=pages, sha256=hashlib.sha256(data).hexdigest())
