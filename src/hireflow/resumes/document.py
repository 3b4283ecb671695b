"""What hireflow knows about one resume file after extraction and parsing.

This is the contract between the extractor/parser (``resumes.extraction``, ``resumes.parsing``)
and everything that reads resumes (reviews, fit scoring, the UI). Offsets are character
offsets into ``ExtractedDocument.text`` (end exclusive). Dates are ``YYYY-MM`` strings
(``YYYY`` when only the year is known).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["pdf", "docx", "txt"]
Language = Literal["en", "ja", "mixed", "unknown"]
SectionType = Literal[
    "contact",
    "summary",
    "experience",
    "education",
    "skills",
    "certifications",
    "projects",
    "achievements",
    "other",
]
SECTION_TYPES: tuple[SectionType, ...] = (
    "contact",
    "summary",
    "experience",
    "education",
    "skills",
    "certifications",
    "projects",
    "achievements",
    "other",
)
HazardKind = Literal[
    "table",
    "multi_column",
    "image",
    "header_footer_content",
    "text_box",
    "unusual_heading",
    "scanned_page",
]
HiddenKind = Literal[
    "white_text",
    "tiny_text",
    "off_page",
    "under_image",
    "invisible_render",
    "zero_width",
]


@dataclass(frozen=True, slots=True)
class LayoutHazard:
    """Something in the file's layout that applicant-tracking systems often mis-read."""

    kind: HazardKind
    detail: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class HiddenText:
    """Text a human reader would not see but a machine would (a prompt-injection vector)."""

    kind: HiddenKind
    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    text: str
    kind: DocumentKind
    mime_type: str
    page_count: int
    page_offsets: tuple[int, ...]  # offset in ``text`` where each page starts
    word_count: int
    language: Language
    hazards: tuple[LayoutHazard, ...] = ()
    hidden_text: tuple[HiddenText, ...] = ()
    # Hidden text is NOT part of ``text``; it is reported here so it can be flagged.
    links: tuple[str, ...] = ()
    # Targets of clickable links (PDF link annotations, DOCX hyperlinks), which the text often
    # shows only as "LinkedIn" or an icon: http(s) and mailto only, in document order.
    corrections: tuple[str, ...] = ()
    # What extraction repaired so the text reads as printed ("soft hyphens drawn as date
    # dashes → –", "letter-spaced words rejoined"), one line each, for ``resumes parse``.
    metadata: tuple[str, ...] = ()
    # File metadata a reader never sees (PDF /Title, /Subject, /Keywords, XMP, DOCX core
    # properties): untrusted, checked for injected instructions, never part of ``text``.
    ocr_confidence: float | None = None
    # Set when the text was read from page images by OCR: mean recognition confidence 0..1.
    needs_ocr: bool = False
    # An image-only PDF accepted at upload: the background job reads its pages by OCR.

    def page_at(self, offset: int) -> int:
        """1-based page number of a character offset."""
        page = 1
        for index, start in enumerate(self.page_offsets, start=1):
            if offset >= start:
                page = index
        return page


@dataclass(frozen=True, slots=True)
class ResumeSection:
    section_type: SectionType
    title: str | None  # the heading as written, None when inferred without a heading
    content: str  # text[start:end]
    start: int
    end: int
    start_page: int
    end_page: int
    order: int  # 1-based sequence in the document
    confidence: int  # 0..100


@dataclass(frozen=True, slots=True)
class ContactInfo:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    links: tuple[str, ...] = ()
    location: str | None = None


@dataclass(frozen=True, slots=True)
class ExperienceEntry:
    employer: str | None
    title: str | None
    start: str | None  # "YYYY-MM" or "YYYY"
    end: str | None  # None with is_current=True means "present"
    is_current: bool = False
    description: str = ""
    start_offset: int | None = None
    end_offset: int | None = None


@dataclass(frozen=True, slots=True)
class EducationEntry:
    institution: str | None
    degree: str | None = None
    field_of_study: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class ResumeFields:
    contact: ContactInfo = field(default_factory=ContactInfo)
    experience: tuple[ExperienceEntry, ...] = ()
    education: tuple[EducationEntry, ...] = ()
    skills: tuple[str, ...] = ()
    years_experience: float | None = None
    current_company: str | None = None
    current_position: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedResume:
    document: ExtractedDocument
    sections: tuple[ResumeSection, ...]
    fields: ResumeFields

    def sections_of(self, section_type: SectionType) -> tuple[ResumeSection, ...]:
        return tuple(s for s in self.sections if s.section_type == section_type)
