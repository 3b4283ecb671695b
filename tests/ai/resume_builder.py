"""Builds ``ParsedResume`` objects for tests and the benchmark, with exact offsets and pages.

Text is assembled from labelled sections; every section, experience entry and page offset is
computed from the assembled text, so the result honours the document contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hireflow.resumes.document import (
    ContactInfo,
    EducationEntry,
    ExperienceEntry,
    ExtractedDocument,
    HiddenText,
    Language,
    LayoutHazard,
    ParsedResume,
    ResumeFields,
    ResumeSection,
    SectionType,
)

HEADINGS_EN: dict[SectionType, str] = {
    "contact": "",
    "summary": "Summary",
    "experience": "Experience",
    "education": "Education",
    "skills": "Skills",
    "certifications": "Certifications",
    "projects": "Projects",
    "achievements": "Achievements",
    "other": "Additional Information",
}
HEADINGS_JA: dict[SectionType, str] = {
    "contact": "",
    "summary": "職務要約",
    "experience": "職務経歴",
    "education": "学歴",
    "skills": "スキル",
    "certifications": "資格",
    "projects": "プロジェクト",
    "achievements": "実績",
    "other": "その他",
}


@dataclass(frozen=True)
class Role:
    title: str
    employer: str
    start: str  # YYYY-MM
    end: str | None  # None = current
    bullets: tuple[str, ...]
    date_style: str = "iso"  # iso | month_name | slash | ja

    def dates(self) -> str:
        def fmt(value: str | None) -> str:
            if value is None:
                return {"ja": "現在"}.get(self.date_style, "Present")
            year, month = value.split("-")
            if self.date_style == "month_name":
                names = (
                    "Jan",
                    "Feb",
                    "Mar",
                    "Apr",
                    "May",
                    "Jun",
                    "Jul",
                    "Aug",
                    "Sep",
                    "Oct",
                    "Nov",
                    "Dec",
                )
                return f"{names[int(month) - 1]} {year}"
            if self.date_style == "slash":
                return f"{month}/{year}"
            if self.date_style == "ja":
                return f"{year}年{int(month)}月"
            return value

        sep = "〜" if self.date_style == "ja" else " to "
        return f"{fmt(self.start)}{sep}{fmt(self.end)}"


@dataclass
class ResumeDraft:
    name: str | None = "Alex Morgan"
    email: str | None = "alex.morgan@example.com"
    phone: str | None = "+1 415 555 0134"
    location: str | None = "San Francisco, CA"
    links: tuple[str, ...] = ("linkedin.com/in/alexmorgan",)
    summary: str | None = None
    roles: list[Role] = field(default_factory=list)
    education: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    extra: list[tuple[SectionType, str | None, list[str]]] = field(default_factory=list)
    order: tuple[SectionType, ...] = (
        "contact",
        "summary",
        "experience",
        "skills",
        "education",
        "projects",
        "achievements",
        "certifications",
        "other",
    )
    language: Language = "en"
    headings: dict[SectionType, str] | None = None
    hazards: tuple[LayoutHazard, ...] = ()
    hidden: tuple[HiddenText, ...] = ()
    years_experience: float | None = None
    chars_per_page: int = 3200
    pages: int | None = None

    def with_(self, **changes: object) -> ResumeDraft:
        return replace(self, **changes)  # type: ignore[arg-type]

    def build(self) -> ParsedResume:
        headings = self.headings or (HEADINGS_JA if self.language == "ja" else HEADINGS_EN)
        blocks: dict[SectionType, tuple[str | None, list[str]]] = {}
        contact_lines = [
            line
            for line in (
                self.name,
                " | ".join(x for x in (self.email, self.phone, self.location) if x),
                " | ".join(self.links),
            )
            if line
        ]
        if contact_lines:
            blocks["contact"] = (None, contact_lines)
        if self.summary:
            blocks["summary"] = (headings["summary"], [self.summary])
        if self.roles:
            lines: list[str] = []
            for role in self.roles:
                lines.append(f"{role.title}, {role.employer} — {role.dates()}")
                lines.extend(f"• {b}" for b in role.bullets)
            blocks["experience"] = (headings["experience"], lines)
        if self.skills:
            blocks["skills"] = (headings["skills"], [", ".join(self.skills)])
        if self.education:
            blocks["education"] = (headings["education"], list(self.education))
        for section_type, title, lines in self.extra:
            blocks[section_type] = (title if title is not None else headings[section_type], lines)
        text = ""
        spans: list[tuple[SectionType, str | None, int, int]] = []
        order = [*self.order, *(t for t in blocks if t not in self.order)]
        for section_type in order:
            if section_type not in blocks:
                continue
            title, lines = blocks[section_type]
            if text:
                text += "\n\n"
            start = len(text)
            body = "\n".join(([title] if title else []) + lines)
            text += body
            spans.append((section_type, title, start, len(text)))
        page_offsets = self._pages(text)
        doc = ExtractedDocument(
            text=text,
            kind="pdf",
            mime_type="application/pdf",
            page_count=len(page_offsets),
            page_offsets=page_offsets,
            word_count=len(text.split()),
            language=self.language,
            hazards=self.hazards,
            hidden_text=self.hidden,
        )
        sections = tuple(
            ResumeSection(
                section_type=t,
                title=title,
                content=text[s:e],
                start=s,
                end=e,
                start_page=doc.page_at(s),
                end_page=doc.page_at(max(s, e - 1)),
                order=i,
                confidence=90,
            )
            for i, (t, title, s, e) in enumerate(spans, start=1)
        )
        experience = []
        for role in self.roles:
            header = f"{role.title}, {role.employer} — {role.dates()}"
            at = text.find(header)
            end_at = at + len(header) + sum(len(b) + 3 for b in role.bullets)
            experience.append(
                ExperienceEntry(
                    employer=role.employer,
                    title=role.title,
                    start=role.start,
                    end=role.end,
                    is_current=role.end is None,
                    description="\n".join(role.bullets),
                    start_offset=at,
                    end_offset=end_at,
                )
            )
        fields = ResumeFields(
            contact=ContactInfo(
                name=self.name,
                email=self.email,
                phone=self.phone,
                links=self.links,
                location=self.location,
            ),
            experience=tuple(experience),
            education=tuple(EducationEntry(institution=e) for e in self.education),
            skills=tuple(self.skills),
            years_experience=self.years_experience,
            current_company=self.roles[0].employer if self.roles else None,
            current_position=self.roles[0].title if self.roles else None,
        )
        return ParsedResume(document=doc, sections=sections, fields=fields)

    def _pages(self, text: str) -> tuple[int, ...]:
        step = max(1, len(text) // self.pages) if self.pages else self.chars_per_page
        offsets = [0]
        while offsets[-1] + step < len(text) and (not self.pages or len(offsets) < self.pages):
            cut = text.rfind("\n", offsets[-1] + 1, offsets[-1] + step + 1)
            offsets.append(cut + 1 if cut > offsets[-1] else offsets[-1] + step)
        return tuple(offsets)
