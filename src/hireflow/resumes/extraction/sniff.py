"""What a file really is, from its bytes (never from its name)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype

from hireflow.resumes.document import DocumentKind
from hireflow.resumes.extraction.errors import CorruptResume, EncryptedResume, UnsupportedResumeType
from hireflow.resumes.extraction.text import decode_plain_text

MIME_TYPES: dict[DocumentKind, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_SUPPORTED = "Upload the resume as PDF, DOCX or plain text."
# Zip-based formats a recruiter may upload by mistake, named by a part only they contain.
_OTHER_ZIP_FORMATS = (
    ("xl/workbook.xml", "an Excel spreadsheet (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods)"),
)
_OLE_FORMATS = (
    ("WordDocument", "a legacy Word document (.doc)"),
    ("Workbook", "a legacy Excel spreadsheet (.xls)"),
    ("PowerPoint Document", "a legacy PowerPoint presentation (.ppt)"),
)
_KNOWN_BINARIES = {
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/gif": "a GIF image",
    "image/tiff": "a TIFF image",
    "image/webp": "a WebP image",
    "image/heic": "a HEIC photo",
    "application/rtf": "a Rich Text Format document (.rtf)",
    "application/x-rar-compressed": "a RAR archive",
    "application/x-7z-compressed": "a 7-Zip archive",
    "application/gzip": "a gzip archive",
    "application/x-msdownload": "a Windows executable",
    "application/x-executable": "a Linux executable",
    "application/x-mach-binary": "a macOS executable",
    "application/x-sh": "a shell script",
}


@dataclass(frozen=True, slots=True)
class SniffedFile:
    kind: DocumentKind
    text: str | None = None  # decoded text for plain-text files
    encoding: str | None = None


def sniff_resume(data: bytes) -> SniffedFile:
    """The resume kind of ``data``, or a typed error naming what the file actually is."""
    if data.lstrip()[:5] == b"%PDF-":
        return SniffedFile(kind="pdf")
    if data.startswith(_ZIP_MAGICS):
        return SniffedFile(kind=_sniff_zip(data))
    if data.startswith(_OLE_MAGIC):
        _reject_ole(data)
    guess = filetype.guess(data)
    if guess is not None:
        what = _KNOWN_BINARIES.get(guess.mime, f"a {guess.mime} file (.{guess.extension})")
        raise UnsupportedResumeType(
            f"This file is {what}, not a resume document. {_SUPPORTED}",
            details={"detected": guess.mime},
        )
    if data.startswith((b"MZ", b"\x7fELF")):
        raise UnsupportedResumeType(f"This file is an executable program. {_SUPPORTED}")
    decoded = decode_plain_text(data)
    if decoded is None and b"%PDF-" in data[:1024]:
        return SniffedFile(kind="pdf")  # a PDF with leading junk, which readers accept
    if decoded is None:
        raise UnsupportedResumeType(
            f"This file is binary data of an unknown type, not a resume document. {_SUPPORTED}"
        )
    return SniffedFile(kind="txt", text=decoded.text, encoding=decoded.encoding)


def _sniff_zip(data: bytes) -> DocumentKind:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptResume(
            "The file looks like a Word document (zip) but it is damaged or truncated."
        ) from exc
    except NotImplementedError as exc:  # a zip feature newer than the reader (e.g. version 6.4)
        raise UnsupportedResumeType(
            "The file is a zip archive written with a feature this reader does not support. "
            "Save it as DOCX or PDF and upload it again."
        ) from exc
    if "word/document.xml" in names:
        return "docx"
    for part, what in _OTHER_ZIP_FORMATS:
        if part in names:
            raise UnsupportedResumeType(f"This file is {what}, not a resume document. {_SUPPORTED}")
    raise UnsupportedResumeType(f"This file is a zip archive, not a resume document. {_SUPPORTED}")


def _reject_ole(data: bytes) -> None:
    """OLE compound files: encrypted Office documents, or legacy Office formats."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedResume(
            "This Word document is password-protected. Remove the password and upload it again."
        )
    for stream, what in _OLE_FORMATS:
        if stream.encode("utf-16-le") in data:
            raise UnsupportedResumeType(
                f"This file is {what}. Save it as DOCX or PDF and upload it again."
            )
    raise UnsupportedResumeType(
        f"This file is a Microsoft compound document of an unsupported kind. {_SUPPORTED}"
    )
