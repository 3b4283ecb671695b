"""Resume files (PDF, DOCX, plain text) to an :class:`ExtractedDocument`.

The kind is sniffed from the bytes, never trusted from the file name. Every problem a user
can cause ends in one of the typed errors of :mod:`.errors`; hidden text is left out of the
document text and reported beside it.
"""

from __future__ import annotations

from hireflow.resumes.document import ExtractedDocument, HiddenText, LayoutHazard
from hireflow.resumes.extraction.docx import read_docx
from hireflow.resumes.extraction.errors import (
    RESUME_ERRORS,
    CorruptResume,
    EmptyResume,
    EncryptedResume,
    ResumeTooLarge,
    ScannedResume,
    UnsafeArchive,
    UnsupportedResumeType,
)
from hireflow.resumes.extraction.normalize import (
    count_words,
    detect_language,
    join_pages,
    normalise_text,
)
from hireflow.resumes.extraction.pdf import read_pdf
from hireflow.resumes.extraction.sniff import MIME_TYPES, sniff_resume
from hireflow.resumes.extraction.text import normalise_typography, strip_invisible_characters

__all__ = [
    "RESUME_ERRORS",
    "CorruptResume",
    "EmptyResume",
    "EncryptedResume",
    "ResumeTooLarge",
    "ScannedResume",
    "UnsafeArchive",
    "UnsupportedResumeType",
    "extract_document",
]

MAX_RESUME_BYTES = 10 * 1024 * 1024
MAX_RESUME_CHARS = 300_000  # about 50,000 words: a hundred pages, far beyond any resume


def extract_document(
    data: bytes,
    filename: str | None = None,
    *,
    max_bytes: int = MAX_RESUME_BYTES,
    max_chars: int = MAX_RESUME_CHARS,
) -> ExtractedDocument:
    """The text, layout hazards and hidden text of one resume file.

    ``filename`` is only used in messages; the kind comes from the bytes. Text longer than
    ``max_chars`` is refused too: it bounds the work of parsing and of every later reader.
    """
    label = f"{filename!r} " if filename else ""
    if len(data) > max_bytes:
        raise ResumeTooLarge(
            f"The file {label}is {_size(len(data))}; the limit is {_size(max_bytes)}.",
            details={"size": len(data), "limit": max_bytes},
        )
    if not data.strip():
        raise EmptyResume(f"The file {label}is empty.")
    sniffed = sniff_resume(data)
    hidden: list[HiddenText] = []
    hazards: list[LayoutHazard] = []
    links: list[str] = []
    corrections: list[str] = []
    metadata: list[str] = []
    raw_pages: list[str]
    if sniffed.kind == "pdf":
        pdf = read_pdf(data)
        raw_pages = ["\n".join(line.text for line in lines) for lines in pdf.pages]
        hidden.extend(pdf.hidden)
        hazards.extend(pdf.hazards)
        links.extend(pdf.links)
        corrections.extend(pdf.corrections)
        metadata.extend(pdf.metadata)
    elif sniffed.kind == "docx":
        docx = read_docx(data)
        raw_pages = ["\n".join(lines) for lines in docx.pages]
        hidden.extend(docx.hidden)
        hazards.extend(docx.hazards)
        links.extend(docx.links)
        metadata.extend(docx.metadata)
    else:
        raw_pages = [sniffed.text or ""]
    pages: list[str] = []
    for number, raw in enumerate(raw_pages, start=1):
        visible, invisible = strip_invisible_characters(
            raw, page=number if sniffed.kind != "txt" else None
        )
        hidden.extend(invisible)
        visible, repaired = normalise_typography(visible)
        corrections.extend(note for note in repaired if note not in corrections)
        pages.append(normalise_text(visible))
    text, offsets = join_pages(pages)
    if not text:
        raise EmptyResume(f"The file {label}contains no readable text.")
    if len(text) > max_chars:
        raise ResumeTooLarge(
            f"The file {label}holds {len(text):,} characters of text; a resume has at most "
            f"{max_chars:,}.",
            details={"characters": len(text), "limit": max_chars},
        )
    return ExtractedDocument(
        text=text,
        kind=sniffed.kind,
        mime_type=MIME_TYPES[sniffed.kind],
        page_count=len(pages),
        page_offsets=offsets,
        word_count=count_words(text),
        language=detect_language(text),
        hazards=tuple(hazards),
        hidden_text=tuple(hidden),
        links=_clickable(links),
        corrections=tuple(dict.fromkeys(corrections)),
        metadata=tuple(metadata),
    )


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count} bytes"


def _clickable(targets: list[str]) -> tuple[str, ...]:
    """http(s) and mailto targets, once each; others (javascript:, file:) are dropped."""
    seen: dict[str, None] = {}
    for target in targets:
        target = target.strip()
        if target.lower().startswith(("http://", "https://", "mailto:")) and len(target) <= 2048:
            seen.setdefault(target, None)
    return tuple(seen)
