"""Feedback marked on the resume's sections: each section's text cut into plain and marked
segments, so a template can wrap the quoted spans in ``<mark>`` next to their items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from hireflow.reviews.models import FeedbackItemRow


class ResumeSectionRow(Protocol):
    """What marking needs of a stored section (the resumes service's section rows)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def section_type(self) -> str: ...
    @property
    def section_title(self) -> str | None: ...
    @property
    def content(self) -> str: ...
    @property
    def start_position(self) -> int | None: ...
    @property
    def end_position(self) -> int | None: ...


@dataclass
class Segment:
    text: str
    item_id: uuid.UUID | None = None
    severity: int | None = None


@dataclass
class AnnotatedSection:
    section: ResumeSectionRow | None
    title: str
    segments: list[Segment]
    items: list[FeedbackItemRow] = field(default_factory=list)


def _local_span(section: ResumeSectionRow, item: FeedbackItemRow) -> tuple[int, int] | None:
    content = section.content
    start, end = item.position_start, item.position_end
    base = section.start_position or 0
    if start is not None and end is not None:
        local = (start - base, end - base)
        if 0 <= local[0] < local[1] <= len(content) and (
            not item.original_text or content[local[0] : local[1]] == item.original_text
        ):
            return local
    if item.original_text:
        index = content.find(item.original_text)
        if index >= 0:
            return index, index + len(item.original_text)
    return None


def _owner(sections: Sequence[ResumeSectionRow], item: FeedbackItemRow) -> ResumeSectionRow | None:
    if item.resume_section_id is not None:
        found = next((s for s in sections if s.id == item.resume_section_id), None)
        if found is not None:
            return found
    if item.position_start is not None:
        for section in sections:
            start = section.start_position or 0
            end = (
                section.end_position
                if section.end_position is not None
                else start + len(section.content)
            )
            if start <= item.position_start < end:
                return section
    return None


def annotate(
    sections: Sequence[ResumeSectionRow], items: Sequence[FeedbackItemRow]
) -> tuple[list[AnnotatedSection], list[FeedbackItemRow]]:
    """Sections with their marked spans and items, and the items tied to no section."""
    by_section: dict[uuid.UUID, list[FeedbackItemRow]] = {}
    general: list[FeedbackItemRow] = []
    for item in items:
        owner = _owner(sections, item)
        if owner is None:
            general.append(item)
        else:
            by_section.setdefault(owner.id, []).append(item)
    annotated = []
    for section in sections:
        mine = by_section.get(section.id, [])
        spans = sorted(
            (
                (span[0], span[1], item)
                for item in mine
                if (span := _local_span(section, item)) is not None
            ),
            key=lambda found: (found[0], found[1]),
        )
        segments: list[Segment] = []
        cursor = 0
        for start, end, item in spans:
            if start < cursor:
                continue  # overlapping quotes: the first one is marked, the item still listed
            if start > cursor:
                segments.append(Segment(section.content[cursor:start]))
            segments.append(Segment(section.content[start:end], item.id, item.severity_level))
            cursor = end
        if cursor < len(section.content):
            segments.append(Segment(section.content[cursor:]))
        title = section.section_title or section.section_type.replace("_", " ").title()
        annotated.append(AnnotatedSection(section, title, segments, mine))
    return annotated, general
