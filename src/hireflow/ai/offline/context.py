"""The read-only view of one resume that every offline agent works from.

Built once per review: the visible text with injected instructions blanked out (same length,
so every offset still points into ``ExtractedDocument.text``), the lines and bullets with
their offsets and sections, and the language used for language-specific checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from hireflow.ai.schemas import Evidence, ReviewSpec, SectionRef
from hireflow.resumes.document import ParsedResume, ResumeSection

BULLET_MARKERS = "•·-*▪●◦‣–—・■□◆◇○➢✓►"
_BULLET_PREFIX = re.compile(rf"^\s*(?:[{re.escape(BULLET_MARKERS)}]|\d{{1,2}}[.)])\s*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'+#.\-]*[A-Za-z+#]|[A-Za-z]|\d[\d,.]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
DATE_RANGE = re.compile(
    r"(?:19|20)\d{2}\s*(?:[./\-年]\s*\d{1,2}\s*月?)?\s*(?:[-–—~〜～]|to|から)\s*"
    r"(?:(?:19|20)\d{2}|present|current|now|現在|至今)",
    re.IGNORECASE,
)
LEVEL_JA = {"entry": "新卒・若手", "mid": "中堅", "senior": "シニア", "executive": "経営幹部"}
BULLET_SECTIONS = frozenset({"experience", "projects", "achievements"})


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of the visible text (``text`` is stripped; offsets are exact)."""

    start: int
    end: int
    text: str
    section: ResumeSection | None
    is_bullet: bool


def count_words(text: str) -> int:
    """Words in mixed English/Japanese text: Latin words plus CJK characters / 2.5."""
    latin = len(_WORD.findall(text))
    cjk = len(_CJK.findall(text))
    return latin + round(cjk / 2.5)


def is_japanese(text: str) -> bool:
    return len(_CJK.findall(text)) >= 1


def strip_bullet(text: str) -> str:
    return _BULLET_PREFIX.sub("", text, count=1).strip()


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass
class ReviewContext:
    resume: ParsedResume
    spec: ReviewSpec
    visible_text: str  # document text with injected spans blanked; same length

    @classmethod
    def build(cls, resume: ParsedResume, spec: ReviewSpec, masked: str) -> ReviewContext:
        return cls(resume=resume, spec=spec, visible_text=masked)

    @cached_property
    def language(self) -> str:
        lang = self.resume.document.language
        if lang in ("en", "ja"):
            return lang
        return "ja" if len(_CJK.findall(self.visible_text)) > len(self.visible_text) / 10 else "en"

    @cached_property
    def output_language(self) -> str:
        if self.spec.language != "auto":
            return self.spec.language
        return "ja" if self.language == "ja" else "en"

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        out: list[Line] = []
        text = self.visible_text
        sections = sorted(self.resume.sections, key=lambda s: s.start)
        index = 0
        position = 0
        for raw in text.split("\n"):
            line_start = position
            position += len(raw) + 1
            stripped = raw.strip()
            if not stripped:
                continue
            start = line_start + (len(raw) - len(raw.lstrip()))
            end = start + len(stripped)
            while index < len(sections) and sections[index].end <= start:
                index += 1
            section = (
                sections[index]
                if index < len(sections) and sections[index].start <= start
                else None
            )
            out.append(Line(start, end, stripped, section, self._is_bullet(stripped, section)))
        return tuple(out)

    @staticmethod
    def _is_bullet(text: str, section: ResumeSection | None) -> bool:
        if section is None or section.section_type not in BULLET_SECTIONS:
            return False
        if section.title is not None and text == section.title.strip():
            return False
        if _BULLET_PREFIX.match(text):
            return True
        if DATE_RANGE.search(text):
            return False
        return count_words(text) >= 6 and not text.endswith(":")

    @cached_property
    def bullets(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.is_bullet)

    @cached_property
    def visible_lower(self) -> str:
        return self.visible_text.lower()

    @cached_property
    def word_count(self) -> int:
        return count_words(self.visible_text)

    def say(self, english: str, japanese: str) -> str:
        """The feedback text in the review's output language."""
        return japanese if self.output_language == "ja" else english

    def section_at(self, offset: int) -> ResumeSection | None:
        for section in self.resume.sections:
            if section.start <= offset < section.end:
                return section
        return None

    def evidence(self, found: str, start: int | None = None, end: int | None = None) -> Evidence:
        """Evidence at a span; a lone ``start`` only locates the section."""
        section = self.section_at(start) if start is not None else None
        has_span = start is not None and end is not None
        return Evidence(
            found=found,
            section_order=section.order if section else None,
            section_type=section.section_type if section else None,
            start=start if has_span else None,
            end=end if has_span else None,
        )

    def section_ref(self, offset: int | None) -> SectionRef | None:
        section = self.section_at(offset) if offset is not None else None
        if section is None:
            return None
        return SectionRef(order=section.order, section_type=section.section_type)

    @staticmethod
    def ref_of(section: ResumeSection) -> SectionRef:
        return SectionRef(order=section.order, section_type=section.section_type)
