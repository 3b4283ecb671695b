"""Dates in a resume: one consistent format, parseable starts, and employment gaps."""

from __future__ import annotations

import re
from collections import Counter

from hireflow.ai.offline.context import ReviewContext
from hireflow.ai.offline.scoring import clamp, month_index, month_label
from hireflow.ai.schemas import FeedbackItem, SubScore

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("month_name", re.compile(rf"\b({_MONTH_NAME})\s+((?:19|20)\d{{2}})\b", re.IGNORECASE)),
    ("mm/yyyy", re.compile(r"(?<![\d/])(\d{1,2})/((?:19|20)\d{2})\b")),
    ("yyyy-mm", re.compile(r"\b((?:19|20)\d{2})-(\d{2})(?![\d-])")),
    ("yyyy.mm", re.compile(r"\b((?:19|20)\d{2})\.(\d{1,2})(?!\d)")),
    ("yyyy/mm", re.compile(r"\b((?:19|20)\d{2})/(\d{1,2})(?![\d/])")),
    ("yyyy年m月", re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月")),
)
_GAP_MONTHS = 6


def _year_month(kind: str, match: re.Match[str]) -> tuple[int, int] | None:
    a, b = match.group(1), match.group(2)
    if kind == "month_name":
        month = _MONTHS.index(a[:3].lower()) + 1
        return int(b), month
    if kind == "mm/yyyy":
        month, year = int(a), int(b)
    else:
        year, month = int(a), int(b)
    return (year, month) if 1 <= month <= 12 else None


def _format(kind: str, year: int, month: int) -> str:
    if kind == "month_name":
        return f"{_MONTHS[month - 1].title()} {year}"
    if kind == "mm/yyyy":
        return f"{month:02d}/{year}"
    if kind == "yyyy年m月":
        return f"{year}年{month}月"
    sep = {"yyyy-mm": "-", "yyyy.mm": ".", "yyyy/mm": "/"}[kind]
    return f"{year}{sep}{month:02d}"


def date_consistency(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem], int]:
    """Score one date format across dated sections; offer each outlier in the main format.

    Returns the sub-score, feedback, and the share (0..100) of roles with a parseable start.
    """
    found: list[tuple[str, int, int, tuple[int, int]]] = []
    for section in ctx.resume.sections:
        if section.section_type not in ("experience", "education", "projects", "certifications"):
            continue
        chunk = ctx.visible_text[section.start : section.end]
        for kind, pattern in _FORMATS:
            for m in pattern.finditer(chunk):
                ym = _year_month(kind, m)
                if ym:
                    found.append((kind, section.start + m.start(), section.start + m.end(), ym))
    counts = Counter(kind for kind, *_ in found)
    items: list[FeedbackItem] = []
    if len(counts) > 1:
        main = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for kind, start, end, (year, month) in sorted(found, key=lambda f: f[1]):
            if kind == main:
                continue
            items.append(
                FeedbackItem(
                    feedback_type="suggestion",
                    category="formatting",
                    severity_level=2,
                    confidence_score=80,
                    agent="structure_agent",
                    rule="structure.date_format",
                    section=ctx.section_ref(start),
                    feedback_text=ctx.say(
                        f"Date written as {kind} while most dates use {main}; use one format "
                        "throughout.",
                        f"日付の書式が混在しています（{kind}／主に{main}）。書式を統一してください。",
                    ),
                    original_text=ctx.visible_text[start:end],
                    suggested_text=_format(main, year, month),
                    position_start=start,
                    position_end=end,
                )
            )
    outliers = sum(counts.values()) - max(counts.values(), default=0)
    score = 100 - min(60, 30 * (len(counts) > 1) + 5 * outliers)
    if not found:
        score = 40  # no dates a reader or parser could place
    entries = ctx.resume.fields.experience
    parseable = sum(1 for e in entries if month_index(e.start) is not None)
    share = 50 if not entries else clamp(100 * parseable / len(entries))
    sub = SubScore(
        name="date_format",
        score=clamp(score),
        weight=0.5,
        rationale=f"{len(found)} dates in {len(counts)} format(s)",
        evidence=[ctx.evidence(f"{k}: {ctx.visible_text[s:e]}", s, e) for k, s, e, _ in found[:8]],
    )
    return sub, items, share


def employment_gaps(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem]]:
    """Gaps of more than six months between consecutive roles (overlaps merged)."""
    spans: list[tuple[int, int, int | None]] = []
    items: list[FeedbackItem] = []
    missing = 0
    for entry in ctx.resume.fields.experience:
        start = month_index(entry.start)
        end = month_index(entry.end) if not entry.is_current else None
        if start is None:
            missing += 1
            continue
        spans.append((start, end if end is not None else 10**6, entry.start_offset))
    spans.sort()
    gaps: list[tuple[int, int, int | None]] = []
    covered_until: int | None = None
    for start, end, offset in spans:
        if covered_until is not None and start - covered_until > _GAP_MONTHS:
            gaps.append((covered_until, start, offset))
        covered_until = end if covered_until is None else max(covered_until, end)
    evidence = []
    for gap_start, gap_end, offset in gaps:
        months = gap_end - gap_start - 1
        window = f"{month_label(gap_start + 1)} to {month_label(gap_end - 1)}"
        evidence.append(ctx.evidence(f"gap of {months} months, {window}", offset))
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="structure",
                severity_level=3,
                confidence_score=80,
                agent="structure_agent",
                rule="structure.gap",
                section=ctx.section_ref(offset),
                feedback_text=ctx.say(
                    f"Employment gap of {months} months ({window}). Explain it in one line so "
                    "a reader does not guess.",
                    f"{months}か月の空白期間があります（{window}）。読み手が推測しないよう一行で"
                    "説明してください。",
                ),
                suggested_text=ctx.say(
                    f"{month_label(gap_start + 1)} – {month_label(gap_end - 1)}: Career break — "
                    "[study / caregiving / freelance], [what you did or learned]",
                    f"{month_label(gap_start + 1)}〜{month_label(gap_end - 1)}：ブランク期間"
                    "（[学業・介護・フリーランス等]）— [取り組んだこと・学んだこと]",
                ),
            )
        )
    if missing:
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="ats",
                severity_level=3,
                confidence_score=75,
                agent="structure_agent",
                rule="ats.missing_dates",
                feedback_text=ctx.say(
                    f"{missing} role(s) have no readable start date. Give every role "
                    "'YYYY-MM – YYYY-MM' (or 'Present').",
                    f"{missing}件の職歴に読み取れる開始日がありません。すべて「YYYY年M月〜"
                    "YYYY年M月（または現在）」と記載してください。",
                ),
            )
        )
    score = 100 - min(60, 25 * len(gaps)) - min(30, 10 * missing) if spans or missing else 50
    return SubScore(
        name="employment_gaps",
        score=clamp(score),
        weight=0.5,
        rationale=f"{len(gaps)} gap(s) over {_GAP_MONTHS} months, {missing} role(s) "
        "without a start date",
        evidence=evidence,
    ), items
