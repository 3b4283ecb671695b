"""Prompt-injection guards: resume text is untrusted data, never instructions.

``scan_resume`` finds instruction-like text in the visible resume and reports hidden text
from the extractor. Every finding becomes a severity-5 ``error`` feedback item, and the
offline engine analyses ``GuardReport.masked_text`` (each injected sentence blanked out) so
injected words cannot add keywords, numbers or skills: a finding can only lower scores.
``neutralise`` makes text safe to place inside a ``<resume>…</resume>`` data block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hireflow.ai.schemas import FeedbackItem, SectionRef
from hireflow.resumes.document import ParsedResume

FindingKind = Literal[
    "instruction", "score_manipulation", "role_play", "fake_delimiter", "hidden_text"
]

_I = re.IGNORECASE | re.MULTILINE
_PATTERNS: tuple[tuple[FindingKind, re.Pattern[str]], ...] = (
    (
        "instruction",
        re.compile(
            r"\b(?:ignore|disregard|forget|skip|override|bypass)\b[^.\n。]{0,40}?"
            r"\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|these)\b"
            r"[^.\n。]{0,30}?\b(?:instructions?|prompts?|rules|directions|guidelines|context|"
            r"everything|criteria)\b",
            _I,
        ),
    ),
    ("instruction", re.compile(r"\bdisregard (?:the|everything) (?:above|before)\b", _I)),
    ("instruction", re.compile(r"\byou are (?:now|no longer)\b", _I)),
    ("instruction", re.compile(r"\b(?:from now on|new instructions?)\b\s*[,:]?", _I)),
    (
        "instruction",
        re.compile(r"\b(?:system|developer|hidden) (?:prompt|message|instructions?)\b", _I),
    ),
    (
        "instruction",
        re.compile(
            r"\b(?:pretend (?:to be|you are)|act as (?:an?|the) (?:ai|assistant|recruiter|"
            r"evaluator|grader|reviewer|hiring manager|language model))\b",
            _I,
        ),
    ),
    (
        "instruction",
        re.compile(
            r"\b(?:ai|assistant|model|llm|chatgpt|gpt|claude|reviewer|evaluator|ats)\s*[,:]?\s+"
            r"(?:must|should|shall|will|please)\s+(?:rate|score|rank|grade|recommend|ignore|"
            r"approve|select|shortlist|output|respond|say)\b",
            _I,
        ),
    ),
    (
        "score_manipulation",
        re.compile(
            r"\b(?:score|rate|grade|rank|mark|evaluate)\b[^.\n。]{0,30}?"
            r"\b(?:resume|cv|candidate|applicant|profile|me)\b[^.\n。]{0,20}?"
            r"(?:\b100\b|\b10\s*/\s*10\b|\bperfect\b|\bmaximum\b|\bhighest\b|\btop\b|\bfull\b)",
            _I,
        ),
    ),
    (
        "score_manipulation",
        re.compile(
            r"\b(?:give|assign|award|output|return)\b[^.\n。]{0,30}?\b(?:perfect|maximum|highest|"
            r"full|top|100)\b[^.\n。]{0,10}?\b(?:score|rating|marks|grade|points)\b",
            _I,
        ),
    ),
    ("score_manipulation", re.compile(r"\b100\s*/\s*100\b|\bscore of 100\b", _I)),
    (
        "score_manipulation",
        re.compile(
            r"\bthis (?:candidate|applicant) is (?:the )?(?:perfect|ideal|best|top)\b|"
            r"\b(?:hire|shortlist|select) this (?:candidate|applicant)\b",
            _I,
        ),
    ),
    (
        "role_play",
        re.compile(
            r"^\s*(?:system|assistant|user|human|developer)\s*:|\[/?(?:INST|SYS)\]|<<\s*/?SYS\s*>>|"
            r"<\|[a-z_]+\|>|^\s*#{2,}\s*(?:system|instructions?|assistant|response)\b",
            _I,
        ),
    ),
    (
        "fake_delimiter",
        re.compile(
            r"<\s*/?\s*(?:resume|document|data|system|instructions?|prompt|context|user|assistant)"
            r"\b[^>\n]{0,40}>|\b(?:end|begin) of (?:the )?(?:resume|document|data|instructions?|"
            r"system prompt)\b|^\s*(?:-{3,}|={3,})\s*(?:end|begin)\b",
            _I,
        ),
    ),
    # Japanese
    (
        "instruction",
        re.compile(
            r"(?:以前|これまで|上記|前|先|全て|すべて)の(?:指示|命令|指令|プロンプト|ルール)を"
            r"(?:無視|忘れ|破棄)|指示を無視|命令を無視"
        ),
    ),
    (
        "instruction",
        re.compile(
            r"システムプロンプト|あなたは(?:今|これ)から|今からあなたは|"
            r"(?:として|のように)振る舞|になりきっ|新しい指示"
        ),
    ),
    (
        "score_manipulation",
        re.compile(
            r"満点(?:を|に|と)\s*(?:付|つ|与|し|評価)|(?:スコア|点数|評価|点)を\s*(?:満点|最高|100|１００)|"
            r"(?:100|１００)\s*点(?:を|に)\s*(?:付|つ|与)|最高(?:評価|点|スコア)を\s*(?:付|つ|与)|"
            r"(?:この|当)(?:候補者|応募者)を(?:採用|合格|推薦|選考通過)"
        ),
    ),
)
_SENTENCE_END = ".!?。！？\n"
SectionRefLookup = Callable[[int | None], SectionRef | None]
_TAG_CHARS = str.maketrans({"<": "‹", ">": "›"})


@dataclass(frozen=True, slots=True)
class InjectionFinding:
    kind: FindingKind
    matched: str
    sentence: str  # the blanked-out sentence (visible) or the hidden text itself
    start: int | None  # offsets of ``sentence`` in the document text; None for hidden text
    end: int | None
    hidden_kind: str | None = None


@dataclass(frozen=True, slots=True)
class GuardReport:
    findings: tuple[InjectionFinding, ...]
    masked_text: str

    @property
    def injection_detected(self) -> bool:
        return bool(self.findings)


def find_instructions(text: str) -> list[tuple[FindingKind, int, int]]:
    """Instruction-like spans in ``text`` as (kind, start, end), in text order."""
    spans: list[tuple[FindingKind, int, int]] = []
    for kind, pattern in _PATTERNS:
        spans.extend(
            (kind, m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()
        )
    spans.sort(key=lambda span: (span[1], span[2]))
    return spans


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and text[left - 1] not in _SENTENCE_END:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _SENTENCE_END:
        right += 1
    if right < len(text) and text[right] != "\n":
        right += 1
    while left < right and text[left].isspace():
        left += 1
    return left, right


def scan_resume(resume: ParsedResume) -> GuardReport:
    """Find injected instructions and hidden text; blank each injected sentence out."""
    text = resume.document.text
    findings: list[InjectionFinding] = []
    masked = list(text)
    covered_until = -1
    for kind, start, end in find_instructions(text):
        left, right = _sentence_bounds(text, start, end)
        if left < covered_until:  # same sentence already reported
            continue
        covered_until = right
        findings.append(InjectionFinding(kind, text[start:end], text[left:right], left, right))
        for index in range(left, right):
            if masked[index] != "\n":
                masked[index] = " "
    for hidden in resume.document.hidden_text:
        if not hidden.text.strip():
            continue
        instructions = find_instructions(hidden.text)
        matched = hidden.text[instructions[0][1] : instructions[0][2]] if instructions else ""
        findings.append(
            InjectionFinding(
                "hidden_text", matched, hidden.text.strip(), None, None, hidden_kind=hidden.kind
            )
        )
    for entry in resume.document.metadata:
        instructions = find_instructions(entry)
        if instructions:  # a title or keywords are normal; instructions in them are not
            _, start, end = instructions[0]
            findings.append(
                InjectionFinding(
                    "hidden_text", entry[start:end], entry[:300], None, None, hidden_kind="metadata"
                )
            )
    return GuardReport(tuple(findings), "".join(masked))


def _has_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def neutralise(text: str) -> str:
    """Make untrusted text unable to open or close a tag-delimited block in a prompt."""
    return text.translate(_TAG_CHARS)


_HIDDEN_LABEL = {
    "white_text": "white-on-white text",
    "tiny_text": "microscopic text",
    "off_page": "text placed off the page",
    "under_image": "text hidden under an image",
    "invisible_render": "invisible text",
    "zero_width": "invisible Unicode tag characters",
    "metadata": "instructions in the file's metadata (title, subject, keywords)",
}
_KIND_LABEL: dict[FindingKind, str] = {
    "instruction": "instructions addressed to an AI reviewer",
    "score_manipulation": "an attempt to dictate the score or the hiring decision",
    "role_play": "chat role markers that try to impersonate the system",
    "fake_delimiter": "markers that try to close the resume data block",
    "hidden_text": "hidden text",
}


def guard_feedback(report: GuardReport, section_ref_at: SectionRefLookup) -> list[FeedbackItem]:
    """One severity-5 ``error`` item per finding."""
    items: list[FeedbackItem] = []
    for finding in report.findings:
        excerpt = finding.sentence[:300]
        if finding.kind == "hidden_text":
            label = _HIDDEN_LABEL.get(finding.hidden_kind or "", "hidden text")
            extra = (
                " It contains instructions addressed to an AI reviewer." if finding.matched else ""
            )
            items.append(
                FeedbackItem(
                    feedback_type="error",
                    category="ats",
                    severity_level=5,
                    confidence_score=95,
                    agent="structure_agent",
                    rule="guard.hidden_text",
                    feedback_text=(
                        f"The file contains {label} that a reader cannot see but software can."
                        f"{extra} Hidden text is treated as keyword stuffing or manipulation by "
                        "applicant tracking systems and was ignored in every score. Remove it."
                        + (
                            "（人には見えない隠しテキストが含まれています。評価から除外しました。"
                            "削除してください。）"
                            if _has_japanese(finding.sentence)
                            else ""
                        )
                    ),
                    original_text=excerpt,
                    suggested_text="",
                )
            )
            continue
        items.append(
            FeedbackItem(
                feedback_type="error",
                category="content",
                severity_level=5,
                confidence_score=90,
                agent="base_agent",
                rule=f"guard.{finding.kind}",
                section=section_ref_at(finding.start),
                feedback_text=(
                    f'This text contains {_KIND_LABEL[finding.kind]} ("{finding.matched[:80]}"). '
                    "It was excluded from the analysis and cannot raise any score. Remove it."
                    + (
                        "（AI評価者への指示と見なされる記述です。分析から除外しました。削除して"
                        "ください。）"
                        if _has_japanese(finding.sentence)
                        else ""
                    )
                ),
                original_text=excerpt,
                suggested_text="",
                position_start=finding.start,
                position_end=finding.end,
            )
        )
    return items
