"""JSON forms of the extraction and parsing results, as stored on the ``resumes`` row."""

from __future__ import annotations

import dataclasses
from typing import Any

from hireflow.resumes.document import (
    ContactInfo,
    EducationEntry,
    ExperienceEntry,
    ExtractedDocument,
    HiddenText,
    LayoutHazard,
    ResumeFields,
)


def document_to_json(document: ExtractedDocument) -> dict[str, Any]:
    """Everything but the text itself (stored in ``extracted_text``)."""
    return {
        "kind": document.kind,
        "mime_type": document.mime_type,
        "page_count": document.page_count,
        "page_offsets": list(document.page_offsets),
        "word_count": document.word_count,
        "language": document.language,
        "hazards": [dataclasses.asdict(h) for h in document.hazards],
        "hidden_text": [dataclasses.asdict(h) for h in document.hidden_text],
        "links": list(document.links),
        "corrections": list(document.corrections),
        "metadata": list(document.metadata),
        "ocr_confidence": document.ocr_confidence,
        "needs_ocr": document.needs_ocr,
    }


def document_from_json(text: str, data: dict[str, Any]) -> ExtractedDocument:
    return ExtractedDocument(
        text=text,
        kind=data["kind"],
        mime_type=data["mime_type"],
        page_count=int(data["page_count"]),
        page_offsets=tuple(int(o) for o in data["page_offsets"]),
        word_count=int(data["word_count"]),
        language=data["language"],
        hazards=tuple(LayoutHazard(**h) for h in data.get("hazards", [])),
        hidden_text=tuple(HiddenText(**h) for h in data.get("hidden_text", [])),
        links=tuple(data.get("links", ())),
        corrections=tuple(data.get("corrections", ())),
        metadata=tuple(data.get("metadata", ())),
        ocr_confidence=data.get("ocr_confidence"),
        needs_ocr=bool(data.get("needs_ocr", False)),
    )


def fields_to_json(fields: ResumeFields) -> dict[str, Any]:
    return dataclasses.asdict(fields)


def fields_from_json(data: dict[str, Any]) -> ResumeFields:
    return ResumeFields(
        contact=ContactInfo(
            **{**data.get("contact", {}), "links": tuple(data.get("contact", {}).get("links", ()))}
        ),
        experience=tuple(ExperienceEntry(**e) for e in data.get("experience", [])),
        education=tuple(EducationEntry(**e) for e in data.get("education", [])),
        skills=tuple(data.get("skills", ())),
        years_experience=data.get("years_experience"),
        current_company=data.get("current_company"),
        current_position=data.get("current_position"),
    )
