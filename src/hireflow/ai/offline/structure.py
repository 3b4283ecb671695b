"""Offline structure agent: formatting (sections, order, dates, length, bullets) and ATS
readiness (layout hazards, headings, contact details, parseable dates)."""

from __future__ import annotations

from hireflow.ai.industry import ProfileLibrary
from hireflow.ai.offline.contact import contact_score
from hireflow.ai.offline.context import LEVEL_JA, ReviewContext
from hireflow.ai.offline.dates import date_consistency, employment_gaps
from hireflow.ai.offline.scoring import clamp, weighted
from hireflow.ai.schemas import (
    ExperienceLevel,
    FeedbackItem,
    StructureAgentOutput,
    SubScore,
)
from hireflow.resumes.document import SectionType

_REQUIRED: dict[ExperienceLevel, tuple[SectionType, ...]] = {
    "entry": ("contact", "education", "skills"),
    "mid": ("contact", "experience", "education", "skills"),
    "senior": ("contact", "summary", "experience", "skills"),
    "executive": ("contact", "summary", "experience"),
}
_RECOMMENDED: dict[ExperienceLevel, tuple[SectionType, ...]] = {
    "entry": ("summary", "projects"),
    "mid": ("summary",),
    "senior": ("education", "achievements"),
    "executive": ("achievements", "education", "skills"),
}
_ORDER_ENTRY: tuple[SectionType, ...] = (
    "contact",
    "summary",
    "education",
    "experience",
    "projects",
    "skills",
    "certifications",
    "achievements",
    "other",
)
_ORDER_EXPERIENCED: tuple[SectionType, ...] = (
    "contact",
    "summary",
    "experience",
    "achievements",
    "projects",
    "skills",
    "education",
    "certifications",
    "other",
)
_HEADING: dict[SectionType, tuple[str, str]] = {
    "contact": ("Contact", "連絡先"),
    "summary": ("Summary", "職務要約"),
    "experience": ("Experience", "職務経歴"),
    "education": ("Education", "学歴"),
    "skills": ("Skills", "スキル"),
    "certifications": ("Certifications", "資格"),
    "projects": ("Projects", "プロジェクト"),
    "achievements": ("Achievements", "実績"),
    "other": ("Additional Information", "その他"),
}
_STANDARD_HEADINGS = frozenset(
    {
        "contact",
        "contact information",
        "contact details",
        "personal details",
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "objective",
        "career objective",
        "about me",
        "executive summary",
        "career summary",
        "experience",
        "work experience",
        "professional experience",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "education",
        "education and training",
        "academic background",
        "skills",
        "technical skills",
        "core competencies",
        "key skills",
        "skills and abilities",
        "certifications",
        "certificates",
        "licenses",
        "licenses and certifications",
        "projects",
        "key projects",
        "selected projects",
        "personal projects",
        "achievements",
        "accomplishments",
        "awards",
        "honors and awards",
        "key achievements",
        "languages",
        "volunteer experience",
        "publications",
        "interests",
        "連絡先",
        "基本情報",
        "職務要約",
        "自己pr",
        "自己ｐｒ",
        "要約",
        "職務経歴",
        "職歴",
        "経歴",
        "職務経歴詳細",
        "学歴",
        "スキル",
        "保有スキル",
        "活かせる経験・知識・技術",
        "資格",
        "免許・資格",
        "資格・免許",
        "プロジェクト",
        "実績",
        "受賞歴",
        "語学",
        "その他",
    }
)
_HAZARD: dict[str, tuple[int, int, str]] = {  # kind -> (penalty, severity, concrete fix)
    "table": (
        20,
        4,
        "Rewrite the table as plain lines, one item per line, e.g. "
        "'Python — 6 years' instead of cells.",
    ),
    "multi_column": (
        20,
        4,
        "Use a single column: put the sidebar (skills, languages) in its "
        "own section below Experience.",
    ),
    "image": (10, 2, "Replace icons, charts and skill bars with words, e.g. 'Advanced: SQL'."),
    "header_footer_content": (
        15,
        3,
        "Move name, email and phone from the page header into the first lines of the body.",
    ),
    "text_box": (15, 3, "Move text out of text boxes into normal paragraphs."),
    "unusual_heading": (
        10,
        2,
        "Use a standard heading such as 'Experience', 'Education', 'Skills'.",
    ),
    "scanned_page": (
        40,
        5,
        "Export the resume from the editor as a text PDF or DOCX; a "
        "scanned page has no machine-readable text.",
    ),
}


_HAZARD_JA = {
    "table": "表",
    "multi_column": "段組み",
    "image": "画像・アイコン",
    "header_footer_content": "ヘッダー・フッター内の情報",
    "text_box": "テキストボックス",
    "unusual_heading": "独自の見出し",
    "scanned_page": "スキャン画像のページ",
}


def _completeness(
    ctx: ReviewContext, level: ExperienceLevel
) -> tuple[SubScore, list[FeedbackItem]]:
    present = {s.section_type for s in ctx.resume.sections}
    if "experience" not in present and "projects" in present and level == "entry":
        present.add("experience")
    required = _REQUIRED[level]
    recommended = _RECOMMENDED[level]
    missing_req = [t for t in required if t not in present]
    missing_rec = [t for t in recommended if t not in present]
    if level == "entry" and not ({"experience", "projects"} & present):
        missing_req.append("experience")
    score = 80 * (1 - len(missing_req) / (len(required) + (level == "entry")))
    score += 20 * (1 - len(missing_rec) / max(1, len(recommended)))
    items: list[FeedbackItem] = []
    ja = ctx.output_language == "ja"
    for kind, missing, severity in (("required", missing_req, 4), ("recommended", missing_rec, 2)):
        for section_type in missing:
            heading = _HEADING[section_type][1 if ja else 0]
            items.append(
                FeedbackItem(
                    feedback_type="weakness" if kind == "required" else "suggestion",
                    category="structure",
                    severity_level=severity,
                    confidence_score=85,
                    agent="structure_agent",
                    rule=f"structure.missing_{section_type}",
                    feedback_text=ctx.say(
                        f"A {kind} section for a {level}-level resume is missing: "
                        f"{section_type}. Add a section headed '{heading}'.",
                        f"{LEVEL_JA[level]}向けの職務経歴書に"
                        f"{'必須' if kind == 'required' else '推奨'}のセクションがありません。"
                        f"「{heading}」を追加してください。",
                    ),
                    suggested_text=_section_slot(section_type, heading),
                )
            )
    evidence = [
        ctx.evidence(f"{s.section_type} section '{s.title or ''}'", s.start, s.end)
        for s in ctx.resume.sections
    ]
    rationale = (
        f"{len(required) - len(missing_req)}/{len(required)} required and "
        f"{len(recommended) - len(missing_rec)}/{len(recommended)} recommended sections "
        f"for {level} level"
    )
    return SubScore(
        name="section_completeness",
        score=clamp(score),
        weight=0.30,
        rationale=rationale,
        evidence=evidence,
    ), items


def _section_slot(section_type: SectionType, heading: str) -> str:
    body = {
        "summary": "[Role] with [N] years in [domain]; known for [top result with a number].",
        "experience": "[Title], [Employer] — [YYYY-MM] to [YYYY-MM]\n• [Action verb] [what] "
        "resulting in [metric]",
        "education": "[Degree], [Institution] — [YYYY]",
        "skills": "[Skill 1], [Skill 2], [Skill 3] (match the job posting's wording)",
        "contact": "[Name] | [email] | [phone] | [city] | [linkedin.com/in/…]",
        "achievements": "• [Award or result] — [metric], [YYYY]",
        "projects": "• [Project]: [what you built] with [tools], [metric]",
        "certifications": "[Certification], [Issuer], [YYYY]",
        "other": "[Languages, volunteer work]",
    }[section_type]
    return f"{heading}\n{body}"


def _order(ctx: ReviewContext, level: ExperienceLevel) -> tuple[SubScore, list[FeedbackItem]]:
    preferred = _ORDER_ENTRY if level == "entry" else _ORDER_EXPERIENCED
    rank = {t: i for i, t in enumerate(preferred)}
    firsts: list[tuple[int, SectionType, int]] = []
    seen: set[SectionType] = set()
    for section in sorted(ctx.resume.sections, key=lambda s: s.order):
        if section.section_type not in seen:
            seen.add(section.section_type)
            firsts.append((section.order, section.section_type, section.start))
    pairs = inversions = 0
    items: list[FeedbackItem] = []
    for i, (_, earlier, _start) in enumerate(firsts):
        for _, later, later_start in firsts[i + 1 :]:
            pairs += 1
            if rank[later] < rank[earlier]:
                inversions += 1
                if later in ("experience", "summary", "contact") or (
                    level == "entry" and later == "education"
                ):
                    items.append(
                        FeedbackItem(
                            feedback_type="suggestion",
                            category="structure",
                            severity_level=2,
                            confidence_score=75,
                            agent="structure_agent",
                            rule="structure.order",
                            section=ctx.section_ref(later_start),
                            feedback_text=f"Move the {later} section above {earlier}: for a "
                            f"{level}-level reader {later} comes first.",
                        )
                    )
    score = 40 if len(firsts) < 3 else 100 * (1 - inversions / pairs)
    return SubScore(
        name="section_order",
        score=clamp(score),
        weight=0.15,
        rationale=f"{inversions} of {pairs} section pairs out of the usual order",
        evidence=[ctx.evidence(f"{t} at position {o}") for o, t, _ in firsts],
    ), items


def _length(
    ctx: ReviewContext,
    library: ProfileLibrary,
    level: ExperienceLevel,
) -> tuple[SubScore, list[FeedbackItem]]:
    doc = ctx.resume.document
    pages = max(1, doc.page_count)
    low, high = library.levels[level].pages
    per_page = ctx.word_count / pages
    items: list[FeedbackItem] = []
    score = 60.0 * min(1.0, ctx.word_count / 150)
    if pages > high:
        score -= 25 * (pages - high)
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="formatting",
                severity_level=3,
                confidence_score=80,
                agent="structure_agent",
                rule="structure.too_long",
                feedback_text=ctx.say(
                    f"{pages} pages is long for a {level}-level resume (aim for {low}–{high}). "
                    "Cut bullets older than 10 years and merge similar ones.",
                    f"{pages}ページは長すぎます（目安{low}〜{high}ページ）。10年以上前の記述を削り、"
                    "似た項目をまとめてください。",
                ),
            )
        )
    score += 40 if 250 <= per_page <= 650 else max(0, 40 - abs(per_page - 450) / 10)
    if per_page > 700:
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="formatting",
                severity_level=3,
                confidence_score=75,
                agent="structure_agent",
                rule="structure.too_dense",
                feedback_text=f"About {per_page:.0f} words per page is dense; keep it under 650 "
                "with whitespace between roles and bullets of one or two lines.",
            )
        )
    elif per_page < 150 and ctx.word_count < 250:
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="content",
                severity_level=3,
                confidence_score=75,
                agent="structure_agent",
                rule="structure.too_sparse",
                feedback_text=ctx.say(
                    f"Only about {ctx.word_count} words: add 3–5 bullets per recent role with "
                    "what you did and the measurable result.",
                    "記述量が少なすぎます。直近の職歴ごとに、取り組みと数値で示せる成果を3〜5項目"
                    "追加してください。",
                ),
            )
        )
    return SubScore(
        name="length_and_density",
        score=clamp(score),
        weight=0.20,
        rationale=f"{pages} page(s), about {per_page:.0f} words per page; expected "
        f"{low}–{high} page(s) and 250–650 words per page",
        evidence=[ctx.evidence(f"{ctx.word_count} words")],
    ), items


def _bullets(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem]]:
    items: list[FeedbackItem] = []
    paragraphs = [line for line in ctx.bullets if len(line.text.split()) > 45]
    total = len(ctx.bullets)
    for line in paragraphs[:3]:
        sentences = [s.strip() for s in line.text.replace("; ", ". ").split(". ") if s.strip()]
        items.append(
            FeedbackItem(
                feedback_type="suggestion",
                category="formatting",
                severity_level=2,
                confidence_score=70,
                agent="structure_agent",
                rule="structure.paragraph",
                section=ctx.section_ref(line.start),
                feedback_text="This is a paragraph; recruiters skim. Split it into bullets, one "
                "result each.",
                original_text=line.text,
                suggested_text="\n".join(f"• {s.rstrip('.')}" for s in sentences),
                position_start=line.start,
                position_end=line.end,
            )
        )
    score = 40 if total == 0 else 100 - 60 * len(paragraphs) / total
    return SubScore(
        name="bullet_layout",
        score=clamp(score),
        weight=0.15,
        rationale=f"{total} bullet lines, {len(paragraphs)} run as paragraphs",
        evidence=[ctx.evidence(p.text[:60], p.start, p.end) for p in paragraphs[:3]],
    ), items


def _hazards(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem]]:
    penalty = 0
    items: list[FeedbackItem] = []
    evidence = []
    for hazard in ctx.resume.document.hazards:
        cost, severity, fix = _HAZARD[hazard.kind]
        penalty += cost
        where = f" (page {hazard.page})" if hazard.page else ""
        evidence.append(ctx.evidence(f"{hazard.kind}{where}: {hazard.detail}"))
        items.append(
            FeedbackItem(
                feedback_type="error" if severity >= 4 else "weakness",
                category="ats",
                severity_level=severity,
                confidence_score=85,
                agent="structure_agent",
                rule=f"ats.{hazard.kind}",
                feedback_text=ctx.say(
                    f"Layout hazard{where}: {hazard.kind.replace('_', ' ')} — "
                    f"{hazard.detail}. Applicant tracking systems often mis-read this.",
                    f"ATSが誤読しやすいレイアウトです{where}：{_HAZARD_JA[hazard.kind]}"
                    f"（{hazard.detail}）。",
                ),
                suggested_text=fix,
            )
        )
    if ctx.word_count < 30:
        penalty += 60
        items.append(
            FeedbackItem(
                feedback_type="error",
                category="ats",
                severity_level=5,
                confidence_score=80,
                agent="structure_agent",
                rule="ats.no_text",
                feedback_text=f"Only {ctx.word_count} readable words: software sees an almost "
                "empty resume. If the file is a scan or an image, export it as text.",
                suggested_text=_HAZARD["scanned_page"][2],
            )
        )
    return SubScore(
        name="layout_hazards",
        score=clamp(100 - penalty),
        weight=0.40,
        rationale=f"{len(ctx.resume.document.hazards)} layout hazard(s)",
        evidence=evidence,
    ), items


def _headings(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem]]:
    items: list[FeedbackItem] = []
    titled = [s for s in ctx.resume.sections if s.section_type != "contact"]
    standard = 0
    for section in titled:
        title = (section.title or "").strip().rstrip(":：").lower()
        if title in _STANDARD_HEADINGS:
            standard += 1
            continue
        heading = _HEADING[section.section_type][1 if ctx.language == "ja" else 0]
        items.append(
            FeedbackItem(
                feedback_type="suggestion",
                category="ats",
                severity_level=2,
                confidence_score=70,
                agent="structure_agent",
                rule="ats.heading",
                section=ctx.ref_of(section),
                feedback_text=(
                    f"The heading '{section.title}' is not one ATS parsers recognise; "
                    f"use '{heading}'."
                    if section.title
                    else f"This {section.section_type} content has no heading; add "
                    f"'{heading}' above it."
                ),
                original_text=section.title,
                suggested_text=heading,
                position_start=section.start if section.title else None,
                position_end=section.start + len(section.title) if section.title else None,
            )
        )
    score = 0 if not titled else 100 * standard / len(titled)
    return SubScore(
        name="standard_headings",
        score=clamp(score),
        weight=0.20,
        rationale=f"{standard} of {len(titled)} headings are standard",
        evidence=[ctx.evidence(s.title or "(no heading)", s.start, s.end) for s in titled],
    ), items


def review_structure(ctx: ReviewContext, library: ProfileLibrary) -> StructureAgentOutput:
    level = ctx.spec.experience_level
    feedback: list[FeedbackItem] = []
    formatting: list[SubScore] = []
    ats: list[SubScore] = []
    for part in (_completeness(ctx, level), _order(ctx, level)):
        formatting.append(part[0])
        feedback.extend(part[1])
    dates, date_items, parse_share = date_consistency(ctx)
    gaps, gap_items = employment_gaps(ctx)
    formatting.append(
        SubScore(
            name="dates",
            score=clamp((dates.score + gaps.score) / 2),
            weight=0.20,
            rationale=f"{dates.rationale}; {gaps.rationale}",
            evidence=dates.evidence + gaps.evidence,
        )
    )
    feedback.extend(date_items + gap_items)
    for part in (_length(ctx, library, level), _bullets(ctx)):
        formatting.append(part[0])
        feedback.extend(part[1])
    for part in (_hazards(ctx), _headings(ctx)):
        ats.append(part[0])
        feedback.extend(part[1])
    contact, contact_items = contact_score(ctx)
    ats.append(contact)
    feedback.extend(contact_items)
    ats.append(
        SubScore(
            name="parseable_dates",
            score=parse_share,
            weight=0.15,
            rationale="share of roles whose start date a parser can read",
        )
    )
    return StructureAgentOutput(
        formatting_score=weighted(formatting),
        ats_score=weighted(ats),
        formatting_sub_scores=formatting,
        ats_sub_scores=ats,
        feedback=feedback,
    )
