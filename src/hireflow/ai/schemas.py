"""Typed inputs and outputs of the resume review engine.

Every field maps onto a column of ``review_results``, ``review_feedback_items`` or
``prompt_usage_history``; the DB layer copies them over and resolves section references
(``SectionRef.order``) to ``resume_sections`` ids.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hireflow.resumes.document import SectionType

ReviewType = Literal["comprehensive", "quick_scan", "ats_check"]
ExperienceLevel = Literal["entry", "mid", "senior", "executive"]
AgentName = Literal["base_agent", "structure_agent", "appeal_agent"]
FeedbackType = Literal["strength", "weakness", "suggestion", "error", "improvement"]
FeedbackCategory = Literal["content", "formatting", "keywords", "grammar", "structure", "ats"]
OutputLanguage = Literal["auto", "en", "ja"]

AGENT_NAMES: tuple[AgentName, ...] = ("base_agent", "structure_agent", "appeal_agent")
_FEEDBACK_COLUMNS = {
    "feedback_type",
    "category",
    "feedback_text",
    "severity_level",
    "original_text",
    "suggested_text",
    "confidence_score",
    "position_start",
    "position_end",
}
_USAGE_COLUMNS = {
    "agent_name",
    "actual_prompt",
    "variables_used",
    "agent_response",
    "tokens_used",
    "processing_time_ms",
}
_RESULT_COLUMNS = {
    "overall_score",
    "ats_score",
    "content_score",
    "formatting_score",
    "executive_summary",
    "detailed_scores",
    "ai_model_used",
    "processing_time_ms",
}

Score = Annotated[int, Field(ge=0, le=100)]
OptionalScore = Annotated[int | None, Field(ge=0, le=100)]


class ReviewSpec(BaseModel):
    """What the requester asked for (the columns of ``review_requests``)."""

    model_config = ConfigDict(frozen=True)

    review_type: ReviewType = "comprehensive"
    target_role: str | None = Field(default=None, max_length=255)
    target_industry: str | None = Field(default=None, max_length=255)
    experience_level: ExperienceLevel = "mid"
    language: OutputLanguage = Field(
        default="auto", description="Language of the summary; auto follows the resume."
    )


class Evidence(BaseModel):
    """What was found and where (character offsets into the document text, end exclusive)."""

    found: str = Field(description="What was found, quoted or summarised.")
    section_order: int | None = Field(default=None, description="1-based section number.")
    section_type: SectionType | None = None
    start: int | None = Field(default=None, description="Character offset in the resume text.")
    end: int | None = Field(default=None, description="End offset (exclusive).")


class SubScore(BaseModel):
    """One explainable part of a score: its value, weight inside its parent, and evidence."""

    name: str = Field(description="snake_case name of the check, e.g. quantified_impact.")
    score: Score
    weight: float = Field(ge=0, le=1, description="Weight inside the agent's score.")
    rationale: str = Field(description="Why this score, citing counts from the resume.")
    evidence: list[Evidence] = Field(default_factory=list)


class SectionRef(BaseModel):
    """A section by its 1-based order in the document; the caller maps it to a DB id."""

    order: int = Field(ge=1)
    section_type: SectionType


class FeedbackItem(BaseModel):
    """One row of ``review_feedback_items``."""

    feedback_type: FeedbackType
    category: FeedbackCategory
    severity_level: int = Field(ge=1, le=5)
    section: SectionRef | None = None
    feedback_text: str = Field(min_length=1, description="What is wrong or strong, and why.")
    original_text: str | None = Field(
        default=None, description="Exact quote from the resume this item is about."
    )
    suggested_text: str | None = Field(
        default=None,
        description="Concrete rewrite of original_text; [metric] marks a missing number.",
    )
    position_start: int | None = Field(default=None, ge=0)
    position_end: int | None = Field(default=None, ge=0)
    confidence_score: Score
    agent: AgentName = "base_agent"
    rule: str = Field(default="model", description="Which check produced the item.")

    def columns(self) -> dict[str, Any]:
        """``review_feedback_items`` values; the caller maps ``section`` to resume_section_id."""
        return self.model_dump(mode="json", include=_FEEDBACK_COLUMNS)


class BaseAgentOutput(BaseModel):
    """Content quality: bullets, weak phrases, summary, repetition."""

    content_score: Score
    sub_scores: list[SubScore]
    feedback: list[FeedbackItem] = Field(default_factory=list)


class StructureAgentOutput(BaseModel):
    """Structure, formatting and applicant-tracking-system readiness."""

    formatting_score: Score
    ats_score: Score
    formatting_sub_scores: list[SubScore]
    ats_sub_scores: list[SubScore]
    feedback: list[FeedbackItem] = Field(default_factory=list)


class SkillMatch(BaseModel):
    skill: str
    evidence: list[Evidence] = Field(default_factory=list)


class AppealAgentOutput(BaseModel):
    """Competitiveness for the target role and industry."""

    appeal_score: Score
    industry: str
    matched_skills: list[SkillMatch] = Field(default_factory=list)
    missing_skills: list[str] = Field(default_factory=list)
    sub_scores: list[SubScore]
    feedback: list[FeedbackItem] = Field(default_factory=list)


class AgentUsage(BaseModel):
    """One row of ``prompt_usage_history`` (the caller adds prompt and request ids)."""

    agent_name: AgentName
    model: str
    prompt_name: str | None = None
    prompt_version: int | None = None
    actual_prompt: str
    variables_used: dict[str, Any] = Field(default_factory=dict)
    agent_response: dict[str, Any] = Field(default_factory=dict)
    input_tokens: int | None = None
    output_tokens: int | None = None
    tokens_used: int | None = None
    processing_time_ms: int = Field(ge=0)

    def columns(self) -> dict[str, Any]:
        """``prompt_usage_history`` values; the caller adds prompt_id and review_request_id."""
        return self.model_dump(mode="json", include=_USAGE_COLUMNS)


class ReviewOutcome(BaseModel):
    """One row of ``review_results`` plus its feedback items and usage records.

    Scores an agent did not compute for the review type stay ``None`` (never 0).
    """

    review_type: ReviewType
    overall_score: Score
    ats_score: OptionalScore = None
    content_score: OptionalScore = None
    formatting_score: OptionalScore = None
    executive_summary: str
    detailed_scores: dict[str, Any]
    feedback: list[FeedbackItem]
    ai_model_used: str = Field(max_length=100)
    processing_time_ms: int = Field(ge=0)
    agent_usage: list[AgentUsage] = Field(default_factory=list)
    fallback_reason: str | None = None
    validation_notes: list[str] = Field(
        default_factory=list, description="Model output that was dropped or clamped, and why."
    )
    injection_detected: bool = False
    agent_timings_ms: dict[str, float] = Field(default_factory=dict)

    def result_columns(self) -> dict[str, Any]:
        """``review_results`` values; the caller adds review_request_id."""
        return self.model_dump(mode="json", include=_RESULT_COLUMNS)

    def processing_notes(self) -> str | None:
        """Text for ``review_requests.processing_notes``: fallback and validation notes."""
        lines = (
            [f"fallback to offline engine: {self.fallback_reason}"] if self.fallback_reason else []
        ) + self.validation_notes
        return "\n".join(lines) or None


class ScoreDelta(BaseModel):
    name: str
    old: int | None
    new: int | None
    delta: int | None


class ReviewComparison(BaseModel):
    """How a newer review of a resume differs from an older one."""

    score_deltas: list[ScoreDelta]
    resolved: list[FeedbackItem]
    new: list[FeedbackItem]
    persisting: list[FeedbackItem]
