"""Education entries: institution, degree, field of study, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.resumes.document import EducationEntry
from hireflow.resumes.parsing.dates import find_date_range, find_dates
from hireflow.resumes.parsing.sections import INSTITUTION_RE, strip_bullet

_DEGREE_RE = re.compile(
    r"\b(?:B\.?S\.?c?|B\.?A\.?|M\.?S\.?c?|M\.?A\.?|MBA|Ph\.?D\.?|BFA|MFA|B\.?Eng\.?|M\.?Eng\.?|"
    r"Bachelor(?:'s)?(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?|Master(?:'s)?(?: of [A-Z][a-z]+"
    r"(?: [A-Z][a-z]+)?)?|Doctor(?:ate)?(?: of [A-Z][a-z]+)?|Associate(?:'s)? (?:Degree|of [A-Z]"
    r"[a-z]+)|High School Diploma|Diploma)(?![\w])"
    r"|学士(?:課程)?|修士(?:課程)?|博士(?:前期|後期)?(?:課程)?",
)
_FIELD_AFTER_DEGREE_RE = re.compile(
    r"^\s*(?:in|of)?\s*,?\s*(?P<field>[A-Z][A-Za-z&]+(?: [A-Za-z&]+){0,4})"
)
_JA_FIELD_RE = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]+(?:学部|学科|研究科|専攻|コース)")
_JA_EVENT_RE = re.compile(r"(入学|卒業|修了|中退|編入)")
_INSTITUTION_NAME_RE = re.compile(
    r"(?:[A-Z][\w&.'-]*\s+)*(?:University|College|Institute|School|Academy|Polytechnic)"
    r"(?:\s+(?!(?:BSc|MSc|MBA|BFA|MFA|PhD|BA|MA|BS|MS)\b)[A-Z][a-z]+){0,2}"
    r"(?:\s+(?:of|for|de)\s+[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*)?"
    r"(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=\s*$|\s*[,|(]))?"
    r"|[\u4e00-\u9fff\u30a0-\u30ffA-Za-z]*(?:大学院|大学|高等専門学校|高等学校|専門学校|高校|学院)"
)


_DANGLING_RANGE_RE = re.compile(r"(?:19|20)\d\d\s*(?:-|–|—|~|to)\s*$")
_RANGE_END_RE = re.compile(r"^\s*(?:(?:19|20)\d\d|present|current|現在)", re.IGNORECASE)


@dataclass(slots=True)
class _Draft:
    institution: str | None = None
    degree: str | None = None
    field_of_study: str | None = None
    start: str | None = None
    end: str | None = None


def extract_education(content: str) -> list[EducationEntry]:
    drafts: list[_Draft] = []
    for raw in _join_wrapped_ranges(content.split("\n")):
        line = strip_bullet(raw)
        if not line:
            continue
        institution = _institution(line)
        event = _JA_EVENT_RE.search(line)
        current = drafts[-1] if drafts else None
        same_school = (
            current is not None and institution is not None and (current.institution == institution)
        )
        if current is None or (
            institution is not None and current.institution is not None and not same_school
        ):
            current = _Draft()
            drafts.append(current)
        if institution and current.institution is None:
            current.institution = institution
        degree = _DEGREE_RE.search(line)
        if degree and current.degree is None:
            current.degree = degree.group().strip()
            if current.field_of_study is None:
                after = _FIELD_AFTER_DEGREE_RE.match(line[degree.end() :])
                if after and not re.search(r"\d", after.group("field")):
                    found = after.group("field").strip()
                    if found.isupper() and current.institution is None:
                        current.institution = found  # "MBA, INSEAD": a school known by acronym
                    else:
                        current.field_of_study = found
        if current.field_of_study is None:
            field = _JA_FIELD_RE.findall(line)
            if field:
                current.field_of_study = " ".join(field)
        _dates(line, event.group(1) if event else None, current)
    return [
        EducationEntry(
            institution=d.institution,
            degree=d.degree,
            field_of_study=d.field_of_study,
            start=d.start,
            end=d.end,
        )
        for d in drafts
        if d.institution or d.degree
    ]


def _join_wrapped_ranges(lines: list[str]) -> list[str]:
    """ "B.S. Computer Science, 2010 -" wrapped before "2014": one line again."""
    joined: list[str] = []
    for line in lines:
        if joined and _DANGLING_RANGE_RE.search(joined[-1]) and _RANGE_END_RE.match(line):
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def _institution(line: str) -> str | None:
    if not INSTITUTION_RE.search(line):
        return None
    match = _INSTITUTION_NAME_RE.search(line)
    return match.group().strip(" ,") if match else None


def _dates(line: str, event: str | None, draft: _Draft) -> None:
    found = find_date_range(line)
    if found is not None:
        draft.start = draft.start or found.start
        draft.end = None if found.is_current else found.end
        return
    dates = find_dates(line)
    if not dates:
        return
    value = dates[0][0]
    if event in ("入学", "編入"):
        draft.start = value
    else:
        draft.end = value
