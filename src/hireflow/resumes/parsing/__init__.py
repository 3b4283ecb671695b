"""Resume text to sections and structured fields (contact, experience, education, skills)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from hireflow.resumes.document import (
    ExperienceEntry,
    ExtractedDocument,
    LayoutHazard,
    ParsedResume,
    ResumeFields,
    ResumeSection,
)
from hireflow.resumes.parsing.contact import extract_contact
from hireflow.resumes.parsing.education import extract_education
from hireflow.resumes.parsing.experience import (
    current_role,
    extract_experience,
    years_of_experience,
)
from hireflow.resumes.parsing.headings import match_heading
from hireflow.resumes.parsing.sections import detect_sections
from hireflow.resumes.parsing.skills import (
    known_skills,
    listed_skills,
    load_skill_entries,
    load_skills_vocabulary,
)

__all__ = [
    "load_skill_entries",
    "load_skills_vocabulary",
    "parse_file",
    "parse_resume",
]


_MAX_SKILL_SCAN_CHARS = 200_000  # far beyond any resume; bounds the work on hostile input


def parse_resume(document: ExtractedDocument, *, today: date | None = None) -> ParsedResume:
    """Sections and fields of an extracted resume; ``today`` ends current jobs."""
    sections = detect_sections(document)
    unusual = tuple(
        LayoutHazard(
            kind="unusual_heading",
            page=section.start_page,
            detail=f"The heading {section.title!r} is not a standard section name; "
            "applicant-tracking systems may not recognise what follows it.",
        )
        for section in sections
        if section.title is not None and match_heading(section.title) is None
    )
    if unusual:
        document = replace(document, hazards=document.hazards + unusual)
    return ParsedResume(
        document=document,
        sections=sections,
        fields=extract_fields(document, sections, today=today or date.today()),
    )


def parse_file(path: Path, *, today: date | None = None) -> ParsedResume:
    """Read, extract and parse one resume file."""
    from hireflow.resumes.extraction import extract_document

    return parse_resume(extract_document(path.read_bytes(), path.name), today=today)


def extract_fields(
    document: ExtractedDocument, sections: tuple[ResumeSection, ...], *, today: date
) -> ResumeFields:
    def of(kind: str) -> list[ResumeSection]:
        return [s for s in sections if s.section_type == kind]

    contact_text = "\n".join(s.content for s in of("contact"))
    experience: list[ExperienceEntry] = []
    for section in of("experience"):
        experience.extend(extract_experience(section.content, section.start))
    education = [
        entry for section in of("education") for entry in extract_education(section.content)
    ]
    skills: dict[str, None] = {}
    for section in of("skills"):
        for name in listed_skills(section.content):
            skills.setdefault(name, None)
    for name in known_skills(document.text[:_MAX_SKILL_SCAN_CHARS]):
        skills.setdefault(name, None)
    latest = current_role(experience)
    contact = extract_contact(contact_text, document.text, document.links)
    if contact.name is not None:
        skills.pop(contact.name, None)  # a two-column layout can put the name after a list
    return ResumeFields(
        contact=contact,
        experience=tuple(experience),
        education=tuple(education),
        skills=tuple(skills),
        years_experience=years_of_experience(experience, today),
        current_company=latest.employer if latest else None,
        current_position=latest.title if latest else None,
    )
